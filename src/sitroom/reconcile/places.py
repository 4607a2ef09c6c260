"""Places aggregated over the corpus, for the map.

One :class:`~sitroom.records.PlaceSummary` per distinct place (name, country, kind) over the
original articles: how often it is mentioned, which event types happened there (events
whose ``place`` is that name; most frequent first) and citations of the sentences that
mention it (the first ``MAX_CITATIONS`` mentions, one per sentence, to keep the brief
small). Sorted by mentions, most first.
"""

from __future__ import annotations

from collections import Counter

from sitroom.reconcile.corpus import Corpus
from sitroom.records import Citation, Event, Place, PlaceKind, PlaceSummary

MAX_CITATIONS = 12


def place_summaries(corpus: Corpus, events: list[Event]) -> list[PlaceSummary]:
    first: dict[tuple[str, str | None, PlaceKind], Place] = {}
    mentions: Counter[tuple[str, str | None, PlaceKind]] = Counter()
    cites: dict[tuple[str, str | None, PlaceKind], list[Citation]] = {}
    seen: set[tuple[str, str | None, PlaceKind, str, int]] = set()
    for name in corpus.originals:
        facts = corpus.facts_of(name)
        if facts is None:
            continue
        for p in facts.places:
            key = (p.name, p.country, p.kind)
            first.setdefault(key, p)
            mentions[key] += 1
            held = cites.setdefault(key, [])
            if len(held) >= MAX_CITATIONS:
                continue
            c = corpus.cite(name, p)
            if (*key, name, c.start) in seen:
                continue
            seen.add((*key, name, c.start))
            held.append(c)
    types: dict[str, Counter[str]] = {}
    for e in events:
        if e.place:
            types.setdefault(e.place, Counter())[e.type] += 1
    out = [
        PlaceSummary(
            name=key[0],
            kind=key[2],
            country=key[1],
            lat=first[key].lat,
            lon=first[key].lon,
            mentions=n,
            event_types=tuple(t for t, _ in types.get(key[0], Counter()).most_common()),
            citations=tuple(cites.get(key, ())),
        )
        for key, n in mentions.items()
    ]
    out.sort(key=lambda s: (-s.mentions, s.name))
    return out


__all__ = ["MAX_CITATIONS", "place_summaries"]
