"""The stages run end to end over a store: extract stored articles, build the brief.

The CLI's ``ingest --extract``, ``facts`` and ``brief`` commands call these; library users
can too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.records import Article, ArticleFacts, Framing, Situation
from sitroom.store import Store

Progress = Callable[[str], None]


def extract_stored(
    store: Store,
    *,
    ids: Iterable[str] | None = None,
    only_missing: bool = True,
    on_done: Callable[[Article, ArticleFacts], None] | None = None,
) -> int:
    """Extract facts for stored originals (``ids``, or all) and store them, replacing any
    earlier facts. With ``only_missing``, articles whose facts were made by the current
    extractors are skipped. Returns how many articles were extracted."""
    from sitroom.extract import EXTRACTION_VERSION, extract

    wanted = set(ids) if ids is not None else None
    todo: list[Article] = []
    for article in store.iter_articles(include_duplicates=False):
        if wanted is not None and article.id not in wanted:
            continue
        if only_missing and store.has_facts(article.id, EXTRACTION_VERSION):
            continue
        todo.append(article)
    by_name = {a.name: a for a in todo}
    count = 0
    for result in extract(todo):
        article = by_name[result.article]
        store.save_facts(article.id, result, version=EXTRACTION_VERSION)
        count += 1
        if on_done:
            on_done(article, result)
    return count


@dataclass
class BriefRun:
    """What ``build_brief`` did: the situation, the files written, and stage timings."""

    situation: Situation
    files: Any  # sitroom.report.BriefFiles
    ingested: int = 0
    extracted: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def select_articles(
    store: Store, ids: set[str] | None
) -> tuple[list[Article], dict[str, ArticleFacts]]:
    """Stored articles (those of ``ids``, or all; duplicates included, each with its
    cleaning audit, where its outlet may be named) and the facts of the originals among
    them."""
    articles = [
        a
        for a in store.iter_articles(include_duplicates=True, with_removed=True)
        if ids is None or a.id in ids
    ]
    facts: dict[str, ArticleFacts] = {}
    for article in articles:
        if article.duplicate_of:
            continue
        stored = store.load_facts(article.id)
        if stored is not None:
            facts[article.name] = stored
    return articles, facts


def frame_articles(
    articles: Sequence[Article], problems: list[str] | None = None
) -> dict[str, Framing]:
    """Framing per original article, or nothing when the framing models are unavailable
    (then why goes to ``problems``, and the brief says framing was not run)."""
    from sitroom.errors import ModelError

    try:
        from sitroom.frame import frame_articles as run_frame

        originals = [a for a in articles if not a.duplicate_of]
        return {f.article: f for f in run_frame(originals)}
    except (ImportError, ModelError) as exc:
        if problems is not None:
            problems.append(f"framing not run: {exc}")
        return {}


def build_brief(
    paths: Sequence[str | Path],
    store: Store,
    out_dir: Path,
    *,
    with_framing: bool = True,
    progress: Progress | None = None,
) -> BriefRun:
    """Ingest ``paths`` (if any), extract what is not yet extracted, reconcile, and write
    the brief and its exports to ``out_dir``.

    With paths, the brief covers the articles read from them (new or already stored);
    without, everything stored.
    """
    from sitroom.ingest import ingest
    from sitroom.reconcile import reconcile
    from sitroom.report import write_brief

    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    problems: list[str] = []
    ids: set[str] | None = None
    ingested = 0
    t = time.perf_counter()
    if paths:
        say("ingesting")
        report = ingest(paths, store)
        problems = [str(p) for p in report.rejected]
        ids = {a.id for a in report.stored} | set(report.unchanged_ids)
        ingested = len(report.stored)
    timings["ingest"] = time.perf_counter() - t

    t = time.perf_counter()
    say("extracting")
    extracted = extract_stored(store, ids=ids)
    timings["extract"] = time.perf_counter() - t

    t = time.perf_counter()
    articles, facts = select_articles(store, ids)
    timings["load"] = time.perf_counter() - t

    t = time.perf_counter()
    framing: dict[str, Framing] = {}
    if with_framing and articles:
        say("framing")
        framing = frame_articles(articles, problems)
    timings["frame"] = time.perf_counter() - t

    t = time.perf_counter()
    say("reconciling")
    situation = reconcile(articles, facts, framing=framing)
    timings["reconcile"] = time.perf_counter() - t

    t = time.perf_counter()
    say("writing the brief")
    files = write_brief(situation, out_dir)
    timings["report"] = time.perf_counter() - t
    return BriefRun(situation, files, ingested, extracted, timings, problems)
