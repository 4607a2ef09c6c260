"""Narratives and subnarratives (SemEval-2025 Task 10, subtask 2) on the shared articles."""

from __future__ import annotations

import numpy as np
import pytest

from sitroom.frame import frame_articles, narratives
from sitroom.frame.narratives import OTHER, Taxonomy, Thresholds, decide, sample_f1
from sitroom.frame.text import semeval_articles
from sitroom.records import Article

from .conftest import SEMEVAL25


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.from_corpus(SEMEVAL25)


@pytest.fixture(scope="module")
def labels(taxonomy: Taxonomy) -> dict[str, narratives.LabelledArticle]:
    return narratives.read_labels(SEMEVAL25, taxonomy)


@pytest.fixture(scope="module")
def docs() -> dict[str, Article]:
    return semeval_articles(SEMEVAL25)


def test_taxonomy_reads_war_and_climate_labels(taxonomy: Taxonomy) -> None:
    assert len(taxonomy.narratives) == 21
    assert OTHER not in taxonomy.narratives
    assert sum(n.startswith("URW: ") for n in taxonomy.narratives) == 11
    war_subs = [s for s in taxonomy.parent if s.startswith("URW: ")]
    assert len(war_subs) == 38 + 11  # and one "<narrative>: Other" under each narrative
    assert all(taxonomy.parent[s] in taxonomy.narratives for s in taxonomy.parent)


@pytest.mark.parametrize(
    ("article", "narrative", "n_subs"),
    [
        ("EN_UA_300009.txt", OTHER, 1),
        ("EN_CC_100013.txt", "CC: Criticism of climate movement", 1),
    ],
)
def test_labels_read_from_annotations(
    labels: dict[str, narratives.LabelledArticle], article: str, narrative: str, n_subs: int
) -> None:
    assert narrative in labels[article].narratives
    assert len(labels[article].subnarratives) == n_subs


def test_every_article_is_labelled(labels: dict[str, narratives.LabelledArticle]) -> None:
    assert len(labels) == 367
    assert sum(a.war for a in labels.values()) == 191


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([{"A"}], [{"A"}], 1.0),
        ([{"A", "B"}], [{"A"}], 2 / 3),
        ([{"A"}], [{"B"}], 0.0),
        ([{"A"}, {OTHER}], [{"A"}, {"B"}], 0.5),
    ],
)
def test_sample_f1_is_the_tasks_metric(
    gold: list[set[str]], pred: list[set[str]], expected: float
) -> None:
    got = sample_f1([frozenset(g) for g in gold], [frozenset(p) for p in pred])
    assert got == pytest.approx(expected)


NARRS = ["N1", "N2"]
SUBS = ["N1: Other", "N1: a", "N2: Other", "N2: b"]
PARENT = {"N1: Other": "N1", "N1: a": "N1", "N2: Other": "N2", "N2: b": "N2"}


@pytest.mark.parametrize(
    ("p_narr", "p_sub", "expected"),
    [
        # nothing probable enough: Other for both levels
        ([0.1, 0.2], [0.9, 0.9, 0.9, 0.9], ((OTHER,), (OTHER,))),
        # below the narrative threshold but above the top-1 rescue threshold
        ([0.1, 0.35], [0.0, 0.0, 0.2, 0.1], (("N2",), ("N2: Other",))),
        # both kept; under N1 the best subnarrative even below its threshold
        ([0.9, 0.6], [0.1, 0.3, 0.1, 0.7], (("N1", "N2"), ("N1: a", "N2: b"))),
        # two subnarratives above threshold under one narrative
        ([0.9, 0.0], [0.6, 0.7, 0.9, 0.9], (("N1",), ("N1: Other", "N1: a"))),
    ],
)
def test_decide_rules(
    p_narr: list[float], p_sub: list[float], expected: tuple[tuple[str, ...], ...]
) -> None:
    th = Thresholds(narrative=0.5, top=0.3, sub=0.5)
    assert decide(np.array(p_narr), np.array(p_sub), NARRS, SUBS, PARENT, th) == expected


@pytest.fixture(scope="module")
def framed(docs: dict[str, Article]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    names = sorted(docs)
    from sitroom.frame.text import article_text

    return dict(
        zip(names, narratives.classify([article_text(docs[n]) for n in names]), strict=True)
    )


def test_committed_model_predicts_only_taxonomy_labels(
    framed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], taxonomy: Taxonomy
) -> None:
    for narrs, subs in framed.values():
        if narrs == (OTHER,):
            assert subs == (OTHER,)
            continue
        assert set(narrs) <= set(taxonomy.narratives)
        assert set(subs) <= set(taxonomy.parent)
        assert {taxonomy.parent[s] for s in subs} == set(narrs)


def test_committed_model_fits_its_training_articles(
    framed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    labels: dict[str, narratives.LabelledArticle],
) -> None:
    """A quality gate on the training articles themselves (the cross-validated scores are
    in benchmarks/frame_narratives.py): the committed model must not have drifted."""
    names = [n for n in sorted(framed) if labels[n].war]
    f1 = sample_f1([labels[n].narratives for n in names], [frozenset(framed[n][0]) for n in names])
    assert f1 >= 0.6


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("EN_UA_000104.txt", OTHER),
        ("EN_UA_001052.txt", "URW: Blaming the war on others rather than the invader"),
        ("EN_UA_003579.txt", "URW: Negative Consequences for the West"),
        ("EN_UA_004209.txt", "URW: Amplifying war-related fears"),
        ("EN_CC_100013.txt", "CC: Criticism of climate movement"),
    ],
)
def test_golden_narratives(
    framed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]], article: str, expected: str
) -> None:
    assert expected in framed[article][0]


def test_empty_article_is_other() -> None:
    empty = Article(id="x", name="empty", title="", body="", raw_text="", content_hash="h")
    (framing,) = frame_articles([empty])
    assert framing.narratives == (OTHER,)
    assert framing.subnarratives == (OTHER,)
    assert framing.persuasion == ()
    assert framing.entity_roles == ()
    assert framing.headline_overstatement.score == 0.0


@pytest.mark.parametrize("value", ["", "0", "1"])
def test_default_install_model_is_sparse_unless_embeddings_are_asked_for(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(narratives.EMBED_ENV, value)
    monkeypatch.setattr("sitroom.frame.text.embedder", lambda: None)  # no embed extra
    assert not narratives.use_embeddings()
    assert narratives.default_model().features == "sparse"
