"""Places: gazetteer-first recognition and resolution.

spaCy's small English model is not a place recogniser (it tags "Kyiv" as a place a small
fraction of the time here), so sitroom matches the article against its own gazetteer,
``data/gazetteer.tsv.gz`` (GeoNames via ``scripts/build_gazetteer.py``, CC BY 4.0), and uses
the parse only for evidence: sentences, parts of speech, PERSON/ORG/GPE entities.

For every mention the recogniser:

1. finds the longest gazetteer name over the article's word tokens (spelling variants,
   accents and apostrophes folded: "Kiev", "Kyiv's", "Mar'yinka"), case-aware: a name must
   be capitalised unless the gazetteer marks it safe in lower case ("kyiv");
2. reads the patterns around it: "X Oblast", "the X region", "X and Y regions", "the X
   region of Y", "the city of X", "X district" (a settlement's district);
3. rejects collisions: adjectives and common words (never in the gazetteer, or marked and
   asked for a place cue), person names (a title before it, a PERSON entity that runs on
   into a surname, a one-word name right before a PERSON-tagged or East Slavic surname
   "Artem Kazantsev", a surname used elsewhere in the article for a person), names inside an
   organisation's name ("Kyiv Independent", "Bank of England"), and abbreviations used as
   modifiers ("US officials");
4. resolves homonyms by kind, population, a Ukraine-war prior and the article's other places
   (a candidate in a country or near a place the article names unambiguously wins; naming
   one of the war's own countries adds nothing to the prior, so "New York" stays the city).

Every mention becomes one :class:`~sitroom.records.Place`; ``records.distinct_places`` merges
them per distinct place for the SCHEMA's JSON.
"""

from __future__ import annotations

import bisect
import functools
import gc
import gzip
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, cast

from spacy.attrs import IDX
from spacy.tokens import Doc

from sitroom.nlp import token_columns
from sitroom.records import Article, Place, PlaceKind

EXTRACTOR = "places.v2"
DATA = Path(__file__).resolve().parents[1] / "data"

# Countries whose places are the subject of this war's coverage (prior for homonyms).
WAR_PRIOR = {"UA": 1.5, "RU": 1.0, "BY": 0.8, "MD": 0.5, "PL": 0.3}
CORE = frozenset(WAR_PRIOR)
# Settlements at least this big need no place cue around them (inside CORE / elsewhere).
STRONG_POPULATION_CORE = 5000
STRONG_POPULATION_WORLD = 1_000_000
# Settlements at least this big are not rejected because spaCy calls them a person.
PROMINENT_POPULATION = 100_000
KIND_PRIOR = {"country": 8.0, "region": 6.5, "water": 6.5, "site": 6.5, "other": 6.5}
NEAR_KM = (150.0, 400.0)
RAION_COUNTRIES = frozenset({"UA", "RU", "BY"})
PARTICLES = frozenset({"the", "of", "on", "na", "de", "del", "la", "le", "am", "an", "and", "upon"})
ABBREV_GAP = re.compile(r"\.\s?")
NAME_GAP = re.compile(r"\s+|\s*[-–]\s*")
# Characters that end a clause between two words (see _prev_words).
_CLAUSE_BREAK = re.compile(r'[.;:!?()\n"“”]')

# --------------------------------------------------------------------------- normalisation

_FOLD = str.maketrans(
    {"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "đ": "d",
     "Đ": "D", "ı": "i", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ð": "d"}
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")


def norm_key(text: str) -> str:
    """The gazetteer's key for a name: ASCII-folded, lower case, apostrophes dropped, any
    other run of non-alphanumerics one space ("Mar'yinka" -> "maryinka", "Ivano-Frankivsk"
    -> "ivano frankivsk", "Côte d'Ivoire" -> "cote divoire")."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = _APOSTROPHES.sub("", folded)
    return _NON_ALNUM.sub(" ", folded).strip()


# --------------------------------------------------------------------------- the gazetteer


class Entry(NamedTuple):
    """One place of the gazetteer."""

    gid: int | None
    name: str
    kind: str
    cc: str | None
    lat: float | None
    lon: float | None
    population: int
    admin1: str
    flags: frozenset[str]


class Candidate(NamedTuple):
    entry: Entry
    marks: str  # key marks: ^ own name, * common word, ~ lower case ok, + region base, = abbrev


@dataclass
class Gazetteer:
    entries: list[Entry]
    index: dict[str, list[Candidate]]
    first_words: frozenset[str]
    max_words: int


@functools.cache
def gazetteer() -> Gazetteer:
    """The compiled gazetteer, loaded once per process (about 0.3 s)."""
    enabled = gc.isenabled()
    gc.disable()  # 100k small tuples: the cyclic collector would otherwise triple the time
    try:
        return _load_gazetteer(DATA / "gazetteer.tsv.gz")
    finally:
        if enabled:
            gc.enable()


def _load_gazetteer(path: Path) -> Gazetteer:
    entries: list[Entry] = []
    index: dict[str, list[Candidate]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            gid, name, kind, cc, lat, lon, pop, admin1, flags, keys = line.rstrip("\n").split("\t")
            entry = Entry(
                int(gid) if gid else None,
                name,
                kind,
                cc or None,
                float(lat) if lat else None,
                float(lon) if lon else None,
                int(pop),
                admin1,
                frozenset(flags.split(",")) if flags else frozenset(),
            )
            entries.append(entry)
            for marked in keys.split("|"):
                key = marked.lstrip("^*~+=")
                candidate = Candidate(entry, marked[: len(marked) - len(key)])
                bucket = index.get(key)
                if bucket is None:
                    index[key] = [candidate]
                else:
                    bucket.append(candidate)
    first_words = frozenset(k.split(" ", 1)[0] for k in index)
    max_words = max(k.count(" ") + 1 for k in index)
    return Gazetteer(entries, index, first_words, max_words)


@functools.cache
def cues() -> dict[str, frozenset[str]]:
    """Context words by role (``data/places_cues.tsv``)."""
    roles: dict[str, set[str]] = {}
    for line in (DATA / "places_cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("role\t"):
            continue
        role, word = line.split("\t")
        roles.setdefault(role, set()).add(word.strip().casefold())
    return {role: frozenset(words) for role, words in roles.items()}


# --------------------------------------------------------------------------- tokens


class Word(NamedTuple):
    start: int
    end: int
    text: str
    key: str


def words(text: str) -> list[Word]:
    """Word tokens with their keys; a possessive "'s" is split off ("Russia's" -> "Russia")."""
    out: list[Word] = []
    append, key_of = out.append, _word_key
    for m in _WORD.finditer(text):
        token = m.group()
        start = m.start()
        end = start + len(token)
        if len(token) > 2 and token[-2] in "'’ʼ" and token[-1] in "sS":
            end -= 2
            token = token[:-2]
        key = key_of(token)
        if key:
            append(Word(start, end, token, key))
    return out


@functools.lru_cache(maxsize=65536)
def _word_key(token: str) -> str:
    return norm_key(token)


# --------------------------------------------------------------------------- article context


@dataclass
class Context:
    """What the parse says about an article, indexed by character offsets."""

    body: str
    doc: Doc
    token_starts: list[int]
    sentences: list[tuple[int, int]]
    ents: list[tuple[int, int, str]]
    ent_starts: list[int]
    person_words: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, body: str, doc: Doc) -> Context:
        ents = sorted((e.start_char, e.end_char, e.label_) for e in doc.ents)
        cols = token_columns(doc)
        ctx = cls(
            body=body,
            doc=doc,
            token_starts=cast(list[int], doc.to_array([IDX]).reshape(-1).tolist()),
            sentences=[(s.start_char, s.end_char) for s in doc.sents],
            ents=ents,
            ent_starts=[e[0] for e in ents],
        )
        titles = cues()["person_title"]
        for start, end, label in ents:
            if label != "PERSON":
                continue
            parts = [w for w in words(body[start:end]) if w.key not in titles]
            if len(parts) >= 2:  # "Sergei Orlov": both words name a person in this article
                ctx.person_words.update(w.key for w in parts)
        texts, n = cols.text, len(cols.text)
        for i, lower in enumerate(cols.lower):
            if i + 1 < n and lower.rstrip(".") in titles:
                nxt = texts[i + 1]
                if nxt[:1].isupper() and cols.pos[i + 1] == "PROPN":
                    ctx.person_words.add(norm_key(nxt))
        return ctx

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def sentence(self, char: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right([s[0] for s in self.sentences], char) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.body))

    def ent_over(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The entity that overlaps ``start:end``, if any."""
        i = bisect.bisect_right(self.ent_starts, end) - 1
        while i >= 0:
            e = self.ents[i]
            if e[1] > start:
                return e
            if e[1] <= start and i >= 0 and self.ents[i][0] < start - 200:
                break
            i -= 1
        return None


# --------------------------------------------------------------------------- mentions


@dataclass
class Mention:
    first: int  # index of the first word
    last: int  # index of the last word (inclusive)
    key: str
    start: int
    end: int
    candidates: list[Candidate]
    want: str | None = None  # "region", "raion", "city" when a pattern fixes the kind
    extend_to: int | None = None  # end offset when a pattern word joins the mention
    chosen: Entry | None = None
    raion_of: Entry | None = None
    confidence: float = 1.0


def find_mentions(body: str, ws: list[Word], gaz: Gazetteer) -> list[Mention]:
    """Longest gazetteer matches, left to right."""
    out: list[Mention] = []
    n = len(ws)
    keys = [w.key for w in ws]
    i = 0
    while i < n:
        if keys[i] not in gaz.first_words:
            i += 1
            continue
        # how far can a name run from here (only spaces, hyphens, abbreviation dots between)
        span = 1
        while span < gaz.max_words and i + span < n:
            gap = body[ws[i + span - 1].end : ws[i + span].start]
            if (
                gap == " "
                or NAME_GAP.fullmatch(gap)
                or (ABBREV_GAP.fullmatch(gap) and len(ws[i + span - 1].key) <= 3)
            ):
                span += 1
            else:
                break
        found = None
        for k in range(span, 0, -1):
            key = " ".join(keys[i : i + k])
            if key in gaz.index:
                found = (k, key)
                break
        if found is None:
            i += 1
            continue
        k, key = found
        end = ws[i + k - 1].end
        if body[end : end + 1] == "." and "." in body[ws[i].start : end]:
            end += 1  # "U.S."
        out.append(Mention(i, i + k - 1, key, ws[i].start, end, list(gaz.index[key])))
        i += k
    return out


def _case_ok(m: Mention, ws: list[Word], body: str) -> bool:
    text = body[m.start : m.end]
    marks = "".join(c.marks for c in m.candidates)
    content = [w for w in ws[m.first : m.last + 1] if w.key not in PARTICLES]
    if not content:
        return False
    head = content[0].text
    if head[:1].isupper():
        if len(head) <= 3 and head.isupper() and "=" not in marks and len(content) == 1:
            return len(head) == 3 and head.isalpha()  # "KYI"? an acronym, not a name
        return True
    return "~" in marks and text == text.lower()


def extract_places(article: Article, doc: Doc) -> list[Place]:
    """One :class:`Place` per place mention in ``article.body`` (``doc`` its parse)."""
    body = article.body
    if not body.strip():
        return []
    gaz = gazetteer()
    ws = words(body)
    ctx = Context.of(body, doc)
    mentions = [m for m in find_mentions(body, ws, gaz) if _case_ok(m, ws, body)]
    for m in mentions:
        _read_patterns(m, ws, body)
    _coordinations(mentions, ws, body)
    mentions = [m for m in mentions if _filter_candidates(m, ws, body, ctx)]
    _resolve(mentions)
    places = []
    for m in mentions:
        place = _to_place(article, ctx, m)
        if place is not None:
            places.append(place)
    return places


# --------------------------------------------------------------------------- patterns


def _next_word(ws: list[Word], body: str, i: int) -> Word | None:
    """The word after word ``i`` when only spaces separate them."""
    if i + 1 < len(ws) and body[ws[i].end : ws[i + 1].start].isspace():
        return ws[i + 1]
    return None


def _prev_words(ws: list[Word], body: str, i: int, n: int) -> list[Word]:
    """Up to ``n`` words before word ``i`` within the same clause (no sentence punctuation)."""
    out: list[Word] = []
    j = i - 1
    while j >= 0 and len(out) < n:
        gap = body[ws[j].end : ws[j + 1].start if j + 1 < len(ws) else ws[i].start]
        if gap != " " and _CLAUSE_BREAK.search(gap):
            break
        out.append(ws[j])
        j -= 1
    return out


def _read_patterns(m: Mention, ws: list[Word], body: str) -> None:
    c = cues()
    nxt = _next_word(ws, body, m.last)
    kinds = {cand.entry.kind for cand in m.candidates}
    if nxt is not None and nxt.key in c["region_word"] | c["raion_word"] | c["area_word"]:
        has_region = any(
            (cand.entry.kind == "region" and cand.entry.name != "Donbas") or "+" in cand.marks
            for cand in m.candidates
        ) or any(cand.entry.kind == "region" for cand in m.candidates)
        if has_region:
            m.want = "region"
            if nxt.key not in c["area_word"]:
                m.extend_to = nxt.end
        elif "city" in kinds and nxt.key in c["raion_word"]:
            m.want = "raion"
            m.extend_to = nxt.end
        return
    if nxt is not None and nxt.key in c["city_word"] and nxt.text.islower():
        m.want = "city"
        return
    prev = _prev_words(ws, body, m.first, 2)
    if len(prev) == 2 and prev[0].key == "of":
        if prev[1].key in c["region_word"] and any(
            "+" in cand.marks or cand.entry.kind == "region" for cand in m.candidates
        ):
            m.want = "region"  # "the Okhtyrka region of Sumy"
        elif prev[1].key in c["city_word"]:
            m.want = "city"  # "the city of Mariupol"


def _coordinations(mentions: list[Mention], ws: list[Word], body: str) -> None:
    """ "Luhansk and Donetsk regions": a plural region word after a list makes every member a
    region; "Donetsk and Luhansk" (regions flagged ``pair``) read as the regions."""
    c = cues()
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups and m.want is None:
            prev = groups[-1][-1]
            gap = body[prev.end : m.start]
            if prev.want in (None, "region") and re.fullmatch(r",?\s+(?:and|&)\s+|,\s+", gap):
                groups[-1].append(m)
                continue
        groups.append([m])
    for group in groups:
        if len(group) < 2:
            continue
        last = group[-1]
        plural = last.want == "region" and last.extend_to is not None
        if plural:
            word = body[last.start : last.extend_to].rsplit(None, 1)[-1].casefold()
            plural = word.endswith("s") and word.rstrip("s") in c["region_word"]
        if plural:
            for m in group[:-1]:
                if any("+" in x.marks or x.entry.kind == "region" for x in m.candidates):
                    m.want = "region"
            continue
        if all(
            any(x.entry.kind == "region" and "pair" in x.entry.flags for x in m.candidates)
            for m in group
        ):
            for m in group:
                m.want = "region"


# --------------------------------------------------------------------------- filters


def _filter_candidates(m: Mention, ws: list[Word], body: str, ctx: Context) -> bool:
    """Keep the candidates the context allows; False when the mention is not a place."""
    c = cues()
    cands = m.candidates
    # A region base ("Rostov" of Rostov Oblast) counts only with a region word.
    if m.want == "region":
        regional = [x for x in cands if x.entry.kind == "region"]
        if regional:
            cands = regional
        else:
            cands = [x for x in cands if x.entry.kind == "city"]
            m.want = "raion" if cands and m.extend_to is not None else None
    else:
        cands = [x for x in cands if "+" not in x.marks]
    if m.want == "city":
        cands = [x for x in cands if x.entry.kind == "city"] or cands
    text = body[m.start : m.end]
    # abbreviations: capitals only, and not as a modifier ("US officials")
    abbrev = [x for x in cands if "=" in x.marks]
    if abbrev:
        letters = text.replace(".", "")
        if not letters.isupper() or _modifies_noun(m, ctx):
            cands = [x for x in cands if "=" not in x.marks]
    if not cands:
        return False
    m.candidates = cands
    strong = [x for x in cands if _is_strong(x)]
    head = ws[m.first]
    prev = _prev_words(ws, body, m.first, 3)
    nxt = _next_word(ws, body, m.last)
    # organisations named after a place
    if nxt is not None and nxt.text[:1].isupper() and nxt.key in c["org_after"]:
        return False
    if prev and prev[0].text[:1].isupper() and prev[0].key in c["org_before"]:
        return False
    if (
        len(prev) >= 2
        and prev[0].key == "of"
        and prev[1].text[:1].isupper()
        and prev[1].key in c["org_of"]
    ):
        return False
    # person names
    if m.want is None and _is_person(m, ws, body, ctx, prev, nxt, bool(strong)):
        return False
    # common words and small places need a place cue
    located = _has_place_cue(m, ctx, prev, nxt)
    sent_start = ctx.sentence(m.start)[0]
    initial = not body[sent_start : m.start].strip(" \"'“‘([")
    keep: list[Candidate] = []
    for x in cands:
        if "*" in x.marks:
            tok = ctx.doc[ctx.token_at(m.start)]
            if initial or tok.pos_ != "PROPN" or not located or head.text.isupper():
                continue
        elif not _is_strong(x) and not located and m.want is None:
            continue
        keep.append(x)
    if not keep:
        return False
    m.candidates = keep
    if not any(_is_strong(x) for x in keep):
        m.confidence = 0.7
    return True


def _is_strong(x: Candidate) -> bool:
    e = x.entry
    if e.kind != "city":
        return True
    limit = STRONG_POPULATION_CORE if e.cc in CORE else STRONG_POPULATION_WORLD
    return e.population >= limit or "capital" in e.flags


def _modifies_noun(m: Mention, ctx: Context) -> bool:
    tok = ctx.doc[ctx.token_at(m.end - 1)]
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i:
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(ctx.doc) else None
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and tok.dep_ != "pobj"


def _is_person(
    m: Mention,
    ws: list[Word],
    body: str,
    ctx: Context,
    prev: list[Word],
    nxt: Word | None,
    strong: bool,
) -> bool:
    c = cues()
    kinds = {x.entry.kind for x in m.candidates}
    if "country" in kinds or kinds <= {"water", "site", "other"}:
        return False
    # a title just before ("Mr Orlov", "Nastya's mother, Luba")
    if prev and prev[0].key in c["person_title"] and prev[0].text[:1].isupper():
        return True
    before = body[max(0, m.start - 40) : m.start]
    if prev and prev[0].key in c["person_title"] and re.search(r",\s*$", before):
        return True
    # a one-word name right before a surname: "Artem Kazantsev", "Marina Ovsyannikova"
    # (not after a locative: "ambassador to Washington Anatoly Antonov")
    if (
        m.first == m.last
        and not (prev and prev[0].key in c["locative"] and prev[0].text.islower())
        and nxt is not None
        and body[ws[m.last].end : nxt.start] == " "
        and nxt.text[:1].isupper()
        and not nxt.text.isupper()
        and nxt.key not in gazetteer().index
        and nxt.key not in c["person_after"] | c["person_title"] | c["region_word"]
        and nxt.key not in c["org_after"] | c["raion_word"] | c["city_word"]
        and (
            _ent_label(ctx, nxt) == "PERSON"
            or any(nxt.key.endswith(e) for e in c["surname_end"] if len(nxt.key) > len(e) + 2)
        )
    ):
        return True
    prominent = any(
        x.entry.kind != "city" or x.entry.population >= PROMINENT_POPULATION for x in m.candidates
    )
    ent = ctx.ent_over(m.start, m.end)
    if ent is not None and ent[2] == "PERSON":
        # the person's name runs on beyond the place name ("Luba Stoluk", "Anna Kyiv")
        inside = [w for w in words(body[ent[0] : ent[1]])]
        others = [
            w
            for w in inside
            if not (m.start <= ent[0] + w.start < m.end)
            and w.text[:1].isupper()
            and w.key not in c["person_title"]
            and w.key not in c["person_after"]
            and w.key not in gazetteer().index
        ]
        if others:
            return True
        if not prominent and not _has_place_cue(m, ctx, prev, nxt):
            return True
    if m.first == m.last and ws[m.first].key in ctx.person_words and not prominent:
        return True
    # a capitalised word right after that is no place word: "Luba Stoluk said"
    return bool(
        not strong
        and nxt is not None
        and nxt.text[:1].isupper()
        and body[ws[m.last].end : nxt.start] == " "
        and nxt.key not in gazetteer().index
        and nxt.key not in c["person_after"]
        and nxt.key not in c["region_word"]
        and ent is not None
        and ent[2] == "PERSON"
    )


def _ent_label(ctx: Context, w: Word) -> str | None:
    ent = ctx.ent_over(w.start, w.end)
    return ent[2] if ent is not None else None


def _has_place_cue(m: Mention, ctx: Context, prev: list[Word], nxt: Word | None) -> bool:
    c = cues()
    if prev and prev[0].key in c["locative"] and prev[0].text.islower():
        return True
    if len(prev) >= 2 and prev[1].key in c["city_word"] | c["region_word"]:
        return True
    ent = ctx.ent_over(m.start, m.end)
    if ent is not None and ent[2] in ("GPE", "LOC", "FAC"):
        return True
    after = ctx.body[m.end : m.end + 40]
    if re.match(r",\s+[A-Z]", after):
        following = words(after)
        if following:
            cands = gazetteer().index.get(following[0].key, [])
            if any(x.entry.kind in ("country", "region") for x in cands):
                return True  # "Irpin, Ukraine"
    return bool(nxt is not None and nxt.key in c["region_word"] | c["raion_word"])


# --------------------------------------------------------------------------- resolution


def _distance_km(a: Entry, b: Entry) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _score(
    x: Candidate, countries: Counter[str] | None = None, anchors: Iterable[Entry] = ()
) -> float:
    e = x.entry
    if e.kind == "city":
        s = math.log10(e.population + 10)
        if "capital" in e.flags:
            s += 1.0
    else:
        s = KIND_PRIOR[e.kind]
    if e.cc:
        s += WAR_PRIOR.get(e.cc, 0.0)
        if countries and countries.get(e.cc):
            s += 1.5
    if "^" in x.marks:
        s += 0.3
    best = None
    for a in anchors:
        if a is e:
            continue
        d = _distance_km(a, e)
        if d is not None and (best is None or d < best):
            best = d
    if best is not None:
        s += 2.0 if best < NEAR_KM[0] else 1.0 if best < NEAR_KM[1] else 0.0
    return s


def _resolve(mentions: list[Mention]) -> None:
    """Choose one entry per mention: first without context, then with the article's
    unambiguous places as anchors (countries they are in, places near them)."""
    anchors: list[Entry] = []
    countries: Counter[str] = Counter()
    for m in mentions:
        ranked = sorted(m.candidates, key=_score, reverse=True)
        margin = _score(ranked[0]) - _score(ranked[1]) if len(ranked) > 1 else 99.0
        if margin >= 2.0:
            e = ranked[0].entry
            if e.kind in ("city", "site", "region") and e.lat is not None:
                anchors.append(e)
            # the war's countries are already the prior; naming them says nothing more
            if e.cc and not (e.kind == "country" and e.cc in CORE):
                countries[e.cc] += 1
    by_key: dict[tuple[str, str | None], Entry] = {}
    for m in mentions:
        memo = (m.key, m.want)
        if memo not in by_key:
            by_key[memo] = max(
                m.candidates,
                key=lambda x: (_score(x, countries, anchors), -(x.entry.gid or 0)),
            ).entry
        m.chosen = by_key[memo]
        if m.want == "raion":
            m.raion_of = m.chosen


def _to_place(article: Article, ctx: Context, m: Mention) -> Place | None:
    e = m.chosen
    if e is None:
        return None
    end = m.extend_to if m.extend_to is not None else m.end
    s_start, s_end = ctx.sentence(m.start)
    s_end = max(s_end, ctx.sentence(end - 1)[1])
    kind = PlaceKind(e.kind)
    name, gid = e.name, e.gid
    if m.raion_of is not None:
        kind = PlaceKind.REGION
        suffix = "Raion" if e.cc in RAION_COUNTRIES else "District"
        name, gid = f"{e.name} {suffix}", None
    place = Place(
        article=article.name,
        start=m.start,
        end=end,
        sentence=article.body[s_start:s_end].strip(),
        extractor=EXTRACTOR,
        confidence=m.confidence,
        text=article.body[m.start : end],
        name=name,
        kind=kind,
        country=e.cc,
        lat=e.lat,
        lon=e.lon,
        geonames_id=gid,
    )
    place.check_span(article.body)
    return place


__all__ = ["EXTRACTOR", "Entry", "Gazetteer", "extract_places", "gazetteer", "norm_key", "words"]
