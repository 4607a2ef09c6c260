"""The map: the derived basemap, the projection, the view and the place labels."""

from __future__ import annotations

import itertools
import json
from importlib import resources

import pytest

from sitroom.records import Citation, PlaceKind, PlaceSummary
from sitroom.report import geo
from sitroom.report.view import event_style

NEIGHBOURS = ["UA", "RU", "BY", "PL", "SK", "HU", "RO", "MD"]


def summary(name: str, lat: float | None, lon: float | None, mentions: int = 1) -> PlaceSummary:
    cite = Citation("a", "a", 0, 1, "x")
    return PlaceSummary(name, PlaceKind.CITY, None, lat, lon, mentions, ("strike",), (cite,))


def test_basemap_file_is_small_and_names_its_source() -> None:
    path = resources.files("sitroom.data").joinpath("basemap.json")
    size = len(path.read_bytes())
    assert size < 300_000
    data = geo.basemap()
    assert "Natural Earth" in data["source"] and "world-atlas" in data["source"]


@pytest.mark.parametrize("iso", NEIGHBOURS)
def test_basemap_has_ukraine_and_its_neighbours(iso: str) -> None:
    countries = {c["iso"]: c for c in geo.basemap()["countries"]}
    assert countries[iso]["rings"]
    for ring in countries[iso]["rings"]:
        assert ring[0] == ring[-1] and len(ring) >= 4


def test_crimea_is_drawn_within_ukraine_and_marked() -> None:
    countries = {c["iso"]: c for c in geo.basemap()["countries"]}

    def holds(iso: str, lon: float, lat: float) -> bool:
        return any(point_in_ring(lon, lat, r) for r in countries[iso]["rings"])

    simferopol = (34.10, 44.95)
    assert holds("UA", *simferopol) and not holds("RU", *simferopol)
    assert holds("UA", 30.52, 50.45) and holds("RU", 37.62, 55.75)  # Kyiv, Moscow
    (area,) = geo.basemap()["areas"]
    assert area["name"] == "Crimea" and "2014" in area["note"]


def point_in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_projection_keeps_compass_directions() -> None:
    frame = geo.fit(geo.DEFAULT_EXTENT)
    kyiv, lviv, kharkiv, odesa = (
        frame(*p) for p in [(30.52, 50.45), (24.03, 49.84), (36.23, 49.99), (30.73, 46.48)]
    )
    assert lviv[0] < kyiv[0] < kharkiv[0]  # west to east
    assert kyiv[1] < odesa[1]  # north is up
    for x, y in (kyiv, lviv, kharkiv, odesa):
        assert frame.inside(x, y)
    assert 500 < frame.height < 800 and frame.width == geo.WIDTH


@pytest.mark.parametrize(
    ("lat", "lon", "on_map"),
    [
        (50.45, 30.52, True),  # Kyiv
        (55.75, 37.62, True),  # Moscow widens the view
        (41.01, 28.95, True),  # Istanbul
        (51.51, -0.13, False),  # London: listed beside the map
        (38.90, -77.04, False),  # Washington
    ],
)
def test_view_widens_to_places_near_ukraine_only(lat: float, lon: float, on_map: bool) -> None:
    view = geo.render_map(
        [summary("P", lat, lon)],
        colour_of=lambda t: event_style(t).colour,
        label_of=lambda t: event_style(t).label,
        cite_of=lambda p: "c1",
    )
    assert (len(view.places) == 1) is on_map
    assert (len(view.elsewhere) == 1) is not on_map
    if on_map:
        (mark,) = view.places
        assert 0 <= mark.x <= view.width and 0 <= mark.y <= view.height


def test_places_without_coordinates_are_counted_not_drawn() -> None:
    view = geo.render_map([summary("Donbas", None, None)], lambda t: "#000", str, lambda p: None)
    assert view.places == () and view.unlocated == 1


def test_labels_never_overlap_and_bigger_places_win() -> None:
    # a cluster of close places around Kyiv: not every one can carry a label
    places = [
        summary(f"Place {i}", 50.45 + 0.05 * i, 30.52 + 0.05 * i, mentions=30 - i)
        for i in range(12)
    ]
    view = geo.render_map(places, lambda t: "#000", str, lambda p: "c1")
    labels = view.place_labels
    assert labels and labels[0].text == "Place 0"
    assert len(labels) < len(places)
    boxes = []
    for lab in labels:
        w = len(lab.text) * geo.LABEL_FONT * geo.CHAR_WIDTH
        x0 = {"start": lab.x, "end": lab.x - w, "middle": lab.x - w / 2}[lab.anchor]
        boxes.append((x0, lab.y - geo.LABEL_FONT, x0 + w, lab.y))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1)


@pytest.mark.parametrize(
    ("mentions", "largest", "low", "high"),
    [(1, 1, 3.5, 8.0), (1, 400, 3.5, 5.0), (400, 400, 21.9, 22.1), (100, 400, 12.0, 13.5)],
)
def test_circle_area_grows_with_mentions(
    mentions: int, largest: int, low: float, high: float
) -> None:
    assert low <= geo.radius(mentions, largest) <= high


@pytest.mark.parametrize(
    ("type_", "label"),
    [
        ("strike", "Strike or shelling"),
        ("strike_or_shelling", "Strike or shelling"),
        ("recapture", "Recapture or counter-attack"),
        ("counter_attack", "Recapture or counter-attack"),
        ("capture", "Capture"),
        ("retreat_or_withdrawal", "Retreat or withdrawal"),
        ("humanitarian_corridor", "Evacuation or corridor"),
        ("weapons_supply", "Weapons or aid supply"),
        ("desertion_or_surrender", "Desertion or surrender"),
        ("cyber_incident", "Cyber incident"),  # unknown: its own label, the 'other' colour
        (None, "No event reported"),
    ],
)
def test_event_style_matches_type_names(type_: str | None, label: str) -> None:
    assert event_style(type_).label == label


def test_event_colours_are_distinct() -> None:
    table = json.loads(
        resources.files("sitroom.report").joinpath("assets/event_types.json").read_text("utf-8")
    )
    colours = [t["colour"] for t in table["types"]]
    assert len(set(colours)) == len(colours)
