"""Bad input gives a brief that says what is missing, never an error: an empty corpus,
articles with no figures or no dates, a single article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from sitroom.records import Situation
from sitroom.report import write_brief
from sitroom.report.view import EMPTY

from .brief_fixtures import empty_situation, single_article_situation

CASES: dict[str, tuple[Callable[[], Situation], list[str], list[str]]] = {
    # case: (situation, messages the brief must show, sections that must say they are empty)
    "empty corpus": (
        empty_situation,
        ["No articles were given."],
        ["figures", "timeline", "map", "statements", "contested", "clusters"],
    ),
    "one article without figures": (
        lambda: single_article_situation(dated=True),
        ["No figures were found."],
        ["figures", "statements", "contested", "clusters"],
    ),
    "one undated article": (
        lambda: single_article_situation(dated=False),
        ["No figures were found.", "No article gives a date; the timeline is empty."],
        ["figures", "undated", "statements", "contested", "clusters"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_thin_corpus_gives_a_brief_that_says_what_is_missing(case: str, tmp_path: Path) -> None:
    make, notes, empty_sections = CASES[case]
    files = write_brief(make(), tmp_path)
    html = files.html.read_text("utf-8")
    markdown = files.markdown.read_text("utf-8")
    assert 'id="missing"' in html and "## What this brief lacks" in markdown
    for note in notes:
        assert note in html and note in markdown
    for key in empty_sections:
        assert EMPTY[key] in html, key
        assert EMPTY[key] in markdown.replace("\\", ""), key


def test_empty_corpus_still_draws_the_map(tmp_path: Path) -> None:
    html = write_brief(empty_situation(), tmp_path).html.read_text("utf-8")
    assert 'class="country focus"' in html  # Ukraine, with no places on it
    assert 'class="place"' not in html
    assert "Period not known" in html


def test_undated_events_are_counted_not_dropped(tmp_path: Path) -> None:
    html = write_brief(single_article_situation(dated=False), tmp_path).html.read_text("utf-8")
    assert "No event could be dated. 1 event" in html
    assert 'id="timeline-chart"' not in html


def test_single_dated_article_gets_a_readable_timeline(tmp_path: Path) -> None:
    html = write_brief(single_article_situation(dated=True), tmp_path).html.read_text("utf-8")
    assert 'id="timeline-chart"' in html
    assert html.count('class="tick"') >= 5  # a one-day span is padded to a week
    assert "2 July 2022" in html


def test_period_of_undated_articles_is_said_to_come_from_their_events(tmp_path: Path) -> None:
    situation = single_article_situation(dated=False)
    situation.period = (dt.date(2014, 2, 27), dt.date(2014, 3, 18))  # events the text dates
    files = write_brief(situation, tmp_path)
    label = "events dated 27 February 2014 – 18 March 2014 (no article gives its publication date)"
    assert label in files.html.read_text("utf-8")
    assert label in files.markdown.read_text("utf-8")
