"""``brief.html``: the brief as one self-contained page.

The page is rendered from ``assets/brief.html.j2`` by Jinja2 with autoescaping on, so
every piece of article text (titles, sentences, speakers, place names) is escaped; the
CSS and JS files of ``assets/`` are inlined as they are, and the article bodies travel
in one JSON blob (``<script type="application/json">``) that the page's script turns
into text nodes on demand. Nothing is fetched: no fonts, scripts or images from
elsewhere.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from sitroom.report.view import BriefView, event_style, quoted, side_label

TITLE = "Situation brief"


def _asset(name: str) -> str:
    return resources.files("sitroom.report").joinpath("assets", name).read_text(encoding="utf-8")


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: _asset(name)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["side_class"] = side_class
    env.filters["side_label"] = side_label
    env.filters["quoted"] = quoted
    return env


def side_class(side: str | None) -> str:
    """CSS class suffix of a side: "ukraine", "russia", "west", "international", ..."""
    return (side or "unknown").lower().replace(" ", "-")


def script_json(data: Any) -> Markup:
    """JSON that is safe inside a ``<script>`` element: no ``</script>``, no ``<!--``,
    no line separators that old parsers choke on."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


def page_data(view: BriefView) -> dict[str, Any]:
    """What the page's script reads: the article texts with their cited spans, and each
    citation's article and offsets (with its sentence when the article is not included)."""
    cites: dict[str, dict[str, Any]] = {}
    for c in view.cites:
        offsets = [c.sentence_start, c.sentence_end, c.citation.start, c.citation.end]
        ex = view.excerpts.get(c.citation.article)
        if ex is not None and c.sentence_start >= 0:
            offsets = [ex.offset(v) for v in offsets]
        entry: dict[str, Any] = {"a": c.citation.article, "s": offsets[:2], "f": offsets[2:]}
        if c.citation.article not in view.article_data:
            entry["t"] = c.citation.sentence
        cites[c.id] = entry
    return {"articles": view.article_data, "cites": cites}


def render_html(view: BriefView, title: str = TITLE) -> str:
    from sitroom import __version__

    template = _environment().get_template("brief.html.j2")
    return template.render(
        view=view,
        o=view.overview,
        title=title,
        version=__version__,
        none_style=event_style(None),
        css=Markup(_asset("brief.css")),
        js=Markup(_asset("brief.js")),
        data_json=script_json(page_data(view)),
    )


__all__ = ["render_html", "script_json", "side_class"]
