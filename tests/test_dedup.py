"""Duplicates: exact copies and near-duplicates are stored and linked, never dropped;
articles that only share page furniture are not duplicates."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from sitroom.dedup import NEAR_THRESHOLD, NUM_PERM, Deduplicator, shingles, signature
from sitroom.ingest import build_article, clean_paths, ingest, read_paths
from sitroom.records import Article

from .conftest import SEEDS, SEMEVAL25

DOCS = SEMEVAL25 / "documents"
EXACT_PAIRS = [("EN_UA_001032", "EN_UA_103251"), ("EN_UA_000923", "EN_UA_101996")]
SHARED_ADVERT = ["EN_UA_101805", "EN_UA_102754", "EN_UA_102415", "EN_UA_100210"]


def articles_of(names: list[str]) -> list[Article]:
    out = [a for a in clean_paths([DOCS / f"{n}.txt" for n in names]) if isinstance(a, Article)]
    assert len(out) == len(names)
    return out


def test_byte_identical_pairs_are_exact_duplicates() -> None:
    names = [n for pair in EXACT_PAIRS for n in pair]
    by_name = {a.name: a for a in articles_of(names)}
    for original, copy in EXACT_PAIRS:
        assert by_name[original].duplicate_of is None
        assert by_name[copy].duplicate_of == by_name[original].id
        assert by_name[copy].duplicate_kind == "exact"


def test_articles_sharing_an_appended_advert_are_not_duplicates() -> None:
    for article in articles_of(SHARED_ADVERT):
        assert article.duplicate_of is None, article.name


def test_no_false_duplicates_across_the_corpus() -> None:
    dups = {
        a.name: a.duplicate_kind
        for a in clean_paths([DOCS])
        if isinstance(a, Article) and a.duplicate_of
    }
    # The two byte-identical pairs, and one climate article republished with straight
    # instead of curly quotes (exact once typography is normalised).
    assert dups == {"EN_UA_103251": "exact", "EN_UA_101996": "exact", "EN_CC_200107": "exact"}


def test_syndicated_copy_with_other_furniture_is_a_near_duplicate(tmp_path: Path) -> None:
    text = (SEEDS / "002_c3f2d05589118fa6.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    # Another outlet's copy: a different headline, a sentence dropped, one edited.
    body = [ln for ln in lines[1:] if ln.strip()]
    del body[5]
    body[3] = body[3].replace("Russian", "Moscow's")
    copy = "Russia's offensive stalls near the capital\n\n" + "\n\n".join(body) + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(copy, encoding="utf-8")
    original, near = [a for a in clean_paths([tmp_path]) if isinstance(a, Article)]
    assert near.duplicate_of == original.id
    assert near.duplicate_kind == "near"
    assert near.similarity is not None and 0.8 <= near.similarity < 1.0


def test_short_texts_are_never_near_duplicates() -> None:
    dedup = Deduplicator()
    a = build_article(next(iter(read_paths([SEEDS / "000_1de4da174fe004ff.txt"]))))  # type: ignore[arg-type]
    tiny1 = a.with_changes(id="t1", name="t1", body="Kyiv shelled.", content_hash="h1")
    tiny2 = a.with_changes(id="t2", name="t2", body="Kyiv shelled again.", content_hash="h2")
    assert dedup.check_and_add(tiny1).duplicate_of is None
    assert dedup.check_and_add(tiny2).duplicate_of is None


def test_signature_is_deterministic() -> None:
    text = "the same words give the same signature every time " * 5
    assert (signature(text)[0].hashvalues == signature(text)[0].hashvalues).all()


def reference_signature(text: str) -> np.ndarray:
    """datasketch's own MinHash of the distinct shingles: what stored signatures hold."""
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32", hashfunc=zlib.crc32)
    minhash.update_batch(sorted(shingles(text)))
    return minhash.hashvalues


@pytest.mark.parametrize(
    ("text", "distinct"),
    [
        ("", 0),
        ("Kyiv", 1),
        ("Kyiv shelled", 1),
        ("Kyiv was shelled", 1),
        ("one two three one two three one two three", 3),  # repeats count once
        ("Мирне — село, “Zaporizhzhia” straße ﬁnal ＡＢＣ 2022 ΣΑΣ οδός", 7),  # non-ASCII
        ("Résumé: déjà-vu at the café, naïve coöperation (Kharkiv Oblast) " * 3, 10),
    ],
)
def test_signature_equals_datasketch_minhash_of_the_shingles(text: str, distinct: int) -> None:
    sig, n = signature(text)
    assert n == distinct == len(shingles(text))
    assert sig.hashvalues.dtype == np.uint32
    assert np.array_equal(sig.hashvalues, reference_signature(text))


def test_signature_equals_datasketch_on_every_semeval_article() -> None:
    paths = sorted(DOCS.glob("*.txt"))
    assert len(paths) == 367
    for path in paths:
        text = path.read_text(encoding="utf-8")
        sig, n = signature(text)
        assert n == len(shingles(text)), path.name
        assert np.array_equal(sig.hashvalues, reference_signature(text)), path.name


def test_index_bands_are_datasketch_optimum_for_the_threshold() -> None:
    index = Deduplicator()._lsh
    optimum = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
    assert (index.b, index.r) == (optimum.b, optimum.r)


def test_band_index_offers_the_candidates_datasketch_lsh_offers() -> None:
    """The index the deduplicator keeps gives the same candidates as datasketch's
    MinHashLSH with the same bands, after inserts and removals, on SemEval bodies and
    near copies of them made here (every fortieth word dropped)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt"))[:120]]
    copies = [" ".join(w for i, w in enumerate(t.split()) if i % 40 != 7) for t in texts[:40]]
    sigs = {f"a{i}": signature(t)[0] for i, t in enumerate(texts + copies)}
    ours = Deduplicator()._lsh
    theirs = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
    stored = list(sigs)[:100]
    for key in stored:
        ours.insert(key, ours.keys(sigs[key].hashvalues))
        theirs.insert(key, sigs[key])
    for key in stored[::7]:
        ours.remove(key)
        theirs.remove(key)
    met = 0
    for key, sig in sigs.items():
        expected = set(theirs.query(sig))
        assert ours.query(ours.keys(sig.hashvalues)) == expected, key
        met += bool(expected - {key})
    assert met >= 30  # most near copies meet their original


def test_duplicates_found_against_earlier_runs(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    first = ingest([DOCS / "EN_UA_001032.txt"], db)
    second = ingest([DOCS / "EN_UA_103251.txt"], db)
    assert second.stored[0].duplicate_of == first.stored[0].id
