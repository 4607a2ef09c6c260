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
the cluster's title. Everything here is linear algebra over a few hundred short texts and
set intersections: cheap next to extraction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence

from sitroom.reconcile.corpus import Corpus
from sitroom.records import PlaceKind, StoryCluster

DAYS = 3
_LOCAL_KINDS = (PlaceKind.CITY, PlaceKind.SITE, PlaceKind.REGION)
_COS_WITH_PLACES = 0.2
_COS_ALONE = 0.5
_COS_UNDATED = 0.6


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


def _similarities(corpus: Corpus, names: Sequence[str]) -> dict[tuple[str, str], float]:
    """Cosine similarity of title + lead between every pair with any shared word."""
    if len(names) < 2:
        return {}
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = []
    for n in names:
        a = corpus.articles[n]
        texts.append(a.title + "\n" + "\n".join(a.paragraphs[:2]))
    try:
        matrix = TfidfVectorizer(stop_words="english", min_df=1, sublinear_tf=True).fit_transform(
            texts
        )
    except ValueError:  # only stop words
        return {}
    sims = (matrix @ matrix.T).tocoo()
    out: dict[tuple[str, str], float] = {}
    for i, j, v in zip(sims.row, sims.col, sims.data, strict=True):
        if i < j and v > 0:
            out[(names[i], names[j])] = float(v)
    return out


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
    for x, y in itertools.combinations(originals, 2):
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
