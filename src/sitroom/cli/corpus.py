"""Commands: ingest, list, show, clean."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from sitroom.cli._app import (
    BatchFurnitureOption,
    DbOption,
    app,
    db_url,
    fail,
    report_problem,
)
from sitroom.errors import InputError, SitroomError
from sitroom.records import Article

err_console = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Progress]:
    """A progress bar on stderr (hidden when stderr is not a terminal)."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    ) as progress:
        progress.add_task(description, total=total)
        yield progress


def count_inputs(paths: list[str]) -> int | None:
    """How many files the readers will open (None when reading standard input)."""
    from sitroom.ingest import SUPPORTED

    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            total += sum(
                1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
            )
        else:
            total += 1
    return total


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders of articles, or - for stdin."),
    db: str | None = DbOption,
    extract: bool = typer.Option(
        False,
        "--extract",
        help="Also extract facts (figures, quotes, places, dates) and store them.",
    ),
    batch_furniture: bool = BatchFurnitureOption,
) -> None:
    """Read, clean, deduplicate and store articles.

    Each article is stored in its own transaction: ingesting the same files again changes
    nothing, and a run that was killed completes when run again. Bad files are reported
    one line each and skipped; the exit code is non-zero only when nothing could be
    ingested.
    """
    from sitroom.ingest import ingest as run_ingest
    from sitroom.store import open_store

    url = db_url(db)
    try:
        store = open_store(url)
    except SitroomError as exc:
        fail(str(exc))
    with progress_bar("ingesting", count_inputs(paths)) as progress:
        task = progress.tasks[0].id

        def on_item(item: Article | InputError | str) -> None:
            if isinstance(item, InputError):
                progress.console.print(f"[yellow]skipped[/] {escape(str(item))}", soft_wrap=True)
            progress.advance(task)

        report = run_ingest(paths, store, on_item=on_item, batch_furniture=batch_furniture)
    for note in report.notes:
        err_console.print(f"[dim]note[/] {escape(note)}")
    for article in report.duplicates:
        original = store.get_article(article.duplicate_of or "", with_removed=False)
        err_console.print(
            f"[dim]duplicate[/] {escape(article.name)} is a{'n' if article.duplicate_kind == 'exact' else ''} "
            f"{article.duplicate_kind} copy of {escape(original.name if original else str(article.duplicate_of))} "
            f"(similarity {article.similarity:.2f})"
        )
    if extract:
        from sitroom.pipeline import extract_stored

        with progress_bar("extracting", None):
            done = extract_stored(store, only_missing=False, ids=[a.id for a in report.stored])
        err_console.print(f"extracted facts from {done} articles")
    originals, dups = store.count_articles()
    typer.echo(
        f"{report.summary()}; the store holds {originals} articles and {dups} duplicates ({url})"
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command("list")
def list_command(db: str | None = DbOption) -> None:
    """List the stored articles."""
    from sitroom.store import open_store

    try:
        store = open_store(db_url(db))
    except SitroomError as exc:
        fail(str(exc))
    rows = store.list_articles()
    if not rows:
        typer.echo(f"no articles in {db_url(db)}; add some with `sitroom ingest PATH`")
        return
    table = Table(box=None, header_style="bold")
    for column in (
        "id",
        "article",
        "title",
        "published",
        "chars",
        "removed",
        "facts",
        "duplicate of",
    ):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            r.id[:10],
            r.name,
            r.title,
            r.published.isoformat() if r.published else "",
            str(r.chars),
            str(r.removed),
            str(r.facts),
            f"{r.duplicate_of[:10]} ({r.duplicate_kind})" if r.duplicate_of else "",
        )
    console = Console(highlight=False)
    if not console.is_terminal:  # piped: don't squeeze the table into 80 columns
        console = Console(highlight=False, width=200)
    console.print(table)


@app.command()
def show(
    article: str = typer.Argument(..., help="Article id, id prefix or name."),
    removed: bool = typer.Option(
        False, "--removed", help="Also list the lines cleaning removed, with their rules."
    ),
    db: str | None = DbOption,
) -> None:
    """Show one stored article: its metadata and cleaned text."""
    from sitroom.store import open_store

    try:
        store = open_store(db_url(db))
    except SitroomError as exc:
        fail(str(exc))
    article_id = store.resolve(article)
    stored = store.get_article(article_id, with_removed=removed) if article_id else None
    if stored is None:
        fail(f"no article {article!r} in {db_url(db)} (give an id, an id prefix or a name)")
    console = Console(highlight=False)
    console.print(f"[bold]{escape(stored.title)}[/]")
    meta = [
        ("id", stored.id),
        ("article", stored.name),
        ("source", stored.source),
        ("url", stored.url),
        ("published", stored.published.isoformat() if stored.published else None),
        ("outlet", stored.outlet),
        (
            "duplicate of",
            f"{stored.duplicate_of} ({stored.duplicate_kind}, similarity {stored.similarity})"
            if stored.duplicate_of
            else None,
        ),
    ]
    for key, value in meta:
        if value:
            console.print(f"[dim]{key}:[/] {escape(str(value))}")
    console.print()
    console.print(escape(stored.body))
    if removed:
        console.print()
        console.print(f"[bold]removed by cleaning[/] ({len(stored.removed)} lines)")
        for line in stored.removed:
            console.print(
                f"[dim]{line.position:>4}[/] [yellow]{line.rule:<22}[/] {escape(line.line)}"
            )


@app.command()
def clean(
    paths: list[str] = typer.Argument(..., help="Files or folders of articles, or - for stdin."),
    format: str = typer.Option("jsonl", "--format", help="Output format: jsonl or text."),
    batch_furniture: bool = BatchFurnitureOption,
) -> None:
    """Clean articles without a database and print what was kept and removed.

    jsonl prints one object per article: article, title, kept lines, removed lines with
    the rule that removed each, and duplicate_of (the earlier article of the batch it
    copies, or null).
    """
    from sitroom.ingest import clean_paths

    if format not in ("jsonl", "text"):
        fail(f"unsupported format {format!r} (jsonl, text)")
    names: dict[str, str] = {}
    produced = problems = 0
    out = sys.stdout
    for item in clean_paths(paths, batch_furniture=batch_furniture):
        if isinstance(item, SitroomError):
            report_problem(item)
            problems += 1
            continue
        produced += 1
        names[item.id] = item.name
        original = names.get(item.duplicate_of) if item.duplicate_of else None
        if format == "jsonl":
            record = {
                "article": item.name,
                "title": item.title,
                "kept": item.kept_lines,
                "removed": [{"rule": r.rule, "line": r.line} for r in item.removed],
                "duplicate_of": original,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(f"# {item.title}\n[{item.name}]")
            out.write(f" duplicate of {original}\n\n" if original else "\n\n")
            out.write(item.body + "\n\n")
            for r in item.removed:
                out.write(f"  - removed by {r.rule}: {r.line}\n")
            out.write("\n")
    if not produced and problems:
        raise typer.Exit(1)
