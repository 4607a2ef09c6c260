"""Reconciliation against extraction: the cost of ``reconcile`` next to ``extract``.

Cleans the SemEval articles and the seeds, extracts their facts once (timed: the
extraction alone), then times ``reconcile`` over all of them (median of ``--repeat`` runs,
after one warm-up that pays the imports) and each of its stages. The brief's bar is that
``sitroom brief`` takes at most 1.3 times extraction alone, so reconciliation must stay a
small fraction of it.

    .venv/bin/python benchmarks/reconcile_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _common import SEEDS, SEMEVAL, median_seconds
from sitroom.extract import extract
from sitroom.ingest import clean_paths
from sitroom.reconcile import reconcile
from sitroom.reconcile.clusters import build_clusters
from sitroom.reconcile.contested import contested_claims
from sitroom.reconcile.corpus import Corpus
from sitroom.reconcile.places import place_summaries
from sitroom.reconcile.series import build_series
from sitroom.reconcile.timeline import timeline
from sitroom.records import Article

DEFAULT = [SEMEVAL, SEEDS]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    articles = [a for a in clean_paths(args.paths) if isinstance(a, Article)]
    if not articles:
        print("no articles", file=sys.stderr)
        return 1
    originals = [a for a in articles if not a.duplicate_of]
    t = time.perf_counter()
    facts = {f.article: f for f in extract(originals)}
    t_extract = time.perf_counter() - t

    t = time.perf_counter()
    reconcile(articles, facts)  # warm-up: imports, lexicons, the parser for claims
    t_cold = time.perf_counter() - t
    t_rec = median_seconds(lambda: reconcile(articles, facts), args.repeat)
    corpus = Corpus.build(articles, facts)
    events = timeline(corpus)
    stages = {
        "corpus": lambda: Corpus.build(articles, facts),
        "timeline": lambda: timeline(corpus),
        "series": lambda: build_series(corpus),
        "contested": lambda: contested_claims(corpus),
        "clusters": lambda: build_clusters(corpus),
        "places": lambda: place_summaries(corpus, events),
    }
    n_facts = sum(
        len(f.figures) + len(f.attributions) + len(f.places) + len(f.events) for f in facts.values()
    )
    print(f"articles: {len(articles)} ({len(originals)} originals), facts: {n_facts}")
    print(f"extract:            {t_extract:8.2f} s")
    print(f"reconcile (cold):   {t_cold:8.2f} s")
    print(f"reconcile (median): {t_rec:8.2f} s  = {t_rec / t_extract:.3f} x extraction")
    for name, fn in stages.items():
        print(f"  {name:<10} {median_seconds(fn, args.repeat):8.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
