"""brief.html: self-contained (nothing fetched), escaped (article text never becomes
markup), every citation resolvable to its sentence, every section present."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from sitroom.records import Citation
from sitroom.report import build_view, render_html
from sitroom.report.html import script_json
from sitroom.report.view import (
    EMPTY,
    bin_days,
    chart_window,
    format_amount,
    format_number,
    locate_sentence,
    quoted,
)

from .brief_fixtures import INJECTION, articles, full_situation


class Page(HTMLParser):
    """Collects tags, attributes and the text of script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.styles: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))
        self._style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        self._style = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(build_view(full_situation()))


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    parser = Page()
    parser.feed(html)
    parser.close()
    return parser


def data_of(page: Page) -> dict[str, Any]:
    (text,) = [t for a, t in page.scripts if a.get("id") == "brief-data"]
    data: dict[str, Any] = json.loads(text)
    return data


def test_page_fetches_nothing(page: Page, html: str) -> None:
    fetching = {"img", "link", "iframe", "object", "embed", "video", "audio", "source", "image"}
    assert not [t for t, _ in page.tags if t in fetching]
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        for name in ("href", "xlink:href", "action", "srcset", "poster"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith("#"), f"<{tag} {name}={value!r}> leaves the page"
    style = "".join(page.styles)
    assert "@import" not in style
    assert re.findall(r"url\(([^)]*)\)", style) == ["#hatch"]
    assert not re.search(r"https?://", style)
    code = [t for a, t in page.scripts if a.get("type") != "application/json"]
    assert len(code) == 1 and not re.search(r"https?://|fetch\(|XMLHttpRequest|import\(", code[0])


def test_untrusted_text_is_escaped(html: str, page: Page) -> None:
    assert INJECTION not in html
    assert "<img" not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html  # shown as text
    assert html.count("<script") == 2 and html.count("</script>") == 2  # no breakout
    data = data_of(page)
    assert INJECTION in data["articles"]["charlie"]["body"]  # intact once parsed


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script><script>alert(1)</script>", "\\u003c/script\\u003e"),
        ("<!-- x", "\\u003c!-- x"),
        ("a\u2028b", "a\\u2028b"),
        ("Tom & Jerry", "Tom \\u0026 Jerry"),
    ],
)
def test_script_json_cannot_close_its_element(value: str, expected: str) -> None:
    text = str(script_json({"t": value}))
    assert "<" not in text and expected in text
    assert json.loads(text) == {"t": value}


@pytest.mark.parametrize(
    "section", ["figures", "timeline", "map", "statements", "contested", "clusters", "framing"]
)
def test_every_section_is_present(page: Page, section: str) -> None:
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert section in ids


def test_every_citation_resolves_to_its_sentence(page: Page) -> None:
    data = data_of(page)
    linked = {a["data-cite"] for _, a in page.tags if a.get("data-cite")}
    assert linked and linked <= set(data["cites"])
    bodies = {name: a.body for name, a in articles().items()}
    for cid, cite in data["cites"].items():
        body = bodies[cite["a"]]
        s, e = cite["s"]
        f0, f1 = cite["f"]
        assert 0 <= s <= f0 <= f1 <= e <= len(body), cid
        assert "\n" not in body[s:e]  # one sentence (a line of the fixture)
        assert data["articles"][cite["a"]]["body"] == body


def test_figure_table_lists_headline_and_every_claimant(html: str) -> None:
    table = html[
        html.index('id="figure-table"') : html.index("</table>", html.index('class="points"'))
    ]
    assert "Civilians killed" in table
    for claimant in ("UN Human Rights Office", "Ukraine"):
        assert claimant in table
    assert 'class="badge contested"' in table


def test_map_draws_ukraine_places_and_legend(html: str) -> None:
    svg = html[html.index('id="map-svg"') : html.index("</svg>", html.index('id="map-svg"'))]
    assert svg.count('class="country focus"') == 1
    assert svg.count('class="place"') == 4  # Washington is beyond the map, Donbas unlocated
    assert ">Kharkiv</text>" in svg
    assert "Beyond the map" in html and "Washington (1)" in html


def test_html_without_framing_says_framing_is_absent() -> None:
    html = render_html(build_view(full_situation(with_framing=False)))
    section = html[html.index('id="framing"') :]
    section = section[: section.index("</section>")]
    assert EMPTY["framing"] in section
    assert "<table" not in section


@pytest.mark.parametrize(
    ("value", "currency", "unit", "value_max", "text"),
    [
        (7000, None, None, None, "7,000"),
        (3_500_000, None, None, None, "3.5 million"),
        (800_000_000, "USD", None, None, "$800 million"),
        (1_200_000_000, "EUR", None, None, "€1.2 billion"),
        (50, None, "km", 100, "50–100 km"),
        (12.5, "UAH", None, None, "UAH 12.5"),
    ],
)
def test_format_amount(
    value: float, currency: str | None, unit: str | None, value_max: float | None, text: str
) -> None:
    assert format_amount(value, currency, unit, value_max) == text


def test_format_number_of_nan_is_empty() -> None:
    assert format_number(float("nan")) == ""


@pytest.mark.parametrize(
    ("start", "end", "sentence", "expected"),
    [
        (4, 7, "Same words.", (0, 11)),  # the occurrence that holds the span
        (14, 16, "Same words.", (12, 23)),  # the second occurrence
        (25, 27, "Same words.", (12, 23)),  # none holds it: the nearest
        (24, 29, "Not in the text.", (24, 29)),  # not found: the span itself
        (24, 99, "", (24, 29)),  # offsets past the end are clamped
    ],
)
def test_locate_sentence(start: int, end: int, sentence: str, expected: tuple[int, int]) -> None:
    body = "Same words. Same words. other"
    assert locate_sentence(body, Citation("x", "x", start, end, sentence)) == expected


MARCH = [dt.date(2022, 3, d) for d in range(1, 31)]


@pytest.mark.parametrize(
    ("days", "period", "window"),
    [
        # one event recalled from 2014 stays off the axis of a March 2022 brief
        ([dt.date(2014, 1, 1), *MARCH], (MARCH[7], MARCH[19]), (MARCH[0], MARCH[-1])),
        # without a reporting period the middle 90% of the events set it
        ([dt.date(2014, 1, 1), *MARCH], None, (MARCH[0], MARCH[-1])),
        # a reporting period stretched by misread dates (1975-2030) is not trusted
        (
            [dt.date(1975, 4, 4), *MARCH, dt.date(2030, 4, 1)],
            (dt.date(1975, 4, 4), dt.date(2030, 4, 1)),
            (MARCH[0], MARCH[-1]),
        ),
        # a plausible period keeps its late events on the axis
        (
            [*MARCH, dt.date(2022, 7, 12)],
            (MARCH[0], dt.date(2022, 7, 12)),
            (
                MARCH[0],
                dt.date(2022, 7, 12),
            ),
        ),
        # events all inside the period: the axis is theirs
        (MARCH[3:9], (MARCH[0], MARCH[-1]), (MARCH[3], MARCH[8])),
        # every event far from the period: show them all rather than nothing
        (
            [dt.date(2014, 1, 1), dt.date(2014, 2, 1)],
            (MARCH[0], MARCH[-1]),
            (
                dt.date(2014, 1, 1),
                dt.date(2014, 2, 1),
            ),
        ),
    ],
)
def test_timeline_axis_covers_the_reporting_period(
    days: list[dt.date], period: tuple[dt.date, dt.date] | None, window: tuple[dt.date, dt.date]
) -> None:
    assert chart_window(days, period) == window


def test_an_event_years_before_goes_to_the_earlier_column() -> None:
    situation = full_situation()
    old = dataclasses.replace(situation.events[0], date=dt.date(2014, 2, 27))
    situation.events = [*situation.events, old]
    chart = build_view(situation).timeline.chart
    assert chart is not None
    labels = [label for _, label in chart.ticks]
    assert labels[0] == "earlier" and "2014" not in " ".join(labels)
    (dot,) = [d for d in chart.dots if "2014" in d.tooltip]
    assert dot.x < min(x for x, label in chart.ticks if label != "earlier")


@pytest.mark.parametrize(("span", "days"), [(6, 1), (120, 1), (121, 7), (730, 7), (1500, 30)])
def test_timeline_gathers_days_weeks_or_months(span: int, days: int) -> None:
    assert bin_days(span) == days


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        ("it was going to plan", "“it was going to plan”"),
        ("“It has largely stalled,”", "“It has largely stalled,”"),
        ('"We will not give up"', "“We will not give up”"),
        ("the talks were “productive”", "“the talks were ‘productive’”"),
        ("“It has “largely stalled” on all fronts,", "“It has ‘largely stalled’ on all fronts,”"),
        ("  spread over\n two lines ", "“spread over two lines”"),
    ],
)
def test_statements_are_quoted_once(content: str, shown: str) -> None:
    assert quoted(content) == shown
