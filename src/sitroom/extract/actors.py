"""The actor table: who is who in war coverage, and how an article's words point at them.

The table (``sitroom/data/actors.toml``, loaded once per process by :func:`actor_table`)
holds countries, people and bodies with their canonical name, aliases, kind, role and
side. This module turns the words an article uses for a speaker or an agent into one
of them:

* names and aliases ("Mr Zelenskiy", "Ukrainian President Volodymyr Zelensky",
  "the UN nuclear watchdog"), with surnames alone accepted only for famous people, after
  a title or "Mr"/"Ms", or beside the full name elsewhere in the article;
* descriptions that combine a country with a generic body ("Russia's defence ministry",
  "Ukraine's armed forces HQ", "British defence chiefs") or with the state's authorities
  ("US officials", "Kremlin officials", "aides to Blinken");
* role descriptions ("the Kremlin spokesman", "the Russian foreign minister") from the
  people the article has already named, else from the table when one holder fits;
* anaphora ("the report", "the group", "the president") and pronouns through a
  :class:`ResolutionContext` of what the article has mentioned and who has spoken.

A description that names nobody in the table is not forced onto an actor: the caller
keeps its cleaned text ("diplomats", "local officials"); see :func:`clean_description`.

Public API: :class:`ActorEntry`, :class:`ActorTable` (``match``, ``resolve_phrase``,
``resolve``), :func:`actor_table`, :class:`ResolutionContext`, :class:`Referent`,
:class:`Resolution`.
"""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from sitroom.errors import SitroomError

DATA_FILE = "actors.toml"
PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "it": "n", "they": "p", "them": "p"}
DETERMINERS = {
    "the",
    "a",
    "an",
    "some",
    "one",
    "both",
    "several",
    "many",
    "two",
    "three",
    "multiple",
    "other",
    "another",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
}
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "lieutenant",
    "maj",
    "major",
    "adm",
    "admiral",
    "capt",
    "captain",
    "sgt",
    "president",
    "minister",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "chancellor",
    "pm",
    "premier",
    "king",
    "queen",
    "prince",
    "pope",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "commander",
    "chief",
    "deputy",
    "prosecutor",
    "judge",
    "ombudsman",
    "adviser",
    "advisor",
}
FEMALE_HONORIFICS = {"mrs", "ms", "miss", "dame", "lady", "queen"}
MALE_HONORIFICS = {"mr", "sir", "lord", "king", "prince"}
# Words that end the head noun phrase of a description ("Heads of Ukraine's armed forces").
_PREPOSITIONS = {"of", "for", "to", "from", "in", "at", "on", "with", "by", "near", "inside"}
# Nouns for people who speak for a body: "heads of X", "a spokesman for X" speak for X.
_REPRESENTATIVES = {
    "head",
    "heads",
    "chief",
    "chiefs",
    "leader",
    "leaders",
    "member",
    "members",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "representative",
    "representatives",
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "staff",
    "team",
    "sources",
    "source",
    "commanders",
    "bosses",
    "boss",
}
# person nouns that stay anonymous: "the Russian official" is no one named before
_ANONYMOUS = {"official", "source", "aide", "adviser", "advisor", "representative", "man", "woman"}
# noun classes of words that title a name rather than belong to it
_TITLE_CLASSES = {"person", "offices", "organisation", "state"}
# Lowercased aliases that are also ordinary English words: never matched in lowercase.
_COMMON_WORDS = {"turkey", "china", "jordan", "georgia", "chad", "guinea", "meta", "rada"}

_WORD = re.compile(r"[\w][\w'’.\-]*[\w]|[\w]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_NAME_TOKEN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?$")


class ActorTableError(SitroomError):
    """The actor table data file is missing or malformed."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the table (or one person the article names who is not in it)."""

    name: str
    kind: str  # person | government | organisation | media | group
    side: str | None
    country: str | None  # ISO 3166-1 alpha-2; None for international bodies
    role: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    gender: str | None = None
    famous: bool = False
    until: int | None = None
    is_country: bool = False
    in_table: bool = True

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.is_person else ""


@dataclass(frozen=True, slots=True)
class AliasMatch:
    """An alias, demonym or surname found in a text, with its character span."""

    start: int
    end: int
    entry: ActorEntry
    how: str  # "alias" | "demonym" | "surname"
    possessive: bool = False  # followed by 's ("Russia's")

    @property
    def is_country(self) -> bool:
        return self.entry.is_country


@dataclass(frozen=True, slots=True)
class Referent:
    """Something an article has mentioned that a later pronoun or description may mean."""

    name: str  # canonical name, or the cleaned description
    start: int  # character offset in the article body
    entry: ActorEntry | None = None
    speaker: bool = False  # the referent has been quoted or reported
    plural: bool = False
    kind: str = "description"  # person | government | organisation | media | group | description
    gender: str | None = None
    country: str | None = None
    roles: tuple[str, ...] = ()

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass
class ResolutionContext:
    """What an article has said so far: referents in text order, names it uses in full."""

    referents: list[Referent] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # canonical names named in full
    people: dict[str, ActorEntry] = field(default_factory=dict)  # article's own people by key
    countries: tuple[str, ...] = ()  # fallback countries (the article's dominant ones)

    def add(self, referent: Referent) -> None:
        if self.referents and self.referents[-1].start > referent.start:
            bisect.insort(self.referents, referent, key=lambda r: r.start)
        else:  # the usual case: referents arrive in text order
            self.referents.append(referent)
        if referent.entry is not None:
            self.present.add(referent.entry.name)

    def before(self, position: int) -> Iterator[Referent]:
        """Referents that start before ``position``, most recent first."""
        i = bisect.bisect_left(self.referents, position, key=lambda r: r.start)
        for k in range(i - 1, -1, -1):
            yield self.referents[k]

    def find(
        self,
        position: int,
        accept: Callable[[Referent], bool],
        *,
        speakers_only: bool = False,
        window: int | None = None,
    ) -> Referent | None:
        for r in self.before(position):
            if window is not None and position - r.start > window:
                break
            if speakers_only and not r.speaker:
                continue
            if accept(r):
                return r
        return None


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a phrase was read: the actor (or None) and the name to report."""

    name: str  # canonical name, or the cleaned description
    entry: ActorEntry | None
    confidence: float
    how: str  # alias | person | description | state | role | anaphor | pronoun | text
    plural: bool = False

    @property
    def side(self) -> str | None:
        return self.entry.side if self.entry is not None else None


# --------------------------------------------------------------------------- text helpers


class _FoldTable(dict[int, str]):
    """Per-character folding for ``str.translate``, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "’‘`´":
            out = "'"
        else:
            base = unicodedata.normalize("NFKD", ch)
            c = base[0] if base else ch
            lowered = c.lower()
            out = lowered if len(lowered) == 1 else c
        self[code] = out
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Casefolded, accents stripped, apostrophes unified: the key aliases are compared by.

    The result has exactly one character per input character, so offsets carry over.
    """
    return text.translate(_FOLD)


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of a phrase with their offsets (possessive 's kept as its own word)."""
    out: list[tuple[str, int, int]] = []
    for m in _WORD.finditer(text):
        w, s, e = m.group(), m.start(), m.end()
        low = fold(w)
        if low.endswith("'s") and len(w) > 2:
            out.append((w[:-2], s, e - 2))
            out.append((w[-2:], e - 2, e))
        elif low.endswith("s'") and len(w) > 2:
            out.append((w[:-1], s, e - 1))
            out.append(("'s", e - 1, e))
        else:
            out.append((w, s, e))
    return out


def _norm_phrase(text: str) -> str:
    text = fold(text).replace("'s", " 's").replace(".", "")
    return _SPACE.sub(" ", re.sub(r"[^\w' \-]", " ", text)).strip()


def clean_description(text: str) -> str:
    """A description kept as the speaker when no actor fits: determiners, relative
    clauses, appositions and trailing prepositional phrases dropped
    ("Military sources on the ground" -> "Military sources")."""
    text = _SPACE.sub(" ", text).strip(" ,;:.-–—")
    text = re.split(r",|\s[–—-]\s|\s(?:who|which|that|whose)\s", text, maxsplit=1)[0]
    ws = text.split(" ")
    while ws and fold(ws[0]) in DETERMINERS and len(ws) > 1:
        ws = ws[1:]
    for i, w in enumerate(ws):
        if i > 0 and fold(w) in _PREPOSITIONS:
            ws = ws[:i]
            break
    return " ".join(ws).strip(" ,;:.")


def edit_distance_le1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one edit."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


# --------------------------------------------------------------------------- the table


class ActorTable:
    """The loaded actor table with its alias index."""

    def __init__(self, data: dict[str, object]) -> None:
        self.entries: list[ActorEntry] = []
        self.by_name: dict[str, ActorEntry] = {}
        self.countries: dict[str, ActorEntry] = {}
        self.nouns: dict[str, frozenset[str]] = {}
        self.first_names: dict[str, str] = {}  # folded given name -> "f" | "m"
        # folded alias -> [(entry, how)]
        self._aliases: dict[str, list[tuple[ActorEntry, str]]] = {}
        self._descriptions: dict[tuple[str | None, str], list[ActorEntry]] = {}
        self._defaults: dict[str, str] = {}
        self._description_words: set[str] = set()
        self._roles: dict[str, list[ActorEntry]] = {}  # normalised role words -> people
        self.member_of: dict[str, str] = {}  # "judges" -> "court": members speak for a body
        self._spellings: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._load(data)
        self._regex = self._compile()

    # ----------------------------------------------------------------- loading

    def _load(self, data: dict[str, object]) -> None:
        countries = data.get("country")
        actors = data.get("actor")
        nouns = data.get("nouns")
        if not isinstance(countries, list) or not isinstance(actors, list):
            raise ActorTableError(f"{DATA_FILE}: needs 'country' and 'actor' arrays")
        for raw in countries:
            entry = ActorEntry(
                name=raw["name"],
                kind="government",
                side=raw.get("side"),
                country=raw["code"],
                aliases=tuple(raw.get("aliases", ())),
                demonyms=tuple(raw.get("demonyms", ())),
                is_country=True,
            )
            self._add(entry)
            self.countries[entry.country or ""] = entry
            for demonym in entry.demonyms:
                self._index(demonym, entry, "demonym")
        for raw in actors:
            country = raw.get("country") or None
            entry = ActorEntry(
                name=raw["name"],
                kind=raw["kind"],
                side=raw.get("side"),
                country=country,
                role=raw.get("role"),
                aliases=tuple(raw.get("aliases", ())),
                roles=tuple(r.lower() for r in raw.get("roles", ())),
                descriptions=tuple(d.lower() for d in raw.get("descriptions", ())),
                gender=raw.get("gender"),
                famous=bool(raw.get("famous", False)),
                until=raw.get("until"),
            )
            if entry.kind not in {"person", "government", "organisation", "media", "group"}:
                raise ActorTableError(f"{DATA_FILE}: {entry.name}: unknown kind {entry.kind!r}")
            self._add(entry)
            for description in entry.descriptions:
                key = (entry.country, _norm_phrase(description))
                self._descriptions.setdefault(key, []).append(entry)
                self._description_words.add(key[1])
            if entry.is_person:
                for role in {_norm_phrase(r) for r in entry.roles}:
                    self._roles.setdefault(role, []).append(entry)
        if isinstance(nouns, dict):
            self.nouns = {k: frozenset(_norm_phrase(w) for w in v) for k, v in nouns.items()}
        defaults = data.get("default_country")
        if isinstance(defaults, dict):
            self._defaults = {_norm_phrase(k): str(v) for k, v in defaults.items()}
        first = data.get("first_names")
        if isinstance(first, dict):
            for code, group in (("f", "female"), ("m", "male")):
                for given in first.get(group, ()):
                    self.first_names[fold(str(given))] = code
        members = data.get("member_of")
        if isinstance(members, dict):
            self.member_of = {_norm_phrase(k): _norm_phrase(str(v)) for k, v in members.items()}

    def _add(self, entry: ActorEntry) -> None:
        key = entry.name.casefold()
        if key in self.by_name:
            raise ActorTableError(f"{DATA_FILE}: duplicate actor {entry.name!r}")
        self.entries.append(entry)
        self.by_name[key] = entry
        self._index(entry.name, entry, "alias")
        for alias in entry.aliases:
            how = "alias"
            if entry.is_person and len(alias.split()) == 1 and not entry.famous:
                how = "surname"
            self._index(alias, entry, how)
        if entry.is_person and len(entry.name.split()) > 1:
            last = entry.name.split()[-1]
            if last.lower() not in {"jr.", "jr", "iii", "ii"} and len(last) > 2:
                self._index(last, entry, "alias" if entry.famous else "surname")

    def _index(self, alias: str, entry: ActorEntry, how: str) -> None:
        key = fold(alias)
        bucket = self._aliases.setdefault(key, [])
        if all(e is not entry for e, _ in bucket):
            bucket.append((entry, how))

    def _compile(self) -> re.Pattern[str]:
        # a trie-shaped pattern: one pass per position instead of one per alias
        return re.compile(r"(?<![\w'.\-])" + _trie_pattern(self._aliases) + r"(?![\w\-])")

    # ----------------------------------------------------------------- lookups

    def get(self, name: str) -> ActorEntry | None:
        return self.by_name.get(name.casefold())

    def country(self, code: str | None) -> ActorEntry | None:
        return self.countries.get(code or "")

    def noun_class(self, word: str) -> set[str]:
        """The lexicon classes a (normalised) noun belongs to."""
        key = _norm_phrase(word)
        return {cls for cls, ws in self.nouns.items() if key in ws}

    def match(self, text: str, *, strict: bool = True, offset: int = 0) -> list[AliasMatch]:
        """Aliases, demonyms and surnames in ``text`` (leftmost-longest, non-overlapping).

        ``strict`` (for scanning running text) requires the capitals of the alias in the
        text; otherwise only short all-capital aliases ("US", "AP") must match their case.
        Surname matches are returned with ``how == "surname"``; the caller decides whether
        the article supports them.
        """
        folded = fold(text)
        out: list[AliasMatch] = []
        for m in self._regex.finditer(folded):
            s, e = m.start(), m.end()
            surface = text[s:e]
            key = _SPACE.sub(" ", m.group())
            candidates = self._aliases.get(key, [])
            chosen: list[tuple[ActorEntry, str]] = []
            for entry, how in candidates:
                # any spelling of the alias may license the text's case ("NATO", "Nato")
                if any(
                    self._case_ok(alias, surface, strict=strict)
                    for alias in self._surface_aliases(entry, key)
                ):
                    chosen.append((entry, how))
            if not chosen:
                continue
            possessive = fold(text[e : e + 2]) == "'s"
            # several entries may share an alias ("Johnson"): keep them all, the caller picks
            for entry, how in chosen:
                out.append(AliasMatch(s + offset, e + offset, entry, how, possessive))
        return out

    def _surface_aliases(self, entry: ActorEntry, key: str) -> tuple[str, ...]:
        """The spellings of ``entry`` that fold to ``key`` (cached: the table is fixed)."""
        cache_key = (entry.name, entry.country or "", key)
        got = self._spellings.get(cache_key)
        if got is None:
            names = (entry.name, *entry.aliases, *entry.demonyms)
            got = tuple(a for a in names if fold(a) == key) or (entry.name.split()[-1],)
            self._spellings[cache_key] = got
        return got

    @staticmethod
    def _case_ok(alias: str, surface: str, *, strict: bool) -> bool:
        letters = re.sub(r"[^A-Za-z]", "", alias)
        s_letters = re.sub(r"[^A-Za-z]", "", surface)
        if s_letters.isupper() and len(s_letters) <= 4 and not letters.isupper():
            return False  # an acronym is not a name: "UN" is not "Un"
        if letters.isupper() and len(letters) <= 4:
            # short acronyms: "US" never matches "us", "AP" never "ap"
            return re.sub(r"[^A-Za-z]", "", surface).isupper()
        if not strict:
            if " " not in alias.strip() and fold(alias) in _COMMON_WORDS:
                return surface[:1].isupper()
            return True
        a_words, s_words = alias.split(), surface.split()
        if len(a_words) != len(s_words):
            return surface[:1].isupper()
        for i, (a, w) in enumerate(zip(a_words, s_words, strict=True)):
            if i == 0 and a.lower() == "the":
                continue
            if a[:1].isupper() and not w[:1].isupper():
                return False
        return True

    # ----------------------------------------------------------------- descriptions

    def description(self, words_: str, countries: Iterable[str | None]) -> ActorEntry | None:
        """The body a generic description names in one of ``countries`` (first fit wins):
        ("defence ministry", ["RU"]) -> Russian Ministry of Defence."""
        key = _norm_phrase(words_)
        for code in countries:
            hits = self._descriptions.get((code, key))
            if hits:
                return hits[0]
        return None

    def description_default(self, words_: str) -> str | None:
        return self._defaults.get(_norm_phrase(words_))

    def has_description(self, words_: str) -> bool:
        return _norm_phrase(words_) in self._description_words

    def role_holders(self, role: str, country: str | None) -> list[ActorEntry]:
        """People of the table whose role words include ``role`` (in ``country`` if given)."""
        holders = self._roles.get(_norm_phrase(role), [])
        return [e for e in holders if country is None or e.country == country]

    # ----------------------------------------------------------------- resolution

    def resolve(self, text: str, context: ResolutionContext | None = None) -> ActorEntry | None:
        """The table actor (or the article's own person) that ``text`` names, or None."""
        res = self.resolve_phrase(text, context)
        return res.entry if res is not None else None

    def resolve_phrase(
        self,
        text: str,
        context: ResolutionContext | None = None,
        *,
        position: int | None = None,
        sentence_countries: Sequence[str] = (),
    ) -> Resolution | None:
        """Read a speaker or agent phrase; None when it is empty or a bare pronoun that
        the context cannot resolve. See the module docstring for the order of rules."""
        results = self.resolve_all(
            text, context, position=position, sentence_countries=sentence_countries
        )
        return results[0] if results else None

    def resolve_all(
        self,
        text: str,
        context: ResolutionContext | None = None,
        *,
        position: int | None = None,
        sentence_countries: Sequence[str] = (),
    ) -> list[Resolution]:
        """Like :meth:`resolve_phrase`, but one resolution per coordinated part
        ("US and Ukrainian officials" -> US, Ukraine)."""
        ctx = context or ResolutionContext()
        pos = position if position is not None else 10**9
        text = _SPACE.sub(" ", text).strip(" ,;:.\"“”'‘’()")
        if not text:
            return []
        low = fold(text)
        if low in PRONOUNS or low in {"one", "another"}:
            res = resolve_pronoun(low, ctx, pos)
            return [res] if res else []
        parts = self._coordinated_parts(text)
        out: list[Resolution] = []
        for part in parts:
            res = self._resolve_part(part, ctx, pos, sentence_countries)
            if res is not None and all(r.name.casefold() != res.name.casefold() for r in out):
                out.append(res)
        if len(parts) > 1:
            named = [r for r in out if r.entry is not None]
            if named:
                return named
        return out

    def _coordinated_parts(self, text: str) -> list[str]:
        """Split "US and Ukrainian officials" into "US officials", "Ukrainian officials"
        unless an alias spans the "and" ("National Security and Defence Council")."""
        main = re.split(r",|\s[–—]\s|\s(?:who|which|whose)\s", text, maxsplit=1)[0]
        m = re.search(r"\s(?:and|&)\s", main)
        if not m:
            return [text]
        for am in self.match(main, strict=False):
            if am.start < m.start() and am.end > m.end():
                return [text]
        left, right = main[: m.start()].strip(), main[m.end() :].strip()
        left_words = [w for w, _, _ in words(left) if fold(w) not in DETERMINERS]
        right_words = [w for w, _, _ in words(right)]
        if not left_words or not right_words:
            return [text]
        if (
            "person" in self.noun_class(fold(left_words[-1]))
            and len(right_words) >= 2
            and all(_NAME_TOKEN.match(w) for w in right_words[-2:])
            and not any(_NAME_TOKEN.match(w) for w in left_words[-1:])
        ):  # two titles of one person: "Tory MP and chair of the committee Jane Roe"
            return [text]
        # a bare marker on the left shares the right part's noun: "US and Ukrainian officials"
        left_matches = self.match(left, strict=False)
        if (
            len(left_words) == 1
            and left_matches
            and left_matches[0].entry.is_country
            and len(right_words) > 1
            and fold(right_words[0]) not in DETERMINERS
        ):
            noun = " ".join(right_words[1:])
            return [f"{left} {noun}", right]
        return [left, right]

    def _resolve_part(
        self,
        text: str,
        ctx: ResolutionContext,
        pos: int,
        sentence_countries: Sequence[str],
    ) -> Resolution | None:
        # appositions: "Vladimir Medinsky, Russia's chief negotiator"
        pieces = [
            p.strip()
            for p in re.split(r",\s*|\s[–—]\s", text)
            if p.strip() and not re.match(r"(?i)(who|which|whose|that|where|when)\b", p.strip())
        ]
        pieces = [p for p in pieces if not re.fullmatch(r"\d+", p)][:3]
        readings = [self._resolve_piece(p, ctx, pos, sentence_countries) for p in pieces]
        readings_ok = [r for r in readings if r is not None]
        if not readings_ok:
            return None
        first = readings[0]
        # a body named first: "The office of the Ukrainian President, Volodymyr Zelensky"
        if first is not None and first.entry and first.how == "alias" and not first.entry.is_person:
            return first
        for r in readings_ok:  # a named person wins over the description beside it
            if r.entry is not None and r.entry.is_person and r.how in {"alias", "person"}:
                return self._with_apposed_roles(r, pieces, readings)
        for r in readings_ok:
            if r.entry is not None:
                return r
        return readings_ok[0]

    def _with_apposed_roles(
        self, res: Resolution, pieces: Sequence[str], readings: Sequence[Resolution | None]
    ) -> Resolution:
        """A person the table does not know keeps the role an apposition gives them
        ("The regional governor, Petro Lenko" / "Lenko, the governor"), so that a later
        "the governor" means them and not the last person named."""
        entry = res.entry
        if entry is None or entry.in_table:
            return res
        roles = list(entry.roles)
        for piece, reading in zip(pieces, readings, strict=True):
            if reading is res:
                continue
            ws = [w for w in words(piece) if fold(w[0]) not in DETERMINERS and fold(w[0]) != "'s"]
            if not ws:
                continue
            head = _head_index(ws)
            if "person" not in self.noun_class(fold(ws[head][0])):
                continue
            roles += [r for r in _role_words(ws[: head + 1]) if r not in roles]
        if len(roles) == len(entry.roles):
            return res
        return replace(res, entry=replace(entry, roles=tuple(roles)))

    def _resolve_piece(
        self,
        text: str,
        ctx: ResolutionContext,
        pos: int,
        sentence_countries: Sequence[str],
    ) -> Resolution | None:
        ws = words(text)
        definite = bool(ws) and fold(ws[0][0]) == "the"
        # drop leading determiners
        while ws and fold(ws[0][0]) in DETERMINERS and len(ws) > 1:
            ws = ws[1:]
        if not ws:
            return None
        base = ws[0][1]
        body = text[base:]
        ws = [(w, s - base, e - base) for w, s, e in ws]
        low0 = fold(ws[0][0])
        if len(ws) == 1 and low0 in PRONOUNS:
            return resolve_pronoun(low0, ctx, pos)
        head_idx = _head_index(ws)
        head_word = fold(ws[head_idx][0])
        head_span = (ws[head_idx][1], ws[head_idx][2])
        matches = self._supported(self.match(body, strict=False), ctx, body)
        # 1. an alias that covers the head word: "Kremlin spokesman Dmitry Peskov", "RIA"
        for m in matches:
            if m.start <= head_span[0] and m.end >= head_span[1] and not m.possessive:
                if m.how == "demonym":
                    continue
                conf = 0.95 if m.how == "alias" else 0.85
                # a person is one, whatever the name ends in ("Shapps", "Williams")
                plural = _is_plural(head_word) and not m.entry.is_person
                return Resolution(m.entry.name, m.entry, conf, "alias", plural)
        # 2. the article's own people: "her cousin Anya Stoluk", "Ms. Vereshchuk"
        person = self._article_person(ws, head_idx, body, ctx)
        if person is not None:
            return person
        # 3. descriptions with a country or a body beside them
        return self._describe(
            ws, head_idx, body, matches, ctx, pos, sentence_countries, definite=definite
        )

    def _supported(
        self, matches: list[AliasMatch], ctx: ResolutionContext, text: str
    ) -> list[AliasMatch]:
        """Keep surname matches the article supports; among entries sharing an alias,
        prefer the one the article names in full."""
        out: list[AliasMatch] = []
        by_span: dict[tuple[int, int], list[AliasMatch]] = {}
        for m in matches:
            by_span.setdefault((m.start, m.end), []).append(m)
        for (s, _e), group in sorted(by_span.items()):
            ok = [
                m
                for m in group
                if m.how != "surname" or m.entry.name in ctx.present or _after_honorific(text, s)
            ]
            if not ok:
                continue
            present = [m for m in ok if m.entry.name in ctx.present]
            out.append(present[0] if present else ok[0])
        return out

    def _article_person(
        self, ws: list[tuple[str, int, int]], head_idx: int, body: str, ctx: ResolutionContext
    ) -> Resolution | None:
        """A person the table does not know: a capitalised name at the head of the phrase,
        or a surname / first name of someone the article named in full."""
        name_words: list[str] = []
        i = head_idx
        while i >= 0 and _NAME_TOKEN.match(ws[i][0]) and fold(ws[i][0]) not in HONORIFICS:
            if name_words and any(m.how == "alias" for m in self.match(ws[i][0], strict=True)):
                break  # a place or body before the name: "ambassador to Washington X Y"
            if len(name_words) > 1 and self.noun_class(fold(ws[i][0])) & _TITLE_CLASSES:
                break  # a title before the name: "Minority Leader X Y", "Chief of Staff X Y"
            name_words.insert(0, ws[i][0])
            i -= 1
        if not name_words:
            return None
        if len(name_words) > 2 and i >= 0 and fold(ws[i][0]) in _PREPOSITIONS:
            # the title's complement comes first: "Voivode of Lublin X Y" -> "X Y"
            i += len(name_words) - 2
            name_words = name_words[-2:]
        if any(self.match(w, strict=True) and len(name_words) == 1 for w in name_words):
            # a lone country or body name is not a person
            hit = self.match(name_words[0], strict=True)
            if hit and hit[0].how != "surname":
                return None
        # "Industrial Energy Consumers of America": a body's name, not a person's
        after = ws[head_idx + 1 : head_idx + 3]
        if (
            len(name_words) > 1
            and len(after) == 2
            and fold(after[0][0]) in {"of", "for"}
            and _NAME_TOKEN.match(after[1][0])
        ):
            j = head_idx + 2
            while j + 1 < len(ws) and _NAME_TOKEN.match(ws[j + 1][0]):
                j += 1
            org = body[ws[i + 1][1] : ws[j][2]]
            body_entry = ActorEntry(
                name=org, kind="organisation", side=None, country=None, in_table=False
            )
            return Resolution(org, body_entry, 0.7, "person")
        key = fold(name_words[-1])
        # a surname the article already named in full (or a near spelling of it)
        known = ctx.people.get(key)
        if known is None and len(key) >= 5:
            for k, e in ctx.people.items():
                if len(k) >= 5 and edit_distance_le1(k, key):
                    known = e
                    break
        if known is None and len(key) >= 5:
            for name in ctx.present:
                entry = self.get(name)
                if entry is not None and entry.is_person:
                    sk = fold(entry.surname)
                    if len(sk) >= 5 and edit_distance_le1(sk, key):
                        known = entry
                        break
        if len(name_words) == 1:
            if known is not None:
                return Resolution(known.name, known, 0.8, "person")
            first = ctx.people.get("first:" + key)
            if first is not None:
                return Resolution(first.name, first, 0.7, "person")
            return None
        if known is not None and fold(known.name.split()[0]) == fold(name_words[0]):
            return Resolution(known.name, known, 0.85, "person")
        full = " ".join(name_words)
        # not a name if it is a run of capitalised common words ("Military Sources")
        if self.noun_class(name_words[-1]) and not known:
            return None
        entry = make_person(full, roles=_role_words(ws[: i + 1]), gender=_gender(ws[: i + 1]))
        return Resolution(entry.name, entry, 0.85, "person")

    def _describe(
        self,
        ws: list[tuple[str, int, int]],
        head_idx: int,
        body: str,
        matches: list[AliasMatch],
        ctx: ResolutionContext,
        pos: int,
        sentence_countries: Sequence[str],
        *,
        definite: bool = False,
    ) -> Resolution | None:
        head_word = fold(ws[head_idx][0])
        plural = _is_plural(head_word)
        # a body's document: "the ministry's statement" speaks for the ministry
        owner = [i for i in range(1, head_idx) if fold(ws[i][0]) == "'s"]
        if owner and "document" in self.noun_class(head_word) and not matches:
            return self._resolve_piece(body[: ws[owner[-1]][1]], ctx, pos, sentence_countries)
        # markers: countries (names, demonyms, possessives), bodies and people named beside
        countries: list[str] = []
        bodies: list[ActorEntry] = []
        people: list[ActorEntry] = []
        covered: set[int] = set()
        for m in matches:
            idxs = {i for i, (_, s, e) in enumerate(ws) if s >= m.start and e <= m.end}
            covered |= idxs
            if m.entry.is_country:
                if m.entry.country:
                    countries.append(m.entry.country)
            elif m.entry.is_person:
                people.append(m.entry)
            else:
                bodies.append(m.entry)
        desc_words = [
            fold(w)
            for i, (w, _, _) in enumerate(ws)
            if i not in covered and fold(w) not in {"'s", "the", "a", "an"}
        ]
        # a capitalised name of several words is a body's own name ("the U.S. Grain
        # Statistics Administration", "the Air Force"): it neither points back nor
        # stands for its country's authorities
        proper = (
            head_idx > 0
            and head_idx - 1 not in covered
            and all(w[:1].isupper() for w, _, _ in ws[head_idx - 1 : head_idx + 1])
        )
        # "heads of X", "a spokesman for X": the representatives speak for X
        if desc_words and desc_words[0] in _REPRESENTATIVES and len(desc_words) > 1:
            rest = desc_words[1:]
            if rest and rest[0] in _PREPOSITIONS:
                desc_words = rest[1:]
        phrase = " ".join(w for w in desc_words if w not in _PREPOSITIONS)
        head_only = " ".join(desc_words[: head_idx + 1]) if desc_words else ""
        markers = [*countries, *(b.country for b in bodies), *(p.country for p in people)]
        classes = self.noun_class(head_word)
        # a body described by its country: "Russia's defence ministry", "Ukrainian generals"
        described = self._description_keys(desc_words, phrase)
        if described and countries:
            for candidate in described:
                hit = self.description(candidate, countries)
                if hit is not None:
                    return Resolution(hit.name, hit, 0.85, "description", plural)
        # a body's spokesman or minister: "the Kremlin spokesman" -> the one holder of the role
        if bodies and "person" in classes and not plural:
            words_all = [fold(w) for w, _, _ in ws if fold(w) not in DETERMINERS | {"'s"}]
            for candidate in _tails(" ".join(words_all)):
                holders = [h for h in self.role_holders(candidate, None) if h.until is None]
                if len(holders) == 1 and len(candidate.split()) > 1:
                    return Resolution(holders[0].name, holders[0], 0.75, "role")
        # a body's document or its people: "A Ministry of Defence briefing", "Kremlin officials"
        if bodies and (classes & {"state", "document", "organisation"} or not phrase):
            b = bodies[-1]
            return Resolution(b.name, b, 0.85, "state", plural)
        # a person's authorities: "aides to Blinken", "Biden administration officials"
        if people and classes & {"state"} and people[-1].country:
            c = self.country(people[-1].country)
            if c is not None:
                return Resolution(c.name, c, 0.8, "state", plural)
        # one person of a country's service, named before: "the Russian diplomat" is the
        # Russian the article quoted, not Russia (unlike "Russian diplomats", "an official")
        if (
            definite
            and countries
            and not plural
            and "person" in classes
            and head_word not in _ANONYMOUS
            and head_word not in self.nouns.get("offices", frozenset())
            and head_word not in self.nouns.get("leader_words", frozenset())
        ):  # offices ("the Russian premier") are read as roles below
            res = _resolve_anaphor({"person"}, head_word, ctx, pos, country=countries[0])
            if res is not None:
                return res
        # the authorities of a country: "US officials", "Moscow", "Some reports from America"
        if countries and (classes & {"state", "country"} or not phrase) and not proper:
            c = self.country(countries[0])
            if c is not None:
                return Resolution(c.name, c, 0.85 if not phrase else 0.8, "state", plural)
        # a role: "the Kremlin spokesman", "Russian Foreign Minister", "the president"
        if "person" in classes or self._is_role(phrase):
            role = phrase or head_word
            res = self._resolve_role(role, head_word, countries or markers, ctx, pos)
            if res is not None:
                return res
        # a bare body description: context first, then the sentence's and article's countries
        if described:
            for candidate in described:
                key = _norm_phrase(candidate)

                def has_key(r: Referent, key: str = key) -> bool:
                    return r.entry is not None and key in r.entry.descriptions

                ref = ctx.find(pos, has_key)
                if ref is not None and ref.entry is not None:
                    return Resolution(ref.entry.name, ref.entry, 0.8, "description", plural)
                fallback = [*sentence_countries, *ctx.countries]
                default = self.description_default(candidate)
                if default:
                    fallback.append(default)
                hit = self.description(candidate, fallback)
                if hit is not None:
                    return Resolution(hit.name, hit, 0.7, "description", plural)
        # members of a body named before: "judges ordered" -> the court the article named
        body_word = self.member_of.get(head_word)
        if body_word and len(desc_words) <= 2 and not countries and not bodies:

            def of_body(r: Referent, word: str = body_word) -> bool:
                return r.entry is not None and not r.is_person and word in fold(r.name).split()

            ref = ctx.find(pos, of_body, window=4000)
            if ref is not None and ref.entry is not None:
                return Resolution(ref.name, ref.entry, 0.65, "anaphor", plural)
        # anaphora: "the report", "the group", "the agency", "the country"
        if (
            len(desc_words) <= 2
            and classes & {"document", "organisation", "media", "country"}
            and not proper  # "the Air Force" names a body, it does not point back
        ):
            res = _resolve_anaphor(classes, head_word, ctx, pos)
            if res is not None:
                return res
        if head_only and "person" in classes:
            country = next((c for c in countries if c), None)
            res = _resolve_anaphor(
                {"person"},
                head_word,
                ctx,
                pos,
                country=country,
                # a former office is no part of the person's present title
                offices=frozenset()
                if "former" in desc_words or head_word.startswith("ex-")
                else self.nouns.get("offices", frozenset()),
            )
            if res is not None:
                return res
        return None

    def _description_keys(self, desc_words: Sequence[str], phrase: str) -> list[str]:
        """The known body descriptions inside a description, longest first: the endings of
        ``phrase`` ("latest intelligence update" -> "intelligence update") and any run of
        its words ("the latest Ministry of Defence report" -> "ministry of defence")."""
        seen: list[str] = []
        grams = [
            " ".join(desc_words[i : i + n])
            for n in range(len(desc_words), 0, -1)
            for i in range(len(desc_words) - n + 1)
        ]
        for candidate in [*_tails(phrase), *grams]:
            if candidate and candidate not in seen and self.has_description(candidate):
                seen.append(candidate)
        return seen

    def _is_role(self, phrase: str) -> bool:
        return bool(phrase) and bool(self.role_holders(phrase, None))

    def _resolve_role(
        self,
        role: str,
        head_word: str,
        countries: Sequence[str | None],
        ctx: ResolutionContext,
        pos: int,
    ) -> Resolution | None:
        country = next((c for c in countries if c), None)
        leader = self.nouns.get("leader_words", frozenset())
        role_key = _norm_phrase(role)

        def fits(r: Referent) -> bool:
            if not r.is_person:
                return False
            if country and r.country and r.country != country:
                return False
            roles = {_norm_phrase(x) for x in r.roles}
            if role_key in roles:
                return True
            heads = {x.split()[-1] for x in roles if x}
            if head_word in heads:
                return True
            return head_word in leader and bool(roles & leader)

        ref = ctx.find(pos, fits)
        if ref is not None:
            return Resolution(ref.name, ref.entry, 0.75, "role", False)
        for candidate in _tails(role_key):
            holders = [h for h in self.role_holders(candidate, country) if h.until is None]
            present = [h for h in holders if h.name in ctx.present]
            if len(present) == 1:
                return Resolution(present[0].name, present[0], 0.75, "role")
            if len(holders) == 1 and (country or len(candidate.split()) > 1):
                return Resolution(holders[0].name, holders[0], 0.65, "role")
        return None


# --------------------------------------------------------------------------- helpers


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regular expression matching exactly ``keys`` (words joined by any whitespace),
    shaped as a trie so that it tries longer keys first at each branch."""
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for ch in " ".join(key.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = []
        for ch in sorted(c for c in node if c):
            piece = r"\s+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


def make_person(
    name: str, *, roles: Sequence[str] = (), gender: str | None = None, country: str | None = None
) -> ActorEntry:
    """An entry for a person the article names who is not in the table; the gender,
    when not given, from a given name the table knows ("Maria Kovalenko" is "she")."""
    name = re.sub(r"(\w)- (\w)", r"\1\2", name)  # "Dmitrien- ko": a line-break hyphen
    if gender is None and " " in name:
        gender = actor_table().first_names.get(fold(name.split()[0]))
    return ActorEntry(
        name=name,
        kind="person",
        side=None,
        country=country,
        roles=tuple(roles),
        gender=gender,
        in_table=False,
    )


def _head_index(ws: Sequence[tuple[str, int, int]]) -> int:
    """The head word of a noun phrase: the last word before a preposition or relative."""
    last = 0
    for i, (w, _, _) in enumerate(ws):
        f = fold(w)
        if i > 0 and f in {"who", "which", "that", "whose"}:
            break
        if i > 0 and f in _PREPOSITIONS:
            rest = [x for x, _, _ in ws[i + 1 :]]
            # a title before a name: "Secretary of State Antony Blinken"
            if not (len(rest) >= 3 and all(_NAME_TOKEN.match(x) for x in rest)):
                break
        if f != "'s":
            last = i
    return last


def _tails(phrase: str) -> list[str]:
    """A description and its shorter endings: "latest intelligence report" -> ...,
    "intelligence report", "report"."""
    ws = phrase.split()
    return [" ".join(ws[i:]) for i in range(len(ws))]


def _is_plural(word: str) -> bool:
    if word in {"people", "police", "staff", "military"}:
        return True
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _after_honorific(text: str, start: int) -> bool:
    before = words(text[:start])
    return bool(before) and fold(before[-1][0]).rstrip(".") in HONORIFICS


def _role_words(ws: Sequence[tuple[str, int, int]]) -> list[str]:
    """Role words from the title before a name: "Mariupol Deputy Mayor" -> "deputy mayor"."""
    title = [fold(w) for w, _, _ in ws if fold(w) not in DETERMINERS and fold(w) != "'s"]
    while title and not title[0].isalpha():
        title = title[1:]
    out = []
    if title:
        out.append(" ".join(title[-2:]) if len(title) > 1 else title[-1])
        out.append(title[-1])
    return out


def _gender(ws: Sequence[tuple[str, int, int]]) -> str | None:
    for w, _, _ in ws:
        f = fold(w).rstrip(".")
        if f in MALE_HONORIFICS:
            return "m"
        if f in FEMALE_HONORIFICS:
            return "f"
    return None


def resolve_pronoun(pronoun: str, ctx: ResolutionContext, pos: int) -> Resolution | None:
    """The speaker (else the mention) a pronoun most likely means: the most recent
    compatible speaker within a few paragraphs, else the most recent compatible mention."""
    p = pronoun.casefold()
    if p in {"one", "another"}:  # "One said:" -- one of the sources just quoted

        def accept(r: Referent) -> bool:
            return r.plural or r.kind in {"group", "government", "organisation", "description"}

    elif p in {"he", "him", "she", "her"}:
        g = PRONOUNS[p]

        def accept(r: Referent) -> bool:
            if r.plural or (r.entry is not None and r.entry.is_country):
                return False
            if r.is_person:
                return r.gender in (None, g)
            if r.kind == "description":  # "the mayor said ... she added"
                return "person" in actor_table().noun_class(fold(r.name).split()[-1])
            return r.kind in {"organisation", "government", "media"}

    elif p == "it":

        def accept(r: Referent) -> bool:
            return not r.is_person and not r.plural

    else:  # they / them

        def accept(r: Referent) -> bool:
            return True

    window = 1500
    ref = ctx.find(pos, accept, speakers_only=True, window=window)
    conf = 0.7
    if ref is None:
        if p in {"he", "him", "she", "her"}:
            ref = ctx.find(pos, lambda r: r.is_person and accept(r), window=window)
        else:
            ref = ctx.find(pos, accept, window=window)
        conf = 0.55
    if ref is None:
        return None
    if p in {"he", "him", "she", "her"} and ref.is_person:
        conf += 0.1
    return Resolution(ref.name, ref.entry, conf, "pronoun", ref.plural)


_STATE_BODIES = {"ministry", "department"}


def _resolve_anaphor(
    classes: set[str],
    head_word: str,
    ctx: ResolutionContext,
    pos: int,
    *,
    country: str | None = None,
    offices: frozenset[str] = frozenset(),
) -> Resolution | None:
    def accept(r: Referent) -> bool:
        if "person" in classes:  # "the US politician" is no Ukrainian
            if not r.is_person or (country and r.country and r.country != country):
                return False
            # "the governor" is not the analyst or the president named last: a person
            # with known roles holds an office only if a role says so, and a country's
            # office ("Germany's chancellor") is no one whose office is unknown
            if head_word in offices:
                if r.roles:
                    return any(head_word in role.split() for role in r.roles)
                return not country
            return True
        if "country" in classes:
            return r.entry is not None and r.entry.is_country
        if "media" in classes and r.kind == "media":
            return True
        if r.kind == "description" and not r.plural:
            return False  # "the group" is not the "official" quoted before
        if head_word in _STATE_BODIES and r.kind in {"organisation", "group"}:
            return False  # "the ministry" is no charity or armed group named before
        if "organisation" in classes and r.kind in {
            "organisation",
            "government",
            "group",
            "description",
        }:
            return not (r.entry is not None and r.entry.is_country) or head_word in {
                "government",
                "regime",
            }
        if "document" in classes:
            return not r.is_person
        return False

    def named(r: Referent) -> bool:  # "the court" -> the International Court of Justice
        return accept(r) and head_word in fold(r.name).split()

    def titled(r: Referent) -> bool:  # "the colonel" -> the person titled so before
        return accept(r) and any(head_word in role.split() for role in r.roles)

    ref = ctx.find(pos, titled, window=4000) if "person" in classes else None
    if ref is None:
        ref = ctx.find(pos, named, window=4000)
    if ref is None:
        ref = ctx.find(pos, accept, speakers_only=True, window=2500)
    if ref is None:
        ref = ctx.find(pos, accept, window=800)
    if ref is None:
        return None
    return Resolution(ref.name, ref.entry, 0.65, "anaphor", ref.plural)


def referent_for(res: Resolution, start: int, *, speaker: bool) -> Referent:
    """The referent a resolved phrase leaves in the context."""
    e = res.entry
    if e is None:
        kind = "description"
    elif e.is_country:
        kind = "government"
    else:
        kind = e.kind
    return Referent(
        name=res.name,
        start=start,
        entry=e,
        speaker=speaker,
        plural=res.plural,
        kind=kind,
        gender=e.gender if e is not None else None,
        country=e.country if e is not None else None,
        roles=e.roles if e is not None else (),
    )


@functools.cache
def actor_table() -> ActorTable:
    """The actor table, loaded once per process."""
    try:
        raw = resources.files("sitroom").joinpath(f"data/{DATA_FILE}").read_bytes()
    except OSError as exc:
        raise ActorTableError(f"cannot read {DATA_FILE}: {exc}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ActorTableError(f"{DATA_FILE}: {exc}") from exc
    return ActorTable(data)


def resolve(text: str, context: ResolutionContext | None = None) -> ActorEntry | None:
    """Shortcut: :meth:`ActorTable.resolve` on the shared table."""
    return actor_table().resolve(text, context)


__all__ = [
    "ActorEntry",
    "ActorTable",
    "ActorTableError",
    "AliasMatch",
    "Referent",
    "Resolution",
    "ResolutionContext",
    "actor_table",
    "clean_description",
    "fold",
    "make_person",
    "referent_for",
    "resolve",
    "resolve_pronoun",
    "words",
]
