"""The actor table and its resolver: names, surnames, descriptions, roles, pronouns."""

from __future__ import annotations

import pytest

from sitroom.extract.actors import (
    ActorTable,
    ActorTableError,
    Referent,
    ResolutionContext,
    actor_table,
    clean_description,
    fold,
    make_person,
    referent_for,
)
from sitroom.records import Side

RESOLVE = [
    # (phrase, canonical name or None)
    pytest.param("Ukrainian President Volodymyr Zelensky", "Volodymyr Zelensky", id="title-name"),
    pytest.param("Mr Zelenskiy", "Volodymyr Zelensky", id="spelling-variant"),
    pytest.param("Putin", "Vladimir Putin", id="famous-surname"),
    pytest.param("Secretary of State Antony J. Blinken", "Antony Blinken", id="title-with-of"),
    pytest.param("Russia's defence ministry", "Russian Ministry of Defence", id="country-body"),
    pytest.param("the Russian defence ministry", "Russian Ministry of Defence", id="demonym-body"),
    pytest.param("British defence chiefs", "UK Ministry of Defence", id="defence-chiefs"),
    pytest.param("the Ministry of Defence", "UK Ministry of Defence", id="bare-body-default"),
    pytest.param("Heads of Ukraine's armed forces", "Ukrainian General Staff", id="heads-of"),
    pytest.param("The Kremlin", "Kremlin", id="kremlin"),
    pytest.param("the Kremlin spokesman", "Dmitry Peskov", id="role-of-body"),
    pytest.param("US officials", "US", id="country-officials"),
    pytest.param("Moscow", "Russia", id="capital-for-state"),
    pytest.param("ratings agency Fitch", "Fitch Ratings", id="body-alias"),
    pytest.param("the UN", "UN", id="acronym"),
    pytest.param("Nato", "NATO", id="acronym-spelled-as-a-word"),
    pytest.param("diplomats", None, id="unresolved-description"),
    pytest.param("he", None, id="pronoun-without-context"),
    pytest.param("", None, id="empty"),
]


@pytest.mark.parametrize(("phrase", "expected"), RESOLVE)
def test_resolve(phrase: str, expected: str | None) -> None:
    res = actor_table().resolve_phrase(phrase)
    assert (res.name if res is not None and res.entry is not None else None) == expected


def test_coordinated_speakers_resolve_to_each_actor() -> None:
    names = [r.name for r in actor_table().resolve_all("US and Ukrainian officials")]
    assert names == ["US", "Ukraine"]


SIDES = [
    pytest.param("Vladimir Putin", Side.RUSSIA, id="russia"),
    pytest.param("Volodymyr Zelensky", Side.UKRAINE, id="ukraine"),
    pytest.param("UK Ministry of Defence", Side.WEST, id="west"),
    pytest.param("UN", Side.INTERNATIONAL, id="international"),
]


@pytest.mark.parametrize(("name", "side"), SIDES)
def test_sides(name: str, side: Side) -> None:
    entry = actor_table().get(name)
    assert entry is not None and entry.side == side.value


def test_every_side_is_a_known_side() -> None:
    sides = {s.value for s in Side}
    assert all(e.side in sides for e in actor_table().entries)


def test_surname_needs_the_full_name_first() -> None:
    table = actor_table()
    ctx = ResolutionContext()
    # "Volodin" alone names nobody until the article has named him in full
    assert table.resolve_phrase("Volodin", ctx) is None
    full = table.resolve_phrase("Duma speaker Vyacheslav Volodin", ctx)
    assert full is not None
    ctx.add(referent_for(full, 0, speaker=True))
    later = table.resolve_phrase("Volodin", ctx, position=100)
    assert later is not None and later.name == "Vyacheslav Volodin"


PRONOUNS = [
    # (referents in text order: (name, gender, plural), pronoun, expected)
    pytest.param([("Iryna Vereshchuk", "f", False)], "she", "Iryna Vereshchuk", id="she"),
    pytest.param(
        [("Iryna Vereshchuk", "f", False), ("Sergei Orlov", "m", False)],
        "she",
        "Iryna Vereshchuk",
        id="she-skips-male",
    ),
    pytest.param(
        [("Sergei Orlov", "m", False), ("Iryna Vereshchuk", "f", False)],
        "he",
        "Sergei Orlov",
        id="he-skips-female",
    ),
    pytest.param([("Military sources", None, True)], "they", "Military sources", id="they"),
    pytest.param([], "he", None, id="no-antecedent"),
]


@pytest.mark.parametrize(("referents", "pronoun", "expected"), PRONOUNS)
def test_pronouns(
    referents: list[tuple[str, str | None, bool]], pronoun: str, expected: str | None
) -> None:
    ctx = ResolutionContext()
    for pos, (name, gender, plural) in enumerate(referents):
        kind = "description" if plural else "person"
        ctx.add(Referent(name, pos * 10, None, True, plural, kind, gender))
    res = actor_table().resolve_phrase(pronoun, ctx, position=1000)
    assert (res.name if res is not None else None) == expected


def test_match_needs_capitals_in_running_text() -> None:
    table = actor_table()
    assert [m.entry.name for m in table.match("talks with us", strict=True)] == []
    assert "US" in [m.entry.name for m in table.match("talks with the US", strict=True)]


def test_fold_keeps_offsets() -> None:
    text = "Zelenskyy’s ÉLYSÉE"
    assert fold(text) == "zelenskyy's elysee"
    assert len(fold(text)) == len(text)


def test_clean_description() -> None:
    assert clean_description("Military sources on the ground") == "Military sources"
    assert clean_description("the diplomats, who spoke") == "diplomats"


def test_table_loads_once() -> None:
    assert actor_table() is actor_table()


def test_malformed_table_is_refused() -> None:
    with pytest.raises(ActorTableError):
        ActorTable({"country": []})


MEMBERS = [
    # (body named first, member phrase, expected)
    pytest.param("the International Court of Justice", "judges", "International Court of Justice"),
    pytest.param(
        "the International Court of Justice", "the judges", "International Court of Justice"
    ),
    pytest.param("Volodymyr Zelensky", "judges", None, id="no-court-named"),
]


@pytest.mark.parametrize(("named", "phrase", "expected"), MEMBERS)
def test_members_speak_for_the_body_named_before(
    named: str, phrase: str, expected: str | None
) -> None:
    table = actor_table()
    ctx = ResolutionContext()
    first = table.resolve_phrase(named, ctx, position=0)
    assert first is not None
    ctx.add(referent_for(first, 0, speaker=False))
    res = table.resolve_phrase(phrase, ctx, position=100)
    assert (res.name if res is not None and res.entry is not None else None) == expected
    assert table.member_of["judges"] == "court"


GIVEN_NAMES = [
    # (a person the table does not know, gender read from the given name)
    pytest.param("Maria Pevnaya", "f", id="female-given-name"),
    pytest.param("Pavel Grodin", "m", id="male-given-name"),
    pytest.param("Sasha Grodin", None, id="given-name-of-either-gender"),
    pytest.param("Grodin", None, id="surname-alone"),
]


@pytest.mark.parametrize(("name", "gender"), GIVEN_NAMES)
def test_given_names_tell_the_gender(name: str, gender: str | None) -> None:
    assert make_person(name).gender == gender
    assert make_person(name, gender="m").gender == "m"  # a title's gender wins


def test_given_name_lists_do_not_overlap() -> None:
    table = actor_table()
    assert table.first_names["maria"] == "f"
    assert len(table.first_names) > 300


def test_a_surname_ending_in_s_is_not_a_plural() -> None:
    res = actor_table().resolve_phrase("Mr. Shapps")
    assert res is not None and res.name == "Grant Shapps" and not res.plural
