"""Dates: normalised date expressions and the inferred publication date (placeholder)."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from sitroom.records import Article, DateMention, PublicationDate

EXTRACTOR = "dates.v1"


def infer_publication_date(article: Article, doc: Doc) -> PublicationDate:
    if article.published:
        return PublicationDate(
            article.published, (article.published, article.published), "metadata"
        )
    return PublicationDate(None, None, "none")


def extract_dates(article: Article, doc: Doc, published: dt.date | None) -> list[DateMention]:
    return []
