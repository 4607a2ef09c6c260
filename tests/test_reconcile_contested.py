"""Contested claims on constructed attributions: stance, polarity, sides, period, places."""

from __future__ import annotations

import datetime as dt

import pytest

from sitroom.nlp import parse
from sitroom.reconcile.contested import claims_of, contested_claims
from sitroom.reconcile.corpus import Corpus
from sitroom.records import Article, ArticleFacts, Attribution

from .reconcile_records import DAY, article, attribution, facts, place

CLAIMS = [
    # (side of the speaker, cue, content, expected (predicate, subject key, polarity) or None)
    ("Russia", "said", "the special military operation is going according to plan", ("progress", ("Russia",), 1)),
    ("West", "said", "the Russian offensive has largely stalled on all fronts", ("progress", ("Russia",), -1)),
    ("West", "said", "Russian forces have made minimal progress", ("progress", ("Russia",), -1)),
    ("Russia", "said", "Russian troops are making progress in the east", ("progress", ("Russia",), 1)),
    ("Russia", "said", "the Russian offensive has not stalled", ("progress", ("Russia",), 1)),
    ("Ukraine", "said", "our counteroffensive is proceeding successfully", ("progress", ("Ukraine",), 1)),
    ("Ukraine", "said", "the enemy has suffered heavy losses", ("progress", ("Russia",), -1)),
    ("West", "said", "the invasion is failing", ("progress", ("Russia",), -1)),
    ("Russia", "denied", "targeting civilians", ("harm", ("Russia", "civilians"), -1)),
    ("Ukraine", "said", "Russian forces shelled civilians fleeing the city", ("harm", ("Russia", "civilians"), 1)),
    ("Ukraine", "said", "Russian troops have deported thousands of residents", ("deportation", ("Russia", "civilians"), 1)),
    ("Ukraine", "said", "Kyiv has accused Moscow of deporting residents", ("deportation", ("Russia", "civilians"), 1)),
    ("West", "said", "the Russian advance could stall within weeks", None),  # modal: no claim
    ("Russia", "said", "the operation is going to plan", None),  # whose operation? unknown
    ("Ukraine", "said", "the weather has been cold", None),  # no stance term
]  # fmt: skip


@pytest.mark.parametrize(("side", "cue", "content", "expected"), CLAIMS)
def test_claims_read_predicate_subject_and_polarity(
    side: str, cue: str, content: str, expected: tuple[str, tuple[str, ...], int] | None
) -> None:
    doc = next(parse([content]))
    found = [(c.predicate, c.key, c.polarity) for c in claims_of(doc, 0, len(content), side, cue)]
    if expected is None:
        assert found == []
    else:
        assert expected in found


# A statement: (speaker, side, days after DAY, content, cue)
Stmt = tuple[str, str, int, str, str]
PLAN = ("Kremlin", "Russia", 0, "the Russian invasion is going to plan", "said")
STALLED = ("UK Ministry of Defence", "West", 1, "the Russian offensive has stalled", "said")


def _corpus(stmts: list[Stmt], towns: tuple[str | None, ...] = ()) -> Corpus:
    arts: list[Article] = []
    fs: dict[str, ArticleFacts] = {}
    for i, (speaker, side, days, content, cue) in enumerate(stmts):
        town = towns[i] if i < len(towns) else None
        where = f" near {town}" if town else ""
        body = f"The {speaker} {cue} {content}{where}, in a statement."
        a = article(f"art{i}", body, DAY + dt.timedelta(days))
        atts: list[Attribution] = [attribution(a, content + where, speaker, side, cue)]
        fs[a.name] = facts(a, attributions=atts, places=[place(a, town)] if town else [])
        arts.append(a)
    return Corpus.build(arts, fs)


PAIRS = [
    ("opposed sides, opposite polarity, same subject", [PLAN, STALLED], (), 1),
    ("same side", [PLAN, ("Sergei Lavrov", "Russia", 0, "the Russian offensive has stalled", "said")], (), 0),
    ("same polarity", [("Joe Biden", "West", 0, "the Russian offensive has stalled", "said"), STALLED], (), 0),
    ("a month apart", [PLAN, ("UK Ministry of Defence", "West", 30, "the Russian offensive has stalled", "said")], (), 0),
    ("different subjects", [PLAN, ("UK Ministry of Defence", "West", 1, "the Ukrainian counteroffensive has stalled", "said")], (), 0),
    ("a side that opposes nobody", [PLAN, ("Some analyst", "other", 0, "the Russian offensive has stalled", "said")], (), 0),
    ("denial against accusation", [("Russian Ministry of Defence", "Russia", 0, "targeting civilians", "denied"), ("Ukrainian General Staff", "Ukraine", 0, "Russian forces shelled civilians", "said")], (), 1),
    ("shared place", [("Russian Ministry of Defence", "Russia", 0, "targeting civilians", "denied"), ("Ukrainian General Staff", "Ukraine", 0, "Russian forces shelled civilians", "said")], ("Irpin", "Irpin"), 1),
    ("different places", [("Russian Ministry of Defence", "Russia", 0, "targeting civilians", "denied"), ("Ukrainian General Staff", "Ukraine", 0, "Russian forces shelled civilians", "said")], ("Irpin", "Sumy"), 0),
]  # fmt: skip


@pytest.mark.parametrize(("why", "stmts", "towns", "n"), PAIRS, ids=[p[0] for p in PAIRS])
def test_contested_pairs_need_opposed_sides_same_subject_period_and_place(
    why: str, stmts: list[Stmt], towns: tuple[str, ...], n: int
) -> None:
    found = contested_claims(_corpus(stmts, towns))
    assert len(found) == n, [c.reason for c in found]


def test_a_contested_pair_cites_both_sentences() -> None:
    corpus = _corpus([PLAN, STALLED])
    (c,) = contested_claims(corpus)
    assert {c.first.speaker, c.second.speaker} == {"Kremlin", "UK Ministry of Defence"}
    assert {c.first.side, c.second.side} == {"Russia", "West"}
    assert "Russian" in c.subject
    for side in (c.first, c.second):
        cite = side.citation
        body = corpus.articles[cite.article].body
        assert body[cite.start : cite.end] == cite.sentence
        assert side.content in cite.sentence


def test_statements_without_a_side_or_speaker_are_not_compared() -> None:
    stmts: list[Stmt] = [
        PLAN,
        ("UK Ministry of Defence", "", 1, "the Russian offensive has stalled", "said"),
    ]
    assert contested_claims(_corpus(stmts)) == []
