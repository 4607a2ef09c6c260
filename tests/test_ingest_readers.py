"""Readers: every supported format, metadata kept, directories and standard input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitroom.errors import InputError
from sitroom.ingest import build_article, parse_date, read_paths
from sitroom.records import SourceDocument

from .conftest import SEEDS, SEMEVAL25

SEED = SEEDS / "002_c3f2d05589118fa6.txt"


def seed_title_and_body() -> tuple[str, str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return lines[0], "\n".join(lines[1:])


def only_docs(results: list[object]) -> list[SourceDocument]:
    problems = [r for r in results if isinstance(r, InputError)]
    assert not problems, problems
    return [r for r in results if isinstance(r, SourceDocument)]


def test_txt_first_line_is_title() -> None:
    [doc] = only_docs(list(read_paths([SEED])))
    article = build_article(doc)
    title, _ = seed_title_and_body()
    assert doc.name == "002_c3f2d05589118fa6"
    assert article.title == title
    assert title not in article.body
    assert article.body.startswith(title.split(":")[0]) is False


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    title, body = seed_title_and_body()
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    page = f"""<!doctype html><html><head><title>{title} | Example News</title>
    <meta property="og:title" content="{title}">
    <meta property="og:site_name" content="Example News">
    <meta property="og:url" content="https://news.example.org/world/ukraine-1">
    <meta property="article:published_time" content="2022-03-23T10:00:00Z">
    </head><body><nav><a href="/">Home</a><a href="/world">World</a></nav>
    <article><h1>{title}</h1>{paragraphs}</article>
    <footer>Copyright Example News. All rights reserved.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    [doc] = only_docs(list(read_paths([path])))
    assert doc.title == title
    assert doc.outlet == "Example News"
    assert doc.url == "https://news.example.org/world/ukraine-1"
    assert doc.published == dt.date(2022, 3, 23)
    assert "Makariv" in doc.text
    assert "All rights reserved" not in doc.text


def test_jsonl_fields_and_names(tmp_path: Path) -> None:
    title, body = seed_title_and_body()
    records = [
        {
            "title": title,
            "text": body,
            "url": "https://a.example/1",
            "published": "2022-03-23",
            "outlet": "A",
            "language": "en",
        },
        {
            "id": "custom-id",
            "title": "Second",
            "text": "Kyiv was shelled again on Monday, officials said.",
        },
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs = only_docs(list(read_paths([path])))
    assert [d.name for d in docs] == ["batch-1", "custom-id"]
    assert docs[0].published == dt.date(2022, 3, 23)
    assert (
        docs[0].outlet == "A" and docs[0].language == "en" and docs[0].url == "https://a.example/1"
    )
    assert build_article(docs[0]).title == title


def test_json_list_and_object(tmp_path: Path) -> None:
    (tmp_path / "list.json").write_text(
        json.dumps(
            [{"title": "One", "text": "First body line."}, {"title": "Two", "text": "Second."}]
        )
    )
    (tmp_path / "one.json").write_text(json.dumps({"title": "Solo", "text": "Only body."}))
    docs = only_docs(list(read_paths([tmp_path])))
    assert [(d.name, d.title) for d in docs] == [
        ("list-1", "One"),
        ("list-2", "Two"),
        ("one", "Solo"),
    ]


def test_csv_columns(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "text", "published", "outlet"])
    writer.writeheader()
    writer.writerow(
        {
            "title": "T1",
            "text": "Body one,\nwith a newline.",
            "published": "2022-07-08",
            "outlet": "X",
        }
    )
    writer.writerow({"title": "T2", "text": "Body two.", "published": "", "outlet": ""})
    path = tmp_path / "rows.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    docs = only_docs(list(read_paths([path])))
    assert [d.title for d in docs] == ["T1", "T2"]
    assert docs[0].text == "Body one,\nwith a newline."
    assert docs[0].published == dt.date(2022, 7, 8) and docs[1].published is None
    assert docs[0].outlet == "X" and docs[1].outlet is None


def test_directory_recursive_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Title Z\nBody z.\n")
    (tmp_path / "a.txt").write_text("Title A\nBody a.\n")
    (tmp_path / "notes.xyz").write_text("ignored in folders")
    (tmp_path / ".hidden.txt").write_text("Hidden\nignored\n")
    docs = only_docs(list(read_paths([tmp_path])))
    assert [d.name for d in docs] == ["a", "z"]


def test_seed_folder_reads_all_five() -> None:
    docs = only_docs(list(read_paths([SEEDS])))
    assert len(docs) == 5


def test_stdin_is_read(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "sitroom", "clean", "-", "--format", "jsonl"],
        input=SEED.read_bytes(),
        capture_output=True,
        check=True,
    )
    record = json.loads(out.stdout.decode("utf-8").splitlines()[0])
    assert record["article"] == "stdin"
    assert record["title"] == seed_title_and_body()[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-03-17", dt.date(2022, 3, 17)),
        ("2022-03-17T23:10:00+02:00", dt.date(2022, 3, 17)),
        ("Thu, 17 Mar 2022 10:00:00 GMT", dt.date(2022, 3, 17)),
        ("", None),
        ("last Thursday", None),
        ("2022-13-45", None),
    ],
)
def test_parse_metadata_dates(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_semeval_folder_reads_every_article() -> None:
    docs = only_docs(list(read_paths([SEMEVAL25 / "documents"])))
    assert len(docs) == 367


def test_the_stage_is_callable_as_sitroom_ingest(tmp_path: Path) -> None:
    import sitroom.ingest

    (tmp_path / "a.txt").write_text("A title\nA body line about the war.\n", encoding="utf-8")
    report = sitroom.ingest([tmp_path], str(tmp_path / "s.db"))
    assert report.summary().startswith("1 ingested")
    assert sitroom.ingest.build_article is not None  # still the module
