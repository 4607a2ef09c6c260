"""Storage: migrations, idempotent re-ingest, atomic articles, facts round trip, and a
killed ingest that a re-run completes."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import SQLAlchemyError

import sitroom.store as store_module
from sitroom.clean import CleanResult, clean_text
from sitroom.errors import StoreError
from sitroom.ingest import clean_paths, ingest
from sitroom.records import (
    Article,
    ArticleFacts,
    Attribution,
    DateMention,
    Figure,
    Place,
    PlaceKind,
    PublicationDate,
    Qualifier,
    RemovedLine,
)
from sitroom.store import (
    MIGRATIONS,
    SYNCHRONOUS_ENV,
    _article_row,
    articles,
    open_store,
    removed_lines,
)

from .conftest import SEEDS, SEMEVAL25


def test_migrations_are_named_and_recorded(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "m.db"))
    assert store.migrations() == [name for name, _ in MIGRATIONS]
    assert store.migrate() == []  # nothing left to apply on a second open


def test_reingest_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    first = ingest([SEEDS], db)
    assert len(first.stored) == 5
    store = open_store(db)
    before = [(s.id, s.chars, s.removed) for s in store.list_articles()]
    second = ingest([SEEDS], db)
    assert second.stored == [] and len(second.unchanged) == 5
    assert [(s.id, s.chars, s.removed) for s in store.list_articles()] == before


def test_articles_are_read_back_with_their_cleaning_audit_when_asked(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    ingest([SEEDS], db)
    store = open_store(db)
    counts = {s.id: s.removed for s in store.list_articles()}
    audited = list(store.iter_articles(with_removed=True))
    assert {a.id: len(a.removed) for a in audited} == counts
    for article in audited:
        assert article.removed == store.get_article(article.id).removed  # type: ignore[union-attr]
    assert all(not a.removed for a in store.iter_articles())


def test_reingest_after_a_cleaning_change_replaces_the_earlier_cleaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same input cleaned by newer rules takes the place of its earlier cleaning (and
    the facts extracted from it) instead of being stored a second time as its near copy."""
    folder = tmp_path / "in"
    folder.mkdir()
    raw = (SEEDS / "001_ada987ad1837c682.txt").read_bytes()
    (folder / "report.txt").write_bytes(raw)
    (folder / "report_copy.txt").write_bytes(raw)
    module = sys.modules["sitroom.ingest"]
    current_rules = module.clean_text

    def older_rules(text: str, title: str | None = None, **kw: Any) -> CleanResult:
        """The current cleaning with the last kept line removed by a rule since dropped."""
        result = current_rules(text, title, **kw)
        last = result.kept[-1]
        dropped = RemovedLine(last.position, "older_rule", last.text)
        return CleanResult(result.title, result.kept[:-1], (*result.removed, dropped))

    db = str(tmp_path / "c.db")
    monkeypatch.setattr(module, "clean_text", older_rules)
    old_original, old_copy = ingest([folder], db).stored
    assert old_copy.duplicate_of == old_original.id
    store = open_store(db)
    store.save_facts(old_original.id, ArticleFacts("report", PublicationDate(None, None, "none")))
    monkeypatch.undo()

    second = ingest([folder], db)
    new_original, new_copy = second.stored
    assert second.replaced == {new_original.id: old_original.id, new_copy.id: old_copy.id}
    assert "2 re-cleaned" in second.summary()
    assert [s.id for s in store.list_articles()] == [new_original.id, new_copy.id]
    assert store.get_article(old_original.id) is None
    assert not store.has_facts(old_original.id)
    stored = store.get_article(new_original.id)
    assert stored is not None and stored.body == clean_text(raw.decode()).body
    assert stored.body.startswith(old_original.body) and len(stored.body) > len(old_original.body)
    assert store.get_article(new_copy.id).duplicate_of == new_original.id  # type: ignore[union-attr]
    third = ingest([folder], db)
    assert third.stored == [] and third.replaced == {} and len(third.unchanged) == 2


def test_article_round_trip_keeps_audit_and_offsets(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    [article] = ingest([SEEDS / "001_ada987ad1837c682.txt"], db).stored
    stored = open_store(db).get_article(article.id)
    assert stored is not None
    assert stored == article.with_changes(removed=stored.removed)
    assert stored.removed == article.removed
    i = stored.body.index("Mariupol")
    j = stored.raw_offset(i)
    assert stored.raw_text[j : j + len("Mariupol")] == "Mariupol"


def test_resolve_by_id_prefix_and_name(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    [article] = ingest([SEEDS / "003_474dacda6a1980da.txt"], db).stored
    store = open_store(db)
    assert store.resolve(article.id) == article.id
    assert store.resolve(article.id[:6]) == article.id
    assert store.resolve("003_474dacda6a1980da") == article.id
    assert store.resolve("nope") is None


def test_facts_round_trip_and_replace(tmp_path: Path) -> None:
    db = str(tmp_path / "f.db")
    [article] = ingest([SEEDS / "000_1de4da174fe004ff.txt"], db).stored
    store = open_store(db)
    body = article.body
    s = body.index("7,000")
    figure = Figure(
        article=article.name,
        start=s - 10,
        end=s + 5,
        sentence="…",
        extractor="figures.v1",
        value=7000,
        value_text=body[s - 10 : s + 5],
        qualifier=Qualifier.MORE_THAN,
        category="casualties",
        detail="killed",
        who="russian_military",
        claimant="US",
    )
    p = body.index("Mariupol")
    place = Place(
        article=article.name,
        start=p,
        end=p + 8,
        sentence="…",
        extractor="places.v1",
        text="Mariupol",
        name="Mariupol",
        kind=PlaceKind.CITY,
        country="UA",
        lat=47.1,
        lon=37.5,
        geonames_id=709930,
    )
    date = DateMention(
        article=article.name,
        start=0,
        end=5,
        sentence="…",
        extractor="dates.v1",
        text="today",
        date=dt.date(2022, 3, 17),
    )
    quote = Attribution(
        article=article.name,
        start=10,
        end=20,
        sentence="…",
        extractor="attributions.v1",
        speaker="Kremlin",
        speaker_text="The Kremlin",
        cue="said",
        direct=True,
        content="x",
    )
    published = PublicationDate(
        dt.date(2022, 3, 17), (dt.date(2022, 3, 17), dt.date(2022, 3, 18)), "weekday"
    )
    result = ArticleFacts(article.name, published, [figure], [quote], [place], [date])
    store.save_facts(article.id, result)
    loaded = store.load_facts(article.id)
    assert loaded is not None
    assert list(loaded.figures) == [figure]
    assert list(loaded.places) == [place]
    assert list(loaded.dates) == [date]
    assert list(loaded.attributions) == [quote]
    assert loaded.published == published
    # re-running replaces, never appends
    store.save_facts(article.id, ArticleFacts(article.name, published, [figure]))
    again = store.load_facts(article.id)
    assert again is not None and list(again.figures) == [figure] and not again.places


def test_unopenable_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(StoreError, match="cannot open the database"):
        open_store(str(tmp_path / "dir.db"))


def test_database_file_in_a_new_folder_gets_the_folder_made(tmp_path: Path) -> None:
    db = tmp_path / "runs" / "today" / "sitroom.db"
    store = open_store(str(db))
    store.close()
    assert db.is_file()


def test_database_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the folder should be\n")
    with pytest.raises(StoreError, match=r"taken/s\.db: cannot make the database's folder"):
        open_store(str(tmp_path / "taken" / "s.db"))


def _big_batch(path: Path, copies: int) -> int:
    """A JSONL batch of distinct articles built at run time from the SemEval texts."""
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for doc in sorted((SEMEVAL25 / "documents").glob("EN_UA_*.txt")):
                title, _, body = doc.read_text(encoding="utf-8").partition("\n")
                out.write(
                    json.dumps({"id": f"{doc.stem}-{k}", "title": f"{title} [{k}]", "text": body})
                    + "\n"
                )
                n += 1
    return n


def _count(db: Path) -> int:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("select count(*) from articles")).scalar() or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def _raw_rows(db: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` as SQLite holds it: each value with its storage class."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            columns = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
            select = ", ".join(f"{c}, typeof({c})" for c in columns)
            return [tuple(r) for r in conn.exec_driver_sql(f"SELECT {select} FROM {table}")]
    finally:
        engine.dispose()


def test_article_rows_are_written_as_sqlalchemy_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-article writes compiled once and run on the driver's cursor store the same
    values, in the same storage classes (dates as text, similarity as real, signature as
    blob), as SQLAlchemy's own insert; a long audit with non-ASCII lines comes back whole
    and in order."""
    [seed] = [
        a for a in clean_paths([SEEDS / "001_ada987ad1837c682.txt"]) if isinstance(a, Article)
    ]
    audit = tuple(
        RemovedLine(position, f"rule_{position % 3}", f"line {position}: Київ — “quoted” ﬁ")
        for position in range(0, 120, 3)
    )
    article = seed.with_changes(
        published=dt.date(2022, 3, 14),
        url="https://example.org/a",
        outlet="Example Daily",
        language="en",
        similarity=0.875,
        duplicate_kind="near",
        removed=audit,
    )
    signature = bytes(range(256)) * 2
    monkeypatch.setattr("sitroom.store._now", lambda: dt.datetime(2024, 5, 6, 7, 8, 9, 10, dt.UTC))

    prepared = open_store(str(tmp_path / "p.db"))
    prepared.save_article(article, signature)
    assert prepared.get_article(article.id) == article
    prepared.close()

    core = open_store(str(tmp_path / "c.db"))
    with core.engine.begin() as conn:
        conn.execute(insert(articles), {**_article_row(article, signature), "seq": 1})
        conn.execute(
            insert(removed_lines),
            [
                {"article_id": article.id, "position": r.position, "rule": r.rule, "line": r.line}
                for r in audit
            ],
        )
    core.close()
    for table in ("articles", "removed_lines"):
        assert _raw_rows(tmp_path / "p.db", table) == _raw_rows(tmp_path / "c.db", table)


@pytest.mark.parametrize("form", ["on conflict", "standard"])
def test_saving_a_stored_article_again_changes_nothing_and_new_ones_come_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """Both forms of the write-if-new statement: SQLite's and PostgreSQL's ON CONFLICT, and
    the INSERT ... SELECT ... WHERE NOT EXISTS kept for other databases (run on SQLite)."""
    if form == "standard":
        statement = store_module._insert_new_article("another database")
        monkeypatch.setattr(store_module, "_insert_new_article", lambda _dialect: statement)
    db = str(tmp_path / "o.db")
    first, second, third = [a for a in clean_paths([SEEDS]) if isinstance(a, Article)][:3]
    store = open_store(db)
    store.save_article(first)
    store.save_article(first)
    store.close()
    store = open_store(db)  # a later run goes on from the stored places
    with store.writing():
        store.save_article(second)
        store.save_article(first)
        store.save_article(third)
    assert [s.id for s in store.list_articles()] == [first.id, second.id, third.id]
    assert [s.removed for s in store.list_articles()] == [
        len(a.removed) for a in (first, second, third)
    ]
    with store.engine.connect() as conn:
        places = conn.exec_driver_sql("SELECT seq FROM articles ORDER BY seq").scalars().all()
    assert places == [1, 2, 3]


@pytest.mark.parametrize(
    ("argument", "env", "level"),
    [
        (None, None, 1),  # NORMAL: the default
        ("FULL", None, 2),
        (None, "full", 2),
        ("normal", "FULL", 1),  # the argument wins over the environment
        (None, "OFF", 0),
    ],
)
def test_sqlite_log_sync_is_normal_unless_configured(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argument: str | None,
    env: str | None,
    level: int,
) -> None:
    if env is None:
        monkeypatch.delenv(SYNCHRONOUS_ENV, raising=False)
    else:
        monkeypatch.setenv(SYNCHRONOUS_ENV, env)
    store = open_store(str(tmp_path / "s.db"), sqlite_synchronous=argument)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == level
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_unknown_sqlite_sync_setting_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="'SOMETIMES' is not one of OFF, NORMAL, FULL, EXTRA"):
        open_store(str(tmp_path / "s.db"), sqlite_synchronous="sometimes")


def test_writes_on_a_held_connection_commit_article_by_article(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = open_store(str(db))
    first, second = [a for a in clean_paths([SEEDS]) if isinstance(a, Article)][:2]
    # Two audit lines at one position: the second insert fails inside the transaction.
    broken = second.with_changes(removed=(RemovedLine(0, "x", "a"), RemovedLine(0, "x", "b")))
    with store.writing():
        store.save_article(first)
        assert _count(db) == 1  # committed: another connection sees it
        with pytest.raises(SQLAlchemyError):
            store.save_article(broken)
        assert not store.has_article(broken.id)  # nothing of it stored, not even its row
        store.save_article(second)  # the held connection goes on
        assert _count(db) == 2
    assert store.get_article(second.id) == second


def test_ingest_closes_the_store_it_opened(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest([SEEDS], str(db))
    assert not Path(f"{db}-wal").exists()  # the last connection closed checkpoints the log
    store = open_store(str(db))
    ingest([SEEDS], store)  # a store passed in stays open
    assert store.count_articles() == (5, 0)


def test_killed_ingest_leaves_whole_articles_and_rerun_completes(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    total = _big_batch(batch, copies=8)
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitroom", "ingest", str(batch), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while _count(db) < 50 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db)
    assert 0 < stored_at_kill < total, "the ingest should have been killed mid-batch"

    # Every stored article is whole: its cleaning audit is all there.
    store = open_store(str(db))
    for article in store.iter_articles(include_duplicates=True):
        full = store.get_article(article.id)
        assert full is not None
        assert len(full.removed) == len(clean_text(full.raw_text, full.title).removed)

    report = ingest([batch], str(db))
    assert len(report.unchanged) == stored_at_kill
    assert sum(store.count_articles()) == total
