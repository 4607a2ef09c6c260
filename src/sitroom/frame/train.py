"""Training entry points of the framing models (``sitroom train``).

Each task trains from the shared labelled files and writes its artefact into
``out_dir`` (by default ``sitroom/data/frame/``, the committed models):

* ``narratives``: SemEval-2025 subtask 2 (``semeval2025_en``) -> ``narratives.npz``;
* ``roles``: SemEval-2025 subtask 1 (``semeval2025_en``) -> ``roles.npz``;
* ``persuasion``: SemEval-2023 Task 3 (``semeval2023_t3_en``), by
  :func:`sitroom.frame.persuasion.train_persuasion`.

Training is deterministic (fixed folds and seeds, liblinear/lbfgs solvers) and uses the
sparse TF-IDF features of the default install. Measured (5-fold CV, thresholds tuned by
inner CV; ``benchmarks/frame_narratives.py``, ``benchmarks/frame_roles.py``): on war
articles the sparse features give narrative sample F1 0.489 and subnarratives 0.431, the
sentence embeddings 0.493 and 0.442, so ``embeddings=True`` also writes
``narratives_embed.npz``, which ``frame`` uses when ``SITROOM_EMBEDDINGS=1`` and the
``embed`` extra is installed (it embeds every article: slower). For roles the sparse model
barely beats the majority class (main-role accuracy 0.722 against 0.705); ``embeddings=True``
also writes ``roles_encoder.npz``, heads over the frozen MiniLM's mention vectors (0.738,
fine-role exact match 0.242 against 0.147), used with ``SITROOM_EMBEDDINGS=1``.
``sitroom train roles --embeddings --cv`` took 330 CPU seconds on one thread (20 minutes of
wall time on the shared two-core machine under load), encoding the 182 articles the most.
With ``cv=True`` the article-grouped cross-validated scores are measured first (thresholds
tuned inside each training part) and stored in the artefact's metadata.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitroom.frame import narratives, roles
from sitroom.frame.text import (
    DATA_DIR,
    default_corpus,
    embed_documents,
)

TASKS = ("narratives", "roles", "persuasion")


def train_narratives(
    out_dir: Path = DATA_DIR,
    *,
    corpus: Path | None = None,
    seed: int = 0,
    cv: bool = False,
    embeddings: bool = False,
) -> dict[str, Any]:
    """Train the narrative classifier on every labelled article; return what was done.

    With ``embeddings`` (needs the ``embed`` extra) the sentence-embedding model is also
    trained, into ``narratives_embed.npz``; it is used when ``SITROOM_EMBEDDINGS=1``.
    """
    corpus = corpus or default_corpus("semeval2025_en")
    t0 = time.perf_counter()
    taxonomy, items, texts = narratives.labelled_corpus(corpus)
    scores = narratives.cross_validate(texts, items, taxonomy, "sparse", seed=seed) if cv else None
    model = narratives.fit_model(texts, items, taxonomy, "sparse", seed=seed)
    model.scores = scores
    path = out_dir / narratives.MODEL_FILE.name
    model.save(path)
    result: dict[str, Any] = {
        "task": "narratives",
        "articles": len(items),
        "thresholds": model.thresholds.to_dict(),
        "cv": scores,
        "artefact": str(path),
    }
    if embeddings:
        x = embed_documents(texts)
        e_scores = narratives.cross_validate(x, items, taxonomy, "embed", seed=seed) if cv else None
        e_model = narratives.fit_model(x, items, taxonomy, "embed", seed=seed)
        e_model.scores = e_scores
        e_path = out_dir / narratives.EMBED_MODEL_FILE.name
        e_model.save(e_path)
        result |= {
            "embed_thresholds": e_model.thresholds.to_dict(),
            "embed_cv": e_scores,
            "embed_artefact": str(e_path),
        }
    narratives.load_model.cache_clear()
    return result | {
        "seconds": round(time.perf_counter() - t0, 1),
    }


def train_roles(
    out_dir: Path = DATA_DIR,
    *,
    corpus: Path | None = None,
    seed: int = 0,
    cv: bool = False,
    embeddings: bool = False,
) -> dict[str, Any]:
    """Train the entity-role classifier on every labelled mention; return what was done.

    With ``embeddings`` (needs the ``embed`` extra) the encoder heads are also trained, into
    ``roles_encoder.npz`` (``roles.EncoderRoleModel``: regressions over the frozen MiniLM's
    mention vectors, about 0.1 MB); ``sitroom frame``/``roles`` use them when
    ``SITROOM_EMBEDDINGS=1``. Encoding the 182 labelled articles is most of the time.
    """
    del seed  # the role models have no random part: grouped folds and lbfgs are deterministic
    corpus = corpus or default_corpus("semeval2025_en")
    t0 = time.perf_counter()
    mentions, texts = roles.labelled_mentions(corpus)
    scores = roles.cross_validate(mentions, texts) if cv else None
    model = roles.fit_model(mentions, texts)
    model.scores = scores
    path = out_dir / roles.MODEL_FILE.name
    model.save(path)
    roles.sparse_model.cache_clear()
    result: dict[str, Any] = {
        "task": "roles",
        "mentions": len(mentions),
        "c": model.c,
        "fine_threshold": model.fine_threshold,
        "cv": scores,
        "artefact": str(path),
    }
    if embeddings:
        t1 = time.perf_counter()
        x = roles.mention_matrix(mentions, texts)
        encoded = time.perf_counter() - t1
        e_scores = roles.cross_validate_encoder(mentions, x) if cv else None
        e_model = roles.fit_encoder_model(mentions, x)
        e_model.scores = e_scores
        e_path = out_dir / roles.ENCODER_FILE.name
        e_model.save(e_path)
        roles.encoder_model.cache_clear()
        result |= {
            "encoder_c": e_model.c,
            "encoder_fine_threshold": e_model.fine_threshold,
            "encoder_cv": e_scores,
            "encoder_artefact": str(e_path),
            "encoding_seconds": round(encoded, 1),
        }
    return result | {"seconds": round(time.perf_counter() - t0, 1)}


def train_persuasion(
    out_dir: Path = DATA_DIR, *, seed: int = 0, cv: bool = False
) -> dict[str, Any]:
    """Persuasion techniques (FRAMING-B's module); it always measures its CV scores."""
    del cv
    from sitroom.frame.persuasion import train_persuasion as run

    t0 = time.perf_counter()
    result = dict(run(out_dir, seed=seed))
    result.setdefault("task", "persuasion")
    result.setdefault("seconds", round(time.perf_counter() - t0, 1))
    return result


TRAINERS: dict[str, Callable[..., dict[str, Any]]] = {
    "narratives": train_narratives,
    "roles": train_roles,
    "persuasion": train_persuasion,
}


def train(
    task: str = "all",
    out_dir: Path = DATA_DIR,
    *,
    seed: int = 0,
    cv: bool = False,
    embeddings: bool = False,
) -> list[dict[str, Any]]:
    """Train one task or ``all`` of them, in a fixed order (``embeddings``: also the
    sentence-embedding narrative model and the encoder role heads)."""
    tasks = TASKS if task == "all" else (task,)
    unknown = [t for t in tasks if t not in TRAINERS]
    if unknown:
        raise ValueError(f"unknown task {unknown[0]!r}: one of {', '.join((*TASKS, 'all'))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for t in tasks:
        extra = {"embeddings": embeddings} if t in ("narratives", "roles") else {}
        results.append(TRAINERS[t](out_dir, seed=seed, cv=cv, **extra))
    return results
