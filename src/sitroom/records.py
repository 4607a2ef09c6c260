"""The typed records shared by every stage of sitroom.

One set of records travels through the whole pipeline: ``ingest`` produces
:class:`Article`, the extractors produce :class:`Fact` subclasses
(:class:`Figure`, :class:`Attribution`, :class:`Place`, :class:`DateMention`,
:class:`Actor`, :class:`Event`), the framing stage produces :class:`Framing`, and
``store`` and ``report`` consume them.

Provenance is not optional: every fact carries the article it came from, the
``start``/``end`` character offsets into the article's cleaned ``body``, the
sentence that holds it, and the name and version of the extractor that made it
(``"figures.v1"``). :meth:`Fact.check_span` refuses a fact whose offsets do not
point at real text rather than nudging them.

``to_dict`` on every record gives the field names of ``../shared/gold/SCHEMA.md``
where the schema defines them, so the JSON written by the CLI is directly
comparable with the gold files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    UP_TO = "up_to"
    RANGE = "range"


class PlaceKind(StrEnum):
    COUNTRY = "country"
    REGION = "region"
    CITY = "city"
    WATER = "water"
    SITE = "site"
    OTHER = "other"


class Side(StrEnum):
    """Which side of the war an actor speaks for."""

    RUSSIA = "Russia"
    UKRAINE = "Ukraine"
    WEST = "West"
    INTERNATIONAL = "international"
    OTHER = "other"


# --------------------------------------------------------------------------- articles


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the cleaner removed, with the rule that removed it (the cleaning audit)."""

    position: int  # index of the line in the raw text's line list
    rule: str
    line: str

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "rule": self.rule, "line": self.line}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """What a reader yields: the raw text of one article plus whatever metadata came with it."""

    name: str  # file name without extension, or "<file>:<line>" for records of a JSONL/CSV file
    source: str  # the path (or "-") it was read from, for messages
    text: str  # the raw, flattened text (title included for .txt)
    title: str | None = None  # set when the format carries it separately (HTML, JSONL, CSV)
    url: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    language: str | None = None
    decode_note: str | None = None  # set when the bytes were not valid UTF-8


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """A cleaned article.

    ``body`` is the cleaned text that every fact's offsets point into: the kept lines,
    one paragraph per ``"\\n"``-separated line (a line the source had wrapped mid-sentence
    is joined to its paragraph with a space). ``offset_map`` holds one
    ``(body_offset, raw_offset)`` pair per kept line, so any span of ``body`` can be shown
    in ``raw_text``.
    """

    id: str  # stable key: hash of name and content, see sitroom.ingest.article_id
    name: str  # file name without extension
    title: str
    body: str
    raw_text: str
    content_hash: str  # hash of the normalised cleaned text; equal for exact duplicates
    offset_map: tuple[tuple[int, int], ...] = ()
    removed: tuple[RemovedLine, ...] = ()
    source: str = ""
    url: str | None = None
    published: dt.date | None = None  # from metadata; extraction may infer one when absent
    outlet: str | None = None
    language: str | None = None
    duplicate_of: str | None = None  # id of the original when this is a duplicate
    duplicate_kind: str | None = None  # "exact" or "near"
    similarity: float | None = None  # estimated Jaccard similarity to the original

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n") if self.body else []

    @property
    def kept_lines(self) -> list[str]:
        """The raw lines cleaning kept, one per entry of ``offset_map``."""
        if not self.offset_map:
            return self.paragraphs
        starts = [b for b, _ in self.offset_map] + [len(self.body) + 1]
        return [self.body[starts[i] : starts[i + 1] - 1] for i in range(len(self.offset_map))]

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every paragraph in ``body``."""
        spans: list[tuple[int, int]] = []
        pos = 0
        for para in self.paragraphs:
            spans.append((pos, pos + len(para)))
            pos += len(para) + 1
        return spans

    def raw_offset(self, body_offset: int) -> int:
        """Map an offset in ``body`` back to the raw text."""
        if not self.offset_map:
            return body_offset
        lo, hi = 0, len(self.offset_map) - 1
        while lo < hi:  # last segment starting at or before body_offset
            mid = (lo + hi + 1) // 2
            if self.offset_map[mid][0] <= body_offset:
                lo = mid
            else:
                hi = mid - 1
        body_start, raw_start = self.offset_map[lo]
        return raw_start + max(0, body_offset - body_start)

    def with_changes(self, **changes: Any) -> Article:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.name,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "language": self.language,
            "duplicate_of": self.duplicate_of,
            "duplicate_kind": self.duplicate_kind,
            "body": self.body,
        }


# --------------------------------------------------------------------------- facts


class SpanError(ValueError):
    """A fact's offsets do not point at the text it claims to come from."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """Provenance shared by every extracted fact."""

    article: str  # the article's name (file name without extension)
    start: int  # character offsets into Article.body, end exclusive
    end: int
    sentence: str  # the sentence holding the fact, as written
    extractor: str  # registered name and version, e.g. "figures.v1"
    confidence: float = 1.0

    def check_span(self, body: str, expected: str | None = None) -> None:
        """Raise :class:`SpanError` unless ``body[start:end]`` is a real, non-empty span
        (and equals ``expected`` when given)."""
        if not (0 <= self.start < self.end <= len(body)):
            raise SpanError(f"{self.extractor}: span {self.start}:{self.end} outside the text")
        if expected is not None and body[self.start : self.end] != expected:
            raise SpanError(
                f"{self.extractor}: span {self.start}:{self.end} reads "
                f"{body[self.start : self.end]!r}, not {expected!r}"
            )

    def provenance(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "extractor": self.extractor,
            "confidence": round(self.confidence, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure(Fact):
    """A number that states a fact about the war (SCHEMA: figures)."""

    value: float
    value_text: str  # the words of the number with its qualifier, "more than 7,000"
    qualifier: Qualifier = Qualifier.EXACT
    value_max: float | None = None  # upper bound of a range
    category: str = "other"
    detail: str | None = None
    who: str | None = None
    claimant: str | None = None  # canonical actor; None when stated in the article's voice
    currency: str | None = None  # ISO 4217 for money
    unit: str | None = None  # "km", "mi", ... for distances and durations

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "quote": self.sentence,
            "value": _plain_number(self.value),
            "value_text": self.value_text,
            "qualifier": str(self.qualifier),
            "category": self.category,
            "detail": self.detail,
            "who": self.who,
            "claimant": self.claimant,
        }
        if self.value_max is not None:
            d["value_max"] = _plain_number(self.value_max)
        if self.currency:
            d["currency"] = self.currency
        if self.unit:
            d["unit"] = self.unit
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution(Fact):
    """A statement the article attributes to a source (SCHEMA: attributions).

    ``start``/``end`` cover the content; the speaker's and cue's own spans are kept
    beside it when they are in the text (a resolved pronoun still points at the pronoun).
    """

    speaker: str | None  # canonical actor, None when it cannot be resolved
    speaker_text: str
    cue: str
    direct: bool
    content: str
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    side: str | None = None  # Side of the canonical speaker when the actor table knows it

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "cue": self.cue,
            "direct": self.direct,
            "content": self.content,
            "side": self.side,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
        }
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class Place(Fact):
    """A geographic place mention resolved against the gazetteer (SCHEMA: places)."""

    text: str  # as written
    name: str  # canonical English name
    kind: PlaceKind
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    geonames_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "kind": str(self.kind),
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
        }
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention(Fact):
    """A date expression normalised to absolute days.

    ``date``/``date_end`` give the interval the expression denotes ("last week" is
    seven days); ``anchor`` says what it was resolved against ("published", "invasion").
    """

    text: str
    date: dt.date
    date_end: dt.date | None = None
    anchor: str = "published"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "date": self.date.isoformat(),
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "anchor": self.anchor,
        }
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor(Fact):
    """A mention of a person or body, resolved to the actor table when possible."""

    text: str
    canonical: str | None
    kind: str  # "person", "organisation", "government", "media", "group"
    side: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "canonical": self.canonical,
            "kind": self.kind,
            "side": self.side,
            "role": self.role,
        }
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True, kw_only=True)
class Event(Fact):
    """A typed event read from one sentence (see sitroom.extract.events)."""

    type: str
    trigger: str
    actor: str | None = None
    target: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: dt.date | None = None
    date_source: str = "text"  # "text" (a date expression) or "published"
    # last day of the interval the date expression denotes ("in 2014": to 31 December);
    # None when it names one day
    date_end: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "type": self.type,
            "trigger": self.trigger,
            "actor": self.actor,
            "target": self.target,
            "place": self.place,
            "lat": self.lat,
            "lon": self.lon,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_source": self.date_source,
        }
        d.update(self.provenance())
        return d


@dataclass(frozen=True, slots=True)
class PublicationDate:
    """The publication day inferred from the text, with the window the text allows."""

    date: dt.date | None
    window: tuple[dt.date, dt.date] | None
    source: str  # "metadata", "explicit", "weekday", "invasion_count", "none", ...
    evidence: str | None = None  # the words that fixed it

    def to_dict(self) -> dict[str, Any]:
        return {
            "published": self.date.isoformat() if self.date else None,
            "published_window": [d.isoformat() for d in self.window] if self.window else None,
            "published_source": self.source,
            "published_evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything extraction found in one article."""

    article: str
    published: PublicationDate
    figures: Sequence[Figure] = ()
    attributions: Sequence[Attribution] = ()
    places: Sequence[Place] = ()
    dates: Sequence[DateMention] = ()
    actors: Sequence[Actor] = ()
    events: Sequence[Event] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"article": self.article}
        d.update(self.published.to_dict())
        d["figures"] = [f.to_dict() for f in self.figures]
        d["attributions"] = [a.to_dict() for a in self.attributions]
        d["places"] = distinct_places(self.places)
        d["dates"] = [x.to_dict() for x in self.dates]
        d["actors"] = [x.to_dict() for x in self.actors]
        if self.events:
            d["events"] = [e.to_dict() for e in self.events]
        return d


# --------------------------------------------------------------------------- framing


@dataclass(frozen=True, slots=True)
class PersuasionSpan:
    technique: str
    paragraph: int  # index of the paragraph in the article body
    start: int | None  # offsets into Article.body when the model can locate the words
    end: int | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "technique": self.technique,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class EntityRole:
    entity: str
    start: int
    end: int  # exclusive
    main_role: str  # Protagonist, Antagonist, Innocent
    fine_roles: tuple[str, ...]
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "main_role": self.main_role,
            "fine_roles": list(self.fine_roles),
            "score": round(self.score, 3),
        }


@dataclass(frozen=True, slots=True)
class Overstatement:
    score: float  # 0 = headline no stronger than the body, 1 = far stronger
    headline_terms: tuple[str, ...]  # intensity/certainty words in the headline
    body_hedges: tuple[str, ...]  # hedges in the body that the headline drops

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 3),
            "headline_terms": list(self.headline_terms),
            "body_hedges": list(self.body_hedges),
        }


@dataclass(frozen=True, slots=True)
class Framing:
    article: str
    narratives: tuple[str, ...]
    subnarratives: tuple[str, ...]
    persuasion: tuple[PersuasionSpan, ...]
    headline_overstatement: Overstatement
    entity_roles: tuple[EntityRole, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "narratives": list(self.narratives),
            "subnarratives": list(self.subnarratives),
            "persuasion": [p.to_dict() for p in self.persuasion],
            "headline_overstatement": self.headline_overstatement.to_dict(),
            "entity_roles": [r.to_dict() for r in self.entity_roles],
        }


# --------------------------------------------------------------------------- reconciliation


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a statement of the brief comes from: a span of one article's cleaned body."""

    article: str  # article name
    article_id: str
    start: int
    end: int
    sentence: str
    outlet: str | None = None
    published: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """One value of a figure series, with who claims it, when, and where it was read."""

    value: float
    value_text: str
    qualifier: Qualifier
    claimant: str | None  # canonical actor; None = the outlet's own voice
    claimant_side: str | None
    date: dt.date | None  # the date the figure refers to, else the publication date
    date_source: str  # "text", "published" or "none"
    citation: Citation
    value_max: float | None = None
    currency: str | None = None
    unit: str | None = None
    detail: str | None = None  # the figure's own detail where a series merges several


@dataclass(frozen=True, slots=True)
class FigureSeries:
    """Figures grouped by (category, detail, who): e.g. "Russian military personnel lost".

    ``headline`` is the most conservative value (ACLED's practice); ``contested`` is set
    when claimants at about the same date differ by more than a quarter.
    """

    key: tuple[str, str | None, str | None]  # (category, detail, who)
    name: str
    points: tuple[SeriesPoint, ...]
    headline: SeriesPoint
    contested: bool
    spread: float  # max / min over comparable points, 1.0 when they agree
    claimants: tuple[str, ...]  # distinct claimants ("article's own voice" shown as the outlet)
    note: str = ""  # why it is (or is not) contested


@dataclass(frozen=True, slots=True)
class ClaimSide:
    speaker: str
    side: str | None
    content: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class ContestedClaim:
    """Two statements by speakers on different sides about the same subject that disagree."""

    subject: str  # what they disagree about, e.g. "progress of the invasion"
    first: ClaimSide
    second: ClaimSide
    reason: str  # how the disagreement was found (shared actors, places, opposite polarity)
    score: float = 1.0


@dataclass(frozen=True, slots=True)
class StoryCluster:
    """Articles about the same story across outlets."""

    id: str
    title: str  # representative title
    articles: tuple[str, ...]  # article names, representative first
    period: tuple[dt.date, dt.date] | None
    places: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    reason: str = ""  # "near-duplicate", "shared events, places and dates", ...


@dataclass(frozen=True, slots=True)
class PlaceSummary:
    """A place aggregated over the corpus, for the map."""

    name: str
    kind: PlaceKind
    country: str | None
    lat: float | None
    lon: float | None
    mentions: int
    event_types: tuple[str, ...]  # most frequent first
    citations: tuple[Citation, ...]


@dataclass
class Situation:
    """Everything the brief shows: the output of reconciliation, the input of reporting.

    ``missing`` holds plain sentences about what the corpus lacks ("no article gives a
    date", "no figures were found"), which the brief prints instead of failing.
    """

    articles: list[Article]
    facts: dict[str, ArticleFacts]  # by article name
    period: tuple[dt.date, dt.date] | None
    sources: list[tuple[str, int]]  # (outlet or site, number of articles)
    events: list[Event]
    series: list[FigureSeries]
    contested: list[ContestedClaim]
    clusters: list[StoryCluster]
    places: list[PlaceSummary]
    framing: dict[str, Framing] = dataclasses.field(default_factory=dict)  # by article name
    missing: list[str] = dataclasses.field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _plain_number(x: float) -> int | float:
    """7000.0 -> 7000 so that JSON reads like the gold files."""
    return int(x) if float(x).is_integer() else x


def distinct_places(places: Sequence[Place]) -> list[dict[str, Any]]:
    """One entry per distinct place (the SCHEMA's form), first mention first, with the
    number of mentions and the offsets of every mention."""
    by_key: dict[tuple[str, str | None, str], dict[str, Any]] = {}
    for p in places:
        key = (p.name, p.country, str(p.kind))
        if key not in by_key:
            entry = p.to_dict()
            entry["mentions"] = 0
            entry["spans"] = []
            by_key[key] = entry
        by_key[key]["mentions"] += 1
        by_key[key]["spans"].append([p.start, p.end])
    return list(by_key.values())


FACT_TYPES: Mapping[str, type[Fact]] = {
    "figure": Figure,
    "attribution": Attribution,
    "place": Place,
    "date": DateMention,
    "actor": Actor,
    "event": Event,
}


def fact_kind(fact: Fact) -> str:
    for kind, cls in FACT_TYPES.items():
        if type(fact) is cls:
            return kind
    raise TypeError(f"not a registered fact type: {type(fact).__name__}")


def fact_from_row(kind: str, data: Mapping[str, Any]) -> Fact:
    """Rebuild a fact from its stored form (the dataclass fields, dates as ISO strings)."""
    cls = FACT_TYPES[kind]
    values = dict(data)
    for f in dataclasses.fields(cls):
        v = values.get(f.name)
        if v is None:
            continue
        if f.name in ("date", "date_end") and isinstance(v, str):
            values[f.name] = dt.date.fromisoformat(v)
        elif f.name == "qualifier":
            values[f.name] = Qualifier(v)
        elif f.name == "kind" and cls is Place:
            values[f.name] = PlaceKind(v)
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in values.items() if k in names})


def fact_to_row(fact: Fact) -> dict[str, Any]:
    """The stored form of a fact: its dataclass fields, dates as ISO strings."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(fact):
        v = getattr(fact, f.name)
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, StrEnum):
            v = str(v)
        out[f.name] = v
    return out


__all__ = [
    "FACT_TYPES",
    "Actor",
    "Article",
    "ArticleFacts",
    "Attribution",
    "Citation",
    "ClaimSide",
    "ContestedClaim",
    "DateMention",
    "EntityRole",
    "Event",
    "Fact",
    "Figure",
    "FigureSeries",
    "Framing",
    "Overstatement",
    "PersuasionSpan",
    "Place",
    "PlaceKind",
    "PlaceSummary",
    "PublicationDate",
    "Qualifier",
    "RemovedLine",
    "SeriesPoint",
    "Side",
    "Situation",
    "SourceDocument",
    "SpanError",
    "StoryCluster",
    "distinct_places",
    "fact_from_row",
    "fact_kind",
    "fact_to_row",
]
