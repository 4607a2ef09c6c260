"""Commands: extract, eval, facts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from sitroom.cli._app import DbOption, app, db_url, fail, report_problem
from sitroom.errors import SitroomError

FACT_STYLES = {
    "figure": "bold yellow",
    "attribution": "cyan",
    "place": "bold green",
    "date": "magenta",
    "actor": "blue",
    "event": "red",
}


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Files or folders of articles, or - for stdin."),
    format: str = typer.Option("jsonl", "--format", help="Output format (jsonl)."),
) -> None:
    """Extract figures, attributions, places and dates; print one JSON object per article.

    Needs no database. Each fact carries start/end offsets into the cleaned body and its
    sentence.
    """
    from sitroom.extract import extract as run_extract
    from sitroom.ingest import clean_paths
    from sitroom.records import Article

    if format != "jsonl":
        fail(f"unsupported format {format!r} (jsonl)")
    problems = 0
    extracted = 0

    def readable() -> Iterator[Article]:  # streamed: memory stays flat however many files
        nonlocal problems
        for item in clean_paths(paths):
            if isinstance(item, SitroomError):
                report_problem(item)
                problems += 1
            else:
                yield item

    out = sys.stdout
    for facts in run_extract(readable()):
        out.write(json.dumps(facts.to_dict(), ensure_ascii=False) + "\n")
        extracted += 1
    if not extracted and problems:
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    gold: Path = typer.Option(..., "--gold", help="Gold annotations (JSONL, see SCHEMA.md)."),
    corpus: Path = typer.Option(..., "--corpus", help="Folder holding the gold articles."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extraction against gold annotations: P/R/F1 per fact type, figure field
    accuracies and publication-date error."""
    from sitroom.evaluate import evaluate_corpus, format_report

    try:
        report, _ = evaluate_corpus(gold, corpus)
    except SitroomError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_report(report))


@app.command()
def facts(
    article: str = typer.Argument(..., help="Article id, id prefix or name."),
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the facts as JSON."),
) -> None:
    """Print the stored facts of one article, highlighted in its text."""
    from sitroom.records import fact_kind
    from sitroom.store import open_store

    store = open_store(db_url(db))
    article_id = store.resolve(article)
    if article_id is None:
        fail(f"no article {article!r} in {db_url(db)}")
    stored = store.get_article(article_id, with_removed=False)
    result = store.load_facts(article_id)
    if stored is None or result is None:
        fail(
            f"article {article!r} has no stored facts; run `sitroom ingest` (which extracts) first"
        )
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False)
    console.print(Text(stored.title, style="bold underline"))
    text = Text(stored.body)
    spans = [*result.places, *result.dates, *result.figures]
    for fact in sorted(spans, key=lambda f: f.end - f.start, reverse=True):
        text.stylize(FACT_STYLES[fact_kind(fact)], fact.start, fact.end)
    for attribution in result.attributions:
        text.stylize("italic", attribution.start, attribution.end)
    console.print(text)
    console.print()
    pub = result.published
    window = f" (window {pub.window[0]} to {pub.window[1]})" if pub.window else ""
    console.print(f"[bold]published[/]: {pub.date or 'unknown'}{window} [dim]from {pub.source}[/]")
    for fig in result.figures:
        console.print(
            f"[bold yellow]figure[/] {fig.value_text!r} = {fig.value:g} {fig.qualifier} "
            f"{fig.category}/{fig.detail} who={fig.who} claimant={fig.claimant}"
        )
    for att in result.attributions:
        kind = "direct" if att.direct else "reported"
        console.print(
            f"[cyan]said[/] {att.speaker or '?'} ({att.speaker_text!r}, {att.cue}, {kind}): {att.content}"
        )
    for place in result.places:
        console.print(
            f"[green]place[/] {place.text!r} -> {place.name} {place.kind} {place.country} {place.lat},{place.lon}"
        )
    for d in result.dates:
        console.print(
            f"[magenta]date[/] {d.text!r} -> {d.date}" + (f"..{d.date_end}" if d.date_end else "")
        )
