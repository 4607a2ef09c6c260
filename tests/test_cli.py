"""The command line: every command documented, and the exact forms outside checks call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitroom.cli import app

from .conftest import SEEDS, SEMEVAL25

runner = CliRunner()


def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_required_commands_exist() -> None:
    assert {"ingest", "list", "show", "clean", "extract", "eval", "facts"} <= set(command_names())


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 20, f"{name} lacks help text"


def test_clean_jsonl_form() -> None:
    docs = SEMEVAL25 / "documents"
    result = runner.invoke(
        app,
        [
            "clean",
            str(SEEDS / "000_1de4da174fe004ff.txt"),
            str(docs / "EN_UA_001032.txt"),
            str(docs / "EN_UA_103251.txt"),
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"] for r in records] == [
        "000_1de4da174fe004ff",
        "EN_UA_001032",
        "EN_UA_103251",
    ]
    for r in records:
        assert set(r) == {"article", "title", "kept", "removed", "duplicate_of"}
        assert all(isinstance(line, str) for line in r["kept"])
        assert all(set(x) == {"rule", "line"} for x in r["removed"])
    assert records[1]["duplicate_of"] is None
    assert records[2]["duplicate_of"] == "EN_UA_001032"


@pytest.mark.parametrize("flag", [False, True])
def test_clean_and_ingest_batch_furniture_flag(tmp_path: Path, flag: bool) -> None:
    """--batch-furniture removes a line three unrelated articles of the batch end with;
    without it the line stays (an article's cleaning does not depend on its batch)."""
    from .test_clean import PROMO, story

    for n in range(3):
        (tmp_path / f"story{n}.txt").write_text(story(n, end=PROMO), encoding="utf-8")
    args = ["--batch-furniture"] if flag else []
    result = runner.invoke(app, ["clean", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    for r in records:
        assert (PROMO in r["kept"]) is not flag
        assert ({"rule": "batch_repeat", "line": PROMO} in r["removed"]) is flag
    db = str(tmp_path / "b.db")
    ingested = runner.invoke(app, ["ingest", str(tmp_path), "--db", db, *args])
    assert ingested.exit_code == 0, ingested.output
    assert "3 ingested" in ingested.stdout


def test_ingest_list_show(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", db])
    assert result.exit_code == 0, result.output
    assert "5 ingested, 0 duplicate, 0 unchanged, 0 rejected" in result.output
    listing = runner.invoke(app, ["list", "--db", db])
    assert listing.exit_code == 0 and "002_c3f2d05589118fa6" in listing.output
    shown = runner.invoke(app, ["show", "002_c3f2d05589118fa6", "--removed", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "removed by cleaning" in shown.output
    missing = runner.invoke(app, ["show", "nope", "--db", db])
    assert missing.exit_code == 1 and "no article 'nope'" in missing.output


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["ingest", str(SEEDS / "004_637e9860769ec13d.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()
