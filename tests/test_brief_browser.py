"""brief.html in a real browser: headless Chromium (Debian's ``chromium``) driven by
Playwright. The map, the timeline and the figure table are visible; clicking a
citation opens the article view with the cited sentence highlighted and in view; the
console stays free of errors; untrusted text never runs. Screenshots go to
``artifacts/`` (git-ignored).

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium``; or set SITROOM_CHROMIUM).
Without it the tests are skipped on a developer's machine and fail in CI (``CI`` set).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitroom.report import view as view_module
from sitroom.report import write_brief
from sitroom.report.view import EMPTY, build_view

from .brief_fixtures import (
    INJECTION,
    empty_situation,
    full_situation,
    seeds_situation,
    single_article_situation,
)
from .conftest import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("SITROOM_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "artifacts"
# No sandbox (containers, root), no GPU, and nothing that phones home: the page must
# work with the network closed.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Browser:
    """One Chromium for the module, a fresh page per brief, console and errors recorded."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []

    def open(self, html: Path) -> Any:
        """A new page on ``html``; what earlier pages logged is forgotten."""
        self.problems, self.dialogs, self.requests = [], [], []
        page = self.context.new_page()
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        return page


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a new, empty user-data-dir
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=LAUNCH_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield Browser(context)
        finally:
            context.close()


@pytest.fixture(scope="module")
def fixture_brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_brief(full_situation(), tmp_path_factory.mktemp("fixture-brief")).html


def assert_clean(browser: Browser, html: Path) -> None:
    assert browser.problems == [], browser.problems
    assert browser.dialogs == [], f"a script ran: {browser.dialogs}"
    outside = [u for u in browser.requests if u != html.as_uri()]
    assert outside == [], f"the page fetched {outside}"


def active_sentence(page: Any) -> str:
    return "".join(page.locator("#av-body mark.active").all_text_contents())


def in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    viewport = page.viewport_size
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def test_map_timeline_and_figure_table_are_visible(browser: Browser, fixture_brief: Path) -> None:
    page = browser.open(fixture_brief)
    for selector in ("#figure-table", "#timeline-chart", "#map-svg", "#statements", "#contested"):
        assert page.locator(selector).is_visible(), selector
    ukraine = page.locator("#map-svg path.country.focus").bounding_box()
    assert ukraine["width"] > 300 and ukraine["height"] > 150
    assert page.locator("#map-svg circle.place").count() == 4
    assert page.locator("#timeline-chart circle.tdot").count() == 5
    assert page.locator("#figure-table tbody.series-group").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "brief-fixture.png"), full_page=True)
    assert_clean(browser, fixture_brief)
    page.close()


@pytest.mark.parametrize(
    ("selector", "sentence"),
    [
        (
            "#figure-table a.cite >> nth=0",
            "The UN said it counted 953 civilian deaths, a figure it called an undercount.",
        ),
        (
            "#contested a.cite >> nth=1",
            "The UK Ministry of Defence said the offensive had stalled on most fronts.",
        ),
        (
            "#map-svg circle.place >> nth=0",
            "Shelling hit residential districts of Kharkiv on Tuesday, officials said.",
        ),
        (
            "#timeline-chart circle.tdot >> nth=-1",
            "Shelling resumed in Kharkiv overnight, the regional governor said.",
        ),
    ],
)
def test_clicking_a_citation_shows_its_sentence(
    browser: Browser, fixture_brief: Path, selector: str, sentence: str
) -> None:
    page = browser.open(fixture_brief)
    assert page.locator("#article-view").is_hidden()
    page.locator(selector).click()
    page.wait_for_selector("#article-view mark.active", state="visible")
    assert page.locator("#article-view").is_visible()
    assert active_sentence(page) == sentence
    assert in_view(page, "#av-body mark.active")
    page.keyboard.press("Escape")
    assert page.locator("#article-view").is_hidden()
    assert_clean(browser, fixture_brief)
    page.close()


def test_article_view_steps_through_an_articles_citations(
    browser: Browser, fixture_brief: Path
) -> None:
    page = browser.open(fixture_brief)
    page.locator("#figure-table a.cite >> nth=0").click()
    first = active_sentence(page)
    position = page.locator("#av-pos").text_content()
    assert re.fullmatch(r"citation \d+ of \d+ in this article", position or "")
    page.locator("#av-next").click()
    assert page.locator("#av-pos").text_content() != position
    page.locator("#av-prev").click()
    assert active_sentence(page) == first
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "brief-article-view.png"))
    assert_clean(browser, fixture_brief)
    page.close()


def test_untrusted_text_is_shown_never_run(browser: Browser, fixture_brief: Path) -> None:
    page = browser.open(fixture_brief)
    assert page.locator("#statements").inner_text().count(INJECTION) == 1
    page.locator('a.art[data-article="charlie"] >> nth=0').click()
    assert INJECTION in page.locator("#av-body").inner_text()
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2
    assert_clean(browser, fixture_brief)
    page.close()


@pytest.mark.parametrize(
    ("budget", "shot"),
    [(None, "brief-seeds"), (1, "brief-seeds-excerpts")],
)
def test_seeds_brief_in_the_browser(
    browser: Browser,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    budget: int | None,
    shot: str,
) -> None:
    """The seeds through the real pipeline: every section is there, and a citation from
    each of the figure table, the timeline, the map and the contested claims opens its
    sentence, with whole bodies and with bodies cut to the cited passages."""
    if budget is not None:
        monkeypatch.setattr(view_module, "BODY_BUDGET", budget)
    situation = seeds_situation()
    html = write_brief(situation, tmp_path).html
    view = build_view(situation)
    bodies = {a.name: a.body for a in situation.articles}
    page = browser.open(html)
    for selector in ("#figure-table", "#timeline-chart", "#map-svg path.country.focus"):
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator("#map-svg circle.place").count() >= 10
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    cites = {c.id: c for c in view.cites}
    clicked = 0
    # the map's last circle is the smallest, drawn on top of any it overlaps
    for selector in (
        "#figure-table a.cite >> nth=0",
        "#timeline-chart circle.tdot >> nth=0",
        "#map-svg circle.place >> nth=-1",
        "#contested a.cite >> nth=0",
    ):
        target = page.locator(selector)
        if not target.count():
            continue
        cite = cites[target.get_attribute("data-cite") or ""]
        target.click()
        page.wait_for_selector("#article-view mark.active", state="visible")
        body = bodies[cite.citation.article]
        expected = body[cite.sentence_start : cite.sentence_end].replace("\n", "")
        assert active_sentence(page) == expected, selector
        assert in_view(page, "#av-body mark.active"), selector
        if clicked == 0:
            page.screenshot(path=str(ARTIFACTS / f"{shot}-article-view.png"))
        page.keyboard.press("Escape")
        clicked += 1
    assert clicked >= 3
    assert_clean(browser, html)
    page.close()


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("empty", empty_situation),
        ("undated", lambda: single_article_situation(dated=False)),
    ],
)
def test_thin_brief_says_what_is_missing_in_the_browser(
    browser: Browser, tmp_path: Path, case: str, make: Any
) -> None:
    html = write_brief(make(), tmp_path).html
    page = browser.open(html)
    assert page.locator("#missing").is_visible()
    assert page.locator("#map-svg path.country.focus").is_visible()
    assert EMPTY["figures"] in page.locator("#figures").inner_text()
    assert EMPTY["framing"] in page.locator("#framing").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"brief-{case}.png"), full_page=True)
    assert_clean(browser, html)
    page.close()
