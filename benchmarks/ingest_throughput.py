"""Ingest throughput: read, clean, deduplicate and store the SemEval articles on one core.

Prints a table of the time per stage and articles per second, pinned to one CPU core;
every stage that writes does so into a fresh SQLite file, one transaction per article on
one held connection, as :func:`sitroom.ingest` does. "store" writes articles already
cleaned and deduplicated; "dedup + store" also deduplicates them; "end to end" is the
whole stage (open the store, read, clean, deduplicate, store, close). The baseline is
reading the same files (the floor any ingest pays), measured in the same process, so the
ratio does not depend on the machine's speed. Each stage is timed by the clock (the target's
measure) and by the process's CPU time, which other programs on a shared machine disturb
less: the clock time of the SQLite stages also holds the disk flushes of the log's
checkpoints, which use no CPU. Target (foundation issue): at least 200 articles per second
end to end.

    .venv/bin/python benchmarks/ingest_throughput.py [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import SEMEVAL, pin_to_one_core
from sitroom.dedup import Deduplicator
from sitroom.ingest import build_article, ingest, read_paths
from sitroom.records import SourceDocument
from sitroom.store import open_store

DEFAULT_CORPUS = SEMEVAL


def median_times(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median clock seconds and median CPU seconds of ``repeat`` calls of ``fn``."""
    clock, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        clock.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(clock), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pin_to_one_core()

    docs = [d for d in read_paths([args.corpus]) if isinstance(d, SourceDocument)]
    n = len(docs)
    if not n:
        print(f"no articles under {args.corpus}", file=sys.stderr)
        return 1
    articles = [build_article(d) for d in docs]
    ingest([args.corpus], ":memory:")  # warm imports and caches once

    def read() -> None:
        list(read_paths([args.corpus]))

    def clean() -> None:
        for d in docs:
            build_article(d)

    def dedup() -> None:
        dd = Deduplicator()
        for a in articles:
            dd.check_and_add(a)

    checked = []  # (article with duplicate_of set, stored signature), in ingest order
    dd = Deduplicator()
    for a in articles:
        a = dd.check(a)
        checked.append((a, dd.signature_bytes(a)))
        dd.add(a)

    def store() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            s = open_store(str(Path(tmp) / "s.db"))
            with s.writing():
                for a, signature in checked:
                    s.save_article(a, signature)
            s.close()

    def dedup_store() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            s = open_store(str(Path(tmp) / "b.db"))
            dd = Deduplicator()
            with s.writing():
                for a in articles:
                    a = dd.check(a)
                    s.save_article(a, dd.signature_bytes(a))
                    dd.add(a)
            s.close()

    def end_to_end() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            ingest([args.corpus], str(Path(tmp) / "e.db"))

    stages: list[tuple[str, Callable[[], object]]] = [
        ("read files (baseline)", read),
        ("clean + hash", clean),
        ("deduplicate (MinHash LSH)", dedup),
        ("store (SQLite, 1 txn/article)", store),
        ("dedup + store (SQLite, 1 txn/article)", dedup_store),
        ("end to end: sitroom.ingest()", end_to_end),
    ]
    rows = [(name, *median_times(fn, args.repeat)) for name, fn in stages]
    base = rows[0][1]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"ingest throughput: {n} articles from {args.corpus}, one core, median of {args.repeat}"
        f" (load average {load:.1f} on {os.cpu_count()} CPUs)\n"
    )
    print(
        f"{'stage':<40}{'seconds':>9}{'ms/article':>12}{'articles/s':>12}{'x baseline':>12}"
        f"{'CPU ms/art':>12}"
    )
    for name, seconds, cpu in rows:
        print(
            f"{name:<40}{seconds:>9.3f}{1000 * seconds / n:>12.2f}{n / seconds:>12.0f}"
            f"{seconds / base:>12.1f}{1000 * cpu / n:>12.2f}"
        )
    _, e2e, e2e_cpu = rows[-1]
    verdict = "meets" if n / e2e >= 200 else "MISSES"
    print(
        f"\nend to end: {n / e2e:.0f} articles/s ({verdict} the 200 articles/s target);"
        f" {n / e2e_cpu:.0f} articles per CPU second"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
