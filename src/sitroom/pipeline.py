"""The stages run end to end over a store: extract stored articles, build the brief.

The CLI's ``ingest --extract``, ``facts`` and ``brief`` commands call these; library users
can too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sitroom.records import Article, ArticleFacts
from sitroom.store import Store


def extract_stored(
    store: Store,
    *,
    ids: Iterable[str] | None = None,
    only_missing: bool = True,
    on_done: Callable[[Article, ArticleFacts], None] | None = None,
) -> int:
    """Extract facts for stored originals (``ids`` or all) and store them, replacing any
    earlier facts. With ``only_missing``, articles that already have facts are skipped.
    Returns how many articles were extracted."""
    from sitroom.extract import extract

    wanted = set(ids) if ids is not None else None
    todo: list[Article] = []
    for article in store.iter_articles(include_duplicates=False):
        if wanted is not None and article.id not in wanted:
            continue
        if only_missing and store.has_facts(article.id):
            continue
        todo.append(article)
    by_name = {a.name: a for a in todo}
    count = 0
    for result in extract(todo):
        article = by_name[result.article]
        store.save_facts(article.id, result)
        count += 1
        if on_done:
            on_done(article, result)
    return count
