"""Shared, cached parses of real articles for the extraction tests (figures, places).

Articles are read from the shared corpora at run time (never copied into the repository),
cleaned with ``sitroom.ingest`` and parsed with the project's spaCy pipeline once per
test process, however many test modules ask for them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from spacy.tokens import Doc

from sitroom.ingest import build_article, read_file
from sitroom.nlp import parse
from sitroom.records import Article


def read_article(path: Path) -> Article:
    items = list(read_file(path))
    assert len(items) == 1 and not isinstance(items[0], Exception), path
    return build_article(items[0])


@functools.cache
def parsed(paths: tuple[Path, ...]) -> tuple[tuple[Article, Doc], ...]:
    """(article, parse) for every path, parsed in one batch."""
    articles = [read_article(p) for p in paths]
    docs = list(parse(a.body for a in articles))
    return tuple(zip(articles, docs, strict=True))


def synthetic(body: str, name: str = "synthetic") -> Article:
    """An article made of sentences written for a test (no corpus text)."""
    return Article(id=name, name=name, title="", body=body, raw_text=body, content_hash=name)
