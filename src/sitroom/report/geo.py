"""The brief's map: Ukraine and its neighbours as inline SVG, with the reported places.

The outlines come from ``data/basemap.json`` (Natural Earth, public domain; built by
``scripts/build_basemap.py``), drawn in an Albers equal-area conic projection centred
on Ukraine (standard parallels 45°N and 52°N), which keeps areas true and the shapes
familiar at this latitude. The view is Ukraine and its neighbours, widened to take in
reported places up to :data:`MAX_EXTENT`; places beyond it are listed beside the map.
Places are drawn as circles whose area grows with the number of mentions, coloured by
their most frequent event type, and the most mentioned are labelled where a label fits
without covering another.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.records import PlaceSummary

# (west, south, east, north) in degrees
DEFAULT_EXTENT = (19.6, 43.3, 41.6, 53.7)
MAX_EXTENT = (13.0, 40.0, 49.0, 58.5)
WIDTH = 960.0
MAX_LABELS = 28
LABEL_FONT = 13.0  # px (viewBox units; brief.css sets the same); label boxes assume it
COUNTRY_FONT = 13.0  # px, letter-spaced capitals
CHAR_WIDTH = 0.56  # average glyph width as a share of the font size


@functools.cache
def basemap() -> dict[str, Any]:
    """The derived Natural Earth outlines (loaded once per process)."""
    path = resources.files("sitroom.data").joinpath("basemap.json")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Albers:
    """Spherical Albers equal-area conic projection; y grows downwards (SVG)."""

    lon0: float = 31.0
    lat0: float = 48.5
    lat1: float = 45.0
    lat2: float = 52.0

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        p1, p2, p0 = (math.radians(v) for v in (self.lat1, self.lat2, self.lat0))
        n = (math.sin(p1) + math.sin(p2)) / 2
        c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
        rho0 = math.sqrt(c - 2 * n * math.sin(p0)) / n
        rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
        theta = n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), -(rho0 - rho * math.cos(theta))


@dataclass(frozen=True)
class Frame:
    """A projection fitted to an extent: lon/lat -> pixel coordinates of the SVG."""

    projection: Albers
    x0: float
    y0: float
    scale: float
    width: float
    height: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.projection(lon, lat)
        return (x - self.x0) * self.scale, (y - self.y0) * self.scale

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        return -margin <= x <= self.width + margin and -margin <= y <= self.height + margin


def fit(extent: tuple[float, float, float, float], width: float = WIDTH) -> Frame:
    """Fit the projection so that the whole lon/lat box ``extent`` is in view."""
    projection = Albers()
    west, south, east, north = extent
    steps = 24
    points = []
    for i in range(steps + 1):
        lon = west + (east - west) * i / steps
        lat = south + (north - south) * i / steps
        points += [(lon, south), (lon, north), (west, lat), (east, lat)]
    xy = [projection(lon, lat) for lon, lat in points]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    # The box's projected outline bulges; crop to the middle of its curved edges so the
    # corners beyond the extent do not add empty space.
    top = max(projection(lon, north)[1] for lon in (west, east))
    bottom = min(projection((west + east) / 2, south)[1], max(ys))
    scale = width / (max(xs) - min(xs))
    return Frame(projection, min(xs), top, scale, width, (bottom - top) * scale)


def extent_for(places: Sequence[PlaceSummary]) -> tuple[float, float, float, float]:
    """The default view widened to every place inside :data:`MAX_EXTENT`."""
    west, south, east, north = DEFAULT_EXTENT
    for p in places:
        if p.lat is None or p.lon is None or not within(p.lon, p.lat, MAX_EXTENT):
            continue
        west, east = min(west, p.lon - 1.0), max(east, p.lon + 1.0)
        south, north = min(south, p.lat - 0.6), max(north, p.lat + 0.6)
    mw, ms, me, mn = MAX_EXTENT
    return max(west, mw), max(south, ms), min(east, me), min(north, mn)


def within(lon: float, lat: float, extent: tuple[float, float, float, float]) -> bool:
    west, south, east, north = extent
    return west <= lon <= east and south <= lat <= north


# --------------------------------------------------------------------------- the drawing


@dataclass(frozen=True)
class CountryShape:
    iso: str | None
    name: str
    d: str  # SVG path data
    focus: bool  # Ukraine, drawn stronger


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str  # SVG text-anchor: start, middle, end
    small: bool = False  # a country too narrow for its name at full size


@dataclass(frozen=True)
class PlaceMark:
    name: str
    country: str | None
    kind: str
    x: float
    y: float
    r: float
    colour: str
    mentions: int
    event_types: tuple[str, ...]
    cite: str | None  # citation id of the first citation, for the article view
    tooltip: str


@dataclass(frozen=True)
class MapView:
    width: float
    height: float
    countries: tuple[CountryShape, ...]
    areas: tuple[CountryShape, ...]  # marked areas (occupied Crimea)
    area_notes: tuple[str, ...]
    country_labels: tuple[Label, ...]
    water_labels: tuple[Label, ...]
    places: tuple[PlaceMark, ...]  # drawn largest first so small circles stay on top
    place_labels: tuple[Label, ...]
    elsewhere: tuple[PlaceSummary, ...]  # places with coordinates outside the map
    unlocated: int  # places without coordinates
    radius_legend: tuple[tuple[int, float], ...]  # (mentions, radius)


def ring_path(ring: Sequence[Sequence[float]], frame: Frame) -> str:
    parts = []
    last = None
    for lon, lat in ring:
        x, y = frame(lon, lat)
        point = f"{x:.1f},{y:.1f}"
        if point != last:
            parts.append(point)
            last = point
    return "M" + "L".join(parts) + "Z" if len(parts) >= 3 else ""


def _visible(ring: Sequence[Sequence[float]], frame: Frame) -> bool:
    xy = [frame(lon, lat) for lon, lat in ring]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    return max(xs) >= 0 and min(xs) <= frame.width and max(ys) >= 0 and min(ys) <= frame.height


def radius(mentions: int, largest: int) -> float:
    """Circle radius in pixels, 3.5 to 22: area grows with mentions, and a small corpus
    (largest count under 25) does not inflate its few mentions to full size."""
    return 3.5 + 18.5 * math.sqrt(max(mentions, 0) / max(largest, 25))


def render_map(
    places: Sequence[PlaceSummary],
    colour_of: Callable[[str | None], str],
    label_of: Callable[[str], str],
    cite_of: Callable[[PlaceSummary], str | None],
) -> MapView:
    """Lay out the map for ``places``; the callbacks give an event type's colour and
    label and a place's citation id."""
    data = basemap()
    located = [p for p in places if p.lat is not None and p.lon is not None]
    frame = fit(extent_for(located))

    countries = []
    for country in data["countries"]:
        rings = [r for r in country["rings"] if _visible(r, frame)]
        d = "".join(ring_path(r, frame) for r in rings)
        if d:
            countries.append(
                CountryShape(country["iso"], country["name"], d, country["iso"] == "UA")
            )
    areas, notes = [], []
    for area in data.get("areas", []):
        d = "".join(ring_path(r, frame) for r in area["rings"] if _visible(r, frame))
        if d:
            areas.append(CountryShape(None, area["name"], d, False))
            notes.append(f"{area['name']}: {area['note']}")

    country_labels = []
    for country in data["countries"]:
        if country.get("label"):
            x, y = frame(country["label"][0], country["label"][1])
            if frame.inside(x, y, -30):
                small = len(country["label"]) > 2 and country["label"][2] == "small"
                country_labels.append(Label(country["name"].upper(), x, y, "middle", small))
    water_labels = []
    for water in data.get("water_labels", []):
        x, y = frame(water["lon"], water["lat"])
        if frame.inside(x, y, -40):
            water_labels.append(Label(water["name"], x, y, "middle"))

    on_map: list[tuple[PlaceSummary, float, float]] = []
    elsewhere: list[tuple[PlaceSummary, float, float]] = []
    for p in located:
        assert p.lon is not None and p.lat is not None
        x, y = frame(p.lon, p.lat)
        (on_map if frame.inside(x, y, -4) else elsewhere).append((p, x, y))
    largest = max((p.mentions for p, _, _ in on_map), default=0)
    marks = []
    for p, x, y in sorted(on_map, key=lambda t: (-t[0].mentions, t[0].name)):
        main = p.event_types[0] if p.event_types else None
        types = ", ".join(label_of(t) for t in p.event_types) or "no event reported"
        tip = f"{p.name} · {p.mentions} mention{'s' if p.mentions != 1 else ''} · {types}"
        marks.append(
            PlaceMark(
                name=p.name,
                country=p.country,
                kind=str(p.kind),
                x=round(x, 1),
                y=round(y, 1),
                r=round(radius(p.mentions, largest), 1),
                colour=colour_of(main),
                mentions=p.mentions,
                event_types=p.event_types,
                cite=cite_of(p),
                tooltip=tip,
            )
        )
    labels = place_labels(marks, frame, fixed=country_labels)
    legend = tuple((m, round(radius(m, largest), 1)) for m in legend_steps(largest))
    return MapView(
        width=frame.width,
        height=round(frame.height, 1),
        countries=tuple(countries),
        areas=tuple(areas),
        area_notes=tuple(notes),
        country_labels=tuple(country_labels),
        water_labels=tuple(water_labels),
        places=tuple(marks),
        place_labels=tuple(labels),
        elsewhere=tuple(p for p, _, _ in sorted(elsewhere, key=lambda t: -t[0].mentions)),
        unlocated=len(places) - len(located),
        radius_legend=legend,
    )


def legend_steps(largest: int) -> list[int]:
    """Two or three round mention counts for the size legend."""
    if largest <= 1:
        return [1] if largest == 1 else []
    steps = [1]
    for v in (_round_down(largest // 4), _round_down(largest)):
        if v > steps[-1]:
            steps.append(v)
    return steps


def _round_down(n: int) -> int:
    if n < 10:
        return max(n, 1)
    magnitude = 10 ** int(math.log10(n))
    for m in (5, 2, 1):
        if n >= m * magnitude:
            return m * magnitude
    return magnitude


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(marks: Sequence[PlaceMark], frame: Frame, fixed: Sequence[Label]) -> list[Label]:
    """Greedy label placement: the most mentioned places first, each trying right, left,
    above and below its circle; a label that would cover another label or a circle is
    left out (the tooltip still names the place)."""
    h = LABEL_FONT
    taken: list[Box] = []
    for lab in fixed:  # country names, drawn big and light: keep place labels off them
        w = len(lab.text) * (COUNTRY_FONT if not lab.small else 10.0) * 0.85
        taken.append((lab.x - w / 2, lab.y - h, lab.x + w / 2, lab.y + 2))
    circles: list[Box] = [(m.x - m.r, m.y - m.r, m.x + m.r, m.y + m.r) for m in marks]
    out: list[Label] = []
    for i, m in enumerate(marks):
        if len(out) >= MAX_LABELS:
            break
        w = len(m.name) * LABEL_FONT * CHAR_WIDTH + 2
        gap = m.r + 3
        candidates = [
            (
                Label(m.name, m.x + gap, m.y + h / 3, "start"),
                (m.x + gap, m.y - h / 2, m.x + gap + w, m.y + h / 2),
            ),
            (
                Label(m.name, m.x - gap, m.y + h / 3, "end"),
                (m.x - gap - w, m.y - h / 2, m.x - gap, m.y + h / 2),
            ),
            (
                Label(m.name, m.x, m.y - gap - 2, "middle"),
                (m.x - w / 2, m.y - gap - h, m.x + w / 2, m.y - gap),
            ),
            (
                Label(m.name, m.x, m.y + gap + h - 2, "middle"),
                (m.x - w / 2, m.y + gap, m.x + w / 2, m.y + gap + h),
            ),
        ]
        for label, box in candidates:
            if not (frame.inside(box[0], box[1]) and frame.inside(box[2], box[3])):
                continue
            others = [c for j, c in enumerate(circles) if j != i]
            if any(_overlaps(box, b) for b in taken) or any(_overlaps(box, c) for c in others):
                continue
            out.append(label)
            taken.append(box)
            break
    return out


__all__ = [
    "DEFAULT_EXTENT",
    "MAX_EXTENT",
    "Albers",
    "Frame",
    "MapView",
    "PlaceMark",
    "basemap",
    "extent_for",
    "fit",
    "render_map",
]
