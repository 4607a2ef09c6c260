"""Storage: one module hides SQLite (the default) or PostgreSQL.

Everything goes through SQLAlchemy Core, so a ``postgresql://`` URL works with the same
code. The schema is built by named migrations, each run in a transaction and recorded
in ``schema_migrations``; opening a store applies the ones not yet recorded.

Writes are per article: :meth:`Store.save_article` stores an article and its cleaning
audit in one transaction, :meth:`Store.save_facts` replaces an article's facts in one
transaction. A process killed mid-batch leaves whole articles or none. An ingest holds one
connection for its batch (:meth:`Store.writing`); each article is still committed alone.

SQLite runs with a write-ahead log and ``synchronous=NORMAL`` by default: a committed
article survives a killed process; an OS crash or power loss can roll back the articles
committed since the log was last synced (at its checkpoints, every 1,000 pages of log by
SQLite's default: about 100 articles, at about 10 pages written per article), never half of
one, and running the ingest again stores them. ``SITROOM_SQLITE_SYNCHRONOUS=FULL`` (or
``open_store(..., sqlite_synchronous="FULL")``) syncs the log at every commit, so every
committed article also survives a power loss, at the price of one disk flush per article.

The per-article writes (:meth:`Store.save_article`) are compiled once per store by
SQLAlchemy for its dialect and run on the driver's cursor inside SQLAlchemy's transaction
(:class:`_Prepared`); everything else goes through SQLAlchemy's usual execution.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    inspect,
    make_url,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql as postgresql_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.sql.dml import Insert

from sitroom.errors import StoreError
from sitroom.records import (
    Article,
    ArticleFacts,
    Fact,
    PublicationDate,
    RemovedLine,
    fact_from_row,
    fact_kind,
    fact_to_row,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(500), nullable=False, index=True),
    Column("source", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("raw_text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("offset_map", Text, nullable=False),  # JSON [[body_offset, raw_offset], ...]
    Column("url", Text),
    Column("published", Date),
    Column("outlet", String(200)),
    Column("language", String(20)),
    Column("duplicate_of", String(32), ForeignKey("articles.id")),
    Column("duplicate_kind", String(10)),
    Column("similarity", Float),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("seq", Integer, nullable=False, index=True),  # ingestion order
)

removed_lines = Table(
    "removed_lines",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("position", Integer, primary_key=True),
    Column("rule", String(100), nullable=False),
    Column("line", Text, nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("published", Date),
    Column("window_start", Date),
    Column("window_end", Date),
    Column("published_source", String(50)),
    Column("published_evidence", Text),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    Column("version", String(200)),  # added by 0003_extraction_version
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("extractor", String(50), nullable=False),
    Column("data", Text, nullable=False),  # JSON: the record's fields
    Index("ix_facts_article_kind", "article_id", "kind"),
)


# Statements built once. The per-article writes among them are compiled once per store
# (:class:`_Prepared`), so each article pays for its parameters only.
_SELECT_ID = select(articles.c.id).where(articles.c.id == bindparam("id"))
_ARTICLE_FIELDS = [c.name for c in articles.c if c.name != "seq"]
_NEXT_SEQ = select(func.coalesce(func.max(articles.c.seq), 0) + 1).scalar_subquery()


@functools.cache
def _insert_new_article(dialect: str) -> Insert:
    """An article written unless its id is stored, at the next place in the ingestion order:
    the check, the place and the write in one statement, so nothing comes between them.
    ``INSERT ... ON CONFLICT (id) DO NOTHING`` where the database has it (SQLite, PostgreSQL);
    else ``INSERT ... SELECT ... WHERE NOT EXISTS``, which SQLite runs through a temporary
    copy of the row (the SELECT reads the table written), about 0.05 ms an article more."""
    if dialect == "sqlite":
        lite = sqlite_dialect.insert(articles).values(seq=_NEXT_SEQ)
        return lite.on_conflict_do_nothing(index_elements=["id"])
    if dialect == "postgresql":
        pg = postgresql_dialect.insert(articles).values(seq=_NEXT_SEQ)
        return pg.on_conflict_do_nothing(index_elements=["id"])
    return insert(articles).from_select(
        [*_ARTICLE_FIELDS, "seq"],
        select(
            *(bindparam(name, type_=articles.c[name].type) for name in _ARTICLE_FIELDS),
            _NEXT_SEQ,
        ).where(~exists().where(articles.c.id == bindparam("id"))),
    )


_INSERT_ARTICLE = insert(articles)
_INSERT_REMOVED = insert(removed_lines)


def _create_tables(*tables: Table) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        for table in tables:
            table.create(conn, checkfirst=True)

    return run


# Named migrations, applied in order, each in its own transaction. Append, never edit.
def _add_extraction_version(conn: Connection) -> None:
    columns = {c["name"] for c in inspect(conn).get_columns("extractions")}
    if "version" not in columns:  # 0002 on a fresh database already creates it
        conn.execute(text("ALTER TABLE extractions ADD COLUMN version VARCHAR(200)"))


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("0001_articles", _create_tables(articles, removed_lines)),
    ("0002_facts", _create_tables(extractions, facts)),
    ("0003_extraction_version", _add_extraction_version),
]


class _Prepared:
    """A per-article write compiled once for the store's dialect and run on the DBAPI cursor
    of a connection SQLAlchemy holds, inside SQLAlchemy's transaction: the SQL and the
    parameter conversions are SQLAlchemy's own (``?`` and date strings for SQLite,
    ``%(name)s::TYPE`` for PostgreSQL), without its work per execution (cache lookup,
    execution context, result object), which had been about half the time of storing an
    article. Driver errors come out as SQLAlchemy's (``IntegrityError`` and so on)."""

    def __init__(self, statement: Insert, dialect: Dialect, columns: list[str]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=columns)
        self.sql = compiled.string
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        names = list(compiled.positiontup or ()) if dialect.positional else list(binds)
        # (parameter, whether the caller gives it, else the value the statement holds,
        # conversion for the driver or None)
        self._slots = [
            (
                name,
                binds[name].required,
                binds[name].value,
                binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in names
        ]
        self._keys = [compiled.escaped_bind_names.get(name, name) for name in names]
        self._positional = dialect.positional
        self._dialect = dialect
        self._error: type[Exception] = dialect.loaded_dbapi.Error

    def _args(self, params: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        values = []
        for name, given, fixed, convert in self._slots:
            value = params[name] if given else fixed
            values.append(value if convert is None else convert(value))
        return tuple(values) if self._positional else dict(zip(self._keys, values, strict=True))

    def run(self, conn: Connection, params: dict[str, Any] | list[dict[str, Any]]) -> int:
        cursor = conn.connection.cursor()
        try:
            if isinstance(params, list):
                rows: list[Any] = [self._args(p) for p in params]
                cursor.executemany(self.sql, rows)
            else:
                cursor.execute(self.sql, self._args(params))
            return int(cursor.rowcount)
        except self._error as exc:
            raise DBAPIError.instance(
                self.sql,
                params,
                exc,
                self._error,
                dialect=self._dialect,
                ismulti=isinstance(params, list),
            ) from exc
        finally:
            cursor.close()


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    name: str
    title: str
    published: dt.date | None
    outlet: str | None
    duplicate_of: str | None
    duplicate_kind: str | None
    chars: int
    removed: int
    facts: int


class Store:
    """A sitroom database."""

    def __init__(self, url: str, *, sqlite_synchronous: str | None = None) -> None:
        self.url = url
        self._writer: Connection | None = None  # held by writing()
        self._prepared: dict[Insert, _Prepared] = {}  # per-article writes, compiled once
        try:
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                pragmas = _sqlite_pragmas(sqlite_synchronous)
                event.listen(self.engine, "connect", pragmas)
            self.migrate()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"{_redact(url)}: cannot open the database ({exc.__class__.__name__}: {exc})"
            ) from exc

    # ----------------------------------------------------------------- schema

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        with self.engine.begin() as conn:
            schema_migrations.create(conn, checkfirst=True)
            done = set(conn.scalars(select(schema_migrations.c.name)))
        applied = []
        for name, run in MIGRATIONS:
            if name in done:
                continue
            with self.engine.begin() as conn:
                run(conn)
                conn.execute(insert(schema_migrations).values(name=name, applied_at=_now()))
            applied.append(name)
        return applied

    def migrations(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(
                conn.scalars(select(schema_migrations.c.name).order_by(schema_migrations.c.name))
            )

    # ----------------------------------------------------------------- writes

    @contextlib.contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold one connection for a run of writes (an ingest batch). Each write is still its
        own transaction, committed before the next begins; only taking a connection from the
        pool and giving it back for every article is saved."""
        if self._writer is not None:  # already held: nested runs share it
            yield self
            return
        with self.engine.connect() as conn:
            self._writer = conn
            try:
                yield self
            finally:
                self._writer = None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A transaction, committed when the block ends and rolled back if it raises; on the
        connection held by :meth:`writing` when there is one."""
        if self._writer is None:
            with self.engine.begin() as conn:
                yield conn
        else:
            with self._writer.begin():
                yield self._writer

    # ----------------------------------------------------------------- articles

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(_SELECT_ID, {"id": article_id}).first() is not None

    def save_article(self, article: Article, signature: bytes | None = None) -> None:
        """Store an article and its cleaning audit in one transaction (no-op if stored)."""
        with self._transaction() as conn:
            new_article = _insert_new_article(self.engine.dialect.name)
            if self._run(conn, new_article, _article_row(article, signature)):
                self._insert_removed(conn, article)

    def _insert_article(
        self, conn: Connection, article: Article, signature: bytes | None, seq: int
    ) -> None:
        self._run(conn, _INSERT_ARTICLE, {**_article_row(article, signature), "seq": seq})
        self._insert_removed(conn, article)

    def _insert_removed(self, conn: Connection, article: Article) -> None:
        """An article's cleaning audit, all its lines in one statement (executemany)."""
        if article.removed:
            self._run(
                conn,
                _INSERT_REMOVED,
                [
                    {
                        "article_id": article.id,
                        "position": r.position,
                        "rule": r.rule,
                        "line": r.line,
                    }
                    for r in article.removed
                ],
            )

    def _run(
        self, conn: Connection, statement: Insert, params: dict[str, Any] | list[dict[str, Any]]
    ) -> int:
        """Run one of the per-article writes on ``conn`` (in its transaction); the number of
        rows written."""
        prepared = self._prepared.get(statement)
        if prepared is None:
            columns = list(params[0] if isinstance(params, list) else params)
            prepared = _Prepared(statement, self.engine.dialect, columns)
            self._prepared[statement] = prepared
        return prepared.run(conn, params)

    def stored_keys(self) -> tuple[set[str], set[str]]:
        """The ids and the names of every stored article, read in one query (an ingest run
        checks each new article against them without a query per article)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(articles.c.id, articles.c.name)).all()
        return {r.id for r in rows}, {r.name for r in rows}

    def earlier_cleaning(self, article: Article) -> str | None:
        """The id of a stored article read from the same input (same name, same raw text)
        but cleaned differently, e.g. before the cleaning rules changed; None if there is
        none."""
        with self.engine.connect() as conn:
            for row in conn.execute(
                select(articles.c.id, articles.c.raw_text).where(articles.c.name == article.name)
            ):
                if row.id != article.id and row.raw_text == article.raw_text:
                    return str(row.id)
        return None

    def replace_article(
        self, old_id: str, article: Article, signature: bytes | None = None
    ) -> None:
        """Store ``article`` in place of the stored ``old_id`` in one transaction: it takes
        the old one's place in the ingestion order, articles recorded as copies of the old
        one point at the new one (or at its own original), and the old article goes with its
        cleaning audit, facts and extraction record (they described a different text)."""
        with self._transaction() as conn:
            seq = conn.scalar(select(articles.c.seq).where(articles.c.id == old_id))
            if seq is None:
                raise StoreError(f"cannot replace article {old_id}: it is not stored")
            if conn.execute(_SELECT_ID, {"id": article.id}).first() is None:
                self._insert_article(conn, article, signature, seq)
            conn.execute(
                update(articles)
                .where(articles.c.duplicate_of == old_id)
                .values(duplicate_of=article.duplicate_of or article.id)
            )
            conn.execute(delete(articles).where(articles.c.id == old_id))

    def dedup_index(self) -> Iterator[tuple[str, str, bytes | None]]:
        """(id, content hash, MinHash signature) of every stored original, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(articles.c.id, articles.c.content_hash, articles.c.minhash)
                .where(articles.c.duplicate_of.is_(None))
                .order_by(articles.c.seq)
            )
            yield from ((r.id, r.content_hash, r.minhash) for r in rows)

    def resolve(self, key: str) -> str | None:
        """An article id from an id, a unique id prefix, or an article name."""
        with self.engine.connect() as conn:
            if conn.scalar(select(articles.c.id).where(articles.c.id == key)):
                return key
            by_name = list(conn.scalars(select(articles.c.id).where(articles.c.name == key)))
            if len(by_name) == 1:
                return by_name[0]
            if len(key) >= 4:
                by_prefix = list(
                    conn.scalars(
                        select(articles.c.id).where(articles.c.id.startswith(key)).limit(2)
                    )
                )
                if len(by_prefix) == 1:
                    return by_prefix[0]
        return None

    def get_article(self, article_id: str, with_removed: bool = True) -> Article | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            if row is None:
                return None
            removed: tuple[RemovedLine, ...] = ()
            if with_removed:
                removed = tuple(
                    RemovedLine(r.position, r.rule, r.line)
                    for r in conn.execute(
                        select(removed_lines)
                        .where(removed_lines.c.article_id == article_id)
                        .order_by(removed_lines.c.position)
                    )
                )
        return _article_from_row(row, removed)

    def iter_articles(
        self, include_duplicates: bool = False, with_removed: bool = False
    ) -> Iterator[Article]:
        """Every stored article (originals only unless asked), in ingestion order; with
        ``with_removed``, each with its cleaning audit (read in one query)."""
        query = select(articles).order_by(articles.c.seq)
        if not include_duplicates:
            query = query.where(articles.c.duplicate_of.is_(None))
        audit: dict[str, list[RemovedLine]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            if with_removed:
                lines = conn.execute(
                    select(removed_lines).order_by(
                        removed_lines.c.article_id, removed_lines.c.position
                    )
                )
                for r in lines:
                    audit.setdefault(r.article_id, []).append(
                        RemovedLine(r.position, r.rule, r.line)
                    )
        for row in rows:
            yield _article_from_row(row, tuple(audit.get(row.id, ())))

    def list_articles(self) -> list[ArticleSummary]:
        removed_count = (
            select(removed_lines.c.article_id, func.count().label("n"))
            .group_by(removed_lines.c.article_id)
            .subquery()
        )
        fact_count = (
            select(facts.c.article_id, func.count().label("n"))
            .group_by(facts.c.article_id)
            .subquery()
        )
        query = (
            select(
                articles.c.id,
                articles.c.name,
                articles.c.title,
                articles.c.published,
                articles.c.outlet,
                articles.c.duplicate_of,
                articles.c.duplicate_kind,
                func.length(articles.c.body).label("chars"),
                func.coalesce(removed_count.c.n, 0).label("removed"),
                func.coalesce(fact_count.c.n, 0).label("facts"),
            )
            .outerjoin(removed_count, removed_count.c.article_id == articles.c.id)
            .outerjoin(fact_count, fact_count.c.article_id == articles.c.id)
            .order_by(articles.c.seq)
        )
        with self.engine.connect() as conn:
            return [ArticleSummary(**row._mapping) for row in conn.execute(query)]

    def count_articles(self) -> tuple[int, int]:
        """(originals, duplicates)."""
        with self.engine.connect() as conn:
            total = conn.scalar(select(func.count()).select_from(articles)) or 0
            dups = (
                conn.scalar(
                    select(func.count())
                    .select_from(articles)
                    .where(articles.c.duplicate_of.is_not(None))
                )
                or 0
            )
        return total - dups, dups

    # ----------------------------------------------------------------- facts

    def save_facts(
        self,
        article_id: str,
        result: ArticleFacts,
        extra: Sequence[Fact] = (),
        version: str | None = None,
    ) -> None:
        """Replace an article's facts and publication date in one transaction.

        ``version`` names the extractors that made them, so stale facts can be found."""
        rows = [
            {
                "article_id": article_id,
                "kind": fact_kind(f),
                "start": f.start,
                "end": f.end,
                "extractor": f.extractor,
                "data": json.dumps(fact_to_row(f), ensure_ascii=False),
            }
            for f in _all_facts(result, extra)
        ]
        pub = result.published
        with self.engine.begin() as conn:
            conn.execute(delete(facts).where(facts.c.article_id == article_id))
            conn.execute(delete(extractions).where(extractions.c.article_id == article_id))
            conn.execute(
                insert(extractions).values(
                    article_id=article_id,
                    published=pub.date,
                    window_start=pub.window[0] if pub.window else None,
                    window_end=pub.window[1] if pub.window else None,
                    published_source=pub.source,
                    published_evidence=pub.evidence,
                    extracted_at=_now(),
                    version=version,
                )
            )
            if rows:
                conn.execute(insert(facts), rows)

    def has_facts(self, article_id: str, version: str | None = None) -> bool:
        """Whether the article has stored facts (made by extractors ``version``, if given)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(extractions.c.version).where(extractions.c.article_id == article_id)
            ).first()
        return row is not None and (version is None or row.version == version)

    def load_facts(self, article_id: str) -> ArticleFacts | None:
        """An article's stored facts, or None when it has not been extracted."""
        with self.engine.connect() as conn:
            ext = conn.execute(
                select(extractions).where(extractions.c.article_id == article_id)
            ).first()
            if ext is None:
                return None
            name = (
                conn.scalar(select(articles.c.name).where(articles.c.id == article_id))
                or article_id
            )
            rows = conn.execute(
                select(facts.c.kind, facts.c.data)
                .where(facts.c.article_id == article_id)
                .order_by(facts.c.start, facts.c.id)
            ).all()
        by_kind: dict[str, list[Any]] = {}
        for row in rows:
            by_kind.setdefault(row.kind, []).append(fact_from_row(row.kind, json.loads(row.data)))
        window = (ext.window_start, ext.window_end) if ext.window_start and ext.window_end else None
        return ArticleFacts(
            article=name,
            published=PublicationDate(
                ext.published, window, ext.published_source or "none", ext.published_evidence
            ),
            figures=by_kind.get("figure", []),
            attributions=by_kind.get("attribution", []),
            places=by_kind.get("place", []),
            dates=by_kind.get("date", []),
            actors=by_kind.get("actor", []),
            events=by_kind.get("event", []),
        )

    def set_published(self, article_id: str, published: dt.date) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(articles).where(articles.c.id == article_id).values(published=published)
            )

    def close(self) -> None:
        self.engine.dispose()


def _article_row(article: Article, signature: bytes | None) -> dict[str, Any]:
    """An article's row, less its place in the ingestion order (``seq``)."""
    return {
        "id": article.id,
        "name": article.name,
        "source": article.source,
        "title": article.title,
        "body": article.body,
        "raw_text": article.raw_text,
        "content_hash": article.content_hash,
        "offset_map": json.dumps(article.offset_map),
        "url": article.url,
        "published": article.published,
        "outlet": article.outlet,
        "language": article.language,
        "duplicate_of": article.duplicate_of,
        "duplicate_kind": article.duplicate_kind,
        "similarity": article.similarity,
        "minhash": signature,
        "ingested_at": _now(),
    }


def open_store(url_or_path: str, *, sqlite_synchronous: str | None = None) -> Store:
    """Open (and migrate) a store from a URL or a SQLite file path.

    A SQLite file whose folder does not exist yet gets the folder made, as an output path
    would (``--db runs/today.db``).
    """
    url = url_or_path if "://" in url_or_path else f"sqlite:///{url_or_path}"
    database = _sqlite_file(url)
    if database is not None:
        folder = database.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{database}: cannot make the database's folder {folder} ({exc.strerror})"
            ) from exc
    return Store(url, sqlite_synchronous=sqlite_synchronous)


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _all_facts(result: ArticleFacts, extra: Iterable[Fact]) -> Iterator[Fact]:
    yield from result.figures
    yield from result.attributions
    yield from result.places
    yield from result.dates
    yield from result.actors
    yield from result.events
    yield from extra


def _article_from_row(row: Any, removed: tuple[RemovedLine, ...]) -> Article:
    return Article(
        id=row.id,
        name=row.name,
        title=row.title,
        body=row.body,
        raw_text=row.raw_text,
        content_hash=row.content_hash,
        offset_map=tuple((int(b), int(r)) for b, r in json.loads(row.offset_map)),
        removed=removed,
        source=row.source,
        url=row.url,
        published=row.published,
        outlet=row.outlet,
        language=row.language,
        duplicate_of=row.duplicate_of,
        duplicate_kind=row.duplicate_kind,
        similarity=row.similarity,
    )


SYNCHRONOUS_ENV = "SITROOM_SQLITE_SYNCHRONOUS"
SYNCHRONOUS_LEVELS = ("OFF", "NORMAL", "FULL", "EXTRA")  # SQLite's names


def _sqlite_pragmas(synchronous: str | None) -> Callable[[Any, Any], None]:
    """The settings of every new SQLite connection; ``synchronous`` (else the
    :data:`SYNCHRONOUS_ENV` variable, else NORMAL) is how often the log is synced to disk."""
    level = (synchronous or os.environ.get(SYNCHRONOUS_ENV) or "NORMAL").strip().upper()
    if level not in SYNCHRONOUS_LEVELS:
        raise StoreError(
            f"SQLite synchronous setting {level!r} is not one of {', '.join(SYNCHRONOUS_LEVELS)}"
            f" (argument or {SYNCHRONOUS_ENV})"
        )

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        # WAL keeps each article's commit atomic and cheap; NORMAL sync is safe against a
        # killed process (only an OS crash can lose the last commits, never half of one).
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={level}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return on_connect


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _redact(url: str) -> str:
    """A URL fit for a message: the password hidden."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
