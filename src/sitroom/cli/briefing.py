"""Commands: brief."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from sitroom.cli._app import DbOption, app, db_url, fail
from sitroom.errors import SitroomError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


@app.command()
def brief(
    paths: list[str] = typer.Argument(
        None, help="Files or folders of articles to ingest first; none = everything stored."
    ),
    db: str | None = DbOption,
    out: Path = typer.Option(Path("brief"), "--out", help="Folder for brief.html and the exports."),
    framing: bool = typer.Option(
        True, "--framing/--no-framing", help="Include how outlets frame the war."
    ),
) -> None:
    """Write the situation brief: brief.html (self-contained, works offline), brief.md,
    facts.jsonl, figures.csv, events.csv and places.geojson.

    Ingests what it is given (or uses what is stored), extracts what has not been
    extracted, reconciles figures and claims across articles, and writes the report.
    Every number and claim in it links to the sentence it came from.
    """
    from sitroom.pipeline import build_brief
    from sitroom.store import open_store

    url = db_url(db)
    try:
        store = open_store(url)
        with err_console.status("starting") as status:
            run = build_brief(
                paths or [],
                store,
                out,
                with_framing=framing,
                progress=lambda msg: status.update(msg),
            )
    except SitroomError as exc:
        fail(str(exc))
    for problem in run.problems:
        err_console.print(f"[yellow]problem[/] {escape(problem)}")
    situation = run.situation
    originals = sum(1 for a in situation.articles if not a.duplicate_of)
    if situation.missing:
        for note in situation.missing:
            err_console.print(f"[dim]note[/] {escape(note)}")
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in run.timings.items())
    typer.echo(
        f"brief of {originals} articles ({len(situation.articles) - originals} duplicates): "
        f"{len(situation.series)} figure series, {len(situation.events)} events, "
        f"{len(situation.contested)} contested claims [{timing}]"
    )
    typer.echo(f"open {Path(run.files.html).resolve()}")
