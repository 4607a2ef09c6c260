"""Reconciliation: from per-article facts to one situation across sources.

``reconcile(articles, facts, framing=None)`` builds the :class:`~sitroom.records.Situation`
the report shows:

* :mod:`.timeline`: the period covered, the sources (outlets) and the events in time order;
* :mod:`.series`: figures grouped into named series, every value with its claimant, date and
  citation, contested where claimants at about the same date disagree by more than a
  quarter, the most conservative value as the headline (ACLED's practice);
* :mod:`.contested`: statements by speakers on opposed sides that disagree about the same
  subject and period, each pair citing both sentences;
* :mod:`.clusters`: articles about the same story across outlets;
* :mod:`.places`: places aggregated for the map;
* ``missing``: plain sentences about what the corpus lacks, which the brief prints instead
  of failing (an empty corpus, one article, no figures, no dates, ...).

Duplicates (``Article.duplicate_of``) count as sources and join story clusters, but their
facts are not counted twice: only original articles feed series, claims, events and places.
Citations cover the sentence that holds a fact (:mod:`.corpus`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sitroom.outlets import UNKNOWN_OUTLET
from sitroom.reconcile.clusters import build_clusters
from sitroom.reconcile.contested import contested_claims
from sitroom.reconcile.corpus import Corpus
from sitroom.reconcile.places import place_summaries
from sitroom.reconcile.series import build_series
from sitroom.reconcile.timeline import period, sources, timeline
from sitroom.records import Article, ArticleFacts, Framing, Situation


def reconcile(
    articles: Sequence[Article],
    facts: Mapping[str, ArticleFacts],
    framing: Mapping[str, Framing] | None = None,
) -> Situation:
    """The situation across ``articles`` (duplicates included) given their ``facts`` (by
    article name; articles without facts are still sources)."""
    corpus = Corpus.build(articles, facts)
    events = timeline(corpus)
    series = build_series(corpus)
    contested = contested_claims(corpus)
    clusters = build_clusters(corpus)
    places = place_summaries(corpus, events)
    situation = Situation(
        articles=list(articles),
        facts=dict(facts),
        period=period(corpus, events),
        sources=sources(corpus),
        events=events,
        series=series,
        contested=contested,
        clusters=clusters,
        places=places,
        framing=dict(framing or {}),
    )
    situation.missing = missing(corpus, situation)
    return situation


def missing(corpus: Corpus, s: Situation) -> list[str]:
    """Plain sentences about what the corpus lacks."""
    out: list[str] = []
    n = len(corpus.articles)
    originals = len(corpus.originals)
    if n == 0:
        return ["No articles were given, so there is nothing to report."]
    if originals == 1:
        out.append("Only one article was given: nothing can be compared across sources.")
    elif len({corpus.outlet(a) for a in corpus.articles} - {UNKNOWN_OUTLET}) <= 1:
        out.append("No more than one outlet could be identified among the articles.")
    without_facts = [a for a in corpus.originals if a not in corpus.facts]
    if without_facts:
        out.append(f"{len(without_facts)} article(s) have not been through extraction.")
    undated = [a for a in corpus.originals if corpus.date(a) is None]
    if s.period is None:
        out.append("No article gives a date, so the period covered is unknown.")
    elif undated:
        out.append(
            f"{len(undated)} of {originals} article(s) give no publication date; "
            "their figures and statements are not compared by date."
        )
    if not s.series:
        out.append("No figures were found.")
    elif not any(len(x.claimants) > 1 for x in s.series):
        out.append("No figure is reported by more than one claimant.")
    if not any(f.attributions for f in corpus.facts.values()):
        out.append("No attributed statements were found.")
    elif not s.contested:
        out.append("No contested claims were found between opposed sides.")
    if not s.events:
        out.append("No events were found.")
    if not s.places:
        out.append("No places were found, so the map is empty.")
    if originals > 1 and not s.clusters:
        out.append("No two articles were found to tell the same story.")
    return out


__all__ = ["Corpus", "missing", "reconcile"]
