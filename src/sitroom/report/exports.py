"""The brief's data exports, for pandas, QGIS or a spreadsheet.

* ``facts.jsonl``: one :meth:`ArticleFacts.to_dict` per article (the SCHEMA's field
  names, every fact with its offsets and sentence);
* ``figures.csv``: one row per figure, with the series it belongs to, its claimant and
  date, and its citation (article, start, end, sentence);
* ``events.csv``: one row per event, dated, typed and cited;
* ``places.geojson``: a FeatureCollection of Point features ([lon, lat], WGS 84) with
  the place's name, kind, country, mentions, event types and first citation; places
  without coordinates are left out.

CSV files are UTF-8 with a header row; dates are ISO 8601; an empty cell means unknown.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitroom.records import (
    Article,
    ArticleFacts,
    Citation,
    Figure,
    FigureSeries,
    SeriesPoint,
    Situation,
)

FIGURE_COLUMNS = [
    "series",
    "category",
    "detail",
    "who",
    "value",
    "value_max",
    "value_text",
    "qualifier",
    "currency",
    "unit",
    "claimant",
    "claimant_side",
    "date",
    "date_source",
    "headline",
    "contested",
    "article",
    "article_id",
    "outlet",
    "published",
    "start",
    "end",
    "sentence",
]

EVENT_COLUMNS = [
    "date",
    "date_end",
    "date_source",
    "type",
    "trigger",
    "actor",
    "target",
    "place",
    "lat",
    "lon",
    "article",
    "article_id",
    "outlet",
    "published",
    "start",
    "end",
    "sentence",
    "extractor",
    "confidence",
]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _write_csv(path: Path, columns: list[str], rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
            count += 1
    return count


def _ordered_facts(situation: Situation) -> list[ArticleFacts]:
    order = [a.name for a in situation.articles if a.name in situation.facts]
    rest = sorted(set(situation.facts) - set(order))
    return [situation.facts[n] for n in [*order, *rest]]


def write_facts_jsonl(situation: Situation, path: Path) -> int:
    """One line per article that has facts, in the articles' order."""
    facts = _ordered_facts(situation)
    with path.open("w", encoding="utf-8") as fh:
        for f in facts:
            fh.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
    return len(facts)


def _citation_cells(c: Citation) -> dict[str, Any]:
    return {
        "article": c.article,
        "article_id": c.article_id,
        "outlet": c.outlet,
        "published": c.published,
        "start": c.start,
        "end": c.end,
        "sentence": c.sentence,
    }


def _article_cells(article: Article | None, name: str) -> dict[str, Any]:
    return {
        "article": name,
        "article_id": article.id if article else None,
        "outlet": article.outlet if article else None,
        "published": article.published if article else None,
    }


def figure_rows(situation: Situation) -> Iterator[dict[str, Any]]:
    """Every figure of every article, with its series when reconciliation put it in one;
    then the series' points whose figure is not among the facts."""
    # A point cites the figure's span or the sentence around it: match it to the figure
    # of the same article and value whose span lies inside the citation.
    points: dict[str, list[tuple[FigureSeries, SeriesPoint]]] = {}
    for s in situation.series:
        for p in s.points:
            points.setdefault(p.citation.article, []).append((s, p))
    articles = {a.name: a for a in situation.articles}
    matched: set[int] = set()
    for facts in _ordered_facts(situation):
        article = articles.get(facts.article)
        for f in facts.figures:
            found = _point_of(f, points.get(f.article, []), matched)
            yield _figure_row(f, article, facts, found)
    for candidates in points.values():
        for s, p in candidates:
            if id(p) not in matched:
                yield _point_row(s, p)


def _point_of(
    f: Figure, candidates: list[tuple[FigureSeries, SeriesPoint]], matched: set[int]
) -> tuple[FigureSeries, SeriesPoint] | None:
    """The series point made from figure ``f`` (exact span first), marked as matched."""
    best: tuple[FigureSeries, SeriesPoint] | None = None
    for s, p in candidates:
        c = p.citation
        if id(p) in matched or not (c.start <= f.start and f.end <= c.end):
            continue
        if (c.start, c.end) == (f.start, f.end):
            best = (s, p)
            break
        if best is None and p.value == f.value:
            best = (s, p)
    if best is not None:
        matched.add(id(best[1]))
    return best


def _figure_row(
    f: Figure,
    article: Article | None,
    facts: ArticleFacts,
    found: tuple[FigureSeries, SeriesPoint] | None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "category": f.category,
        "detail": f.detail,
        "who": f.who,
        "value": f.value,
        "value_max": f.value_max,
        "value_text": f.value_text,
        "qualifier": str(f.qualifier),
        "currency": f.currency,
        "unit": f.unit,
        "claimant": f.claimant,
        "date": facts.published.date,
        "date_source": "published" if facts.published.date else "none",
        "start": f.start,
        "end": f.end,
        "sentence": f.sentence,
        **_article_cells(article, f.article),
    }
    if found:
        s, p = found
        row.update(
            series=s.name,
            claimant_side=p.claimant_side,
            date=p.date,
            date_source=p.date_source,
            headline=p is s.headline,
            contested=s.contested,
        )
    return row


def _point_row(s: FigureSeries, p: SeriesPoint) -> dict[str, Any]:
    category, detail, who = s.key
    return {
        "series": s.name,
        "category": category,
        "detail": detail,
        "who": who,
        "value": p.value,
        "value_max": p.value_max,
        "value_text": p.value_text,
        "qualifier": str(p.qualifier),
        "currency": p.currency,
        "unit": p.unit,
        "claimant": p.claimant,
        "claimant_side": p.claimant_side,
        "date": p.date,
        "date_source": p.date_source,
        "headline": p is s.headline,
        "contested": s.contested,
        **_citation_cells(p.citation),
    }


def write_figures_csv(situation: Situation, path: Path) -> int:
    return _write_csv(path, FIGURE_COLUMNS, figure_rows(situation))


def event_rows(situation: Situation) -> Iterator[dict[str, Any]]:
    articles = {a.name: a for a in situation.articles}
    events = sorted(
        situation.events, key=lambda e: (e.date is None, e.date or dt.date.min, e.article, e.start)
    )
    for e in events:
        yield {
            "date": e.date,
            "date_end": e.date_end,
            "date_source": e.date_source if e.date else "none",
            "type": e.type,
            "trigger": e.trigger,
            "actor": e.actor,
            "target": e.target,
            "place": e.place,
            "lat": e.lat,
            "lon": e.lon,
            **_article_cells(articles.get(e.article), e.article),
            "start": e.start,
            "end": e.end,
            "sentence": e.sentence,
            "extractor": e.extractor,
            "confidence": round(e.confidence, 3),
        }


def write_events_csv(situation: Situation, path: Path) -> int:
    return _write_csv(path, EVENT_COLUMNS, event_rows(situation))


def places_geojson(situation: Situation) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (RFC 7946) of the located places, most mentioned first."""
    features = []
    for p in sorted(situation.places, key=lambda p: (-p.mentions, p.name)):
        if p.lat is None or p.lon is None:
            continue
        first = p.citations[0].to_dict() if p.citations else None
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
                "properties": {
                    "name": p.name,
                    "kind": str(p.kind),
                    "country": p.country,
                    "mentions": p.mentions,
                    "event_types": list(p.event_types),
                    "citations": len(p.citations),
                    "first_citation": first,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_places_geojson(situation: Situation, path: Path) -> int:
    data = places_geojson(situation)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(data["features"])


__all__ = [
    "EVENT_COLUMNS",
    "FIGURE_COLUMNS",
    "event_rows",
    "figure_rows",
    "places_geojson",
    "write_events_csv",
    "write_facts_jsonl",
    "write_figures_csv",
    "write_places_geojson",
]
