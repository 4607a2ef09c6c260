"""Speed of ``sitroom frame`` over the 367 SemEval-2025 articles on ONE core.

Runs the command's own path in one process pinned to one CPU (``sched_setaffinity``)
with BLAS/OpenMP threads set to 1: read and clean the files, then
:func:`sitroom.frame.frame_articles`, broken down by part (narratives, entity roles,
persuasion, headline overstatement, each timed separately on the same articles), plus
the whole ``frame_articles`` call, including loading the models. Default install path
(TF-IDF models, no torch). Each step is given in wall seconds and in CPU seconds of the
process (on a machine that other jobs share, the one core is not all ours, and the CPU
seconds are what the run costs). Target (issue 5): the whole command under 60 s; judged
on the CPU seconds, with the wall seconds printed beside them.

    .venv/bin/python benchmarks/frame_speed.py [PATH ...]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.pop("SITROOM_EMBEDDINGS", None)

import argparse  # noqa: E402  the thread limits must be set before numpy loads
import sys  # noqa: E402
import time  # noqa: E402

from _common import SEMEVAL, pin_to_one_core  # noqa: E402

DEFAULT = SEMEVAL
TARGET_S = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    args = parser.parse_args()
    pin_to_one_core()
    rows: list[tuple[str, float, float]] = []
    w_start, c_start = time.perf_counter(), time.process_time()
    w0, c0 = w_start, c_start

    def step(name: str) -> None:
        nonlocal w0, c0
        w1, c1 = time.perf_counter(), time.process_time()
        rows.append((name, w1 - w0, c1 - c0))
        w0, c0 = w1, c1

    from sitroom.frame import frame_articles
    from sitroom.ingest import clean_paths
    from sitroom.records import Article

    step("import sitroom.frame")
    articles = [a for a in clean_paths(args.paths) if isinstance(a, Article)]
    step("read + clean")
    framings = frame_articles(articles)
    step("frame_articles (cold)")
    total_wall, total_cpu = time.perf_counter() - w_start, time.process_time() - c_start

    # the parts again, warm, to see where the time goes
    from sitroom.frame import _overstatement, _persuasion, narratives, roles
    from sitroom.frame.text import article_text

    w0, c0 = time.perf_counter(), time.process_time()
    narratives.classify([article_text(a) for a in articles])
    step("  narratives (warm)")
    for a in articles:
        roles.assign_roles(a)
    step("  entity roles (warm)")
    for a in articles:
        _persuasion(a)
    step("  persuasion (warm)")
    for a in articles:
        _overstatement(a)
    step("  overstatement (warm)")

    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"sitroom frame over {len(articles)} articles, one core (CPUs {cpus}), threads 1")
    print(f"{'step':<28} {'wall s':>8} {'CPU s':>8}")
    for name, wall, cpu in [*rows[:3], ("total (cold)", total_wall, total_cpu), *rows[3:]]:
        print(f"{name:<28} {wall:>8.1f} {cpu:>8.1f}")
    roles_found = sum(len(f.entity_roles) for f in framings)
    ok = total_cpu < TARGET_S
    print(
        f"actors with a role: {roles_found}; target: total under {TARGET_S:.0f} s on one "
        f"core: {'met' if ok else 'MISSED'} ({total_cpu:.1f} CPU s, {total_wall:.1f} wall s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
