"""The bar of the brief on the seeds, through the real pipeline (cleaning, extraction,
reconciliation, report): the Russian-losses series with its three claimants and marked
contested, the civilian-deaths series with the UN and Ukraine, and the "going to plan" /
"largely stalled" pair, each in brief.html and brief.md with a citation that resolves to
its sentence. Golden values are numbers and names, not article text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitroom.report import BriefFiles, build_view, write_brief
from sitroom.report import view as view_module
from sitroom.report.view import BriefView, SeriesRow

from .brief_fixtures import seeds_situation

# series name pattern: (contested, {value: claimant or None for the outlet's own voice})
SERIES: dict[str, tuple[bool, dict[int, str | None]]] = {
    r"Russian military (losses|personnel)": (True, {12000: "Ukraine", 7000: "US", 10000: None}),
    r"civilians killed": (True, {953: "UN Human Rights Office", 2000: "Ukraine"}),
}
PAIR = ("going to plan", "largely stalled")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> tuple[BriefView, BriefFiles]:
    situation = seeds_situation()
    return build_view(situation), write_brief(situation, tmp_path_factory.mktemp("seeds"))


def series_named(view: BriefView, pattern: str) -> SeriesRow:
    found = [s for s in view.series if re.match(pattern, s.name, re.IGNORECASE)]
    assert len(found) == 1, [s.name for s in view.series]
    return found[0]


@pytest.mark.parametrize("pattern", list(SERIES))
def test_seeds_series_show_every_claimant(
    brief: tuple[BriefView, BriefFiles], pattern: str
) -> None:
    view, files = brief
    contested, claims = SERIES[pattern]
    row = series_named(view, pattern)
    assert row.contested is contested
    by_value = {p.value: p for p in row.points}
    for value, claimant in claims.items():
        assert value in by_value, (value, sorted(by_value))
        point = by_value[value]
        if claimant is not None:
            assert point.claimant == claimant
        assert point.cite.sentence_start >= 0  # resolves to a sentence of its article
    # the headline reconciliation chose is one of the listed values, marked as such
    assert [p.value for p in row.points if p.headline] == [row.headline.value]
    html = files.html.read_text("utf-8")
    markdown = files.markdown.read_text("utf-8")
    for text in (html, markdown):
        assert row.name in text
        for claimant in filter(None, claims.values()):
            assert claimant in text


def test_seeds_brief_shows_the_going_to_plan_largely_stalled_pair(
    brief: tuple[BriefView, BriefFiles],
) -> None:
    view, files = brief
    pairs = [
        c
        for c in view.contested
        if all(any(p in side.content for side in (c.first, c.second)) for p in PAIR)
    ]
    assert pairs, [(c.first.content, c.second.content) for c in view.contested]
    pair = pairs[0]
    assert {pair.first.side, pair.second.side} == {"Russia", "West"}
    html = Path(files.html).read_text("utf-8")
    section = html[html.index('id="contested"') : html.index('id="clusters"')]
    for cite in (pair.first.cite, pair.second.cite):
        assert f'data-cite="{cite.id}"' in section
        assert cite.sentence_start >= 0
    markdown = files.markdown.read_text("utf-8")
    assert all(p in markdown for p in PAIR)


def test_report_reads_an_unknown_outlet_as_reconciliation_writes_it() -> None:
    from sitroom.outlets import UNKNOWN_OUTLET

    assert view_module.UNKNOWN_OUTLET == UNKNOWN_OUTLET
    assert view_module.known_outlet(UNKNOWN_OUTLET) is None
