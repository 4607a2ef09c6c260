"""Headline overstatement: how far a headline's intensity and certainty exceed its body.

There is no labelled data for this, so the score is built from lexicons (the data file
``sitroom/data/frame/overstatement.toml``, sources noted there) and three measurements:

``push``
    the headline's charged and certain words ("humiliated", "in tatters", "will"), each
    counted at half weight inside quotation marks (the outlet quotes rather than asserts),
    less its own hedges and attributions ("may", "says", "?");
``hedging``
    how much the body holds back: hedges ("may", "could", "believed to", "according to")
    per sentence, counting only hedges the headline itself does not use;
``support``
    how much the body itself says as strongly: charged words per sentence in the body and
    the share of the headline's charged words that the body repeats.

``score = (1 - exp(-push)) * (BASE + (1 - BASE) * hedging) * (1 - SUPPORT_DISCOUNT * support)``,
so a plain headline scores 0 whatever the body says, and a charged headline scores highest
over a hedged body that never uses such words itself.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from sitroom.errors import ModelError
from sitroom.records import Article, Overstatement

DATA_FILE = "data/frame/overstatement.toml"
ROLES = ("intensity", "certainty", "hedge", "headline_hedge")

BASE = 0.35  # share of the headline's push that counts even over an unhedged body
HEDGE_SCALE = 0.6  # hedge weight per sentence at which hedging reaches 1 - 1/e
SUPPORT_SCALE = 0.5  # charged-word weight per sentence at which the body fully supports
SUPPORT_DISCOUNT = 0.6  # how much full support takes off
QUOTED_FACTOR = 0.5  # weight of a charged word inside quotation marks in the headline
HEADLINE_HEDGE_FACTOR = 0.6  # how much one headline hedge takes off the push
MAX_BODY_HEDGES = 8  # hedges reported as driving words

_QUOTED_RE = re.compile(r"[\"“‘']([^\"“”‘’']{2,}?)[\"”’'](?!\w)|(?<!\w)‘([^’]{2,}?)’")
_SENTENCE_RE = re.compile(r"[.!?]+[\"”’)]*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Term:
    text: str  # as written in the data file
    role: str
    weight: float
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Hit:
    term: Term
    start: int
    end: int
    words: str  # the matched text as written


def _compile(term: str) -> re.Pattern[str]:
    if term in ("?", "!"):
        return re.compile(re.escape(term))
    wildcard = term.endswith("*")
    words = term.rstrip("*").split()
    parts = [re.escape(w).replace("'", "['’]") for w in words]
    body = r"\s+".join(parts) + (r"\w*" if wildcard else "")
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


@functools.cache
def lexicon() -> dict[str, tuple[Term, ...]]:
    """The term groups of ``overstatement.toml`` by role, compiled once per process."""
    try:
        raw = resources.files("sitroom").joinpath(DATA_FILE).read_text("utf-8")
        data = tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read {DATA_FILE}: {exc}") from exc
    by_role: dict[str, list[Term]] = {r: [] for r in ROLES}
    for group in data.get("group", []):
        role = group.get("role")
        if role not in by_role:
            raise ModelError(f"{DATA_FILE}: group {group.get('name')!r} has unknown role {role!r}")
        weight = float(group.get("weight", 1.0))
        for text in group.get("terms", []):
            by_role[role].append(Term(text, role, weight, _compile(text)))
    return {r: tuple(ts) for r, ts in by_role.items()}


def find_terms(text: str, role: str) -> list[Hit]:
    """Every match of the role's terms in ``text``, longest first where they overlap."""
    hits = [
        Hit(t, m.start(), m.end(), m.group())
        for t in lexicon()[role]
        for m in t.pattern.finditer(text)
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hit] = []
    for h in hits:
        if kept and h.start < kept[-1].end:
            continue
        kept.append(h)
    return kept


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]


def count_sentences(text: str) -> int:
    return max(1, len(_SENTENCE_RE.findall(text)))


def _norm(words: str) -> str:
    return " ".join(words.lower().replace("’", "'").split())


def score_headline(article: Article) -> Overstatement:
    """How far ``article.title`` overstates ``article.body`` (see the module docstring)."""
    return score_text(article.title, article.body)


def score_text(headline: str, body: str) -> Overstatement:
    """:func:`score_headline` on a headline and a body given as strings."""
    if not headline.strip():
        return Overstatement(0.0, (), ())
    quotes = quoted_ranges(headline)
    pushing = find_terms(headline, "intensity") + find_terms(headline, "certainty")
    pushing.sort(key=lambda h: h.start)
    push = 0.0
    for h in pushing:
        inside = any(s <= h.start < e for s, e in quotes)
        push += h.term.weight * (QUOTED_FACTOR if inside else 1.0)
    own_hedges = find_terms(headline, "headline_hedge")
    push -= HEADLINE_HEDGE_FACTOR * sum(h.term.weight for h in own_hedges)
    push = max(push, 0.0)
    if push == 0.0 or not body.strip():
        return Overstatement(0.0, tuple(h.words for h in pushing), ())

    sentences = count_sentences(body)
    head_words = {_norm(h.words) for h in own_hedges}
    hedges = [h for h in find_terms(body, "hedge") if _norm(h.words) not in head_words]
    hedge_rate = sum(h.term.weight for h in hedges) / sentences
    hedging = 1 - math.exp(-hedge_rate / HEDGE_SCALE)

    body_charged = find_terms(body, "intensity")
    charged_rate = sum(h.term.weight for h in body_charged) / sentences
    head_charged = {h.term.text for h in pushing if h.term.role == "intensity"}
    echoed = head_charged & {h.term.text for h in body_charged}
    echo = len(echoed) / len(head_charged) if head_charged else 0.0
    support = 0.5 * min(1.0, charged_rate / SUPPORT_SCALE) + 0.5 * echo

    score = (1 - math.exp(-push)) * (BASE + (1 - BASE) * hedging)
    score *= 1 - SUPPORT_DISCOUNT * support
    counts = Counter(_norm(h.words) for h in hedges)
    drivers = tuple(w for w, _ in counts.most_common(MAX_BODY_HEDGES))
    return Overstatement(
        round(min(max(score, 0.0), 1.0), 4), tuple(h.words for h in pushing), drivers
    )


__all__ = ["Hit", "Term", "find_terms", "lexicon", "score_headline", "score_text"]
