"""Story clusters: articles about the same story across outlets.

Two articles are linked when

* one is a duplicate of the other (``duplicate_of``, exact or near, from ingest), or
* their dates are at most ``DAYS`` (3) apart and they share the story's substance: at
  least two (event type, place) pairs, or at least two sub-national places together with
  similar headline and lead words (TF-IDF cosine of title + first two paragraphs >= 0.2),
  or very similar headline and lead words alone (cosine >= 0.5); or
* either is undated and their headline and lead words are nearly the same (cosine >= 0.6).

Clusters are the connected groups of two or more articles. The representative is the
original article with the most links (then the earliest, then by name), and its title is
the cluster's title.

Cost: only pairs that share a headline/lead word (not one of the commonest) or an (event
type, place) pair are compared, found with inverted indexes, so the work grows with the
overlaps rather than with the square of the corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

from sitroom.reconcile.corpus import Corpus
from sitroom.records import PlaceKind, StoryCluster

DAYS = 3
_LOCAL_KINDS = (PlaceKind.CITY, PlaceKind.SITE, PlaceKind.REGION)
_COS_WITH_PLACES = 0.2
_COS_ALONE = 0.5
_COS_UNDATED = 0.6
_COMMON = 0.2  # a word in more than this share of the articles links none of them ...
_FEW = 10  # ... unless it is in no more than this many


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]")


def _terms(text: str) -> Counter[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return Counter(
        w for w in (m.group().lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS
    )


def _similarities(corpus: Corpus, names: Sequence[str]) -> dict[tuple[str, str], float]:
    """Cosine similarity of the TF-IDF vectors (sublinear tf, smoothed idf, l2-normed) of
    title + lead, for every pair that shares a word: an inverted index from word to
    articles gives the pairs, so the cost grows with shared words, not with all pairs
    (words held by more than ``_COMMON`` of the articles, and more than ``_FEW``, are too
    common to link any)."""
    if len(names) < 2:
        return {}
    counts: list[Counter[str]] = []
    for n in names:
        a = corpus.articles[n]
        counts.append(_terms(a.title + "\n" + "\n".join(a.paragraphs[:2])))
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    total = len(names)
    idf = {w: math.log((1 + total) / (1 + k)) + 1.0 for w, k in df.items()}
    vectors: list[dict[str, float]] = []
    for c in counts:
        v = {w: (1.0 + math.log(k)) * idf[w] for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    index: dict[str, list[int]] = {}
    for i, v in enumerate(vectors):
        for w in v:
            index.setdefault(w, []).append(i)
    limit = max(_FEW, int(_COMMON * total))
    acc: dict[tuple[int, int], float] = {}
    for w, holders in index.items():
        if len(holders) < 2 or len(holders) > limit:
            continue
        for i, j in itertools.combinations(holders, 2):
            acc[(i, j)] = acc.get((i, j), 0.0) + vectors[i][w] * vectors[j][w]
    return {(names[i], names[j]): v for (i, j), v in acc.items() if v > 0}


def build_clusters(corpus: Corpus) -> list[StoryCluster]:
    names = list(corpus.articles)
    if len(names) < 2:
        return []
    uf = _UnionFind(names)
    reasons: dict[str, set[str]] = {}
    degree: Counter[str] = Counter()
    by_id = {a.id: n for n, a in corpus.articles.items()}

    def link(a: str, b: str, why: str) -> None:
        uf.union(a, b)
        degree[a] += 1
        degree[b] += 1
        reasons.setdefault(a, set()).add(why)
        reasons.setdefault(b, set()).add(why)

    for n, a in corpus.articles.items():
        if a.duplicate_of and a.duplicate_of in by_id:
            link(by_id[a.duplicate_of], n, "near-duplicate")

    originals = [n for n in corpus.originals if corpus.articles[n].body]
    places: dict[str, set[str]] = {}
    pairs: dict[str, set[tuple[str, str]]] = {}
    for n in originals:
        f = corpus.facts_of(n)
        places[n] = {p.name for p in f.places if p.kind in _LOCAL_KINDS} if f else set()
        pairs[n] = {(e.type, e.place) for e in f.events if e.place} if f else set()
    sims = _similarities(corpus, originals)
    # candidate pairs from inverted indexes: a shared headline/lead word, or a shared
    # (event type, place) pair; never all pairs
    order = {n: i for i, n in enumerate(originals)}
    by_pair: dict[tuple[str, str | None], list[str]] = {}
    for n in originals:
        for key in pairs[n]:
            by_pair.setdefault(key, []).append(n)
    candidates = set(sims)
    for holders in by_pair.values():
        if len(holders) <= max(_FEW, int(_COMMON * len(originals))):
            candidates.update(itertools.combinations(holders, 2))
    for x, y in sorted(candidates, key=lambda p: (order[p[0]], order[p[1]])):
        cos = sims.get((x, y), 0.0)
        da, db = corpus.date(x), corpus.date(y)
        if da is None or db is None:
            if cos >= _COS_UNDATED:
                link(x, y, "same headline and lead words")
            continue
        if abs((da - db).days) > DAYS:
            continue
        if len(pairs[x] & pairs[y]) >= 2:
            link(x, y, "shared events, places and dates")
        elif len(places[x] & places[y]) >= 2 and cos >= _COS_WITH_PLACES:
            link(x, y, "shared places, words and dates")
        elif cos >= _COS_ALONE:
            link(x, y, "shared headline and lead words, close dates")

    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(uf.find(n), []).append(n)
    out: list[StoryCluster] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        out.append(_cluster(corpus, members, degree, reasons))
    out.sort(key=lambda c: (-len(c.articles), c.period[0] if c.period else dt.date.max, c.id))
    return out


def _cluster(
    corpus: Corpus, members: list[str], degree: Counter[str], reasons: dict[str, set[str]]
) -> StoryCluster:
    def rank(n: str) -> tuple[int, int, dt.date, str]:
        a = corpus.articles[n]
        return (int(bool(a.duplicate_of)), -degree[n], corpus.date(n) or dt.date.max, n)

    ordered = sorted(members, key=rank)
    rep = corpus.articles[ordered[0]]
    dates = [d for d in (corpus.date(n) for n in members) if d is not None]
    place_counts: Counter[str] = Counter()
    type_counts: Counter[str] = Counter()
    for n in members:
        f = corpus.facts_of(n)
        if f is None:
            continue
        place_counts.update({p.name for p in f.places if p.kind in _LOCAL_KINDS})
        type_counts.update(e.type for e in f.events if e.confidence >= 0.5)
    why: set[str] = set()
    for n in members:
        why |= reasons.get(n, set())
    digest = hashlib.sha1("\n".join(sorted(members)).encode()).hexdigest()[:10]
    return StoryCluster(
        id=f"story-{digest}",
        title=rep.title or rep.name,
        articles=tuple(ordered),
        period=(min(dates), max(dates)) if dates else None,
        places=tuple(p for p, _ in place_counts.most_common(5)),
        event_types=tuple(t for t, _ in type_counts.most_common(5)),
        reason="; ".join(sorted(why)),
    )


__all__ = ["DAYS", "build_clusters"]
