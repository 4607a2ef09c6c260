"""The brief's content, laid out once and shared by the HTML and Markdown writers.

:func:`build_view` turns a :class:`~sitroom.records.Situation` into plain records:
the overview, the figure series, the timeline, the map, who said what, the contested
claims, the story clusters, the framing per outlet and the article index. Every
statement carries a :class:`Cite`: a numbered reference to a span of an article's
cleaned body and the sentence around it, numbered in reading order so that the HTML's
links and the Markdown's footnotes agree.

Nothing here escapes text: the writers do, each for its own format.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sitroom.outlets import OWN_VOICE_SUFFIX, UNKNOWN_OUTLET, canonical_outlet, infer_outlet
from sitroom.records import (
    Article,
    Attribution,
    Citation,
    Event,
    Fact,
    FigureSeries,
    PlaceSummary,
    SeriesPoint,
    Situation,
)
from sitroom.report import geo

# How much the brief shows before pointing at the exports (keeps brief.html small on big
# corpora; everything is in facts.jsonl, figures.csv, events.csv and places.geojson).
BODY_BUDGET = 3_000_000  # characters of article bodies embedded for the article view
EXCERPT_CONTEXT = 1  # paragraphs kept either side of a cited one when bodies are cut
GAP = "[…]"  # stands for left-out paragraphs in an excerpt
MAX_EVENTS_LISTED = 400
MAX_SPEAKERS_PER_SIDE = 6
MAX_STATEMENTS_PER_SPEAKER = 3
MAX_PLACES_LISTED = 40
MAX_CLAIMANTS_SHOWN = 8  # named claimants a series row lists; the values below list them all
WINDOW_MARGIN_DAYS = 31  # the timeline's axis reaches at least this far beyond its core
CORE_SHARE = 0.8  # share of the events whose shortest stretch makes the timeline's core
SNIPPET = 240  # characters of an event's sentence shown beside it

# What an empty section says (shared by both formats).
EMPTY = {
    "articles": "No articles were given.",
    "figures": "No figures were found in these articles.",
    "timeline": "No events were found in these articles.",
    "undated": "No event could be dated.",
    "map": "No places with coordinates were found in these articles.",
    "statements": "No attributed statements were found in these articles.",
    "contested": "No contested claims were found: no two sides were seen to disagree about the same subject.",
    "clusters": "No story was reported by more than one article.",
    "framing": "No framing analysis was run on these articles.",
}

SIDE_ORDER = ["Ukraine", "Russia", "West", "international", "other"]
SIDE_LABELS = {
    "Ukraine": "Ukraine",
    "Russia": "Russia",
    "West": "The West",
    "international": "International bodies",
    "other": "Other",
    None: "Side not known",
}
CURRENCY_SIGNS = {"USD": "$", "GBP": "£", "EUR": "€"}
OWN_VOICE = "the article's own voice"


# --------------------------------------------------------------------------- event types


@dataclass(frozen=True)
class EventStyle:
    key: str
    label: str
    colour: str


@functools.cache
def _event_table() -> dict[str, Any]:
    path = resources.files("sitroom.report").joinpath("assets/event_types.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def event_types() -> list[EventStyle]:
    """The known event types in legend order."""
    return [EventStyle(t["type"], t["label"], t["colour"]) for t in _event_table()["types"]]


@functools.cache
def event_style(type_: str | None) -> EventStyle:
    """Label and colour of an event type (see ``assets/event_types.json``)."""
    table = _event_table()
    if not type_:
        return EventStyle("", table["none"]["label"], table["none"]["colour"])
    norm = type_.lower().replace("-", "_").replace(" ", "_")
    best: tuple[int, dict[str, Any]] | None = None
    for entry in table["types"]:
        if entry["type"] == norm:
            return EventStyle(type_, entry["label"], entry["colour"])
        for word in entry["match"]:
            if word in norm and (best is None or len(word) > best[0]):
                best = (len(word), entry)
    if best:
        return EventStyle(type_, best[1]["label"], best[1]["colour"])
    label = type_.replace("_", " ").strip().capitalize()
    return EventStyle(type_, label, table["other"]["colour"])


# --------------------------------------------------------------------------- citations


@dataclass(frozen=True)
class Cite:
    """A numbered reference to a span of an article and the sentence around it."""

    id: str  # "c3": the anchor the HTML links to
    number: int
    citation: Citation
    title: str  # the article's title ("" when the article is not in the situation)
    sentence_start: int  # the sentence's offsets in the body, -1 when the body is unknown
    sentence_end: int

    @property
    def label(self) -> str:
        """ "outlet, date"; the article's (shortened) title when the outlet is not known."""
        c = self.citation
        parts = [known_outlet(c.outlet) or short_title(self.title) or c.article]
        if c.published:
            parts.append(c.published.isoformat())
        return ", ".join(parts)


def known_outlet(outlet: str | None) -> str | None:
    """The outlet, or None when reconciliation could not tell it (:data:`UNKNOWN_OUTLET`)."""
    if not outlet or outlet == UNKNOWN_OUTLET:
        return None
    return outlet


def outlet_of(article: Article) -> str | None:
    """The article's outlet: from its metadata, else as reconciliation reads it from the
    text (a masthead, a byline, a copyright line, a web address); a known outlet by its
    usual name."""
    if article.outlet:
        return canonical_outlet(article.outlet)
    return known_outlet(infer_outlet(article))


QUOTE_MARKS = "\"“”‘’'«»„"


def quoted(text: str) -> str:
    """``text`` in curly quotes, without doubling the quotes it already opens with, and
    the double quotes inside it turned single."""
    t = " ".join(text.split())
    if t[:1] in QUOTE_MARKS:
        t = t[1:]
        if t[-1:] in QUOTE_MARKS:
            t = t[:-1]
    # quotes inside a quotation become single ones
    t = t.replace("“", "‘").replace("”", "’")
    return f"“{t.strip()}”"


def short_title(title: str, most: int = 48) -> str:
    """A title cut at a word boundary to at most ``most`` characters, quoted."""
    title = " ".join(title.split())
    if not title:
        return ""
    if len(title) > most:
        title = title[: most - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{title}”"


def locate_sentence(body: str, citation: Citation) -> tuple[int, int]:
    """The offsets of the citation's sentence in ``body``: the occurrence that holds the
    cited span, else the nearest one, else the span itself."""
    start = max(0, min(citation.start, len(body)))
    end = max(start, min(citation.end, len(body)))
    sentence = citation.sentence.strip()
    if sentence:
        best: tuple[int, int] | None = None
        i = body.find(sentence)
        while i != -1:
            j = i + len(sentence)
            if i <= start and end <= j:
                return i, j
            if best is None or abs(i - start) < abs(best[0] - start):
                best = (i, j)
            i = body.find(sentence, i + 1)
        if best:
            return best
    return start, end


class Citations:
    """Numbers citations in the order the brief first shows them (one number per span)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.articles = {a.name: a for a in articles}
        self._by_key: dict[tuple[str, int, int], Cite] = {}

    def add(self, citation: Citation) -> Cite:
        key = (citation.article, citation.start, citation.end)
        if key in self._by_key:
            return self._by_key[key]
        article = self.articles.get(citation.article)
        if article is not None:
            s, e = locate_sentence(article.body, citation)
            title = article.title
        else:
            s, e, title = -1, -1, ""
        number = len(self._by_key) + 1
        cite = Cite(f"c{number}", number, citation, title, s, e)
        self._by_key[key] = cite
        return cite

    def fact(self, fact: Fact) -> Cite:
        return self.add(citation_of(fact, self.articles.get(fact.article)))

    def all(self) -> list[Cite]:
        return sorted(self._by_key.values(), key=lambda c: c.number)


def citation_of(fact: Fact, article: Article | None) -> Citation:
    return Citation(
        article=fact.article,
        article_id=article.id if article else "",
        start=fact.start,
        end=fact.end,
        sentence=fact.sentence,
        outlet=article.outlet if article else None,
        published=article.published if article else None,
    )


# --------------------------------------------------------------------------- formatting


def format_number(value: float) -> str:
    """7000 -> "7,000"; 3500000 -> "3.5 million"; 0.25 -> "0.25"."""
    if value is None or math.isnan(value):
        return ""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:,.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_amount(
    value: float,
    currency: str | None = None,
    unit: str | None = None,
    value_max: float | None = None,
) -> str:
    text = format_number(value)
    if value_max is not None and value_max != value:
        text = f"{text}–{format_number(value_max)}"
    if currency:
        sign = CURRENCY_SIGNS.get(currency.upper())
        text = f"{sign}{text}" if sign else f"{currency.upper()} {text}"
    if unit:
        text = f"{text} {unit}"
    return text


def format_date(day: dt.date | None) -> str:
    return f"{day.day} {day.strftime('%B %Y')}" if day else ""


def format_interval(first: dt.date, last: dt.date | None) -> str:
    """A date expression's interval as people write it: a day, "March 2022", "2014", or
    first to last day."""
    if last is None or last == first:
        return format_date(first)
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1:
        if (first.month, last.month, first.year) == (1, 12, last.year):
            return str(first.year)
        if (first.year, first.month) == (last.year, last.month):
            return first.strftime("%B %Y")
    return format_period((first, last))


def _published(situation: Situation, article: Article) -> dt.date | None:
    facts = situation.facts.get(article.name)
    return (facts.published.date if facts else None) or article.published


def format_period(period: tuple[dt.date, dt.date] | None) -> str:
    if not period:
        return ""
    start, end = period
    if start == end:
        return format_date(start)
    return f"{format_date(start)} – {format_date(end)}"


def side_label(side: str | None) -> str:
    return SIDE_LABELS.get(side, side or SIDE_LABELS[None])


# --------------------------------------------------------------------------- sections


@dataclass(frozen=True)
class ArticleRef:
    name: str
    title: str
    outlet: str | None
    published: str  # ISO date or ""
    duplicate_of: str | None = None
    facts: int = 0


@dataclass(frozen=True)
class Overview:
    period: str  # "" when no article gives a date
    articles: int
    originals: int
    duplicates: int
    sources: list[tuple[str, int]]
    counts: dict[str, int]  # figures, statements, places, events, dates
    missing: list[str]


@dataclass(frozen=True)
class PointRow:
    amount: str  # normalised value, "7,000"
    value_text: str  # as written, "more than 7,000"
    value: float
    claimant: str
    side: str | None
    date: str
    date_source: str
    headline: bool
    cite: Cite
    position: float  # 0..1 along the series' value axis (log scale when it spans >10x)


@dataclass(frozen=True)
class SeriesRow:
    name: str
    category: str
    detail: str | None
    who: str | None
    headline: PointRow
    low: str
    high: str
    spread: float
    contested: bool
    note: str
    claimants: tuple[str, ...]
    points: list[PointRow]
    sides: tuple[str, ...]
    claimants_shown: tuple[str, ...] = ()  # what the tables print: :func:`claimants_shown`


@dataclass(frozen=True)
class EventRow:
    date: str  # ISO, "" when undated
    date_label: str
    date_source: str
    style: EventStyle
    trigger: str
    actor: str | None
    target: str | None
    place: str | None
    sentence: str  # the sentence, cut to SNIPPET characters
    cite: Cite


@dataclass(frozen=True)
class TimelineDot:
    x: float
    y: float
    r: float
    colour: str
    tooltip: str
    cite: str


@dataclass(frozen=True)
class TimelineChart:
    width: float
    height: float
    left: float  # x where the plot starts (lane labels to its left)
    lanes: list[tuple[str, float, str]]  # (label, y, colour)
    ticks: list[tuple[float, str]]  # (x, label)
    dots: list[TimelineDot]
    unit: str = "day"  # what one column gathers: "day", "week" or "month"


@dataclass(frozen=True)
class Timeline:
    rows: list[EventRow]  # listed in the brief, by date
    total: int
    dated: int
    chart: TimelineChart | None


@dataclass(frozen=True)
class PlaceRow:
    name: str
    kind: str
    country: str | None
    mentions: int
    event_types: list[EventStyle]
    located: bool
    cite: Cite | None


@dataclass(frozen=True)
class Statement:
    cue: str
    content: str
    direct: bool
    cite: Cite


@dataclass(frozen=True)
class SpeakerGroup:
    name: str
    total: int
    statements: list[Statement]

    @property
    def more(self) -> int:
        return self.total - len(self.statements)


@dataclass(frozen=True)
class SideGroup:
    side: str | None
    label: str
    total: int
    speakers: list[SpeakerGroup]
    more_speakers: int


@dataclass(frozen=True)
class ClaimView:
    speaker: str
    side: str | None
    content: str
    cite: Cite


@dataclass(frozen=True)
class ContestedRow:
    subject: str
    first: ClaimView
    second: ClaimView
    reason: str


@dataclass(frozen=True)
class ClusterRow:
    title: str
    articles: list[ArticleRef]
    period: str
    places: tuple[str, ...]
    event_types: list[EventStyle]
    reason: str


@dataclass(frozen=True)
class FramingRow:
    outlet: str
    articles: int
    narratives: list[tuple[str, int]]
    techniques: list[tuple[str, int]]
    overstatement: float  # mean headline overstatement score
    most_overstated: ArticleRef | None


@dataclass
class BriefView:
    overview: Overview
    series: list[SeriesRow]
    timeline: Timeline
    map: geo.MapView
    places: list[PlaceRow]
    places_total: int
    sides: list[SideGroup]
    statements_total: int
    unresolved_statements: int
    contested: list[ContestedRow]
    clusters: list[ClusterRow]
    framing: list[FramingRow]
    articles: list[ArticleRef]
    cites: list[Cite]
    article_data: dict[str, dict[str, Any]]  # for the HTML's article view
    bodies_note: str
    legend: list[EventStyle] = field(default_factory=list)
    excerpts: dict[str, Excerpt] = field(default_factory=dict)  # articles cut to excerpts
    empty: dict[str, str] = field(default_factory=lambda: dict(EMPTY))


# --------------------------------------------------------------------------- the build


def build_view(situation: Situation) -> BriefView:
    """Lay out everything the brief shows (numbers citations in reading order)."""
    cites = Citations(situation.articles)
    overview = _overview(situation)
    series = [_series_row(s, cites) for s in _order_series(situation.series)]
    timeline = _timeline(situation.events, cites, situation.period)
    places_sorted = sorted(situation.places, key=lambda p: (-p.mentions, p.name))

    def cite_place(p: PlaceSummary) -> str | None:
        return cites.add(p.citations[0]).id if p.citations else None

    map_view = geo.render_map(
        places_sorted,
        colour_of=lambda t: event_style(t).colour,
        label_of=lambda t: event_style(t).label,
        cite_of=cite_place,
    )
    places = [_place_row(p, cites) for p in places_sorted[:MAX_PLACES_LISTED]]
    attributions = [a for f in _facts_in_order(situation) for a in f.attributions]
    sides, unresolved = _sides(attributions, cites)
    contested = [_contested_row(c, cites) for c in situation.contested]
    article_refs = _article_refs(situation)
    by_name = {r.name: r for r in article_refs}
    clusters = [_cluster_row(c, by_name) for c in situation.clusters if len(c.articles) > 1]
    framing = _framing_rows(situation, by_name)
    data, note, excerpts = _article_data(situation, cites.all())
    used = {event_style(t) for p in situation.places for t in p.event_types[:1]}
    used |= {event_style(e.type) for e in situation.events}
    legend = sorted(used, key=_legend_order)
    return BriefView(
        overview=overview,
        series=series,
        timeline=timeline,
        map=map_view,
        places=places,
        places_total=len(situation.places),
        sides=sides,
        statements_total=len(attributions),
        unresolved_statements=unresolved,
        contested=contested,
        clusters=clusters,
        framing=framing,
        articles=article_refs,
        cites=cites.all(),
        article_data=data,
        bodies_note=note,
        excerpts=excerpts,
        legend=legend,
    )


def _legend_order(style: EventStyle) -> tuple[int, str]:
    order = {t["label"]: i for i, t in enumerate(_event_table()["types"])}
    return order.get(style.label, len(order)), style.label


def _facts_in_order(situation: Situation) -> list[Any]:
    seen = [situation.facts[a.name] for a in situation.articles if a.name in situation.facts]
    names = {f.article for f in seen}
    return seen + [f for n, f in sorted(situation.facts.items()) if n not in names]


def _overview(situation: Situation) -> Overview:
    facts = list(situation.facts.values())
    counts = {
        "figures": sum(len(f.figures) for f in facts),
        "statements": sum(len(f.attributions) for f in facts),
        "places": len(situation.places),
        "events": len(situation.events),
        "series": len(situation.series),
        "contested": len(situation.contested),
    }
    duplicates = sum(1 for a in situation.articles if a.duplicate_of)
    missing = list(situation.missing)
    said = EMPTY["articles"].rstrip(".")
    if not situation.articles and not any(said in note for note in missing):
        missing.insert(0, EMPTY["articles"])
    period = format_period(situation.period)
    if period and not any(_published(situation, a) for a in situation.articles):
        period = f"events dated {period} (no article gives its publication date)"
    return Overview(
        period=period,
        articles=len(situation.articles),
        originals=len(situation.articles) - duplicates,
        duplicates=duplicates,
        sources=list(situation.sources),
        counts=counts,
        missing=missing,
    )


def _order_series(series: Iterable[FigureSeries]) -> list[FigureSeries]:
    """Contested series first, then those with the most claimants and values."""
    return sorted(
        series, key=lambda s: (not s.contested, -len(s.claimants), -len(s.points), s.name)
    )


def _point_row(p: SeriesPoint, cites: Citations, headline: SeriesPoint, axis: Any) -> PointRow:
    claimant = p.claimant or known_outlet(p.citation.outlet) or OWN_VOICE
    return PointRow(
        amount=format_amount(p.value, p.currency, p.unit, p.value_max),
        value_text=p.value_text,
        value=p.value,
        claimant=claimant,
        side=p.claimant_side,
        date=p.date.isoformat() if p.date else "",
        date_source=p.date_source,
        headline=p is headline,
        cite=cites.add(p.citation),
        position=axis(p.value),
    )


def _series_row(s: FigureSeries, cites: Citations) -> SeriesRow:
    every = list(s.points) or [s.headline]
    lo = min(p.value for p in every)
    hi = max(max(p.value, p.value_max or p.value) for p in every)  # "50-100" reaches 100
    if lo > 0 and hi / lo > 10:

        def axis(v: float) -> float:
            return (math.log(max(v, lo)) - math.log(lo)) / (math.log(hi) - math.log(lo))
    elif hi > lo:

        def axis(v: float) -> float:
            return (v - lo) / (hi - lo)
    else:

        def axis(v: float) -> float:
            return 0.5

    headline = _point_row(s.headline, cites, s.headline, axis)
    points = sorted(s.points, key=lambda p: (p.date or dt.date.min, p.value))
    rows = [headline if p is s.headline else _point_row(p, cites, s.headline, axis) for p in points]
    if not any(r.headline for r in rows):
        rows.insert(0, headline)
    first = s.headline
    return SeriesRow(
        name=s.name,
        category=s.key[0],
        detail=s.key[1],
        who=s.key[2],
        headline=headline,
        low=format_amount(lo, first.currency, first.unit),
        high=format_amount(hi, first.currency, first.unit),
        spread=s.spread,
        contested=s.contested,
        note=s.note,
        claimants=s.claimants,
        claimants_shown=claimants_shown(s.claimants),
        points=rows,
        sides=tuple(sorted({p.claimant_side for p in s.points if p.claimant_side})),
    )


def claimants_shown(claimants: Sequence[str], limit: int = MAX_CLAIMANTS_SHOWN) -> tuple[str, ...]:
    """A series' claimants as a table prints them: the named ones first (at most ``limit``,
    then "N more"), and the articles of unknown outlets that claim a figure in their own
    voice counted in one entry instead of listed by file name."""
    named = [c for c in claimants if not c.endswith(OWN_VOICE_SUFFIX)]
    own = len(claimants) - len(named)
    shown = named[:limit]
    if len(named) > limit:
        shown.append(f"{len(named) - limit} more")
    if own:
        shown.append(
            "1 article in its own voice" if own == 1 else f"{own} articles in their own voice"
        )
    return tuple(shown)


def _timeline(
    events: Sequence[Event], cites: Citations, period: tuple[dt.date, dt.date] | None = None
) -> Timeline:
    dated = sorted((e for e in events if e.date), key=lambda e: (e.date, e.article, e.start))
    listed = dated
    if len(listed) > MAX_EVENTS_LISTED:  # keep events dated by the text, most confident
        ranked = sorted(listed, key=lambda e: (e.date_source != "text", -e.confidence))
        keep = {id(e) for e in ranked[:MAX_EVENTS_LISTED]}
        listed = [e for e in dated if id(e) in keep]
    rows = []
    for e in listed:
        sentence = " ".join(e.sentence.split())
        if len(sentence) > SNIPPET:
            sentence = sentence[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"
        rows.append(
            EventRow(
                date=e.date.isoformat() if e.date else "",
                date_label=format_interval(e.date, e.date_end) if e.date else "",
                date_source=e.date_source,
                style=event_style(e.type),
                trigger=e.trigger,
                actor=e.actor,
                target=e.target,
                place=e.place,
                sentence=sentence,
                cite=cites.fact(e),
            )
        )
    chart = _timeline_chart(dated, cites, period) if dated else None
    return Timeline(rows=rows, total=len(events), dated=len(dated), chart=chart)


def chart_window(
    days: Sequence[dt.date], period: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The days the timeline's axis spans, so that an event recalled from years before
    (or a misread date) does not squeeze the rest into a corner: the shortest stretch
    holding most of the events (:data:`CORE_SHARE`), joined with the reporting period
    when that is plausible (at most a year), widened by a margin and cut to the first and
    last event inside. Events outside are drawn in an "earlier" or "later" column."""
    ordered = sorted(days)
    n = len(ordered)
    first, last = ordered[0], ordered[-1]
    k = max(1, math.ceil(CORE_SHARE * n))
    start = min(range(n - k + 1), key=lambda i: (ordered[i + k - 1] - ordered[i], i))
    lo, hi = ordered[start], ordered[start + k - 1]
    if period and (period[1] - period[0]).days <= 366:
        lo, hi = min(lo, period[0]), max(hi, period[1])
    margin = dt.timedelta(days=max(WINDOW_MARGIN_DAYS, (hi - lo).days // 6))
    inside = [d for d in ordered if lo - margin <= d <= hi + margin]
    if not inside:
        return first, last
    return inside[0], inside[-1]


def bin_days(span_days: int) -> int:
    """How many days one column of the timeline gathers: a day, a week or a month."""
    if span_days <= 120:
        return 1
    if span_days <= 730:
        return 7
    return 30


def _timeline_chart(
    events: Sequence[Event], cites: Citations, period: tuple[dt.date, dt.date] | None = None
) -> TimelineChart:
    width, left, right, lane_h, top = 960.0, 190.0, 24.0, 26.0, 8.0
    gutter = 56.0  # width of the "earlier" / "later" column
    styles = {event_style(e.type) for e in events}
    order = {s.key: i for i, s in enumerate(event_types())}
    lanes_styles = sorted(styles, key=lambda s: (order.get(s.key, 99), s.label))
    lane_y = {s: top + lane_h * (i + 0.5) for i, s in enumerate(lanes_styles)}
    days = [e.date for e in events if e.date]
    first, last = chart_window(days, period)
    has_earlier = min(days) < first
    has_later = max(days) > last
    if (last - first).days < 6:  # a short span still gets a readable axis
        pad = (6 - (last - first).days + 1) // 2
        first, last = first - dt.timedelta(days=pad), last + dt.timedelta(days=pad)
    span = max((last - first).days, 1)
    step = bin_days(span)
    plot_left = left + (gutter if has_earlier else 0.0)
    plot_right = width - right - (gutter if has_later else 0.0)
    plot = plot_right - plot_left

    def x_of(day: dt.date) -> float:
        return plot_left + plot * (day - first).days / span

    # Events outside the window share one column per type; tooltips keep their days.
    earlier_x, later_x = left + gutter * 0.4, width - right - gutter * 0.4
    groups: dict[tuple[EventStyle, float], list[Event]] = defaultdict(list)
    for e in events:
        assert e.date is not None
        if e.date < first:
            x = earlier_x
        elif e.date > last:
            x = later_x
        else:  # the middle of the event's day, week or month column
            offset = (e.date - first).days // step * step
            x = x_of(first + dt.timedelta(days=offset)) + plot * (step - 1) / 2 / span
            x = min(max(x, plot_left), plot_right)
        groups[(event_style(e.type), round(x, 1))].append(e)
    biggest = max(len(v) for v in groups.values())
    dots = []
    for (style, x), group in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0].label)):
        n = len(group)
        r = 4.5 + 7.0 * math.sqrt((n - 1) / max(biggest - 1, 1))
        places = sorted({e.place for e in group if e.place})
        where = f" · {', '.join(places[:4])}" if places else ""
        group_days = sorted({e.date for e in group if e.date})
        when = format_period((group_days[0], group_days[-1]))
        tip = f"{when} · {style.label} · {n} event{'s' if n != 1 else ''}{where}"
        dots.append(
            TimelineDot(x, lane_y[style], round(r, 1), style.colour, tip, cites.fact(group[0]).id)
        )
    ticks = [(round(x_of(d), 1), label) for d, label in date_ticks(first, last)]
    # the "earlier" / "later" columns take their label's room from the nearest tick
    room = 52.0
    if has_earlier:
        ticks = [(round(earlier_x, 1), "earlier")] + [t for t in ticks if t[0] - earlier_x >= room]
    if has_later:
        ticks = [t for t in ticks if later_x - t[0] >= room] + [(round(later_x, 1), "later")]
    height = top + lane_h * len(lanes_styles) + 8
    lanes = [(s.label, y, s.colour) for s, y in lane_y.items()]
    unit = {1: "day", 7: "week"}.get(step, "month")
    return TimelineChart(width, height, left, lanes, ticks, dots, unit)


def date_ticks(first: dt.date, last: dt.date, most: int = 9) -> list[tuple[dt.date, str]]:
    """Round tick dates between ``first`` and ``last``: days, weeks, months or years."""
    span = (last - first).days
    for step in (1, 2, 7, 14):
        if span / step <= most:
            day = first
            if step >= 7:  # weeks start on a Monday
                day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
            out = []
            while day <= last:
                out.append((day, f"{day.day} {day.strftime('%b')}"))
                day += dt.timedelta(days=step)
            return out
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if span / (30.4 * months) <= most:
            index = first.year * 12 + first.month - 1 + (first.day != 1)
            out = []
            while (day := dt.date(index // 12, index % 12 + 1, 1)) <= last:
                if index % months == 0:
                    out.append((day, day.strftime("%b %Y") if months < 12 else str(day.year)))
                index += 1
            return out
    return [(first, first.isoformat()), (last, last.isoformat())]


def _place_row(p: PlaceSummary, cites: Citations) -> PlaceRow:
    return PlaceRow(
        name=p.name,
        kind=str(p.kind),
        country=p.country,
        mentions=p.mentions,
        event_types=[event_style(t) for t in p.event_types],
        located=p.lat is not None and p.lon is not None,
        cite=cites.add(p.citations[0]) if p.citations else None,
    )


def _sides(attributions: Sequence[Attribution], cites: Citations) -> tuple[list[SideGroup], int]:
    by_side: dict[str | None, dict[str, list[Attribution]]] = defaultdict(lambda: defaultdict(list))
    unresolved = 0
    for a in attributions:
        if not a.speaker:
            unresolved += 1
            continue
        side = a.side if a.side in SIDE_ORDER else (None if not a.side else "other")
        by_side[side][a.speaker].append(a)
    groups = []
    for side in [*SIDE_ORDER, None]:
        speakers = by_side.get(side)
        if not speakers:
            continue
        ranked = sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        speaker_groups = []
        for name, said in ranked[:MAX_SPEAKERS_PER_SIDE]:
            chosen: list[Attribution] = []
            seen: set[str] = set()
            for a in said:
                key = " ".join(a.content.lower().split())
                if key in seen:
                    continue
                seen.add(key)
                chosen.append(a)
                if len(chosen) >= MAX_STATEMENTS_PER_SPEAKER:
                    break
            statements = [Statement(a.cue, a.content, a.direct, cites.fact(a)) for a in chosen]
            speaker_groups.append(SpeakerGroup(name, len(said), statements))
        groups.append(
            SideGroup(
                side=side,
                label=side_label(side),
                total=sum(len(v) for v in speakers.values()),
                speakers=speaker_groups,
                more_speakers=max(0, len(ranked) - MAX_SPEAKERS_PER_SIDE),
            )
        )
    return groups, unresolved


def _contested_row(c: Any, cites: Citations) -> ContestedRow:
    def claim(side: Any) -> ClaimView:
        return ClaimView(side.speaker, side.side, side.content, cites.add(side.citation))

    return ContestedRow(c.subject, claim(c.first), claim(c.second), c.reason)


def _article_refs(situation: Situation) -> list[ArticleRef]:
    refs = []
    for a in situation.articles:
        f = situation.facts.get(a.name)
        n = len(f.figures) + len(f.attributions) + len(f.places) + len(f.events) if f else 0
        published = a.published or (f.published.date if f else None)
        refs.append(
            ArticleRef(
                name=a.name,
                title=a.title or a.name,
                outlet=a.outlet,
                published=published.isoformat() if published else "",
                duplicate_of=a.duplicate_of,
                facts=n,
            )
        )
    return refs


def _cluster_row(c: Any, by_name: dict[str, ArticleRef]) -> ClusterRow:
    refs = [by_name.get(n) or ArticleRef(n, n, None, "") for n in c.articles]
    return ClusterRow(
        title=c.title,
        articles=refs,
        period=format_period(c.period),
        places=tuple(c.places),
        event_types=[event_style(t) for t in c.event_types],
        reason=c.reason,
    )


def _framing_rows(situation: Situation, by_name: dict[str, ArticleRef]) -> list[FramingRow]:
    if not situation.framing:
        return []
    outlets = {a.name: outlet_of(a) or "Outlet not known" for a in situation.articles}
    grouped: dict[str, list[Any]] = defaultdict(list)
    for name, framing in situation.framing.items():
        grouped[outlets.get(name, "Outlet not known")].append(framing)
    rows = []
    for outlet, items in grouped.items():
        narratives = Counter(n for f in items for n in f.narratives if n and n != "Other")
        techniques = Counter(p.technique for f in items for p in f.persuasion)
        scores = [f.headline_overstatement.score for f in items]
        top = max(items, key=lambda f: f.headline_overstatement.score)
        rows.append(
            FramingRow(
                outlet=outlet,
                articles=len(items),
                narratives=narratives.most_common(3),
                techniques=techniques.most_common(3),
                overstatement=sum(scores) / len(scores),
                most_overstated=(
                    by_name.get(top.article) if top.headline_overstatement.score > 0 else None
                ),
            )
        )
    rows.sort(key=lambda r: (-r.articles, r.outlet))
    return rows


@dataclass(frozen=True)
class Excerpt:
    """The cited paragraphs of an article (with :data:`EXCERPT_CONTEXT` paragraphs either
    side) and a gap line where paragraphs were left out; ``segments`` maps offsets of
    the full body into the excerpt."""

    text: str
    segments: tuple[tuple[int, int, int], ...]  # (body start, body end, excerpt start)

    def offset(self, body_offset: int) -> int:
        for start, end, at in self.segments:
            if start <= body_offset <= end:
                return at + body_offset - start
        raise ValueError(f"offset {body_offset} is not in the excerpt")


def excerpt(body: str, spans: Iterable[tuple[int, int]], context: int = 1) -> Excerpt:
    """The paragraphs of ``body`` that hold one of ``spans``, ``context`` either side."""
    paragraphs = body.split("\n")
    bounds, pos = [], 0
    for para in paragraphs:
        bounds.append((pos, pos + len(para)))
        pos += len(para) + 1
    keep: set[int] = set()
    for s, e in spans:
        for i, (ps, pe) in enumerate(bounds):
            if s <= pe and e >= ps:
                keep.update(range(i - context, i + context + 1))
    lines: list[str] = []
    segments: list[tuple[int, int, int]] = []
    at, gap = 0, False
    for i, (ps, pe) in enumerate(bounds):
        if i not in keep:
            if not gap:
                lines.append(GAP)
                at += len(GAP) + 1
                gap = True
            continue
        gap = False
        segments.append((ps, pe, at))
        lines.append(paragraphs[i])
        at += pe - ps + 1
    return Excerpt("\n".join(lines), tuple(segments))


def _article_data(
    situation: Situation, cites: Sequence[Cite]
) -> tuple[dict[str, dict[str, Any]], str, dict[str, Excerpt]]:
    """What the HTML's article view needs: each article's text and its cited spans.

    Within :data:`BODY_BUDGET` every article's whole text travels; beyond it only the
    cited articles', and if those are still too long, only their cited paragraphs with
    one either side. Every citation stays resolvable in all three."""
    marks: dict[str, list[list[Any]]] = defaultdict(list)
    for c in cites:
        if c.sentence_start < 0:
            continue
        span = [c.citation.start, c.citation.end]
        if span == [c.sentence_start, c.sentence_end]:  # the citation is the sentence itself
            span = [c.sentence_start, c.sentence_start]
        marks[c.citation.article].append([c.sentence_start, c.sentence_end, *span, c.id])
    articles = situation.articles
    note = ""
    excerpts: dict[str, Excerpt] = {}
    if sum(len(a.body) for a in articles) > BODY_BUDGET:
        articles = [a for a in articles if a.name in marks]
        note = (
            f"The article view holds the {len(articles)} cited articles of "
            f"{len(situation.articles)}; facts.jsonl lists the facts of every article."
        )
        if sum(len(a.body) for a in articles) > BODY_BUDGET:
            for a in articles:
                spans = [(m[0], m[1]) for m in marks[a.name]]
                spans += [(m[2], m[3]) for m in marks[a.name]]
                excerpts[a.name] = excerpt(a.body, spans, EXCERPT_CONTEXT)
            for name, ms in marks.items():
                if name in excerpts:
                    ex = excerpts[name]
                    marks[name] = [[*(ex.offset(v) for v in m[:4]), m[4]] for m in ms]
            note = (
                f"The article view holds the cited passages of the {len(articles)} cited "
                f"articles of {len(situation.articles)} ({GAP} marks left-out paragraphs); "
                "facts.jsonl lists the facts of every article."
            )
    data: dict[str, dict[str, Any]] = {}
    for a in articles:
        f = situation.facts.get(a.name)
        published = a.published or (f.published.date if f else None)
        data[a.name] = {
            "title": a.title or a.name,
            "outlet": a.outlet or "",
            "published": published.isoformat() if published else "",
            "body": excerpts[a.name].text if a.name in excerpts else a.body,
            "marks": sorted(marks.get(a.name, [])),
        }
    return data, note, excerpts


__all__ = [
    "EMPTY",
    "BriefView",
    "Citations",
    "Cite",
    "EventStyle",
    "Excerpt",
    "build_view",
    "event_style",
    "event_types",
    "excerpt",
    "format_amount",
    "format_interval",
    "format_number",
    "format_period",
    "locate_sentence",
    "quoted",
]
