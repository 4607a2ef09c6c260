"""Places: gazetteer-first recognition and resolution (placeholder until the extractor lands)."""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.records import Article, Place

EXTRACTOR = "places.v1"


def extract_places(article: Article, doc: Doc) -> list[Place]:
    return []
