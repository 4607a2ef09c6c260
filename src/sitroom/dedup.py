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
_MAX_HASH = np.uint32(0xFFFFFFFF)  # an empty signature
_SPACE = ord(" ")
# MurmurHash3's 32-bit finaliser constants (shift, multiplier, shift, multiplier)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))


@functools.cache
def _permutations() -> np.ndarray:
    # Generated once per process: datasketch's affine32 parameters (a, b), shape (2, NUM_PERM).
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations


@functools.cache
def _lsh_params() -> tuple[int, int]:
    # datasketch picks the bands and rows for NEAR_THRESHOLD by numerical integration
    # (about 50 ms); done once per process, not once per Deduplicator.
    lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str) -> set[bytes]:
    """The distinct shingles of a text: runs of :data:`SHINGLE` words, joined by a space
    (the whole text when it has fewer words)."""
    words = _words(text)
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def _shingle_bytes(words: list[str]) -> list[bytes]:
    """Every shingle of ``words`` in order, repeats included (:func:`shingles` is their
    set), sliced from the words' UTF-8 text joined once: word boundaries are the spaces of
    the joined bytes (a word has none, and no other character's UTF-8 holds byte 0x20),
    found in one numpy pass instead of summing word lengths in Python."""
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    joined = " ".join(words).encode()
    spaces = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == _SPACE)
    # shingle k runs from the start of word k to the end of word k + SHINGLE - 1
    starts = [0, *(spaces[: len(words) - SHINGLE] + 1).tolist()]
    ends = [*spaces[SHINGLE - 1 :].tolist(), len(joined)]
    return [joined[s:e] for s, e in zip(starts, ends, strict=True)]


def signature(text: str) -> tuple[LeanMinHash, int]:
    """The MinHash signature of a text and the number of distinct shingles.

    The same values as datasketch's ``MinHash(num_perm=NUM_PERM, seed=_SEED,
    scheme=_SCHEME, hashfunc=zlib.crc32).update_batch(shingles(text))``, computed for all
    shingles at once in numpy (tests/test_dedup.py checks they are equal).
    """
    values, n = _signature_values(_words(text))
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME), n


def _signature_values(words: list[str]) -> tuple[np.ndarray, int]:
    every = _shingle_bytes(words)
    n = len(set(every))
    if not n:
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32), 0
    # crc32 is a fast, stable shingle hash; the affine32 scheme mixes it (murmur3 fmix)
    # before the permutations, so its weak avalanche does not matter. A repeated shingle
    # does not change a minimum. uint32 products wrap around, as datasketch's do.
    hv = _fmix32(np.fromiter(map(zlib.crc32, every), dtype=np.uint32, count=len(every)))
    a, b = _permutations_by_row()
    permuted = a * hv  # one row per permutation, one column per shingle
    permuted += b
    return permuted.min(axis=1), n


@functools.cache
def _permutations_by_row() -> tuple[np.ndarray, np.ndarray]:
    # The (a, b) parameters as columns, shape (NUM_PERM, 1), to broadcast over shingles.
    a, b = _permutations()
    return np.ascontiguousarray(a[:, np.newaxis]), np.ascontiguousarray(b[:, np.newaxis])


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it."""
    s1, m1, s2, m2 = _FMIX
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s1)


class _BandIndex:
    """MinHash LSH: the signature cut into ``b`` bands of ``r`` values, and two signatures
    are candidates when any band is equal. The candidates of datasketch's ``MinHashLSH``
    with the same bands (a band's key is its values' bytes; datasketch byteswaps them
    first, which keeps equal bands equal and unequal ones unequal), with the keys cut once
    per signature for both the query and the insert."""

    def __init__(self) -> None:
        self.b, self.r = _lsh_params()
        self._tables: list[dict[bytes, set[str]]] = [{} for _ in range(self.b)]
        self._keys: dict[str, list[bytes]] = {}

    def keys(self, values: np.ndarray) -> list[bytes]:
        raw = values.tobytes()
        width = values.itemsize * self.r  # bytes per band
        return [raw[i * width : (i + 1) * width] for i in range(self.b)]

    def query(self, keys: list[bytes]) -> set[str]:
        found: set[str] = set()
        for table, key in zip(self._tables, keys, strict=True):
            ids = table.get(key)
            if ids:
                found |= ids
        return found

    def insert(self, key: str, keys: list[bytes]) -> None:
        for table, band in zip(self._tables, keys, strict=True):
            table.setdefault(band, set()).add(key)
        self._keys[key] = keys

    def remove(self, key: str) -> None:
        for table, band in zip(self._tables, self._keys.pop(key), strict=True):
            ids = table[band]
            ids.discard(key)
            if not ids:
                del table[band]


class Deduplicator:
    """Finds the original of each new article among those it has seen."""

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._lsh = _BandIndex()
        self._sigs: dict[str, np.ndarray] = {}
        # id -> (hash values, distinct shingles, band keys) of articles being checked
        self._pending: dict[str, tuple[np.ndarray, int, list[bytes]]] = {}

    @classmethod
    def from_store(cls, store: Store) -> Deduplicator:
        """Index the originals already stored, so new articles are checked against them."""
        dedup = cls()
        for article_id, chash, sig in store.dedup_index():
            dedup._by_hash.setdefault(chash, article_id)
            if sig is not None:
                values = np.frombuffer(sig, dtype=np.uint32)
                dedup._lsh.insert(article_id, dedup._lsh.keys(values))
                dedup._sigs[article_id] = values
        return dedup

    def _entry(self, sig: tuple[np.ndarray, int]) -> tuple[np.ndarray, int, list[bytes]]:
        values, n = sig
        return values, n, self._lsh.keys(values) if n >= MIN_SHINGLES else []

    def _signature(self, article: Article) -> tuple[np.ndarray, int, list[bytes]]:
        cached = self._pending.get(article.id)
        if cached is None:
            cached = self._entry(_signature_values(_words(article.body)))
            self._pending[article.id] = cached
        return cached

    def check(self, article: Article) -> Article:
        """The article with ``duplicate_of`` set when it copies one already seen."""
        original = self._by_hash.get(article.content_hash)
        if original is not None and original != article.id:
            return article.with_changes(
                duplicate_of=original, duplicate_kind="exact", similarity=1.0
            )
        values, n, keys = self._signature(article)
        if n < MIN_SHINGLES:
            return article
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(keys):
            if candidate == article.id:
                continue
            # the estimated Jaccard similarity, as datasketch's LeanMinHash.jaccard
            sim = np.count_nonzero(values == self._sigs[candidate]) / NUM_PERM
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
        values, n, keys = self._signature(article)
        if n >= MIN_SHINGLES and article.id not in self._sigs:
            self._lsh.insert(article.id, keys)
            self._sigs[article.id] = values
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
        values, n, _ = self._signature(article)
        return values.tobytes() if n >= MIN_SHINGLES else None
