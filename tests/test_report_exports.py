"""The brief's exports: facts.jsonl, figures.csv, events.csv and places.geojson parse,
carry headers and citations, and agree with the situation they were written from."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.report import BriefFiles, write_brief
from sitroom.report.exports import EVENT_COLUMNS, FIGURE_COLUMNS

from .brief_fixtures import INJECTION, empty_situation, full_situation, single_article_situation


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> BriefFiles:
    return write_brief(full_situation(), tmp_path_factory.mktemp("brief"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_write_brief_writes_every_file(files: BriefFiles) -> None:
    names = sorted(p.name for p in files.all())
    assert names == sorted(
        ["brief.html", "brief.md", "facts.jsonl", "figures.csv", "events.csv", "places.geojson"]
    )
    assert all(p.stat().st_size > 0 for p in files.all())


def test_facts_jsonl_has_one_parsable_record_per_article(files: BriefFiles) -> None:
    records = [json.loads(line) for line in files.facts.read_text("utf-8").splitlines()]
    assert [r["article"] for r in records] == ["alpha", "bravo", "charlie"]
    bravo = records[1]
    assert bravo["published"] == "2022-03-17"
    assert [f["value"] for f in bravo["figures"]] == [7000, 953]
    assert all({"start", "end", "sentence"} <= f.keys() for f in bravo["figures"])


def test_figures_csv_rows_carry_series_claimant_and_citation(files: BriefFiles) -> None:
    header, rows = read_csv(files.figures)
    assert header == FIGURE_COLUMNS
    assert len(rows) == 4
    by_value = {r["value"]: r for r in rows}
    us = by_value["7000"]
    assert us["series"] == "Russian military personnel killed"
    assert (us["claimant"], us["claimant_side"], us["headline"], us["contested"]) == (
        "US",
        "West",
        "true",
        "true",
    )
    assert us["qualifier"] == "about"
    assert by_value["12000"]["headline"] == "false"
    for r in rows:
        dt.date.fromisoformat(r["date"])
        assert r["article"] and r["sentence"]
        assert int(r["start"]) < int(r["end"])


@pytest.mark.parametrize(
    ("value", "article", "quoted"),
    [("953", "bravo", "953"), ("2000", "charlie", "more than 2,000")],
)
def test_figures_csv_citation_points_at_the_words(
    files: BriefFiles, value: str, article: str, quoted: str
) -> None:
    from .brief_fixtures import articles

    _, rows = read_csv(files.figures)
    row = next(r for r in rows if r["value"] == value)
    body = articles()[row["article"]].body
    assert row["article"] == article
    assert body[int(row["start"]) : int(row["end"])] == quoted


def test_events_csv_is_sorted_by_date_with_undated_last(files: BriefFiles) -> None:
    header, rows = read_csv(files.events)
    assert header == EVENT_COLUMNS
    dates = [r["date"] for r in rows]
    dated = [d for d in dates if d]
    assert dated == sorted(dated)
    assert dates[-1] == "" and rows[-1]["date_source"] == "none"
    assert {r["type"] for r in rows} == {"strike", "evacuation", "negotiation", "casualty_report"}
    strike = rows[0]
    assert (strike["place"], strike["lat"], strike["lon"]) == ("Lviv", "49.8383", "24.0232")


def test_places_geojson_is_a_valid_feature_collection(files: BriefFiles) -> None:
    data = json.loads(files.places.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list) and data["features"]
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        assert {"name", "kind", "country", "mentions", "event_types", "first_citation"} <= set(
            props
        )
        assert isinstance(props["mentions"], int) and props["mentions"] >= 1
        if props["first_citation"]:
            assert {"article", "start", "end", "sentence"} <= set(props["first_citation"])


def test_places_geojson_is_lon_lat_and_skips_unlocated_places(files: BriefFiles) -> None:
    features = json.loads(files.places.read_text("utf-8"))["features"]
    coords = {f["properties"]["name"]: f["geometry"]["coordinates"] for f in features}
    assert coords["Kharkiv"] == [36.2304, 49.9935]  # [lon, lat], RFC 7946
    assert coords["Washington"][0] < 0  # west of Greenwich: longitude first
    assert "Donbas" not in coords  # no coordinates
    assert features[0]["properties"]["name"] == "Kharkiv"  # most mentioned first
    assert features[0]["properties"]["event_types"] == ["strike"]


def test_exports_keep_untrusted_text_as_data(files: BriefFiles) -> None:
    records = [json.loads(line) for line in files.facts.read_text("utf-8").splitlines()]
    contents = [a["content"] for r in records for a in r["attributions"]]
    assert INJECTION in contents  # kept verbatim in data files, escaped only in the page


@pytest.mark.parametrize("make", [empty_situation, single_article_situation])
def test_exports_of_a_thin_corpus_are_valid_and_headed(make: object, tmp_path: Path) -> None:
    situation = make()  # type: ignore[operator]
    files = write_brief(situation, tmp_path)
    header, rows = read_csv(files.figures)
    assert header == FIGURE_COLUMNS and rows == []
    header, _ = read_csv(files.events)
    assert header == EVENT_COLUMNS
    data = json.loads(files.places.read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(files.facts.read_text("utf-8").splitlines()) == len(situation.facts)
