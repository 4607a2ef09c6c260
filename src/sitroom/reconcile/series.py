"""Figure series: figures grouped by (category, detail, who), named, compared across claimants.

Grouping and names come from ``data/series.toml``. A *family* merges details that count
one quantity ("killed" and "personnel lost" of soldiers: "Russian military losses"); each
point keeps its own ``detail``.

Every point carries its claimant (``None`` = the outlet's own voice; such a voice is told
apart by outlet, or by article when the outlet is unknown), the claimant's side, the date it
refers to (a date in its sentence, else the article's publication date; see
:mod:`sitroom.reconcile.corpus`) and a citation.

**Contested** (``FigureSeries.contested``): two points from different claimants, in the same
*scope*, in the same unit and currency, whose values differ by more than a quarter (the
larger over 1.25 times the smaller; ranges compare by their nearest ends), and

* dated at most ``window_days`` (7) apart ("about the same date"), or
* for running totals (killed, fled, tanks lost, ...), at any distance when the *later* figure
  is the lower one: a total cannot fall, so a later lower count from another claimant
  contradicts the earlier one.

Points without any date (neither a date in the text nor a publication date) are listed but
never compared: "about the same date" cannot be judged for them. The *scope* of a point is
the sub-national place named nearest to it in its sentence (within 80 characters) after a
locative preposition ("in Mariupol", "near the city of Kharkiv"; not "Moscow has lost",
where the place names a government, nor a place inside the speaker's words, "the UN office
in Geneva said"), else the whole war: a count of ten dead in one town is
not a rival of a national toll. Values more
than ten times apart are not compared either (an incident count against a total). Money,
force sizes and "other" counts are listed but not compared (separate aid packages are not
rival estimates).

**Headline**: following ACLED, the most conservative (lowest) value among the points of
the widest scope that are of the same order as the largest corroborated one (within
``max_ratio``) and dated in the last ``headline_days`` (14) before the latest of them,
while all points stay listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.outlets import OWN_VOICE_SUFFIX, UNKNOWN_OUTLET
from sitroom.reconcile.corpus import Corpus
from sitroom.records import Figure, FigureSeries, PlaceKind, SeriesPoint

ALL = "all"  # the scope of a figure that names no sub-national place near it
_SCOPE_CHARS = 80
_LOCAL_KINDS = (PlaceKind.CITY, PlaceKind.SITE, PlaceKind.REGION)


@dataclass(frozen=True)
class Family:
    category: str
    details: frozenset[str]
    who: frozenset[str]
    detail: str
    template: str


@dataclass(frozen=True)
class SeriesRules:
    families: tuple[Family, ...]
    names: Mapping[str, str]
    templates: Mapping[str, str]
    who: Mapping[str, tuple[str, str, str]]
    categories: frozenset[str]
    cumulative: frozenset[str]
    window_days: int
    tolerance: float
    max_ratio: float
    headline_days: int = 14
    unowned: Mapping[str, str] = dataclasses.field(default_factory=dict)
    locative: frozenset[str] = frozenset()
    territory: frozenset[str] = frozenset()
    skippable: frozenset[str] = frozenset()


def load_rules(data: Mapping[str, Any]) -> SeriesRules:
    cmp = data.get("compare", {})
    scope = data.get("scope", {})
    return SeriesRules(
        families=tuple(
            Family(
                category=f["category"],
                details=frozenset(f["details"]),
                who=frozenset(f.get("who", ())),
                detail=f["detail"],
                template=f["template"],
            )
            for f in data.get("families", ())
        ),
        names=dict(data.get("names", {})),
        templates=dict(data.get("templates", {})),
        who={k: (v[0], v[1], v[2]) for k, v in data.get("who", {}).items()},
        categories=frozenset(cmp.get("categories", ())),
        cumulative=frozenset(cmp.get("cumulative", ())),
        window_days=int(cmp.get("window_days", 7)),
        tolerance=float(cmp.get("tolerance", 1.25)),
        max_ratio=float(cmp.get("max_ratio", 10.0)),
        headline_days=int(cmp.get("headline_days", 14)),
        unowned=dict(data.get("unowned", {})),
        locative=frozenset(scope.get("locative", ())),
        territory=frozenset(scope.get("territory", ())),
        skippable=frozenset(scope.get("skippable", ())),
    )


@functools.cache
def rules() -> SeriesRules:
    """The rules of ``data/series.toml``, loaded once per process."""
    raw = resources.files("sitroom").joinpath("data/series.toml").read_text("utf-8")
    return load_rules(tomllib.loads(raw))


# --------------------------------------------------------------------------- keys and names


def series_key(fig: Figure, r: SeriesRules | None = None) -> tuple[str, str | None, str | None]:
    """The series a figure belongs to: (category, detail or its family's detail, who)."""
    r = r or rules()
    for fam in r.families:
        if fig.category == fam.category and fig.detail in fam.details and fig.who in fam.who:
            return (fig.category, fam.detail, fig.who)
    return (fig.category, fig.detail, fig.who)


def series_name(key: tuple[str, str | None, str | None], r: SeriesRules | None = None) -> str:
    """A series' name for people: "civilians killed", "Russian tanks lost"."""
    r = r or rules()
    category, detail, who = key
    explicit = r.names.get(f"{category}/{detail}/{who}") or r.names.get(f"{category}/{detail}/*")
    if explicit:
        return explicit
    if not who:  # about nobody in particular: "aid", "strikes", "sums of money"
        return r.unowned.get(f"{category}/{detail}") or (detail or category).replace("_", " ")
    noun, adj, where = r.who.get(who or "", (who or "", who or "", ""))
    if who and who not in r.who:
        noun = adj = who.replace("_", " ")
        where = f" ({noun})"
    template = next(
        (f.template for f in r.families if f.category == category and f.detail == detail), None
    ) or r.templates.get(f"{category}/{detail}")
    if template is None:
        label = (detail or category).replace("_", " ")
        return f"{label} ({noun})" if who else label
    name = template.format(noun=noun, adj=adj, **{"in": where})
    return " ".join(name.split()).replace("( ", "(").replace(" )", ")").replace(" ()", "")


# --------------------------------------------------------------------------- building


@dataclass
class _Point:
    point: SeriesPoint
    voice: str  # who claims it: the claimant, else the outlet (or article) in its own voice
    scope: str
    article: str


def build_series(corpus: Corpus, r: SeriesRules | None = None) -> list[FigureSeries]:
    """Every figure of the corpus's original articles, grouped into named series."""
    r = r or rules()
    groups: dict[tuple[str, str | None, str | None], list[_Point]] = {}
    for name in corpus.originals:
        facts = corpus.facts_of(name)
        if facts is None:
            continue
        for fig in facts.figures:
            groups.setdefault(series_key(fig, r), []).append(_make_point(corpus, name, fig, r))
    out = [_finish(key, pts, r) for key, pts in groups.items()]
    out.sort(key=lambda s: (-len(s.points), -int(s.contested), s.name))
    return out


def _make_point(corpus: Corpus, name: str, fig: Figure, r: SeriesRules) -> _Point:
    date, source = corpus.fact_date(name, fig)
    outlet = corpus.outlet(name)
    voice = fig.claimant or (outlet if outlet != UNKNOWN_OUTLET else f"{name}{OWN_VOICE_SUFFIX}")
    point = SeriesPoint(
        value=fig.value,
        value_text=fig.value_text,
        qualifier=fig.qualifier,
        claimant=fig.claimant,
        claimant_side=corpus.side_of(fig.claimant),
        date=date,
        date_source=source,
        citation=corpus.cite(name, fig),
        value_max=fig.value_max,
        currency=fig.currency,
        unit=fig.unit,
        detail=fig.detail,
    )
    return _Point(point, voice, _scope(corpus, name, fig, r), name)


def _scope(corpus: Corpus, name: str, fig: Figure, r: SeriesRules | None = None) -> str:
    r = r or rules()
    facts = corpus.facts_of(name)
    if facts is None or not facts.places:
        return ALL
    lo, hi = corpus.sentence_span(name, fig)
    body = corpus.articles[name].body
    speakers = [
        (a.speaker_start, a.speaker_end)
        for a in facts.attributions
        if a.speaker_start is not None and a.speaker_end is not None and lo <= a.speaker_start < hi
    ]
    best: tuple[int, str] | None = None
    for p in facts.places:
        if p.kind not in _LOCAL_KINDS or not (lo <= p.start and p.end <= hi):
            continue
        if any(s <= p.start and p.end <= e for s, e in speakers):
            continue  # "the UN office in Geneva said": where the speaker sits
        if not _locative(body[max(lo, p.start - 40) : p.start], r):
            continue  # "Moscow has lost": a government, not where the count happened
        dist = p.start - fig.end if p.start >= fig.end else fig.start - p.end
        if dist <= _SCOPE_CHARS and (best is None or dist < best[0]):
            best = (dist, p.name)
    return best[1] if best else ALL


def _locative(before: str, r: SeriesRules) -> bool:
    """Whether the words just before a place make it where something happened: a locative
    preposition ("in Mariupol", "near the city of Kharkiv", "around Kyiv's suburbs")."""
    words = re.findall(r"[a-z]+", before.lower())[-4:]
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w in r.locative:
            return True
        if w == "of" and k and words[k - 1] in r.territory:  # "the city of"
            return True
        if w not in r.skippable:
            return False
    return False


def _ratio(a: SeriesPoint, b: SeriesPoint) -> float:
    """How far apart two values are (>= 1), ranges by their nearest ends."""
    a_lo, a_hi = a.value, a.value_max if a.value_max is not None else a.value
    b_lo, b_hi = b.value, b.value_max if b.value_max is not None else b.value
    if a_hi < b_lo:
        lo, hi = a_hi, b_lo
    elif b_hi < a_lo:
        lo, hi = b_hi, a_lo
    else:
        return 1.0
    if lo <= 0:
        return float("inf") if hi > 0 else 1.0
    return hi / lo


def _comparable(p: _Point, q: _Point) -> bool:
    return (
        p.voice != q.voice
        and p.scope == q.scope
        and p.point.date is not None
        and q.point.date is not None
        and p.point.currency == q.point.currency
        and p.point.unit == q.point.unit
    )


def disagreements(
    points: Sequence[_Point], detail: str | None, r: SeriesRules
) -> list[tuple[_Point, _Point, float, str]]:
    """Pairs of points that contradict each other, with their ratio and why."""
    out: list[tuple[_Point, _Point, float, str]] = []
    cumulative = detail in r.cumulative
    for p, q in itertools.combinations(points, 2):
        if not _comparable(p, q):
            continue
        ratio = _ratio(p.point, q.point)
        if ratio <= r.tolerance or ratio > r.max_ratio:
            continue
        assert p.point.date is not None and q.point.date is not None
        gap = abs((p.point.date - q.point.date).days)
        if gap <= r.window_days:
            out.append((p, q, ratio, f"{gap} day(s) apart"))
        elif cumulative:
            early, late = (p, q) if p.point.date < q.point.date else (q, p)
            if late.point.value * r.tolerance < early.point.value:
                out.append((early, late, ratio, f"a later running total is lower ({gap} days)"))
    return out


def _finish(
    key: tuple[str, str | None, str | None], pts: list[_Point], r: SeriesRules
) -> FigureSeries:
    pts.sort(key=lambda p: (p.point.date or dt.date.max, p.point.value))
    compared = key[0] in r.categories
    pairs = disagreements(pts, key[1], r) if compared else []
    spread = 1.0
    for p, q in itertools.combinations(pts, 2):
        if compared and _comparable(p, q):
            ratio = _ratio(p.point, q.point)
            if ratio <= r.max_ratio:
                spread = max(spread, ratio)
    headline = _headline(pts, r)
    claimants = tuple(dict.fromkeys(p.voice for p in pts))
    return FigureSeries(
        key=key,
        name=series_name(key, r),
        points=tuple(p.point for p in pts),
        headline=headline.point,
        contested=bool(pairs),
        spread=round(spread, 3),
        claimants=claimants,
        note=_note(pairs, pts, compared),
    )


def _headline(pts: Sequence[_Point], r: SeriesRules) -> _Point:
    """ACLED's practice: the most conservative estimate of the latest state.

    Among the points of the widest scope, the estimates of the same order as the largest
    one that another claimant corroborates within ``max_ratio`` (a lone outlier sets no
    scale; "two were killed" in one strike is an incident, not a rival of a national
    toll); of these, the ones of the last ``headline_days`` before the latest
    of them; the lowest of those."""
    wide = [p for p in pts if p.scope == ALL] or list(pts)
    supported = [
        p.point.value
        for p in wide
        if any(q.voice != p.voice and _ratio(p.point, q.point) <= r.max_ratio for q in wide)
    ]
    top = max(supported or [p.point.value for p in wide])
    rivals = [p for p in wide if p.point.value * r.max_ratio >= top] or wide
    dated = [p for p in rivals if p.point.date is not None]
    if dated:
        latest = max(p.point.date for p in dated if p.point.date is not None)
        rivals = [
            p
            for p in dated
            if p.point.date is not None and (latest - p.point.date).days <= r.headline_days
        ]
    return min(rivals, key=lambda p: (p.point.value, p.point.date or dt.date.max))


def _fmt(p: _Point) -> str:
    v = p.point.value
    value = f"{int(v):,}" if float(v).is_integer() else f"{v:,}"
    when = p.point.date.isoformat() if p.point.date else "undated"
    return f"{p.voice} {value} ({when})"


def _note(
    pairs: Iterable[tuple[_Point, _Point, float, str]], pts: Sequence[_Point], compared: bool
) -> str:
    pairs = list(pairs)
    if not compared:
        return "not compared: the values are separate amounts, not rival estimates"
    if pairs:
        parts = [f"{_fmt(p)} vs {_fmt(q)}: {ratio:.2f}x, {why}" for p, q, ratio, why in pairs[:4]]
        more = f"; and {len(pairs) - 4} more" if len(pairs) > 4 else ""
        return "contested: " + "; ".join(parts) + more
    voices = {p.voice for p in pts}
    undated = sum(1 for p in pts if p.point.date is None)
    if len(voices) < 2:
        return "one claimant"
    note = "claimants agree within a quarter, or their figures are not comparable"
    if undated:
        note += f" ({undated} undated point(s) not compared)"
    return note


__all__ = [
    "ALL",
    "build_series",
    "disagreements",
    "load_rules",
    "rules",
    "series_key",
    "series_name",
]
