"""The timeline, the period covered and the sources of a corpus.

* ``timeline``: every event of the original articles, sorted by date (undated events
  last), then article and position. Events are kept whatever their confidence (the report
  filters on ``Event.confidence``).
* ``period``: the earliest and latest publication dates; when no article has one, the
  span of the events dated from the text; else ``None``.
* ``sources``: (outlet, number of articles) for every article, duplicates included, most
  articles first; the outlet is ``Article.outlet``, else a site read from the text, else
  "unknown outlet" (:func:`sitroom.outlets.infer_outlet`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sitroom.reconcile.corpus import Corpus
from sitroom.records import Event


def timeline(corpus: Corpus) -> list[Event]:
    events: list[Event] = []
    for name in corpus.originals:
        facts = corpus.facts_of(name)
        if facts is not None:
            events.extend(facts.events)
    order = {n: i for i, n in enumerate(corpus.originals)}
    events.sort(key=lambda e: (e.date or dt.date.max, order.get(e.article, 0), e.start))
    return events


def period(corpus: Corpus, events: list[Event]) -> tuple[dt.date, dt.date] | None:
    dates = [d for d in (corpus.date(n) for n in corpus.articles) if d is not None]
    if not dates:
        dates = [e.date for e in events if e.date is not None and e.date_source == "text"]
    if not dates:
        return None
    return min(dates), max(dates)


def sources(corpus: Corpus) -> list[tuple[str, int]]:
    counts = Counter(corpus.outlet(n) for n in corpus.articles)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


__all__ = ["period", "sources", "timeline"]
