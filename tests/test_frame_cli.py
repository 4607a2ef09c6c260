"""The framing commands in their exact forms: frame, roles, train."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.frame.narratives import OTHER, Taxonomy
from sitroom.frame.roles import role_taxonomy

from .conftest import SEMEVAL25

runner = CliRunner()
DOCS = SEMEVAL25 / "documents"
ANNOTATIONS = SEMEVAL25 / "subtask-1-annotations.txt"
KEYS = {
    "article",
    "narratives",
    "subnarratives",
    "persuasion",
    "headline_overstatement",
    "entity_roles",
}


@pytest.fixture(scope="module")
def framed() -> dict[str, dict[str, Any]]:
    files = ["EN_UA_300009.txt", "EN_CC_100013.txt", "EN_UA_024050.txt"]
    result = runner.invoke(app, ["frame", *[str(DOCS / f) for f in files], "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return {str(r["article"]): r for r in rows}


def test_frame_prints_one_object_per_article(framed: dict[str, dict[str, Any]]) -> None:
    assert set(framed) == {"EN_UA_300009", "EN_CC_100013", "EN_UA_024050"}
    assert all(set(row) == KEYS for row in framed.values())


def test_frame_labels_are_taxonomy_labels(framed: dict[str, dict[str, Any]]) -> None:
    tax = Taxonomy.from_corpus(SEMEVAL25)
    known = {*tax.narratives, *tax.parent, OTHER}
    for row in framed.values():
        assert set(row["narratives"]) | set(row["subnarratives"]) <= known


def test_frame_persuasion_and_overstatement_forms(framed: dict[str, dict[str, Any]]) -> None:
    for row in framed.values():
        for p in row["persuasion"]:
            assert {"technique", "paragraph", "start", "end"} <= set(p)
        over = row["headline_overstatement"]
        assert isinstance(over, dict) and 0.0 <= over["score"] <= 1.0
        for r in row["entity_roles"]:
            assert r["main_role"] in role_taxonomy()


def test_frame_skips_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["frame", str(empty), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert result.stdout == ""


def test_frame_rejects_unknown_format() -> None:
    result = runner.invoke(app, ["frame", str(DOCS / "EN_UA_300009.txt"), "--format", "csv"])
    assert result.exit_code != 0 and "unsupported format" in result.stderr


def mentions_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "mentions.tsv"
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def annotation_rows(lines: list[int]) -> list[list[str]]:
    """The input form (first four fields) of some annotation lines, built at run time."""
    all_rows = ANNOTATIONS.read_text("utf-8").splitlines()
    return [all_rows[n - 1].split("\t")[:4] for n in lines]


def test_roles_prints_the_annotation_form(tmp_path: Path) -> None:
    rows = annotation_rows([1, 2, 4, 5])
    result = runner.invoke(app, ["roles", "--mentions", str(mentions_file(tmp_path, rows)),
                                 "--corpus", str(SEMEVAL25)])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = [line.split("\t") for line in result.stdout.splitlines()]
    assert [o[:4] for o in out] == rows
    tax = role_taxonomy()
    for o in out:
        assert o[4] in tax and len(o) >= 6 and set(o[5:]) <= set(tax[o[4]])


def test_roles_reports_a_mismatched_mention_and_goes_on(tmp_path: Path) -> None:
    good = annotation_rows([1, 4])
    bad = [good[0][0], good[0][1], "500", "509"]
    shifted = annotation_rows([402])  # an official span two characters off
    path = mentions_file(tmp_path, [good[0], bad, good[1], *shifted])
    result = runner.invoke(app, ["roles", "--mentions", str(path), "--corpus", str(SEMEVAL25)])
    assert result.exit_code == 1
    assert f"{path}:2" in result.stderr and "not" in result.stderr
    assert f"note {path}:4" in result.stderr
    printed = [line.split("\t")[:4] for line in result.stdout.splitlines()]
    assert printed == [good[0], good[1], shifted[0]]


def test_roles_reports_a_missing_article(tmp_path: Path) -> None:
    path = mentions_file(tmp_path, [["EN_UA_000000.txt", "Kyiv", "0", "3"]])
    result = runner.invoke(app, ["roles", "--mentions", str(path), "--corpus", str(SEMEVAL25)])
    assert result.exit_code == 1
    assert "no article" in result.stderr and f"{path}:1" in result.stderr


def test_train_rejects_an_unknown_task() -> None:
    result = runner.invoke(app, ["train", "everything"])
    assert result.exit_code != 0 and "unknown task" in result.stderr


@pytest.mark.parametrize("name", ["frame", "roles", "train"])
def test_framing_commands_are_documented(name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0 and len(result.stdout) > 200
