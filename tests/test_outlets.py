"""An article's outlet: from a masthead line, a byline, a copyright line or a web address,
known outlets by their usual name (sitroom.outlets)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from sitroom.ingest import build_article
from sitroom.outlets import canonical_outlet, infer_outlet
from sitroom.records import RemovedLine, SourceDocument

from .conftest import SEEDS


def _article(text: str) -> SourceDocument:
    return SourceDocument(name="t", source="t.txt", text=text)


HEADLINE = "Shelling resumes near the front as talks stall"
BODY = "Officials said the shelling began at dawn and lasted several hours on end."


@pytest.mark.parametrize(
    ("lines", "outlet"),
    [
        ([("header", "Daily Mirror"), HEADLINE, BODY], "Daily Mirror"),
        ([("header", "The Mirror |"), HEADLINE, BODY], "Daily Mirror"),
        ([("header", "Mirror Online reporters"), HEADLINE, BODY], None),
        ([HEADLINE, "By Jane Doe, Express:", BODY], "Daily Express"),
        ([HEADLINE, "By Jane Doe, Valley Courier:", BODY], "Valley Courier"),
        ([HEADLINE, BODY, "© 2022 Reuters. All rights reserved."], "Reuters"),
        ([HEADLINE, BODY, "©2022 Bloomberg L.P."], "Bloomberg"),
        ([HEADLINE, BODY, "Copyright 2023 Valley Courier. All rights reserved."], "Valley Courier"),
        ([HEADLINE, BODY, "Read more at https://www.mirror.co.uk/news/world-news"], "Daily Mirror"),
        ([HEADLINE, BODY, "Read more at https://example-courier.com/world"], "example-courier.com"),
        ([HEADLINE, BODY, "Watch the video at https://www.youtube.com/watch"], None),
        ([HEADLINE, BODY], None),
    ],
    ids=[
        "masthead",
        "masthead-alias",
        "masthead-words-are-not-a-name",
        "byline-known",
        "byline-unknown",
        "copyright",
        "copyright-known-name-in-a-longer-one",
        "copyright-unknown",
        "known-host",
        "unknown-host",
        "social-host-ignored",
        "nothing",
    ],
)
def test_outlet_is_read_from_furniture_or_address(
    lines: list[str | tuple[str, str]], outlet: str | None
) -> None:
    """A (rule, line) pair stands for a line the cleaner removed above the headline."""
    masthead = [RemovedLine(0, *line) for line in lines if isinstance(line, tuple)]
    text = "\n".join(line for line in lines if isinstance(line, str))
    article = build_article(_article(text))
    if masthead:
        article = dataclasses.replace(article, removed=tuple(masthead))
    assert infer_outlet(article) == outlet


@pytest.mark.parametrize(
    ("name", "usual"),
    [
        ("Mirror", "Daily Mirror"),
        ("mirror.co.uk", "Daily Mirror"),
        ("www.express.co.uk", "Daily Express"),
        ("the guardian", "The Guardian"),
        ("MailOnline", "Daily Mail"),
        ("Valley Courier", "Valley Courier"),
    ],
)
def test_known_outlets_get_their_usual_name(name: str, usual: str) -> None:
    assert canonical_outlet(name) == usual


def test_seed_with_a_masthead_line_gets_its_outlet() -> None:
    path = next(SEEDS.glob("001_*.txt"))
    article = build_article(SourceDocument(path.stem, str(path), path.read_text("utf-8")))
    assert infer_outlet(article) == "Daily Mirror"


def test_report_reads_outlets_without_loading_the_nlp_model() -> None:
    code = "import sys, sitroom.report.view; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
