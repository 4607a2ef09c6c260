"""What the whole brief costs on top of extraction, and how big brief.html gets.

In one process, over the same articles (by default the 367 SemEval articles plus the
seeds), alternating rounds so that a busy machine slows both alike:

* extraction alone: read and clean the files, parse and run every extractor (what
  ``sitroom extract`` does);
* the brief: ``sitroom brief``'s whole path (``sitroom.pipeline.build_brief``): ingest into a
  fresh SQLite file, extract, frame, reconcile and write brief.html and the exports.

Prints the median seconds of each, their ratio, the brief's stage timings and the size
of brief.html. Target (brief issue): the brief at most 1.3 times extraction alone, and
brief.html under 5 MB. Exits non-zero when either is missed.

    .venv/bin/python benchmarks/brief_overhead.py [PATH ...] [--rounds N] [--no-framing]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import SEEDS, SEMEVAL, pin_to_one_core
from sitroom.extract import extract
from sitroom.ingest import clean_paths
from sitroom.nlp import get_nlp, known_names
from sitroom.pipeline import build_brief
from sitroom.records import Article
from sitroom.store import open_store

DEFAULT_PATHS = [SEMEVAL, SEEDS]
MAX_RATIO = 1.3
MAX_HTML_BYTES = 5 * 1024 * 1024


def extraction_alone(paths: list[Path]) -> int:
    articles = [a for a in clean_paths(paths) if isinstance(a, Article)]
    return sum(1 for _ in extract(articles))


def whole_brief(paths: list[Path], framing: bool) -> tuple[float, dict[str, float], int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/brief.db")
        t = time.perf_counter()
        run = build_brief(paths, store, Path(tmp) / "out", with_framing=framing)
        seconds = time.perf_counter() - t
        size = Path(run.files.html).stat().st_size
        store.close()
    return seconds, run.timings, size, len(run.situation.articles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_PATHS)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-framing", action="store_true")
    args = parser.parse_args()
    pin_to_one_core()

    # Warm what both sides load once per process (models, tables), on a few articles.
    get_nlp()
    known_names()
    warm = [a for a in clean_paths(args.paths) if isinstance(a, Article)][:5]
    list(extract(warm))
    if not args.no_framing:
        from sitroom.pipeline import frame_articles

        frame_articles(warm)

    alone: list[float] = []
    brief: list[float] = []
    stages: list[dict[str, float]] = []
    size = articles = 0
    for _ in range(args.rounds):
        t = time.perf_counter()
        n = extraction_alone(args.paths)
        alone.append(time.perf_counter() - t)
        seconds, timings, size, articles = whole_brief(args.paths, not args.no_framing)
        brief.append(seconds)
        stages.append(timings)

    a, b = statistics.median(alone), statistics.median(brief)
    ratio = b / a
    print(
        f"\n{n} articles extracted ({articles} in the brief incl. duplicates), one core, "
        f"median of {args.rounds} round(s)\n"
    )
    print(f"{'run':32} {'seconds':>8} {'ratio':>7}")
    print(f"{'extraction alone':32} {a:8.1f} {1.0:7.2f}")
    print(f"{'sitroom brief (whole path)':32} {b:8.1f} {ratio:7.2f}")
    print("\nbrief stages (last round):")
    for stage, secs in stages[-1].items():
        print(f"  {stage:30} {secs:8.1f}")
    print(f"\nbrief.html: {size / 1024 / 1024:.2f} MB")
    ok_ratio, ok_size = ratio <= MAX_RATIO, size < MAX_HTML_BYTES
    print(f"target: brief <= {MAX_RATIO}x extraction alone: {'met' if ok_ratio else 'NOT met'}")
    print(f"target: brief.html < 5 MB: {'met' if ok_size else 'NOT met'}")
    return 0 if ok_ratio and ok_size else 1


if __name__ == "__main__":
    sys.exit(main())
