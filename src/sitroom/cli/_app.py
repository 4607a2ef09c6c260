"""The Typer application every command module registers on."""

from __future__ import annotations

import os
from typing import NoReturn

import typer

from sitroom.errors import SitroomError

app = typer.Typer(
    name="sitroom",
    help="Turn a stream of war reporting into an evidence-linked situation picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEFAULT_DB = "sitroom.db"


def db_url(db: str | None) -> str:
    """--db wins, then SITROOM_DB, then ./sitroom.db. A bare path means SQLite."""
    value = db or os.environ.get("SITROOM_DB") or DEFAULT_DB
    return value if "://" in value else f"sqlite:///{value}"


DbOption = typer.Option(
    None, "--db", help="Database URL or SQLite path (default: $SITROOM_DB or ./sitroom.db)."
)

BatchFurnitureOption = typer.Option(
    False,
    "--batch-furniture",
    help="Also remove lines repeated across three or more unrelated articles of this batch "
    "(polls, editor's notes, bio boxes); an article's cleaning then depends on its batch.",
)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one clear error line and exit."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


def report_problem(problem: SitroomError) -> None:
    """One line on stderr for an input that could not be used; the batch goes on."""
    typer.secho(f"skipped {problem}", err=True, fg=typer.colors.YELLOW)
