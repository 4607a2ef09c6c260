"""Duplicate detection: exact copies and near-duplicates (syndicated copies).

* exact: the same hash of the normalised cleaned text (:func:`sitroom.ingest.content_hash`);
* near: MinHash signatures of word shingles of the cleaned body, candidates from an
  LSH index (datasketch), confirmed when the estimated Jaccard similarity reaches
  :data:`NEAR_THRESHOLD`.

Shingles are taken from the *cleaned* body, so two articles that only share page
furniture (an appended advert, a sign-up notice) are not near-duplicates. A duplicate
is linked to the earliest article it copies (``duplicate_of``), never dropped.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from typing import TYPE_CHECKING

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from sitroom.records import Article

if TYPE_CHECKING:
    from sitroom.store import Store

NUM_PERM = 128
SHINGLE = 3  # words per shingle
NEAR_THRESHOLD = 0.8  # estimated Jaccard similarity of shingle sets
MIN_SHINGLES = 20  # below this a body is too short to call a near-duplicate
_SEED = 1
_SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures depend on it
# Stored signatures depend on every constant above and on the shingle hash (crc32):
# change one and the signatures in existing stores must be recomputed.
_WORD = re.compile(r"\w+", re.UNICODE)


@functools.cache
def _permutations() -> np.ndarray:
    # Generated once per process; datasketch would otherwise redo this per MinHash.
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> tuple[LeanMinHash, int]:
    """The MinHash signature of a text and the number of distinct shingles."""
    sh = shingles(text)
    # crc32 is a fast, stable shingle hash; the affine32 scheme mixes it (murmur3 fmix)
    # before the permutations, so its weak avalanche does not matter.
    m = MinHash(
        num_perm=NUM_PERM,
        seed=_SEED,
        permutations=_permutations(),
        scheme=_SCHEME,
        hashfunc=zlib.crc32,
    )
    if sh:
        m.update_batch(list(sh))
    return LeanMinHash(m), len(sh)


class Deduplicator:
    """Finds the original of each new article among those it has seen."""

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[str, LeanMinHash] = {}
        self._pending: dict[str, tuple[LeanMinHash, int]] = {}

    @classmethod
    def from_store(cls, store: Store) -> Deduplicator:
        """Index the originals already stored, so new articles are checked against them."""
        dedup = cls()
        for article_id, chash, sig in store.dedup_index():
            dedup._by_hash.setdefault(chash, article_id)
            if sig is not None:
                hv = np.frombuffer(sig, dtype=np.uint32)
                lean = LeanMinHash(seed=_SEED, hashvalues=hv, scheme=_SCHEME)
                dedup._lsh.insert(article_id, lean, check_duplication=False)
                dedup._sigs[article_id] = lean
        return dedup

    def _signature(self, article: Article) -> tuple[LeanMinHash, int]:
        cached = self._pending.get(article.id)
        if cached is None:
            cached = signature(article.body)
            self._pending[article.id] = cached
        return cached

    def check(self, article: Article) -> Article:
        """The article with ``duplicate_of`` set when it copies one already seen."""
        original = self._by_hash.get(article.content_hash)
        if original is not None and original != article.id:
            return article.with_changes(
                duplicate_of=original, duplicate_kind="exact", similarity=1.0
            )
        sig, n = self._signature(article)
        if n < MIN_SHINGLES:
            return article
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(sig):
            if candidate == article.id:
                continue
            sim = float(sig.jaccard(self._sigs[candidate]))
            if sim >= NEAR_THRESHOLD and (best is None or (sim, candidate) > best):
                best = (sim, candidate)
        if best is None:
            return article
        return article.with_changes(
            duplicate_of=best[1], duplicate_kind="near", similarity=round(best[0], 3)
        )

    def add(self, article: Article) -> None:
        """Remember an article; only originals become candidates for later ones."""
        if article.duplicate_of:
            self._pending.pop(article.id, None)
            return
        self._by_hash.setdefault(article.content_hash, article.id)
        sig, n = self._signature(article)
        if n >= MIN_SHINGLES and article.id not in self._sigs:
            self._lsh.insert(article.id, sig, check_duplication=False)
            self._sigs[article.id] = sig
        self._pending.pop(article.id, None)

    def forget(self, article_id: str) -> None:
        """Stop offering ``article_id`` as an original (it is being replaced)."""
        for chash in [h for h, i in self._by_hash.items() if i == article_id]:
            del self._by_hash[chash]
        if self._sigs.pop(article_id, None) is not None:
            self._lsh.remove(article_id)
        self._pending.pop(article_id, None)

    def check_and_add(self, article: Article) -> Article:
        checked = self.check(article)
        self.add(checked)
        return checked

    def signature_bytes(self, article: Article) -> bytes | None:
        """The stored form of an original's signature (None for duplicates and short texts)."""
        if article.duplicate_of:
            return None
        sig, n = self._signature(article)
        return np.asarray(sig.hashvalues, dtype=np.uint32).tobytes() if n >= MIN_SHINGLES else None
