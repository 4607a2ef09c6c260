"""Shared test fixtures: where the shared corpora are, and parsed seed articles.

The corpora are copyrighted or research-only: tests read them from ``../shared`` at run
time and never copy their text into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SITROOM_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = CORPUS / "seeds"
SEMEVAL25 = CORPUS / "semeval2025_en"
SEMEVAL23 = CORPUS / "semeval2023_t3_en"
POLNEAR = CORPUS / "polnear"
GOLD = SHARED / "gold"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpora are missing: expected them at {CORPUS}")
    return SHARED
