"""Figure series on constructed records: grouping, names, contested marking, headline."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitroom.reconcile import reconcile
from sitroom.reconcile.corpus import Corpus
from sitroom.reconcile.series import build_series, series_key, series_name
from sitroom.records import Article, ArticleFacts, FigureSeries

from .reconcile_records import DAY, article, attribution, facts, figure, place

KEYS = [
    (("casualties", "killed", "russian_military"), ("casualties", "losses", "russian_military")),
    (("casualties", "personnel_lost", "russian_military"), ("casualties", "losses", "russian_military")),
    (("casualties", "killed", "civilians"), ("casualties", "killed", "civilians")),
    (("casualties", "killed_or_wounded", "russian_military"), ("casualties", "killed_or_wounded", "russian_military")),
    (("displacement", "fled", "ukrainians"), ("displacement", "fled", "ukrainians")),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "key"), KEYS)
def test_series_key_merges_soldiers_killed_and_lost(
    fields: tuple[str, str, str], key: tuple[str, str, str]
) -> None:
    a = article("a", "Officials said 100 were counted.")
    f = figure(a, "100", 100, category=fields[0], detail=fields[1], who=fields[2])
    assert series_key(f) == key


NAMES = [
    (("casualties", "losses", "russian_military"), "Russian military losses (killed or lost)"),
    (("casualties", "personnel_lost", "russian_military"), "Russian military personnel lost"),
    (("casualties", "killed", "civilians"), "civilians killed"),
    (("casualties", "wounded", "children"), "children wounded"),
    (("displacement", "fled", "ukrainians"), "people who fled Ukraine"),
    (("equipment", "lost_tank", "russian_military"), "Russian tanks lost"),
    (("money", "aid", "ukraine"), "aid to Ukraine"),
    (("infrastructure", "destroyed_school", "ukraine"), "schools destroyed in Ukraine"),
    (("other", "distance_km", None), "distances (km)"),
    (("other", "height_storeys", None), "heights (storeys)"),
    (("other", "distance_furlong", None), "distance furlong"),  # a unit without a name here
    (("casualties", "killed", "martians"), "martians killed"),
    (("money", "aid", None), "aid"),
    (("force", "strikes", None), "strikes"),
    (("other", "percent", None), "percent"),
]


@pytest.mark.parametrize(("key", "name"), NAMES)
def test_series_names_read_as_plain_english(
    key: tuple[str, str | None, str | None], name: str
) -> None:
    assert series_name(key) == name


# Each point: (claimant, value, days after DAY or None for an undated article, words around)
Point = tuple[str | None, float, int | None, str]


def _series(
    points: list[Point],
    category: str = "casualties",
    detail: str = "killed",
    who: str = "russian_military",
) -> list[FigureSeries]:
    arts: list[Article] = []
    fs: dict[str, ArticleFacts] = {}
    for i, (claimant, value, days, words) in enumerate(points):
        number = f"{int(value):,}"
        body = words.format(n=number)
        a = article(f"art{i}", body, DAY + dt.timedelta(days) if days is not None else None)
        places = [place(a, "Mariupol")] if "Mariupol" in body else []
        arts.append(a)
        fig = figure(a, number, value, category, detail, who, claimant)
        fs[a.name] = facts(a, [fig], places=places)
    return build_series(Corpus.build(arts, fs))


SAID = "Officials said {n} soldiers had been killed."
CONTESTED = [
    ("claimants on the same day differ by 70%", [("US", 7000, 0, SAID), ("Ukraine", 12000, 0, SAID)], True),
    ("a difference of 20% is agreement", [("US", 1000, 0, SAID), ("Ukraine", 1200, 0, SAID)], False),
    ("a difference of 30% is a disagreement", [("US", 1000, 0, SAID), ("Ukraine", 1300, 2, SAID)], True),
    ("one claimant revising is no contest", [("US", 1000, 0, SAID), ("US", 3000, 1, SAID)], False),
    ("a later higher total weeks on is growth", [("US", 1000, 0, SAID), ("Ukraine", 3000, 30, SAID)], False),
    ("a later lower total contradicts", [("Ukraine", 3000, 0, SAID), ("US", 1000, 30, SAID)], True),
    ("an incident is no rival of a total", [("US", 10, 0, SAID), ("Ukraine", 2000, 0, SAID)], False),
    ("a local count is no rival of a national one", [("US", 100, 0, "In Mariupol {n} soldiers died."), ("Ukraine", 1000, 0, SAID)], False),
    ("undated points are not compared", [("US", 7000, None, SAID), ("Ukraine", 12000, None, SAID)], False),
    ("the article's own voice is a claimant", [(None, 7000, 0, SAID), ("Ukraine", 12000, 1, SAID)], True),
]  # fmt: skip


@pytest.mark.parametrize(("why", "points", "contested"), CONTESTED, ids=[c[0] for c in CONTESTED])
def test_series_contested_when_claimants_at_about_the_same_date_differ_by_a_quarter(
    why: str, points: list[Point], contested: bool
) -> None:
    (s,) = _series(points)
    assert s.contested is contested, s.note
    assert len(s.points) == len(points)
    assert s.note.startswith("contested") is contested


def test_money_is_listed_but_never_contested() -> None:
    pts: list[Point] = [
        ("US", 800, 0, "It pledged {n} dollars."),
        ("UK", 100, 0, "It pledged {n} dollars."),
    ]
    (s,) = _series(pts, category="money", detail="aid", who="ukraine")
    assert not s.contested and s.spread == 1.0
    assert "not compared" in s.note


def test_headline_is_the_most_conservative_estimate_and_every_value_is_cited() -> None:
    pts: list[Point] = [
        ("Ukraine", 12000, 0, SAID),
        ("US", 7000, 5, SAID),
        (None, 10000, 12, SAID),
        ("Ukraine", 1, 12, "One soldier, officials said {n} more, was killed."),
    ]
    (s,) = _series(pts)
    assert s.headline.value == 7000 and s.headline.claimant == "US"
    assert s.contested
    assert {p.claimant for p in s.points} == {"Ukraine", "US", None}
    assert len(s.claimants) == 3  # Ukraine, US and the article's own voice
    for p in s.points:
        body_start, body_end = p.citation.start, p.citation.end
        assert p.citation.sentence and body_end > body_start
        assert p.date is not None and p.date_source == "published"
    assert s.spread == pytest.approx(12000 / 7000, abs=0.01)


def test_headline_is_a_total_of_the_latest_window_not_a_later_incident() -> None:
    pts: list[Point] = [
        ("Ukraine", 2000, 0, SAID),
        (None, 1000, 9, SAID),
        ("UN", 953, 16, SAID),
        ("local officials", 2, 400, SAID),  # a small count a year later
        ("a blogger", 9_000_000, 20, SAID),  # a lone outlier sets no scale
    ]
    (s,) = _series(pts)
    assert (s.headline.value, s.headline.claimant) == (953, "UN")


def test_moscow_as_a_government_is_not_the_scope_of_a_count() -> None:
    pts: list[Point] = [
        ("Ukraine", 12000, 0, "Kyiv said Mariupol had lost {n} troops."),
        ("US", 7000, 0, SAID),
    ]
    (s,) = _series(pts)
    assert s.contested


def test_a_place_inside_the_speakers_words_is_not_the_scope() -> None:
    a = article("a", "A monitoring team based in Geneva said it counted 953 civilian deaths.")
    b = article("b", "Officials said 2,000 civilians had been killed.", DAY - dt.timedelta(10))
    fig_a = figure(a, "953", 953, detail="killed", who="civilians", claimant="UN")
    fig_b = figure(b, "2,000", 2000, detail="killed", who="civilians", claimant="Ukraine")
    speaker = a.body.index("A monitoring team based in Geneva")
    att = dataclasses.replace(
        attribution(a, "it counted 953 civilian deaths", "UN", "international"),
        speaker_start=speaker,
        speaker_end=speaker + len("A monitoring team based in Geneva"),
    )
    fs = {
        "a": facts(a, [fig_a], [att], places=[place(a, "Geneva")]),
        "b": facts(b, [fig_b]),
    }
    (s,) = build_series(Corpus.build([a, b], fs))
    assert s.contested, s.note
    assert (s.headline.value, s.headline.claimant) == (953, "UN")


def test_series_of_a_corpus_without_figures_say_so() -> None:
    a = article("a", "Nothing was counted.")
    situation = reconcile([a], {"a": facts(a)})
    assert situation.series == []
    assert "No figures were found." in situation.missing
