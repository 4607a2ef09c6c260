"""Headline overstatement (sitroom.frame.overstatement): invented headline/body pairs and
the seed articles (read from ../shared at run time; only scores are asserted)."""

from __future__ import annotations

import pytest

from sitroom.errors import InputError
from sitroom.frame.overstatement import find_terms, lexicon, score_headline, score_text
from sitroom.ingest import build_article, read_paths
from sitroom.records import Article, Overstatement
from tests.conftest import SEEDS

# Invented wording, written for these tests.
HEDGED_BODY = (
    "Officials said the advance may have slowed in recent days. "
    "Some units could be short of fuel, and commanders are believed to be regrouping. "
    "The figures could not be independently verified. "
    "Analysts suggest the situation is likely to remain unclear for some time."
)
FLAT_BODY = (
    "The advance slowed in recent days. Units ran short of fuel and commanders regrouped. "
    "The defence ministry published the figures on Tuesday."
)
CHARGED_BODY = (
    "The army was humiliated in the battle. The whole offensive is in tatters after a "
    "catastrophic week. Troops were routed and fled in panic, a devastating collapse."
)


def _article(title: str, body: str) -> Article:
    return Article(
        id="t", name="t", title=title, body=body, raw_text=title + "\n" + body, content_hash="h"
    )


@pytest.mark.parametrize(
    ("headline", "body", "low", "high"),
    [
        ("General humiliated as offensive lies in tatters", HEDGED_BODY, 0.45, 1.0),
        ("Army crushed in devastating rout", HEDGED_BODY, 0.45, 1.0),
        ("General humiliated as offensive lies in tatters", FLAT_BODY, 0.2, 0.6),
        ("Army advance slows near the river", HEDGED_BODY, 0.0, 0.0),
        ("Talks between the two delegations resume on Monday", FLAT_BODY, 0.0, 0.0),
        ("Offensive may have stalled, officials say", HEDGED_BODY, 0.0, 0.1),
    ],
)
def test_overstatement_score_range_for_invented_pairs(
    headline: str, body: str, low: float, high: float
) -> None:
    result = score_text(headline, body)
    assert low <= result.score <= high, result


def test_overstatement_names_the_driving_words() -> None:
    result = score_text("General humiliated as offensive lies in tatters", HEDGED_BODY)
    assert [t.lower() for t in result.headline_terms] == ["humiliated", "in tatters"]
    for hedge in ("may", "could", "believed to", "likely"):
        assert hedge in result.body_hedges
    assert len(result.body_hedges) <= 8


@pytest.mark.parametrize(
    ("stronger", "weaker", "body"),
    [
        # the same headline over a hedged body overstates more than over a flat one
        ("Army crushed in devastating rout", "Army crushed in devastating rout", None),
        # a body that says it as strongly supports the headline
        (
            "Offensive in tatters as army humiliated",
            "Offensive in tatters as army humiliated",
            CHARGED_BODY,
        ),
        # quoting the charged words, attributing them or hedging them lowers the score
        ("Offensive in tatters", "Offensive 'in tatters', general says", HEDGED_BODY),
        ("Army humiliated in the north", "Army may be humiliated in the north", HEDGED_BODY),
        ("Army humiliated in crushing defeat", "Army humiliated", HEDGED_BODY),
    ],
)
def test_overstatement_orderings(stronger: str, weaker: str, body: str | None) -> None:
    if body is None:
        assert score_text(stronger, HEDGED_BODY).score > score_text(weaker, FLAT_BODY).score
    elif body is CHARGED_BODY:
        assert score_text(stronger, HEDGED_BODY).score > score_text(weaker, CHARGED_BODY).score
    else:
        assert score_text(stronger, body).score > score_text(weaker, body).score


@pytest.mark.parametrize(
    ("title", "body"),
    [("", HEDGED_BODY), ("   ", ""), ("Army humiliated in crushing defeat", ""), ("", "")],
)
def test_overstatement_empty_title_or_body_scores_zero(title: str, body: str) -> None:
    result = score_headline(_article(title, body))
    assert isinstance(result, Overstatement)
    assert result.score == 0.0
    assert result.body_hedges == ()


def test_overstatement_headline_hedges_not_reported_as_dropped() -> None:
    result = score_text("Army could be crushed in devastating rout", HEDGED_BODY)
    assert "could" not in result.body_hedges
    assert "may" in result.body_hedges


@pytest.mark.parametrize("role", ["intensity", "certainty", "hedge", "headline_hedge"])
def test_overstatement_lexicon_terms_match_themselves(role: str) -> None:
    terms = lexicon()[role]
    assert terms
    for term in terms:
        text = term.text.rstrip("*")
        assert term.pattern.search(f"x {text} y"), term.text
        assert find_terms(f"x {text} y", role)


def test_overstatement_wildcard_and_word_boundaries() -> None:
    assert [h.words for h in find_terms("humiliation and humiliating", "intensity")] == [
        "humiliation",
        "humiliating",
    ]
    assert find_terms("unhedged maybelline", "hedge") == []  # no match inside a word


@pytest.fixture(scope="module")
def seed_scores() -> dict[str, float]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"expected the 5 seed articles in {SEEDS}"
    out = {}
    for doc in read_paths(paths):
        assert not isinstance(doc, InputError), doc
        article = build_article(doc)
        out[article.name[:3]] = score_headline(article).score
    return out


def test_overstatement_seed_scores_in_range(seed_scores: dict[str, float]) -> None:
    assert all(0.0 <= s <= 1.0 for s in seed_scores.values())


def test_overstatement_seed_ordering(seed_scores: dict[str, float]) -> None:
    # 003: charged, unattributed headline ("humiliated", "in tatters") over a body with
    # hedges; 002: several strong words; 000 and 001 quote and attribute their strong
    # words; 004 reports a minister's assurance in plain words.
    assert seed_scores["003"] >= 0.35
    assert seed_scores["003"] > seed_scores["002"] > seed_scores["000"]
    assert seed_scores["002"] >= 0.15
    assert max(seed_scores["000"], seed_scores["001"], seed_scores["004"]) <= 0.15
