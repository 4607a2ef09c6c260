"""Bad input: one clear line naming the file and the problem; the rest of the batch goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitroom.cli import app
from sitroom.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    MalformedRecord,
    MissingPath,
    TooLarge,
)
from sitroom.ingest import MAX_BYTES, ingest, read_paths
from sitroom.store import open_store

from .conftest import SEEDS

GOOD = SEEDS / "000_1de4da174fe004ff.txt"


def problems_of(path: Path) -> list[InputError]:
    return [r for r in read_paths([path]) if isinstance(r, InputError)]


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("empty.txt", b"", EmptyInput, "empty file"),
        ("blank.txt", b"  \n\n \t\n", EmptyInput, "empty file"),
        ("binary.txt", bytes(range(256)) * 8, BinaryInput, "binary data"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput, "binary data"),
        # no NUL byte, but 6% control characters (tabs, newlines, form feeds do not count)
        ("control.txt", (b"\x1b" * 6 + b"\t\n\x0c\r" + b"x" * 90) * 10, BinaryInput, "binary data"),
        ("notes.docx", b"whatever", InputError, "unsupported file type .docx"),
        ("broken.json", b'{"title": "x", "text": ', MalformedRecord, "not valid JSON"),
        ("nolist.json", b"42", MalformedRecord, "expected a JSON object"),
        ("notext.csv", b"title,body\nA,B\n", MalformedRecord, "no 'text' column"),
    ],
)
def test_bad_file_gives_one_clear_problem(
    tmp_path: Path, name: str, content: bytes, error: type[InputError], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = problems_of(path)
    assert isinstance(problem, error)
    assert str(path) in str(problem) and message in str(problem)


def test_text_with_a_few_control_characters_is_read(tmp_path: Path) -> None:
    path = tmp_path / "escapes.txt"
    path.write_bytes(b"Title\n\n" + (b"\x1b" * 4 + b"\t\n\x0c\r" + b"y" * 92) * 10)  # 4%
    assert problems_of(path) == []


def test_missing_path() -> None:
    [problem] = list(read_paths(["/no/such/dir/article.txt"]))
    assert isinstance(problem, MissingPath)
    assert "/no/such/dir/article.txt: no such file or directory" in str(problem)


def test_file_over_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: the reader must refuse it from its size alone
    [problem] = problems_of(path)
    assert isinstance(problem, TooLarge) and "over the" in str(problem)


def test_non_utf8_decoded_with_stated_fallback(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Kyiv résidents\nCafé owners said the strike hit at 5 o’clock.\n".encode("cp1252")
    )
    [doc] = list(read_paths([path]))
    assert not isinstance(doc, InputError)
    assert doc.decode_note is not None and "decoded as Windows-1252" in doc.decode_note
    assert "Café" in doc.text and "’" in doc.text


def test_malformed_jsonl_line_named_and_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "First", "text": "Body of the first article."}),
        '{"title": "Broken", "text": "unterminated',
        json.dumps({"title": "No text"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "Fifth", "text": "Body of the fifth article."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_paths([path]))
    problems = [r for r in results if isinstance(r, InputError)]
    docs = [r for r in results if not isinstance(r, InputError)]
    assert [d.title for d in docs] == ["First", "Fifth"]
    assert [p.line for p in problems] == [2, 3, 4]
    assert f"{path}:2: not valid JSON" in str(problems[0])
    assert "record has no 'text'" in str(problems[1])


def test_batch_goes_on_and_summary_counts(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(GOOD, corpus / "good.txt")
    shutil.copy(GOOD, corpus / "good_copy.txt")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ingest([corpus, tmp_path / "missing.txt"], str(tmp_path / "s.db"))
    assert len(report.originals) == 1
    assert len(report.duplicates) == 1
    assert len(report.rejected) == 3
    assert report.ok
    assert report.summary().startswith("1 ingested, 1 duplicate, 0 unchanged, 3 rejected")


def test_cli_exit_code_nonzero_only_when_nothing_ingested(tmp_path: Path) -> None:
    runner = CliRunner()
    (tmp_path / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "cli.db")
    bad = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", db])
    assert bad.exit_code == 1
    assert "empty.txt: empty file" in bad.output
    mixed = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), str(GOOD), "--db", db])
    assert mixed.exit_code == 0, mixed.output
    assert "1 ingested, 0 duplicate, 0 unchanged, 1 rejected" in mixed.output


def test_nothing_stored_is_lost_when_a_later_batch_is_bad(tmp_path: Path) -> None:
    db = str(tmp_path / "keep.db")
    ingest([SEEDS], db)
    (tmp_path / "bad.jsonl").write_text("{nope\n")
    ingest([tmp_path / "bad.jsonl"], db)
    assert open_store(db).count_articles() == (5, 0)
