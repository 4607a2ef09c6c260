"""Extraction throughput and memory, against spaCy's full pipeline in the same process.

Baseline: ``en_core_web_sm``'s full pipeline (tok2vec, tagger, parser, attribute ruler,
lemmatizer, NER) run with ``nlp.pipe`` over the cleaned bodies of the SemEval articles.
Candidates, in the same process and over the same texts: sitroom's whole extraction
(parse with NER only where a name could be a place or a person, then every extractor),
and the same with the NER model run around every unknown proper noun
(``SITROOM_NER=names``) and over whole documents (``SITROOM_NER=full``), to show what the
selective NER buys. Rounds alternate so that a busy machine slows all of them alike; the table
gives the median CPU seconds of the process (``time.process_time``) and wall seconds.
Target (extraction issue): sitroom at least 1.5 times as fast as the baseline.

``--memory`` also runs ``sitroom extract``'s streaming path in child processes over 1x and
10x the corpus (the articles repeated under new names) and reports each one's peak RSS:
it should stay flat as the corpus grows.

    .venv/bin/python benchmarks/extraction_throughput.py [--corpus DIR] [--rounds N]
        [--memory | --memory-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from sitroom.extract import extract
from sitroom.ingest import build_article, read_paths
from sitroom.nlp import get_nlp, known_names
from sitroom.records import Article, SourceDocument

DEFAULT_CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/semeval2025_en/documents"
)


def load(corpus: Path) -> list[Article]:
    return [build_article(d) for d in read_paths([corpus]) if isinstance(d, SourceDocument)]


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def run_extract(articles: list[Article], mode: str) -> None:
    os.environ["SITROOM_NER"] = mode
    try:
        for _ in extract(articles):
            pass
    finally:
        os.environ.pop("SITROOM_NER", None)


def repeated(articles: list[Article], times: int) -> Iterator[Article]:
    for k in range(times):
        for a in articles:
            yield a if k == 0 else replace(a, name=f"{a.name}~{k}", id=f"{a.id}~{k}")


def child_peak_rss(corpus: Path, times: int) -> tuple[int, float, int]:
    """Run the streaming extraction in a child process; its peak RSS (MiB), seconds and
    article count."""
    code = (
        "import sys, resource, time\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, str(Path(sys.argv[1]).parent))\n"
        "from extraction_throughput import load, repeated\n"
        "from sitroom.extract import extract\n"
        "arts = load(Path(sys.argv[2]))\n"
        "t = time.perf_counter(); n = 0\n"
        "for _ in extract(repeated(arts, int(sys.argv[3]))): n += 1\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,"
        " time.perf_counter() - t, n)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, __file__, str(corpus), str(times)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return int(out[0]), float(out[1]), int(out[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="Use only the first N articles.")
    parser.add_argument("--memory", action="store_true", help="Also measure peak RSS 1x/10x.")
    parser.add_argument("--memory-only", action="store_true", help="Only measure peak RSS.")
    args = parser.parse_args()
    if args.memory_only:
        print(f"{'corpus':10} {'articles':>9} {'peak RSS MiB':>13} {'seconds':>8}")
        for times in (1, 10):
            rss, secs, count = child_peak_rss(args.corpus, times)
            print(f"{str(times) + 'x':10} {count:9d} {rss:13d} {secs:8.1f}")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    articles = load(args.corpus)
    if args.limit:
        articles = articles[: args.limit]
    if not articles:
        print(f"no articles under {args.corpus}", file=sys.stderr)
        return 1
    bodies = [a.body for a in articles]
    nlp = get_nlp()
    known_names()
    for mode in ("places", "names", "full"):  # warm every extractor's data once
        run_extract(articles[:8], mode)

    runs: dict[str, list[tuple[float, float]]] = {
        "spaCy full pipeline (baseline)": [],
        "sitroom extraction": [],
        "sitroom extraction, NER around every new name": [],
        "sitroom extraction, NER on whole documents": [],
    }
    for _ in range(args.rounds):
        runs["spaCy full pipeline (baseline)"].append(
            timed(lambda: list(nlp.pipe(bodies, batch_size=32)))
        )
        runs["sitroom extraction"].append(timed(lambda: run_extract(articles, "places")))
        runs["sitroom extraction, NER around every new name"].append(
            timed(lambda: run_extract(articles, "names"))
        )
        runs["sitroom extraction, NER on whole documents"].append(
            timed(lambda: run_extract(articles, "full"))
        )

    n = len(articles)
    base_cpu = statistics.median(c for c, _ in runs["spaCy full pipeline (baseline)"])
    print(f"\n{n} articles from {args.corpus}, one core, median of {args.rounds} rounds\n")
    print(f"{'run':46} {'cpu s':>7} {'wall s':>7} {'art/s':>7} {'speed-up':>9}")
    for name, samples in runs.items():
        cpu = statistics.median(c for c, _ in samples)
        wall = statistics.median(w for _, w in samples)
        print(f"{name:46} {cpu:7.2f} {wall:7.2f} {n / cpu:7.1f} {base_cpu / cpu:8.2f}x")
    speedup = base_cpu / statistics.median(c for c, _ in runs["sitroom extraction"])
    print(
        f"\ntarget: sitroom extraction >= 1.50x the baseline: {'met' if speedup >= 1.5 else 'NOT met'}"
    )

    if args.memory:
        print(f"\n{'corpus':10} {'articles':>9} {'peak RSS MiB':>13} {'seconds':>8}")
        for times in (1, 10):
            rss, secs, count = child_peak_rss(args.corpus, times)
            print(f"{str(times) + 'x':10} {count:9d} {rss:13d} {secs:8.1f}")
    print(
        f"\n(this process: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB)"
    )
    return 0 if speedup >= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
