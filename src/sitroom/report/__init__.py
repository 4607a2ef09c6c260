"""Reporting: the situation brief and its exports.

``write_brief(situation, out_dir)`` writes, from one :class:`~sitroom.records.Situation`:

* ``brief.html``: one self-contained page (inline CSS, JS and SVG, nothing fetched)
  with the period and sources, the key figure series with their spread and claimants,
  a timeline of events, a map of Ukraine and its neighbours, who said what by side,
  the contested claims, the story clusters, the framing per outlet when it was run, and
  an article view in which every cited sentence is highlighted (:mod:`.html`);
* ``brief.md``: the same content as Markdown, citations as footnotes (:mod:`.markdown`);
* ``facts.jsonl``, ``figures.csv``, ``events.csv`` and ``places.geojson`` for pandas,
  QGIS or a spreadsheet (:mod:`.exports`).

:mod:`.view` lays the content out once for both formats; :mod:`.geo` draws the map.
A corpus with nothing to show gives a brief that says what is missing, not an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitroom.records import Situation
from sitroom.report.exports import (
    write_events_csv,
    write_facts_jsonl,
    write_figures_csv,
    write_places_geojson,
)
from sitroom.report.html import render_html
from sitroom.report.markdown import render_markdown
from sitroom.report.view import build_view


@dataclass(frozen=True)
class BriefFiles:
    """The files one brief wrote."""

    html: Path
    markdown: Path
    facts: Path
    figures: Path
    events: Path
    places: Path

    def all(self) -> list[Path]:
        return [self.html, self.markdown, self.facts, self.figures, self.events, self.places]


def write_brief(situation: Situation, out_dir: Path) -> BriefFiles:
    """Write the brief and its exports into ``out_dir`` (created when missing)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    view = build_view(situation)
    files = BriefFiles(
        html=out_dir / "brief.html",
        markdown=out_dir / "brief.md",
        facts=out_dir / "facts.jsonl",
        figures=out_dir / "figures.csv",
        events=out_dir / "events.csv",
        places=out_dir / "places.geojson",
    )
    files.html.write_text(render_html(view), encoding="utf-8")
    files.markdown.write_text(render_markdown(view), encoding="utf-8")
    write_facts_jsonl(situation, files.facts)
    write_figures_csv(situation, files.figures)
    write_events_csv(situation, files.events)
    write_places_geojson(situation, files.places)
    return files


__all__ = ["BriefFiles", "build_view", "render_html", "render_markdown", "write_brief"]
