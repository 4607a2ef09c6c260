"""brief.html stays small on big corpora: past a budget the article view holds only the
cited articles, then only their cited paragraphs (one either side, a gap line between),
and every citation still resolves to its sentence. The invented bodies below were
written for these tests; the real case runs the seeds through the pipeline."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sitroom.report import build_view, render_html, write_brief
from sitroom.report import view as view_module
from sitroom.report.view import GAP, excerpt

from .brief_fixtures import seeds_situation

BODY = "\n".join(f"Paragraph {i} says something of its own." for i in range(10))


def para(i: int) -> tuple[int, int]:
    start = BODY.index(f"Paragraph {i} ")
    return start, BODY.index("\n", start) if i < 9 else len(BODY)


@pytest.mark.parametrize(
    ("cited", "context", "kept", "gaps"),
    [
        ([3], 1, [2, 3, 4], 2),  # a gap before and after
        ([0], 1, [0, 1], 1),  # nothing to leave out before the first paragraph
        ([9], 0, [9], 1),
        ([2, 4], 1, [1, 2, 3, 4, 5], 2),  # neighbours merge into one passage
        ([0, 9], 0, [0, 9], 1),
        (list(range(10)), 0, list(range(10)), 0),  # all cited: the whole text
    ],
)
def test_excerpt_keeps_cited_paragraphs_and_marks_gaps(
    cited: list[int], context: int, kept: list[int], gaps: int
) -> None:
    ex = excerpt(BODY, [para(i) for i in cited], context)
    lines = ex.text.split("\n")
    assert [int(x.split()[1]) for x in lines if x != GAP] == kept
    assert lines.count(GAP) == gaps
    for i in kept:
        s, e = para(i)
        assert ex.text[ex.offset(s) : ex.offset(e)] == BODY[s:e]


def test_excerpt_refuses_an_offset_it_left_out() -> None:
    ex = excerpt(BODY, [para(3)], 0)
    with pytest.raises(ValueError):
        ex.offset(para(7)[0])


def page_data(html: str) -> dict[str, Any]:
    blob = re.search(r'<script type="application/json" id="brief-data">(.*?)</script>', html)
    assert blob is not None
    data: dict[str, Any] = json.loads(blob.group(1))
    return data


@pytest.mark.parametrize(
    ("budget", "mode"),
    [(10**9, "whole"), (1, "excerpts")],
)
def test_every_citation_resolves_within_the_budget(
    budget: int, mode: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    situation = seeds_situation()
    monkeypatch.setattr(view_module, "BODY_BUDGET", budget)
    view = build_view(situation)
    data = page_data(render_html(view))
    bodies = {a.name: a.body for a in situation.articles}
    assert view.cites
    for cite in view.cites:
        if cite.sentence_start < 0:
            continue
        entry = data["cites"][cite.id]
        text = data["articles"][entry["a"]]["body"]
        s, e = entry["s"]
        f0, f1 = entry["f"]
        body = bodies[cite.citation.article]
        assert text[s:e] == body[cite.sentence_start : cite.sentence_end], cite.id
        assert text[f0:f1] == body[cite.citation.start : cite.citation.end], cite.id
    shipped = sum(len(a["body"]) for a in data["articles"].values())
    if mode == "whole":
        assert shipped == sum(len(b) for b in bodies.values())
        assert not view.excerpts
    else:
        assert view.excerpts and GAP in view.bodies_note
        assert shipped < sum(len(bodies[n]) for n in data["articles"])
    write_brief(situation, tmp_path)  # and the files are written in either mode
