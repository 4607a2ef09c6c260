"""Bad input through the real pipeline (ingest, extraction, reconciliation, report): an
empty folder, an article without figures or dates, an article with figures but no date,
and a single real article each give a brief and its exports, and the brief says what is
missing instead of failing. The invented texts below were written for these tests."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sitroom.pipeline import BriefRun, build_brief
from sitroom.report.view import EMPTY
from sitroom.store import open_store

from .conftest import SEEDS

NO_FIGURES_NO_DATES = (
    "Talks resume in a quiet week\n\n"
    "Diplomats from several countries met to discuss the situation and agreed to meet again.\n"
    "No statement was issued after the meeting.\n"
)
FIGURES_NO_DATE = (
    "Villagers leave as the front moves closer\n\n"
    "Officials said about 40 people were evacuated from the village by bus.\n"
    "Two houses were destroyed by shelling, the local council said.\n"
)


def write_corpus(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir()
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return [folder]


def empty_folder(tmp: Path) -> list[Path]:
    return write_corpus(tmp / "empty", {})


def no_figures_no_dates(tmp: Path) -> list[Path]:
    return write_corpus(tmp / "quiet", {"talks": NO_FIGURES_NO_DATES})


def figures_no_date(tmp: Path) -> list[Path]:
    return write_corpus(tmp / "undated", {"village": FIGURES_NO_DATE})


def one_seed(tmp: Path) -> list[Path]:
    return [sorted(SEEDS.glob("*.txt"))[0]]


# case: (the corpus, sections of brief.html that must say they are empty, what is there)
CASES: dict[str, tuple[Callable[[Path], list[Path]], list[str], list[str]]] = {
    "empty folder": (
        empty_folder,
        ["figures", "timeline", "map", "statements", "contested", "clusters", "framing"],
        [],
    ),
    "an article without figures or dates": (
        no_figures_no_dates,
        ["figures", "contested", "clusters"],
        [],
    ),
    "an article with figures but no date": (
        figures_no_date,
        ["contested", "clusters"],
        ['id="figure-table"'],
    ),
    "a single real article": (
        one_seed,
        ["clusters"],
        ['id="figure-table"', 'id="timeline-chart"', 'class="place"'],
    ),
}


def run_brief(tmp: Path, make: Callable[[Path], list[Path]]) -> BriefRun:
    store = open_store(str(tmp / "brief.db"))
    return build_brief(make(tmp), store, tmp / "out", with_framing=False)


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_a_brief_that_says_what_is_missing(case: str, tmp_path: Path) -> None:
    make, empty_sections, present = CASES[case]
    run = run_brief(tmp_path, make)
    html = run.files.html.read_text("utf-8")
    markdown = run.files.markdown.read_text("utf-8")
    assert run.situation.missing, "a thin corpus must say what it lacks"
    missing = html[
        html.index('id="missing"') : html.index("</section>", html.index('id="missing"'))
    ]
    assert missing.count("<li>") >= len(run.situation.missing)
    assert "## What this brief lacks" in markdown
    for key in empty_sections:
        assert EMPTY[key] in html, key
        assert EMPTY[key] in markdown.replace("\\", ""), key
    for marker in present:
        assert marker in html, marker


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_still_writes_every_export(case: str, tmp_path: Path) -> None:
    run = run_brief(tmp_path, CASES[case][0])
    for path in run.files.all():
        assert path.exists(), path
    geo = json.loads(run.files.places.read_text("utf-8"))
    assert geo["type"] == "FeatureCollection"
    assert all(f["geometry"]["type"] == "Point" for f in geo["features"])
    with run.files.figures.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    figures = sum(len(x.figures) for x in run.situation.facts.values())
    assert len(rows) == figures
    facts = [json.loads(line) for line in run.files.facts.read_text("utf-8").splitlines()]
    assert len(facts) == len(run.situation.facts)


def test_every_citation_of_a_thin_brief_resolves(tmp_path: Path) -> None:
    run = run_brief(tmp_path, one_seed)
    html = run.files.html.read_text("utf-8")
    blob = re.search(r'<script type="application/json" id="brief-data">(.*?)</script>', html)
    assert blob is not None
    data = json.loads(blob.group(1))
    linked = set(re.findall(r'data-cite="(c\d+)"', html))
    assert linked and linked <= set(data["cites"])
    for cite in data["cites"].values():
        body = data["articles"][cite["a"]]["body"]
        s, e = cite["s"]
        assert 0 <= s < e <= len(body)
