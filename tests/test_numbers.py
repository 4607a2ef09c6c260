"""sitroom.extract.numbers: numeric expressions in running text (no parse needed).

Tables of generic phrases written for these tests (no article text): what the lexer
reads as a number, its value, qualifier, currency and unit, and what it skips and why.
"""

from __future__ import annotations

import pytest

from sitroom.extract.numbers import NumberMention, find_numbers
from sitroom.records import Qualifier


def _only(text: str) -> NumberMention:
    found = [m for m in find_numbers(text) if m.skip is None]
    assert len(found) == 1, [(m.text, m.skip) for m in find_numbers(text)]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value_text", "value"),
    [
        ("12,000 troops", "12,000", 12000),
        ("3.5 million refugees", "3.5 million", 3_500_000),
        ("three million people", "three million", 3_000_000),
        ("Twenty-seven soldiers", "Twenty-seven", 27),
        ("one hundred and fifty tanks", "one hundred and fifty", 150),
        ("a dozen tanks", "a dozen", 12),
        ("12k homes", "12k", 12_000),
        ("Thirteen buses", "Thirteen", 13),
        ("a pair of bombers", "a pair", 2),
    ],
)
def test_numbers_digits_and_words(text: str, value_text: str, value: float) -> None:
    m = _only(text)
    assert (m.text, m.value, m.qualifier) == (value_text, value, Qualifier.EXACT)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("tens of thousands of people", 10_000, Qualifier.AT_LEAST),
        ("hundreds of civilians", 100, Qualifier.AT_LEAST),
        ("Thousands fled", 1000, Qualifier.AT_LEAST),
    ],
)
def test_numbers_vague_plurals_are_lower_bounds(
    text: str, value: float, qualifier: Qualifier
) -> None:
    m = _only(text)
    assert (m.value, m.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "value_text", "value", "currency"),
    [
        ("£24bn of aid", "£24bn", 24e9, "GBP"),
        ("USD 3 billion in loans", "USD 3 billion", 3e9, "USD"),
        ("2 million roubles", "2 million roubles", 2e6, "RUB"),
        ("$1.1 billion", "$1.1 billion", 1.1e9, "USD"),
        ("one trillion U.S. dollars lost", "one trillion U.S. dollars", 1e12, "USD"),
        ("$61 billions of funds", "$61 billions", 61e9, "USD"),  # a plural scale after money
        ("£3 millions", "£3 millions", 3e6, "GBP"),
        ("€50m for repairs", "€50m", 50e6, "EUR"),
    ],
)
def test_numbers_currencies(text: str, value_text: str, value: float, currency: str) -> None:
    m = _only(text)
    assert (m.text, m.value, m.currency) == (value_text, pytest.approx(value), currency)


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("$800 (£608) million in aid", ("USD", 800e6), ("GBP", 608e6)),
        ("$2 (£1.5) billion", ("USD", 2e9), ("GBP", 1.5e9)),
    ],
)
def test_numbers_two_currencies_in_one_phrase(
    text: str, first: tuple[str, float], second: tuple[str, float]
) -> None:
    m = _only(text)
    assert (m.currency, m.value) == (first[0], pytest.approx(first[1]))
    assert m.alt is not None
    assert (m.alt.currency, m.alt.value) == (second[0], pytest.approx(second[1]))
    assert m.value > 0 and m.alt.value > 0  # never "-£608" as quantulum3 reads it
    assert text[m.alt.start : m.alt.end].startswith(m.alt.text.split()[0])


@pytest.mark.parametrize(
    ("text", "value", "value_max"),
    [
        ("50 to 100 bombs", 50, 100),
        ("200-300 residents", 200, 300),
        ("between 10 and 15 million", 10e6, 15e6),
    ],
)
def test_numbers_ranges(text: str, value: float, value_max: float) -> None:
    m = _only(text)
    assert (m.value, m.value_max, m.qualifier) == (value, value_max, Qualifier.RANGE)


@pytest.mark.parametrize(
    ("text", "value_text", "qualifier"),
    [
        ("more than 7,000 troops", "more than 7,000", Qualifier.MORE_THAN),
        ("over 1,000 vehicles", "over 1,000", Qualifier.MORE_THAN),
        ("at least 100,000 people", "at least 100,000", Qualifier.AT_LEAST),
        ("300 or more", "300 or more", Qualifier.AT_LEAST),
        ("nearly four million", "nearly four million", Qualifier.ABOUT),
        ("about 60 km", "about 60 km", Qualifier.ABOUT),
        ("up to five battalions", "up to five", Qualifier.UP_TO),
        ("fewer than 20 tanks", "fewer than 20", Qualifier.LESS_THAN),
    ],
)
def test_numbers_qualifiers(text: str, value_text: str, qualifier: Qualifier) -> None:
    m = _only(text)
    assert (m.text, m.qualifier) == (value_text, qualifier)


@pytest.mark.parametrize(
    ("text", "unit", "alt_unit"),
    [
        ("35km (21 miles) away", "km", "mi"),
        ("5.7 percent", "%", None),
        ("a night of -20°C frost", "°C", None),  # a temperature, which figures skip
        ("for three decades", "decades", None),
    ],
)
def test_numbers_units(text: str, unit: str, alt_unit: str | None) -> None:
    m = _only(text)
    assert m.unit == unit
    assert (m.alt.unit if m.alt else None) == alt_unit


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("on March 14", "date"),
        ("in 2022", "year"),
        ("to restore its 1991 borders", "year"),
        ("a withdrawal to the 2014 lines", "year"),
        ("cut to 30 percent below 2005 levels", "year"),  # the percentage is kept
        ("ahead of the 2024 elections", "year"),
        ("served as governor from 2014 to 2021.", "year"),
        ("fought in the war of 1941-1945 as a boy", "year"),
        ("a 1995 story in the paper", "year"),
        ("in 2022 as the war began", "year"),
        ("a 45-year-old man", "age"),
        ("recruits must be 18 years of age", "age"),
        ("day 13 of the invasion", "label"),
        ("No. 1", "label"),
        ("Su-25 jets", "name"),
        ("equipped with Challenger 2 tanks", "name"),
        ("155 mm artillery shells", "calibre"),
        ("155mm rounds", "calibre"),
        ("the 1990s", "plural_digits"),
        ("one of the soldiers", "pronoun"),
        ("No-one was hurt", "pronoun"),
        ("two-thirds of the city", "fraction"),
    ],
)
def test_numbers_skip_dates_ages_labels_and_names(text: str, reason: str) -> None:
    found = [m for m in find_numbers(text) if m.unit != "%"]
    assert found, text
    assert [m.skip for m in found] == [reason]


@pytest.mark.parametrize(
    "text",
    [
        "between 1500 and 2000 troops were sent",
        "about 2000 soldiers crossed the river",
        "some 1800 prisoners were exchanged",
        "between 2000 and 3000 civilians were killed",
    ],
)
def test_numbers_year_like_counts_of_people_stay_counts(text: str) -> None:
    assert [m.skip for m in find_numbers(text)] == [None]


@pytest.mark.parametrize("text", ["the fourth week of the war", "the 3rd battalion", "no numbers"])
def test_numbers_ordinals_and_words_are_not_numbers(text: str) -> None:
    assert [m for m in find_numbers(text) if m.skip is None] == []


def test_numbers_offsets_point_at_the_text() -> None:
    text = "Officials said more than 7,000 troops and $800 (£608) million were involved."
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
        assert m.start <= m.num_start < m.num_end <= m.end


@pytest.mark.parametrize(
    ("text", "skips"),
    [
        ("blasts hit the Nord Stream 1 and 2 pipelines", ["name", "name"]),
        ("in Kharkiv 5 people died", [None]),  # a place, then a count
    ],
)
def test_numbers_digit_after_a_name(text: str, skips: list[str | None]) -> None:
    assert [m.skip for m in find_numbers(text)] == skips


@pytest.mark.parametrize(
    ("text", "value_text", "value", "skip"),
    [
        ("outlays reached $3.45 trillion", "$3.45 trillion", 3.45e12, None),
        ("some 1.25 million people", "some 1.25 million", 1.25e6, None),
        ("rates near 12.50 percent", "12.50 percent", 12.5, None),
        ("the sirens began at 10.30 today", "10.30", 10.3, "time"),
        ("at 9.15pm on Friday", "9.15pm", 9.15, "time"),
        ("by 14:45 local", "14:45", 14, "time"),
    ],
)
def test_numbers_two_decimals_are_amounts_unless_a_clock_time(
    text: str, value_text: str, value: float, skip: str | None
) -> None:
    found = find_numbers(text)
    assert found and found[0].skip == skip
    if skip is None:
        assert (found[0].text, found[0].value) == (value_text, pytest.approx(value))


@pytest.mark.parametrize(
    ("text", "value_text"),
    [
        ("deaths neared 20,000 by May", "neared 20,000"),
        ("a toll approaching 400", "approaching 400"),
    ],
)
def test_numbers_nearing_verbs_are_about(text: str, value_text: str) -> None:
    m = _only(text)
    assert (m.text, m.qualifier) == (value_text, Qualifier.ABOUT)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("$14 billion — $61 billion for the fund", [14e9, 61e9]),  # a dash sets off a clause
        ("a pair with no of", []),  # "a pair" counts only before "of"
    ],
)
def test_numbers_spaced_em_dash_and_bare_pair_are_no_range_nor_count(
    text: str, values: list[float]
) -> None:
    found = [m for m in find_numbers(text) if m.skip is None]
    assert [(m.value, m.value_max) for m in found] == [(v, None) for v in values]


@pytest.mark.parametrize(
    ("text", "skips"),
    [
        ("the B61-12 bombs", ["name", "name"]),  # a code of letters and digits
        ("the 2021-22 season", ["year", "year"]),
        ("dropped 9M22S bombs", ["name", "name"]),  # a scale letter inside a code
        ("since the 9/11 attacks", ["date", "date"]),  # numbers joined by a slash
        ("as Group of 20 ministers met", ["name"]),
    ],
)
def test_numbers_codes_dates_and_group_names_are_skipped(text: str, skips: list[str]) -> None:
    assert [m.skip for m in find_numbers(text)] == skips
