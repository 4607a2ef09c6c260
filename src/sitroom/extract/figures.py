"""Figures: numbers that state facts about the war (placeholder until the extractor lands)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from sitroom.records import Article, Attribution, Figure

EXTRACTOR = "figures.v1"


def extract_figures(article: Article, doc: Doc) -> list[Figure]:
    return []


def assign_claimants(
    figures: Sequence[Figure], attributions: Sequence[Attribution]
) -> list[Figure]:
    return list(figures)
