"""Ingest: read articles from files, clean them, deduplicate them and store them.

Readers turn paths into :class:`~sitroom.records.SourceDocument` records:

========================  =====================================================
``.txt``                  first non-empty line is the title, the rest the body
``.html`` / ``.htm``      trafilatura's main text and metadata (title, date,
                          site name, URL)
``.jsonl`` / ``.json``    one article per record: ``title``, ``text``, optional
                          ``url``, ``published``, ``outlet``, ``language``, ``id``
``.csv``                  the same fields as columns
a directory               every supported file below it, in sorted order
``-``                     standard input (JSONL, HTML or plain text, sniffed)
========================  =====================================================

A file that cannot be read yields an :class:`~sitroom.errors.InputError` naming the
file (and line) and the problem, and the batch goes on. Bytes that are not valid
UTF-8 are decoded as Windows-1252 (Latin-1 where that fails), and the article
carries a note saying so.

:func:`build_article` cleans a document (:mod:`sitroom.clean`) and computes its
keys; :func:`ingest` runs the whole stage into a :class:`~sitroom.store.Store`, one
transaction per article, so a killed run leaves no half-stored article and running it
again completes the batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import hashlib
import io
import json
import re
import sys
import types
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitroom.clean import RepeatedLines, clean_text
from sitroom.dedup import Deduplicator
from sitroom.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    MalformedRecord,
    MissingPath,
    TooLarge,
    UnsupportedFormat,
)
from sitroom.records import Article, SourceDocument

if TYPE_CHECKING:
    from sitroom.store import Store

MAX_BYTES = 5 * 1024 * 1024  # files over 5 MB are refused, not read
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES
RECORD_FIELDS = ("title", "text", "url", "published", "outlet", "language", "id")

Problem = InputError
ReadResult = SourceDocument | InputError


# --------------------------------------------------------------------------- reading


def read_paths(paths: Iterable[str | Path]) -> Iterator[ReadResult]:
    """Read every article under ``paths``; problems are yielded, not raised."""
    for raw in paths:
        if str(raw) == "-":
            yield from _read_stdin()
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for file in files:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield MissingPath(str(path), "no such file or directory")


def read_file(path: Path) -> Iterator[ReadResult]:
    """Read one file with the reader its suffix names."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield UnsupportedFormat(
            str(path),
            f"unsupported file type {suffix or '(none)'}; expected one of "
            + ", ".join(sorted(SUPPORTED)),
        )
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield TooLarge(str(path), f"{size:,} bytes is over the {MAX_BYTES:,}-byte limit")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read ({exc.strerror or exc})")
        return
    yield from read_bytes(data, str(path), suffix, path.stem)


def read_bytes(data: bytes, source: str, suffix: str, stem: str) -> Iterator[ReadResult]:
    """Decode and parse one file's bytes; ``suffix`` picks the reader."""
    try:
        text, note = decode(data, source)
    except InputError as exc:
        yield exc
        return
    if suffix in TEXT_SUFFIXES:
        yield from _read_txt(text, source, stem, note)
    elif suffix in HTML_SUFFIXES:
        yield from _read_html(text, source, stem, note)
    elif suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, source, stem, note)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json(text, source, stem, note)
    else:
        yield from _read_csv(text, source, stem, note)


def decode(data: bytes, source: str) -> tuple[str, str | None]:
    """Bytes to text: UTF-8 (BOM allowed), else Windows-1252, else Latin-1, with a note."""
    if not data.strip():
        raise EmptyInput(source, "empty file")
    if _looks_binary(data):
        raise BinaryInput(source, "binary data, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"byte {exc.start}"
    try:
        return data.decode("cp1252"), f"not valid UTF-8 ({where}); decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not valid UTF-8 ({where}); decoded as Latin-1"


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control > 0.05 * len(head)


def _read_txt(text: str, source: str, stem: str, note: str | None) -> Iterator[ReadResult]:
    if not text.strip():
        yield EmptyInput(source, "no text")
        return
    yield SourceDocument(name=stem, source=source, text=text, decode_note=note)


def _read_html(text: str, source: str, stem: str, note: str | None) -> Iterator[ReadResult]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        yield MalformedRecord(source, f"HTML could not be parsed ({type(exc).__name__})")
        return
    if doc is None:
        yield EmptyInput(source, "no main text found in the HTML")
        return
    fields = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = fields.get("text") or ""
    if not body.strip():
        yield EmptyInput(source, "no main text found in the HTML")
        return
    yield SourceDocument(
        name=stem,
        source=source,
        text=body,
        title=(fields.get("title") or "").strip() or None,
        url=fields.get("url") or None,
        published=parse_date(fields.get("date")),
        outlet=fields.get("sitename") or None,
        language=fields.get("language") or None,
        decode_note=note,
    )


def _read_jsonl(text: str, source: str, stem: str, note: str | None) -> Iterator[ReadResult]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedRecord(source, f"not valid JSON ({exc.msg}, column {exc.colno})", number)
            continue
        yield _from_record(record, source, stem, number, note)


def _read_json(text: str, source: str, stem: str, note: str | None) -> Iterator[ReadResult]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # JSON Lines saved as .json
            yield from _read_jsonl(text, source, stem, note)
        else:
            yield MalformedRecord(source, f"not valid JSON ({exc.msg}, line {exc.lineno})")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        yield _from_record(data, source, stem, None, note)
    elif isinstance(data, list):
        for number, record in enumerate(data, 1):
            yield _from_record(record, source, stem, number, note, what="item")
    else:
        yield MalformedRecord(source, "expected a JSON object or a list of objects")


def _read_csv(text: str, source: str, stem: str, note: str | None) -> Iterator[ReadResult]:
    csv.field_size_limit(MAX_BYTES)
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield MalformedRecord(source, f"not valid CSV ({exc})")
        return
    if "text" not in header:
        yield MalformedRecord(source, f"CSV has no 'text' column (columns: {', '.join(header)})")
        return
    try:
        for row in reader:
            # +1 for the header line: numbers match what an editor shows
            yield _from_record(row, source, stem, reader.line_num, note)
    except csv.Error as exc:
        yield MalformedRecord(source, f"not valid CSV ({exc})", reader.line_num)


def _from_record(
    record: Any, source: str, stem: str, number: int | None, note: str | None, what: str = "line"
) -> ReadResult:
    if not isinstance(record, Mapping):
        return MalformedRecord(
            source, f"expected a JSON object, got {type(record).__name__}", number
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return EmptyInput(source, "record has no 'text'", number)
    title = record.get("title")
    published_raw = record.get("published")
    published = parse_date(published_raw)
    name = str(record.get("id") or (f"{stem}-{number}" if number is not None else stem))
    return SourceDocument(
        name=name,
        source=f"{source}:{number}" if number is not None else source,
        text=text,
        title=str(title).strip() or None if title else None,
        url=_opt_str(record.get("url")),
        published=published,
        outlet=_opt_str(record.get("outlet")),
        language=_opt_str(record.get("language")),
        decode_note=note,
    )


def _read_stdin() -> Iterator[ReadResult]:
    data = sys.stdin.buffer.read()
    if len(data) > MAX_BYTES:
        yield TooLarge("-", f"{len(data):,} bytes is over the {MAX_BYTES:,}-byte limit")
        return
    head = data.lstrip()[:1]
    suffix = ".json" if head in (b"{", b"[") else ".html" if head == b"<" else ".txt"
    yield from read_bytes(data, "-", suffix, "stdin")


def _opt_str(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None


_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_date(value: Any) -> dt.date | None:
    """A publication date from metadata: ISO dates and datetimes, or RFC 2822."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _DATE_PREFIX.match(text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(0))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- articles


# One character for another; no replacement is itself replaced, so the order does not
# matter. str.replace per pair is about 100 times faster than str.translate with a table
# (0.35 ms an article).
_TYPOGRAPHY = (
    ("‘", "'"),
    ("’", "'"),
    ("“", '"'),
    ("”", '"'),
    ("–", "-"),
    ("—", "-"),
    ("\u00a0", " "),
)


def normalise_for_hash(text: str) -> str:
    """Case, Unicode form, typographic quotes and dashes, and spacing do not matter."""
    text = unicodedata.normalize("NFKC", text)
    for typographic, plain in _TYPOGRAPHY:
        text = text.replace(typographic, plain)
    return " ".join(text.casefold().split())


def content_hash(title: str, body: str) -> str:
    """Hash of the normalised cleaned text: equal for exact duplicates."""
    return hashlib.sha256(normalise_for_hash(title + "\n" + body).encode("utf-8")).hexdigest()[:32]


def article_id(name: str, chash: str) -> str:
    """Stable article key: the same file ingested twice gets the same id."""
    return hashlib.sha256(f"{name}\0{chash}".encode()).hexdigest()[:16]


def build_article(doc: SourceDocument, repeated: RepeatedLines | None = None) -> Article:
    """Clean a source document into an :class:`Article` (not yet deduplicated); ``repeated``:
    the lines repeated across its batch (see :func:`batch_lines`)."""
    cleaned = clean_text(doc.text, doc.title, repeated=repeated)
    body = cleaned.body
    chash = content_hash(cleaned.title, body)
    return Article(
        id=article_id(doc.name, chash),
        name=doc.name,
        title=cleaned.title,
        body=body,
        raw_text=doc.text,
        content_hash=chash,
        offset_map=cleaned.offset_map,
        removed=cleaned.removed,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        outlet=doc.outlet,
        language=doc.language,
    )


def batch_lines(items: Iterable[ReadResult]) -> tuple[list[ReadResult], RepeatedLines]:
    """All of ``items`` read at once, and the lines repeated across their documents (page
    furniture of the sites in the batch: the cleaner's ``batch_repeat`` rule)."""
    read = list(items)
    texts = (item.text for item in read if isinstance(item, SourceDocument))
    return read, RepeatedLines.from_texts(texts)


def clean_paths(
    paths: Iterable[str | Path],
    dedup: Deduplicator | None = None,
    *,
    batch_furniture: bool = False,
) -> Iterator[Article | InputError]:
    """Read, clean and deduplicate (within the batch) without a database. With
    ``batch_furniture``, every path is read first and lines repeated across the batch's
    unrelated articles are removed as page furniture (:func:`batch_lines`)."""
    dedup = dedup or Deduplicator()
    items: Iterable[ReadResult] = read_paths(paths)
    repeated = None
    if batch_furniture:
        items, repeated = batch_lines(items)
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        article = build_article(item, repeated)
        if not article.body.strip():
            yield EmptyInput(item.source, "nothing left after cleaning")
            continue
        yield dedup.check_and_add(article)


# --------------------------------------------------------------------------- the stage


@dataclass
class IngestReport:
    """What one ingest run did."""

    stored: list[Article] = field(default_factory=list)  # new originals and duplicates
    unchanged: list[str] = field(default_factory=list)  # names already stored, skipped
    unchanged_ids: list[str] = field(default_factory=list)
    rejected: list[InputError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # decoding fallbacks and the like
    # new id -> id of the earlier cleaning of the same input it replaced (cleaning rules
    # changed since that input was stored; the old article's facts went with it)
    replaced: dict[str, str] = field(default_factory=dict)

    @property
    def duplicates(self) -> list[Article]:
        return [a for a in self.stored if a.duplicate_of]

    @property
    def originals(self) -> list[Article]:
        return [a for a in self.stored if not a.duplicate_of]

    @property
    def ok(self) -> bool:
        """False only when nothing at all could be ingested."""
        return bool(self.stored or self.unchanged) or not self.rejected

    def summary(self) -> str:
        text = (
            f"{len(self.originals)} ingested, {len(self.duplicates)} duplicate, "
            f"{len(self.unchanged)} unchanged, {len(self.rejected)} rejected"
        )
        if self.replaced:
            text += f" ({len(self.replaced)} re-cleaned, replacing their earlier cleaning)"
        return text


def ingest(
    paths: Iterable[str | Path],
    db: str | Any = "sitroom.db",
    *,
    on_item: Callable[[Article | InputError | str], None] | None = None,
    batch_furniture: bool = False,
) -> IngestReport:
    """Ingest ``paths`` into the store at ``db`` (a URL, a SQLite path, or a ``Store``).

    Each article is stored in its own transaction; an article already stored (same name
    and content) is left as it is, and one whose input is stored but was cleaned
    differently (the cleaning rules changed) replaces that earlier cleaning. ``on_item`` is
    called with each stored article, each problem, and the name of each unchanged article
    (for progress display). With ``batch_furniture``, every path is read first and lines
    repeated across the batch's unrelated articles are removed as page furniture
    (:func:`batch_lines`): an article's cleaned text then depends on the batch it came in.
    A store opened here from a URL or path is closed before returning; a ``Store`` passed
    in stays open.
    """
    from sitroom.store import Store, open_store

    if isinstance(db, Store):
        with db.writing():
            return _ingest_into(db, paths, on_item, batch_furniture)
    store = open_store(db)
    try:
        with store.writing():
            return _ingest_into(store, paths, on_item, batch_furniture)
    finally:
        store.close()  # the store this call opened (a SQLite file's log is checkpointed)


def _ingest_into(
    store: Store,
    paths: Iterable[str | Path],
    on_item: Callable[[Article | InputError | str], None] | None,
    batch_furniture: bool,
) -> IngestReport:
    report = IngestReport()
    dedup = Deduplicator.from_store(store)
    stored_ids, stored_names = store.stored_keys()
    items: Iterable[ReadResult] = read_paths(paths)
    repeated = None
    if batch_furniture:
        items, repeated = batch_lines(items)
    for item in items:
        if isinstance(item, InputError):
            report.rejected.append(item)
            if on_item:
                on_item(item)
            continue
        if item.decode_note:
            report.notes.append(f"{item.source}: {item.decode_note}")
        article = build_article(item, repeated)
        if not article.body.strip():
            problem = EmptyInput(item.source, "nothing left after cleaning")
            report.rejected.append(problem)
            if on_item:
                on_item(problem)
            continue
        if article.id in stored_ids:
            report.unchanged.append(article.name)
            report.unchanged_ids.append(article.id)
            if on_item:
                on_item(article.name)
            continue
        earlier = store.earlier_cleaning(article) if article.name in stored_names else None
        if earlier is not None:
            dedup.forget(earlier)  # the old cleaning is no candidate original of the new one
        article = dedup.check(article)
        if earlier is None:
            store.save_article(article, signature=dedup.signature_bytes(article))
        else:
            store.replace_article(earlier, article, signature=dedup.signature_bytes(article))
            report.replaced[article.id] = earlier
            stored_ids.discard(earlier)
        stored_ids.add(article.id)
        stored_names.add(article.name)
        dedup.add(article)
        report.stored.append(article)
        if on_item:
            on_item(article)
    return report


class _IngestModule(types.ModuleType):
    """``sitroom.ingest`` is this module and also the stage itself: ``sitroom.ingest(paths,
    db)`` is :func:`ingest`, so library users need one name for the first stage."""

    def __call__(
        self,
        paths: Iterable[str | Path],
        db: str | Any = "sitroom.db",
        *,
        on_item: Callable[[Article | InputError | str], None] | None = None,
        batch_furniture: bool = False,
    ) -> IngestReport:
        return ingest(paths, db, on_item=on_item, batch_furniture=batch_furniture)


sys.modules[__name__].__class__ = _IngestModule
