"""Extraction: from a cleaned article to the facts an analyst needs, each with its span.

``extract(articles)`` parses the bodies in batches with spaCy (loaded once) and runs
every extractor over each parse:

* :mod:`.dates`: the publication date (metadata, else inferred from the text) and the
  date expressions normalised against it;
* :mod:`.places`: gazetteer-first place mentions with coordinates;
* :mod:`.attributions`: direct and reported speech with canonical speakers, and the
  actor mentions found on the way;
* :mod:`.figures`: numeric facts, whose claimant comes from the attribution whose
  content holds them;
* :mod:`.events`: typed events (strikes, advances, captures, ...) with actor, target,
  place and date taken from the facts above.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from sitroom.extract import attributions as _attributions
from sitroom.extract import dates as _dates
from sitroom.extract import events as _events
from sitroom.extract import figures as _figures
from sitroom.extract import places as _places
from sitroom.extract.attributions import extract_attributions
from sitroom.extract.dates import extract_dates, infer_publication_date
from sitroom.extract.events import extract_events
from sitroom.extract.figures import assign_claimants, extract_figures
from sitroom.extract.places import extract_places
from sitroom.nlp import PARSE_VERSION, doc_text, parse
from sitroom.records import Article, ArticleFacts

# The versions of every extractor; stored with the facts so stale ones are re-extracted.
EXTRACTION_VERSION = "+".join(
    [
        *sorted(m.EXTRACTOR for m in (_attributions, _dates, _events, _figures, _places)),
        PARSE_VERSION,
    ]
)


def extract_one(article: Article, doc: Doc) -> ArticleFacts:
    """Run every extractor over one parsed article (``doc.text == article.body``)."""
    if doc_text(doc) != article.body:
        raise ValueError(f"{article.name}: the parse is not of this article's body")
    published = infer_publication_date(article, doc)
    dates = extract_dates(article, doc, published.date)
    places = extract_places(article, doc)
    attributions, actors = extract_attributions(article, doc)
    figures = assign_claimants(extract_figures(article, doc), attributions)
    events = extract_events(
        article, doc, places=places, dates=dates, actors=actors, published=published.date
    )
    return ArticleFacts(
        article=article.name,
        published=published,
        figures=figures,
        attributions=attributions,
        places=places,
        dates=dates,
        actors=actors,
        events=events,
    )


def extract(articles: Iterable[Article], batch_size: int = 16) -> Iterator[ArticleFacts]:
    """Extract facts from articles, parsing them in batches."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, batch_size)
            batch = []
    if batch:
        yield from _extract_batch(batch, batch_size)


def _extract_batch(batch: list[Article], batch_size: int) -> Iterator[ArticleFacts]:
    for article, doc in zip(batch, parse((a.body for a in batch), batch_size), strict=True):
        facts = extract_one(article, doc)
        # Extractors cache analyses on the Doc, which refer back to it: break the cycle so
        # the Doc is freed now rather than by a late full garbage collection (peak memory
        # then stays flat however long the stream).
        doc.user_data.clear()
        yield facts


__all__ = ["EXTRACTION_VERSION", "extract", "extract_one"]
