"""What the speed scripts share: where the shared corpora are, pinning to one core, and
the median wall-clock time of repeated runs."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(os.environ.get("SITROOM_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEMEVAL = SHARED / "corpus/semeval2025_en/documents"
SEEDS = SHARED / "corpus/seeds"


def pin_to_one_core() -> None:
    """Run this process on one CPU (the benchmarks' targets are per core)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` calls of ``fn``."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)
