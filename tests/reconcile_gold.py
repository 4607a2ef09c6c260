"""Reconciliation inputs built from the seeds' gold annotations (for tests of reconcile that
must not wait for the extractors).

The gold file gives each figure's quote, value, category, detail, who and claimant, and each
attribution's speaker, speaker words, cue and content; here each text is located in the cleaned body at
run time to give offsets (nothing of the articles is copied into the repository). Sentences
come from spaCy's parse of the body, as in extraction. Sides come from ``SIDES`` (canonical
actor names, as the actor table of the attributions stage gives them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from sitroom.ingest import clean_paths
from sitroom.nlp import parse
from sitroom.records import (
    Article,
    ArticleFacts,
    Attribution,
    Figure,
    Place,
    PlaceKind,
    PublicationDate,
    Qualifier,
)

SIDES = {
    "UK Ministry of Defence": "West",
    "US": "West",
    "Joe Biden": "West",
    "John Kirby": "West",
    "Jens Stoltenberg": "West",
    "Kremlin": "Russia",
    "Russia": "Russia",
    "Russian Ministry of Defence": "Russia",
    "Dmitry Peskov": "Russia",
    "Sergei Lavrov": "Russia",
    "Vladimir Putin": "Russia",
    "Vladimir Medinsky": "Russia",
    "RIA Novosti": "Russia",
    "Interfax": "Russia",
    "Russian-backed separatists": "Russia",
    "Ukraine": "Ukraine",
    "Volodymyr Zelensky": "Ukraine",
    "Oleksiy Arestovych": "Ukraine",
    "Oleksiy Reznikov": "Ukraine",
    "Ukrainian General Staff": "Ukraine",
    "Ukrainian Ministry of Defence": "Ukraine",
    "State Emergency Service of Ukraine": "Ukraine",
    "Iryna Vereshchuk": "Ukraine",
    "Iryna Venediktova": "Ukraine",
    "Mariupol City Council": "Ukraine",
    "Sergei Orlov": "Ukraine",
    "Vitali Klitschko": "Ukraine",
    "Pavlo Kyrylenko": "Ukraine",
    "Center for Defense Strategies": "Ukraine",
    "Office of the President of Ukraine": "Ukraine",
    "UN Human Rights Office": "international",
}


def _find(body: str, text: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``text`` in ``body``, tolerant of whitespace and quote-mark differences."""
    pos = body.find(text, start)
    if pos == -1:
        pos = body.find(text)
    if pos != -1:
        return pos, pos + len(text)
    pattern = re.escape(text.strip())
    pattern = re.sub(r"(\\ )+", r"\\s+", pattern)
    for a, b in (("’", "['’]"), ("'", "['’]"), ('"', '["“”]'), ("“", '["“”]'), ("”", '["“”]')):
        pattern = pattern.replace(re.escape(a), b)
    m = re.search(pattern, body)
    return (m.start(), m.end()) if m else None


def _sentence(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence(s) of ``doc`` covering ``[start, end)``."""
    lo, hi = start, end
    for sent in doc.sents:
        if sent.end_char > start and sent.start_char < end:
            lo = min(lo, sent.start_char)
            hi = max(hi, sent.end_char)
    return lo, hi


def _value_span(body: str, lo: int, hi: int, value_text: str) -> tuple[int, int]:
    found = _find(body[lo:hi], value_text) if value_text else None
    return (lo + found[0], lo + found[1]) if found else (lo, hi)


def gold_inputs(
    seeds_dir: Path, gold_file: Path
) -> tuple[list[Article], dict[str, ArticleFacts], dict[str, int]]:
    """Articles, facts built from gold, and counts of gold records that could not be located."""
    articles = [a for a in clean_paths([seeds_dir]) if isinstance(a, Article)]
    gold = {
        r["article"]: r
        for r in (json.loads(line) for line in gold_file.read_text().splitlines() if line.strip())
    }
    docs = dict(zip((a.name for a in articles), parse(a.body for a in articles), strict=True))
    facts: dict[str, ArticleFacts] = {}
    lost = {"figures": 0, "attributions": 0, "places": 0}
    for a in articles:
        g = gold.get(a.name)
        if g is None:
            continue
        doc = docs[a.name]
        pub = dt.date.fromisoformat(g["published"]) if g.get("published") else None
        figures = list(_figures(a, doc, g["figures"], lost))
        attributions = list(_attributions(a, doc, g["attributions"], lost))
        places = list(_places(a, doc, g["places"], lost))
        facts[a.name] = ArticleFacts(
            article=a.name,
            published=PublicationDate(pub, (pub, pub) if pub else None, "gold"),
            figures=figures,
            attributions=attributions,
            places=places,
        )
    return articles, facts, lost


def _figures(
    a: Article, doc: Doc, records: Iterable[dict], lost: dict[str, int]
) -> Iterable[Figure]:
    for r in records:
        found = _find(a.body, r["quote"])
        if found is None:
            lost["figures"] += 1
            continue
        s_lo, s_hi = _sentence(doc, *found)
        start, end = _value_span(a.body, found[0], found[1], r.get("value_text") or "")
        yield Figure(
            article=a.name,
            start=start,
            end=end,
            sentence=a.body[s_lo:s_hi],
            extractor="gold",
            value=float(r["value"]),
            value_text=r.get("value_text") or str(r["value"]),
            qualifier=Qualifier(r.get("qualifier") or "exact"),
            value_max=r.get("value_max"),
            category=r.get("category") or "other",
            detail=r.get("detail"),
            who=r.get("who"),
            claimant=r.get("claimant"),
            currency=r.get("currency"),
            unit=r.get("unit"),
        )


def _attributions(
    a: Article, doc: Doc, records: Iterable[dict], lost: dict[str, int]
) -> Iterable[Attribution]:
    for r in records:
        found = _find(a.body, r["content"])
        if found is None:
            lost["attributions"] += 1
            continue
        s_lo, s_hi = _sentence(doc, *found)
        speaker_text = r.get("speaker_text") or ""
        who = _find(a.body[s_lo:s_hi], speaker_text) if speaker_text else None
        yield Attribution(
            article=a.name,
            start=found[0],
            end=found[1],
            sentence=a.body[s_lo:s_hi],
            extractor="gold",
            speaker=r["speaker"],
            speaker_text=r.get("speaker_text") or "",
            cue=r.get("cue") or "",
            direct=bool(r.get("direct")),
            content=a.body[found[0] : found[1]],
            side=SIDES.get(r["speaker"]),
            speaker_start=s_lo + who[0] if who else None,
            speaker_end=s_lo + who[1] if who else None,
        )


def _places(a: Article, doc: Doc, records: Iterable[dict], lost: dict[str, int]) -> Iterable[Place]:
    for r in records:
        text = r["text"]
        spans = [m.span() for m in re.finditer(rf"\b{re.escape(text)}\b", a.body)]
        if not spans:
            lost["places"] += 1
            continue
        for start, end in spans:
            s_lo, s_hi = _sentence(doc, start, end)
            yield Place(
                article=a.name,
                start=start,
                end=end,
                sentence=a.body[s_lo:s_hi],
                extractor="gold",
                text=text,
                name=r.get("name") or text,
                kind=PlaceKind(r.get("kind") or "other"),
                country=r.get("country"),
                lat=r.get("lat"),
                lon=r.get("lon"),
            )
