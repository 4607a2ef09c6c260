"""The same store code on PostgreSQL: a server started by the test itself."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from sitroom.ingest import ingest
from sitroom.pipeline import extract_stored
from sitroom.store import MIGRATIONS, Store, open_store

from .conftest import SEEDS, SEMEVAL25
from .postgres_server import pg_bin, postgres_url

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg() -> Iterator[str]:
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; CI installs Debian's postgresql package")
        pytest.skip("PostgreSQL is not installed (Debian package `postgresql`)")
    pytest.importorskip("psycopg")
    with postgres_url() as url:
        yield url


@pytest.fixture
def store(pg: str) -> Iterator[Store]:
    s = open_store(pg)
    yield s
    with s.engine.begin() as conn:  # leave an empty database for the next test
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    s.close()


def test_migrations_run_on_postgres(store: Store) -> None:
    assert store.migrations() == [name for name, _ in MIGRATIONS]


def test_ingest_idempotent_with_duplicates_on_postgres(store: Store) -> None:
    docs = SEMEVAL25 / "documents"
    paths = [SEEDS, docs / "EN_UA_001032.txt", docs / "EN_UA_103251.txt"]
    first = ingest(paths, store)
    assert len(first.originals) == 6 and len(first.duplicates) == 1
    again = ingest(paths, store)
    assert again.stored == [] and len(again.unchanged) == 7
    assert store.count_articles() == (6, 1)
    article = store.get_article(store.resolve("002_c3f2d05589118fa6") or "")
    assert article is not None and article.removed is not None


def test_facts_stored_on_postgres(store: Store) -> None:
    ingest([SEEDS / "000_1de4da174fe004ff.txt"], store)
    assert extract_stored(store) == 1
    [summary] = store.list_articles()
    loaded = store.load_facts(summary.id)
    assert loaded is not None and loaded.article == "000_1de4da174fe004ff"


def test_replacing_an_earlier_cleaning_on_postgres(store: Store) -> None:
    """The replacement runs in one transaction on PostgreSQL too: the copy recorded against
    the old cleaning follows the new one, and the old one's facts go with it."""
    docs = SEMEVAL25 / "documents"
    first = ingest([docs / "EN_UA_001032.txt", docs / "EN_UA_103251.txt"], store)
    [original] = first.originals
    [copy] = first.duplicates
    assert extract_stored(store) == 1
    recleaned = original.with_changes(
        id="0" * 16, body=original.body.rsplit("\n", 1)[0], content_hash="0" * 32
    )
    store.replace_article(original.id, recleaned)
    assert store.get_article(original.id) is None and not store.has_facts(original.id)
    moved = store.get_article(copy.id)
    assert moved is not None and moved.duplicate_of == recleaned.id
    assert store.count_articles() == (1, 1)
