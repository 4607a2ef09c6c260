"""Persuasion techniques (sitroom.frame.persuasion): the committed model on real
SemEval-2023 Task 3 paragraphs (read from ../shared at run time; labels asserted, never
text), the edge cases, and the pure parts of training (thresholds, span location)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sitroom.errors import InputError, ModelError
from sitroom.frame import persuasion as P
from sitroom.ingest import build_article, read_paths
from sitroom.records import Article, PersuasionSpan
from tests.conftest import SEEDS, SEMEVAL23


def _article(body: str, title: str = "A title") -> Article:
    return Article(
        id="t", name="t", title=title, body=body, raw_text=title + "\n" + body, content_hash="h"
    )


def _shared_article(path: Path) -> Article:
    (doc,) = list(read_paths([path]))
    assert not isinstance(doc, InputError), doc
    return build_article(doc)


@pytest.fixture(scope="module")
def train_paragraphs() -> dict[tuple[str, int], P.Paragraph]:
    if not SEMEVAL23.is_dir():
        pytest.fail(f"SemEval-2023 Task 3 files missing at {SEMEVAL23}")
    return {(p.article, p.line): p for p in P.load_semeval23(SEMEVAL23)}


# --------------------------------------------------------------------------- edge cases


@pytest.mark.parametrize("body", ["", "\n", "   \n\n  "])
def test_persuasion_empty_article_has_no_techniques(body: str) -> None:
    assert P.detect_persuasion(_article(body)) == []


def test_persuasion_one_paragraph_article() -> None:
    # invented wording, full of loaded language and name calling
    body = (
        "These corrupt, cowardly traitors have betrayed every decent citizen with their "
        "disgusting, shameful lies, and the spineless elites cheer them on!"
    )
    found = P.detect_persuasion(_article(body))
    techniques = {s.technique for s in found}
    assert "Loaded_Language" in techniques
    assert techniques <= set(P.TECHNIQUES)
    for s in found:
        assert isinstance(s, PersuasionSpan)
        assert s.paragraph == 0
        assert 0.0 <= s.score <= 1.0
        if s.start is not None:
            assert s.end is not None and 0 <= s.start < s.end <= len(body)
            assert body[s.start : s.end] == body[s.start : s.end].strip()


def test_persuasion_plain_paragraph_has_no_techniques() -> None:
    body = "The committee meets on Tuesday at ten in room four of the town hall."
    assert P.detect_persuasion(_article(body)) == []


def test_persuasion_model_loads_once() -> None:
    assert P.default_model() is P.default_model()
    model = P.default_model()
    assert model.techniques == P.TECHNIQUES
    assert len(model.thresholds) == len(P.TECHNIQUES)
    assert model.meta["scores"]["micro_f1"] >= 0.30  # the bar, as measured when trained


def test_persuasion_missing_artefacts_raise_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        P.load_model(tmp_path)


# --------------------------------------------------------------------------- real articles


def test_persuasion_offsets_point_into_body_of_real_articles() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    assert paths
    for path in paths:
        article = _shared_article(path)
        bounds = article.paragraph_spans()
        for s in P.detect_persuasion(article):
            assert 0 <= s.paragraph < len(article.paragraphs)
            if s.start is None:
                assert s.end is None
                continue
            assert s.end is not None
            lo, hi = bounds[s.paragraph]
            assert lo <= s.start < s.end <= hi
            assert article.body[s.start : s.end].strip()


# (article id, line number in the SemEval file) -> techniques the model must find there
# (these paragraphs are in the training split the shipped model learnt from: the test pins
# what it learnt; the cross-validated score is the out-of-sample measure).
GOLDEN: list[tuple[str, int, set[str]]] = [
    ("111111111", 23, {"Appeal_to_Authority", "Appeal_to_Fear-Prejudice"}),
    ("111111113", 34, {"Loaded_Language", "Name_Calling-Labeling", "Slogans"}),
    ("111111122", 23, {"Loaded_Language", "Name_Calling-Labeling"}),
    ("111111124", 32, {"Causal_Oversimplification", "Loaded_Language"}),
    ("111111131", 6, {"Exaggeration-Minimisation", "Loaded_Language", "Name_Calling-Labeling"}),
    ("111111131", 34, {"Flag_Waving", "Repetition"}),
    ("694811415", 8, {"Conversation_Killer", "Doubt"}),
]
# paragraphs with no technique in the gold labels, where the model finds none either
GOLDEN_NONE: list[tuple[str, int]] = [("111111111", 7), ("111111111", 11)]


@pytest.mark.parametrize(("article", "line", "expected"), GOLDEN)
def test_persuasion_golden_paragraphs(
    train_paragraphs: dict[tuple[str, int], P.Paragraph],
    article: str,
    line: int,
    expected: set[str],
) -> None:
    para = train_paragraphs[(article, line)]
    assert expected <= para.labels  # the gold labels hold them too
    (hits,) = P.detect_paragraphs([para.text])
    assert expected <= {tech for tech, _, _ in hits}


@pytest.mark.parametrize(("article", "line"), GOLDEN_NONE)
def test_persuasion_golden_paragraphs_without_techniques(
    train_paragraphs: dict[tuple[str, int], P.Paragraph], article: str, line: int
) -> None:
    para = train_paragraphs[(article, line)]
    assert not para.labels
    assert P.detect_paragraphs([para.text]) == [[]]


def test_persuasion_golden_article_paragraph_indices() -> None:
    """Run on a whole SemEval article: paragraph indices follow Article.paragraphs."""
    article = _shared_article(SEMEVAL23 / "train-articles-subtask-3" / "article111111131.txt")
    found = P.detect_persuasion(article)
    assert found
    assert {s.paragraph for s in found} <= set(range(len(article.paragraphs)))
    located = [s for s in found if s.start is not None]
    assert located, "the span lexicon locates some of the techniques"


# --------------------------------------------------------------------------- pure parts


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ((0, 10), [(0, 10)], (1.0, 1.0)),
        ((0, 10), [(5, 15)], (0.5, 0.5)),
        ((0, 10), [(20, 30)], (0.0, 0.0)),
        ((0, 4), [(0, 2), (2, 8)], (1.0, 0.5)),
        ((0, 4), [], (0.0, 0.0)),
    ],
)
def test_persuasion_span_overlap(
    predicted: tuple[int, int], gold: list[tuple[int, int]], expected: tuple[float, float]
) -> None:
    assert P.span_overlap(predicted, gold) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "shape", "expected"),
    [
        ("they are vile evil thugs indeed", "phrase", "vile evil thugs"),
        ("nothing to see here at all", "phrase", None),
        (
            "A calm sentence. Vile evil thugs did this. Another calm one.",
            "sentence",
            "Vile evil thugs did this.",
        ),
    ],
)
def test_persuasion_span_lexicon_locates_words(text: str, shape: str, expected: str | None) -> None:
    lex = P.SpanLexicon({"X": {"vile": 2.0, "evil": 1.5, "thugs": 2.0}}, {"X": shape})
    where = lex.locate(text, "X")
    assert (text[where[0] : where[1]] if where else None) == expected
    assert lex.locate(text, "Unknown") is None


def test_persuasion_thresholds_tuned_for_micro_f1() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random((400, 3)) < [0.3, 0.1, 0.0]).astype(np.int8)
    proba = np.clip(y * 0.5 + rng.random((400, 3)) * 0.5, 0, 1)  # positives score higher
    thr = P.tune_thresholds(proba, y)
    assert 0.45 <= thr[0] <= 0.55 and 0.45 <= thr[1] <= 0.55
    assert thr[2] > 1.0  # a technique without examples is never predicted
    pred = proba >= thr
    assert P.score_predictions(pred, y, ["a", "b", "c"])["micro_f1"] > 0.9
