"""The extraction quality gate: the SCHEMA evaluation against pinned minimum scores.

Each row of ``MINIMUMS`` is a score measured on a gold file and the lowest value CI
accepts. A minimum moves down only on purpose, in a commit that says why; raise it when
the extractors get better. The seeds' gold is the shared reference set
(``../shared/gold/seeds.jsonl``); the others are sitroom's own annotations of SemEval war
articles in span form (``tests/gold/*_semeval.jsonl``, no article text), each scored only
for its own fact type. Measure them with ``sitroom eval --gold FILE --corpus DIR``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.evaluate import EvalReport, evaluate_corpus
from tests.conftest import GOLD, SEEDS, SEMEVAL25

HERE = Path(__file__).parent / "gold"
SEMEVAL_DOCS = SEMEVAL25 / "documents"

GOLD_FILES: dict[str, tuple[Path, Path]] = {
    "seeds": (GOLD / "seeds.jsonl", SEEDS),
    "figures_semeval": (HERE / "figures_semeval.jsonl", SEMEVAL_DOCS),
    "attributions_semeval": (HERE / "attributions_semeval.jsonl", SEMEVAL_DOCS),
    "places_semeval": (HERE / "places_semeval.jsonl", SEMEVAL_DOCS),
    "dates_semeval": (HERE / "dates_semeval.jsonl", SEMEVAL_DOCS),
}

# (gold file, score) -> pinned minimum, about 0.02 under what was measured when pinned
# (2026-11-23: seeds figures F1 0.969, claimant 0.936, attributions F1 0.879, places F1
# 0.992, publication date within a day 4 of 5; SemEval gold figures F1 0.835, claimant
# 0.750, attributions F1 0.750, places F1 0.952, dates within a day 1 of 23; raised for
# attributions.v3, measured seeds F1 0.897 and SemEval gold F1 0.802; re-pinned when the
# figures and attributions gold each grew by 8 articles labelled blind (split heldout2),
# which the extractors scored 0.328 and 0.600 on before they were tuned: SemEval gold
# figures F1 0.818 (0.740 for the earlier code on the grown file), claimant 0.792,
# attributions F1 0.755 (0.802 on the 14 earlier articles), dates within a day 3 of 23;
# re-pinned again when both grew by 10 more articles labelled blind (split heldout3), which
# the extractors scored F1 0.615 (figures) and 0.523 (attributions) on before any change:
# grown files figures F1 0.798, claimant 0.789, attributions F1 0.693; raised for figures.v5
# and attributions.v5: figures F1 0.830 (heldout3 still 0.615), attributions F1 0.695;
# the attributions pin lowered when both files grew by 10 more articles labelled blind
# (split heldout4), scored blind F1 0.741 (figures) and 0.548 (attributions) by the
# committed code: grown files figures F1 0.824, claimant 0.773 (pins kept), attributions
# F1 0.661 (0.695 on the 32 earlier articles)).
# The bar on the seeds, which every pin here is above: figures F1 0.85, claimant
# accuracy 0.80, attributions F1 0.75, places F1 0.90, publication date within a day for 4
# of 5.
MINIMUMS: dict[tuple[str, str], float] = {
    ("seeds", "figures.f1"): 0.95,
    ("seeds", "figures.claimant"): 0.90,
    ("seeds", "attributions.f1"): 0.88,
    ("seeds", "places.f1"): 0.97,
    ("seeds", "published.within_1_day"): 4,
    ("figures_semeval", "figures.f1"): 0.81,
    ("figures_semeval", "figures.claimant"): 0.77,
    ("attributions_semeval", "attributions.f1"): 0.64,
    ("places_semeval", "places.f1"): 0.93,
    ("dates_semeval", "published.within_1_day"): 3,
}


def score(report: EvalReport, name: str) -> float:
    kind, _, measure = name.partition(".")
    if kind == "published":
        assert measure == "within_1_day"
        return sum(1 for e in report.published_errors.values() if e is not None and e <= 1)
    if kind == "figures" and measure not in ("precision", "recall", "f1"):
        return report.field_accuracy(measure)
    return float(getattr(getattr(report, kind), measure))


@pytest.fixture(scope="session")
def reports() -> dict[str, EvalReport]:
    out: dict[str, EvalReport] = {}
    for name, (gold, corpus) in GOLD_FILES.items():
        if not gold.exists() or not corpus.exists():
            continue
        out[name] = evaluate_corpus(gold, corpus)[0]
    return out


@pytest.mark.parametrize(("gold", "measure"), sorted(MINIMUMS))
def test_score_stays_above_its_pinned_minimum(
    reports: dict[str, EvalReport], gold: str, measure: str
) -> None:
    if gold not in reports:
        pytest.fail(f"gold file or corpus for {gold!r} is missing: {GOLD_FILES[gold]}")
    value = score(reports[gold], measure)
    minimum = MINIMUMS[(gold, measure)]
    assert value >= minimum, f"{gold} {measure}: {value:.3f} fell below the pinned {minimum}"


def test_every_gold_file_is_gated() -> None:
    """A new gold file in tests/gold must get rows in MINIMUMS."""
    gated = {GOLD_FILES[g][0].name for g, _ in MINIMUMS}
    assert {p.name for p in HERE.glob("*.jsonl")} <= gated
