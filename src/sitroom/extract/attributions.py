"""Attributions: who said what (placeholder until the extractor lands)."""

from __future__ import annotations

from spacy.tokens import Doc

from sitroom.records import Actor, Article, Attribution

EXTRACTOR = "attributions.v1"


def extract_attributions(article: Article, doc: Doc) -> tuple[list[Attribution], list[Actor]]:
    return [], []
