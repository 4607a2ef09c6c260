"""brief.md: the brief's content as Markdown: series tables, events, statements by side,
contested pairs, and a footnote for every citation quoting its sentence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from sitroom.report import build_view, render_markdown
from sitroom.report.markdown import md
from sitroom.report.view import claimants_shown, format_interval

from .brief_fixtures import full_situation


@pytest.fixture(scope="module")
def text() -> str:
    return render_markdown(build_view(full_situation()))


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 3)
    return text[start : end if end != -1 else None]


def test_series_table_shows_headline_range_and_contested(text: str) -> None:
    figures = section(text, "Key figures")
    rows = [line for line in figures.splitlines() if line.startswith("| Russian military")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert cells[0] == "Russian military personnel killed **(contested)**"
    assert cells[1].startswith("7,000 [^")  # the most conservative value is the headline
    assert cells[2] == "7,000 – 12,000"
    assert cells[3] == "Ukrainian Ministry of Defence, US"


def test_every_value_of_a_series_is_listed_with_claimant_and_date(text: str) -> None:
    block = text[text.index("### Civilians killed") :]
    block = block[: block.index("\n### ", 5)]
    assert "| 953 (headline) | “953” | UN Human Rights Office (International bodies) |" in block
    assert "| 2,000 | “more than 2,000” | Ukraine (Ukraine) | 2022-03-18 (published) |" in block


def test_every_reference_has_one_footnote_quoting_its_sentence(text: str) -> None:
    body, refs = text.split("## References\n")
    used = set(re.findall(r"\[\^(\d+)\](?!:)", body))
    defined = re.findall(r"^\[\^(\d+)\]: ", refs, flags=re.M)
    assert used and used == set(defined) and len(defined) == len(set(defined))
    assert re.search(
        r"^\[\^\d+\]: bravo, _Western estimates put Russian losses lower_ \(Wire Daily, "
        r"2022-03-17\), characters \d+–\d+: “US officials estimated that about 7,000",
        refs,
        flags=re.M,
    )


def test_statements_are_grouped_by_side_in_a_fixed_order(text: str) -> None:
    heads = re.findall(r"^### (.+)$", section(text, "Who said what"), flags=re.M)
    assert heads == ["Ukraine", "Russia", "The West", "International bodies", "Side not known"]


def test_contested_pair_is_side_by_side(text: str) -> None:
    pair = section(text, "Contested claims")
    assert "| Kremlin (Russia) | UK Ministry of Defence (The West) |" in pair
    assert "“the operation was going to plan” [^" in pair


def test_timeline_lists_events_by_date(text: str) -> None:
    days = re.findall(r"^\*\*(\d+ \w+ \d{4})\*\*$", section(text, "Timeline of events"), re.M)
    assert days == ["11 March 2022", "15 March 2022", "16 March 2022", "18 March 2022"]


def test_untrusted_text_cannot_become_markup(text: str) -> None:
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("[link](x)", "\\[link\\](x)"),
        ("<b>", "&lt;b&gt;"),
        ("line\nbreak", "line break"),
        ("# not a heading", "\\# not a heading"),
        ("AT&T", "AT&amp;T"),
        ("back\\slash `code`", "back\\\\slash \\`code\\`"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


@pytest.mark.parametrize(
    ("with_framing", "present", "absent"),
    [
        (True, ["| Kyiv Ledger | 1 |", "| Harbour Times | 1 |"], ["No framing analysis"]),
        (False, ["No framing analysis was run on these articles."], ["| Outlet |"]),
    ],
)
def test_framing_is_shown_per_outlet_or_said_to_be_absent(
    with_framing: bool, present: list[str], absent: list[str]
) -> None:
    framing = section(
        render_markdown(build_view(full_situation(with_framing))), "Framing by outlet"
    )
    for words in present:
        assert words in framing
    for words in absent:
        assert words not in framing


@pytest.mark.parametrize(
    ("claimants", "shown"),
    [
        (("Ukraine", "the US"), ("Ukraine", "the US")),
        (
            ("Ukraine", "a_2016_story (own voice)", "b_2016_story (own voice)"),
            ("Ukraine", "2 articles in their own voice"),
        ),
        (("c_story (own voice)",), ("1 article in its own voice",)),
        (tuple(f"speaker {k}" for k in range(10)), (*(f"speaker {k}" for k in range(8)), "2 more")),
        (("Daily Express", "the Kremlin"), ("Daily Express", "the Kremlin")),
    ],
    ids=["named", "own-voice-articles-counted", "one-own-voice", "long-list-cut", "outlet"],
)
def test_series_claimants_print_named_voices_and_count_own_voice_articles(
    claimants: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    assert claimants_shown(claimants) == shown


def test_series_range_reaches_the_top_of_a_ranged_value() -> None:
    situation = full_situation()
    series = situation.series[0]
    top = dataclasses.replace(series.points[0], value=50, value_max=100)
    situation.series[0] = dataclasses.replace(series, points=(top,), headline=top)
    row = next(s for s in build_view(situation).series if s.name == series.name)
    assert (row.low, row.high) == ("50", "100")


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [
        (dt.date(2022, 3, 8), None, "8 March 2022"),
        (dt.date(2022, 3, 8), dt.date(2022, 3, 8), "8 March 2022"),
        (dt.date(2014, 1, 1), dt.date(2014, 12, 31), "2014"),
        (dt.date(2022, 3, 1), dt.date(2022, 3, 31), "March 2022"),
        (dt.date(2022, 2, 1), dt.date(2022, 2, 28), "February 2022"),
        (dt.date(2022, 2, 28), dt.date(2022, 3, 6), "28 February 2022 – 6 March 2022"),
        (dt.date(2022, 1, 1), dt.date(2022, 3, 31), "1 January 2022 – 31 March 2022"),
    ],
    ids=["day", "one-day", "year", "month", "short-month", "week", "quarter"],
)
def test_event_date_label_keeps_the_precision_of_its_expression(
    first: dt.date, last: dt.date | None, label: str
) -> None:
    assert format_interval(first, last) == label
