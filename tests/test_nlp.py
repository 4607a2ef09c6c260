"""The shared parse: known names labelled from sitroom's tables, NER only around unknown
proper nouns, the text untouched."""

from __future__ import annotations

import pytest

from sitroom.nlp import (
    _merge_windows,
    doc_text,
    get_nlp,
    known_names,
    name_tokens,
    parse,
    parse_one,
    token_columns,
)
from tests.conftest import SEEDS, SEMEVAL25


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Officials in Kyiv said the talks had failed.", "Kyiv", "GPE"),
        ("Russian troops moved overnight.", "Russian", "NORP"),
        ("Vladimir Putin spoke to reporters.", "Vladimir Putin", "PERSON"),
        ("The U.S. sent more weapons.", "U.S.", "GPE"),
        ("Sergei Lavrov met his counterpart.", "Sergei Lavrov", "PERSON"),
        ("Shelling hit Kharkov again.", "Kharkov", "GPE"),
    ],
)
def test_known_names_are_labelled_from_the_tables(text: str, name: str, label: str) -> None:
    doc = parse_one(text)
    assert (name, label) in [(e.text, e.label_) for e in doc.ents]


def test_an_unknown_person_gets_the_model_around_it_in_names_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITROOM_NER", "names")
    doc = parse_one("The plan was criticised by Mr Jonathan Whitfield-Barnes on Tuesday.")
    people = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert any("Whitfield" in p for p in people)


def test_by_default_the_model_runs_only_where_a_name_could_be_a_place() -> None:
    """'Nadia' is a place in the gazetteer: the model decides whether it is a person."""
    doc = parse_one("Nadia Petrenko, a nurse, said the clinic had run out of insulin.")
    assert ("Nadia Petrenko", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    doc = parse_one("The plan was criticised by Mr Jonathan Whitfield-Barnes on Tuesday.")
    assert not any("Whitfield" in e.text for e in doc.ents)


def test_lowercase_common_words_are_not_names() -> None:
    doc = parse_one("Let us see what may happen in reading the report.")
    assert list(doc.ents) == []


@pytest.mark.parametrize(
    ("positions", "starts", "expected"),
    [
        ([], [0, 30], []),
        ([10], [0, 30], [(7, 14)]),
        ([2], [0, 30], [(0, 6)]),  # clipped at the sentence start
        ([10, 14], [0, 30], [(7, 18)]),  # overlapping windows merge
        ([10, 28], [0, 30], [(7, 14), (25, 30)]),
        ([9, 12], [0, 11, 30], [(6, 11), (11, 16)]),  # never across a sentence boundary
    ],
)
def test_ner_windows(
    positions: list[int], starts: list[int], expected: list[tuple[int, int]]
) -> None:
    assert _merge_windows(positions, starts) == expected


@pytest.mark.parametrize(
    ("name", "tokens"),
    [("U.S.", ("u.s.",)), ("Ivano-Frankivsk", ("ivano", "-", "frankivsk")), ("Kyiv", ("kyiv",))],
)
def test_name_tokens_follow_spacy(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens
    assert tuple(t.lower_ for t in parse_one(f"In {name} today.")[1 : 1 + len(tokens)]) == tokens


def test_parse_keeps_the_text_and_the_order() -> None:
    texts = ["First text about Odesa.", "", "  Second one, with\nlines. "]
    docs = list(parse(texts, batch_size=2))
    assert [d.text for d in docs] == texts


@pytest.mark.parametrize("mode", ["places", "full"])
def test_doc_text_is_the_parsed_text_kept_once(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_NER", mode)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["", "  Two\n\nlines with  spaces. "]
    for text, doc in zip(texts, parse(texts, batch_size=2), strict=True):
        assert doc_text(doc) == doc.text == text
        assert doc_text(doc) is doc_text(doc)
    bare = get_nlp().make_doc("A doc built elsewhere.")  # not through parse: computed once
    assert doc_text(bare) == bare.text and doc_text(bare) is doc_text(bare)


def test_token_columns_are_the_tokens_strings() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["", "Y'all ain't gonna STOP. U.S.-backed\n\nforces"]
    for doc in parse(texts):
        cols = token_columns(doc)
        assert cols.text == [t.text for t in doc]
        assert cols.lower == [t.lower_ for t in doc]
        assert cols.lemma == [t.lemma_.lower() for t in doc]
        assert cols.pos == [t.pos_ for t in doc]
        assert token_columns(doc) is cols


def test_full_mode_runs_the_model_on_whole_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_NER", "full")
    doc = parse_one("Vladimir Putin spoke in Moscow.")
    assert {"PERSON", "GPE"} <= {e.label_ for e in doc.ents}
    monkeypatch.setenv("SITROOM_NER", "sideways")
    with pytest.raises(ValueError, match="SITROOM_NER must be one of places, names, full"):
        parse_one("x")


def test_the_known_name_tables_are_loaded_once() -> None:
    assert known_names() is known_names()


def test_fast_attribute_ruler_and_lemmatizer_match_the_models_own() -> None:
    """Identical tags, POS, morphology, lemmas and dependencies to spaCy's pipeline on
    real articles and on the ruler's odd cases (contractions, spaces, expletives)."""
    from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

    from sitroom.nlp import attribute_ruler, fast_lemmatizer, get_nlp

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((SEMEVAL25 / "documents").glob("EN_UA_*.txt"))[:20]
    ]
    texts.append("Y'all ain't gonna get nothin'. Let's go, c'mon!\n\n  There are 3; it is.")
    nlp = get_nlp()
    columns = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    with nlp.select_pipes(disable=["ner"]):
        reference = [d.to_array(columns) for d in nlp.pipe(texts)]
    lemmatizer = fast_lemmatizer()
    with nlp.select_pipes(disable=["ner", "attribute_ruler", "lemmatizer"]):
        ours = [lemmatizer(attribute_ruler()(d)).to_array(columns) for d in nlp.pipe(texts)]
    assert len(ours) == len(reference)
    for a, b in zip(reference, ours, strict=True):
        assert (a == b).all()
