"""Typed events: trigger typing, arguments, negation, modality, place and date.

The sentences are invented, in the generic wording of war reporting (no article text).
One parse per sentence, shared by the whole module.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sitroom.extract.events import event_types, extract_events
from sitroom.nlp import parse
from sitroom.records import Article, DateMention, Event, Place, PlaceKind

PUBLISHED = dt.date(2022, 3, 10)


def _article(text: str) -> Article:
    return Article(id="t", name="t", title="t", body=text, raw_text=text, content_hash="h")


def _events(
    text: str,
    places: list[Place] | None = None,
    dates: list[DateMention] | None = None,
    published: dt.date | None = PUBLISHED,
) -> list[Event]:
    doc = next(parse([text]))
    return extract_events(
        _article(text), doc, places=places or [], dates=dates or [], actors=[], published=published
    )


def _place(text: str, name: str, kind: PlaceKind = PlaceKind.CITY) -> Place:
    m = re.search(re.escape(name), text)
    assert m
    return Place(
        article="t",
        start=m.start(),
        end=m.end(),
        sentence=text,
        extractor="test",
        text=name,
        name=name,
        kind=kind,
        country="UA",
        lat=1.0,
        lon=2.0,
    )


def _date(text: str, words: str, day: dt.date, last: dt.date | None = None) -> DateMention:
    m = re.search(re.escape(words), text)
    assert m
    return DateMention(
        article="t", start=m.start(), end=m.end(), sentence=text, extractor="test", text=words,
        date=day, date_end=last,
    )  # fmt: skip


# (sentence, expected type, actor, target): every type of the brief, in generic wording
TYPED = [
    ("Russian forces shelled the city overnight, officials said.", "strike", "Russian forces", "city"),
    ("Missiles struck an oil depot on the outskirts of the town.", "strike", "Missiles", "oil depot"),
    ("Russia launched a missile strike on the city.", "strike", "Russia", "city"),
    ("Troops advanced towards the capital from the north.", "ground_advance", "Troops", "capital"),
    ("The president sent his troops across the border.", "ground_advance", "president", "his troops"),
    ("The invaders captured the airport after heavy fighting.", "capture", "invaders", "airport"),
    ("The town fell to Russian troops on Thursday.", "capture", "Russian troops", "town"),
    ("Russian forces took control of the port.", "capture", "Russian forces", "port"),
    ("Russia invaded Ukraine in February.", "ground_advance", "Russia", "Ukraine"),
    ("Ukrainian forces recaptured the village.", "recapture", "Ukrainian forces", "village"),
    ("The army launched a counter-attack near the river.", "recapture", "army", None),
    ("Russian troops withdrew from the region.", "retreat", "Russian troops", None),
    ("Soldiers fled their positions as the defences collapsed.", "retreat", "Soldiers", None),
    ("At least 20 civilians were killed in the attack.", "casualty", None, "civilians"),
    ("Officials said 300 soldiers had died in the fighting.", "casualty", None, "soldiers"),
    ("Artillery that killed 21 non-combatants hit the town.", "casualty", "Artillery", "non-combatants"),
    ("Buses evacuated residents through a humanitarian corridor.", "evacuation", None, None),
    ("Thousands of people fled the city.", "evacuation", "Thousands of people", "city"),
    ("The city has been besieged for three weeks.", "siege", None, "city"),
    ("Delegations from both countries held peace talks.", "negotiation", "Delegations", None),
    ("Germany delivered howitzers and ammunition.", "supply", "Germany", "howitzers"),
    ("The European Union imposed new sanctions on the banks.", "sanctions", "European Union", "banks"),
    ("The president warned that any intervention would bring consequences.", "threat", "president", None),
    ("The garrison surrendered after a long siege.", "desertion", "garrison", None),
    ("Hundreds of soldiers surrendered to the defenders.", "desertion", "Hundreds of soldiers", None),
    ("Several conscripts deserted their units.", "desertion", "Several conscripts", "their units"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "type_", "actor", "target"), TYPED)
def test_event_is_typed_with_actor_and_target(
    text: str, type_: str, actor: str | None, target: str | None
) -> None:
    by_type = {e.type: e for e in _events(text)}
    assert type_ in by_type, f"{type_} not in {sorted(by_type)}"
    e = by_type[type_]
    assert e.actor == actor
    if target is not None:
        assert e.target == target
    assert e.confidence == 1.0
    # provenance: the span covers the trigger, the sentence is the input
    assert text[e.start : e.end] == e.trigger
    assert e.sentence == text
    assert e.extractor.startswith("events.")


def test_every_type_of_the_brief_is_in_the_lexicon() -> None:
    wanted = {
        "strike", "ground_advance", "capture", "recapture", "retreat", "casualty",
        "evacuation", "siege", "negotiation", "supply", "sanctions", "threat", "desertion",
    }  # fmt: skip
    assert wanted <= set(event_types())
    assert wanted <= {t for _, t, _, _ in TYPED}


NOT_EVENTS = [
    "Russia denied targeting civilians.",  # a denial is no strike
    "The army failed to capture the city.",  # negated by its governor
    "There was no shelling overnight.",  # "no" on the noun
    "The troops did not withdraw.",  # "not"
    "The company struck a deal with the government.",  # "strike a deal"
    "The minister took part in the meeting.",  # "take part": no capture
    "He sent a letter to the committee.",  # "send" without weapons or aid
    "They sent a military delegation to the ceremony.",  # a delegation is no supply
    "The plan was a hit with voters.",  # "hit" without a military context
    "Prices fell sharply in March.",  # "fall" without a place argument
    "Dry the clothes for an hour to kill any remaining ticks.",  # "kill" outside a war
    "The climate talks in the capital ended late.",  # talks with no party of the war
    "Hackers have taken over the website.",  # "take over" without a place
    "The agency runs a Security Assistance Initiative.",  # a noun inside a name
    "The agency warned that emissions must fall.",  # a warning outside the war
    "You are surrendering your natural assets.",  # surrender with no force
    "No missiles were raining down on the capital.",  # a negated subject
    "New powers for the police took effect on Sunday.",  # "take effect"
    "There is little or no push back on the claims.",  # "push back on": to object
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_negated_or_non_war_uses_make_no_event(text: str) -> None:
    assert _events(text) == []


MODAL = [
    ("Troops could attack the capital within days.", "strike", 0.4),
    ("The United States will send anti-tank missiles to the army.", "supply", 0.6),
    ("Russian forces tried to storm the city.", "ground_advance", 0.4),
    ("Russia is fighting to take control of the port.", "capture", 0.4),
    ("The bridge was reportedly destroyed by shelling.", "strike", 0.7),
    ("The launcher can fire anti-tank missiles.", "strike", 0.4),  # a capability
]


@pytest.mark.parametrize(("text", "type_", "confidence"), MODAL)
def test_modal_events_are_kept_with_lower_confidence(
    text: str, type_: str, confidence: float
) -> None:
    by_type = {e.type: e for e in _events(text)}
    assert type_ in by_type
    assert by_type[type_].confidence <= confidence


def test_threat_keeps_its_confidence_under_a_modal() -> None:
    (e,) = [e for e in _events("Moscow warned it could retaliate.") if e.type == "threat"]
    assert e.confidence >= 0.8


def test_date_from_the_sentence_else_publication_date_recorded() -> None:
    text = "Russian forces shelled the city on Tuesday."
    day = dt.date(2022, 3, 8)
    (dated,) = _events(text, dates=[_date(text, "on Tuesday", day)])
    assert (dated.date, dated.date_source) == (day, "text")
    (undated,) = _events(text)
    assert (undated.date, undated.date_source) == (PUBLISHED, "published")
    (none,) = _events(text, published=None)
    assert (none.date, none.date_source) == (None, "none")


@pytest.mark.parametrize(
    ("words", "first", "last", "date_end"),
    [
        ("on Tuesday", dt.date(2022, 3, 8), None, None),
        ("on Tuesday", dt.date(2022, 3, 8), dt.date(2022, 3, 8), None),
        ("in 2014", dt.date(2014, 1, 1), dt.date(2014, 12, 31), dt.date(2014, 12, 31)),
        ("last week", dt.date(2022, 2, 28), dt.date(2022, 3, 6), dt.date(2022, 3, 6)),
    ],
    ids=["day", "one-day-interval", "year", "week"],
)
def test_event_keeps_the_interval_its_date_expression_denotes(
    words: str, first: dt.date, last: dt.date | None, date_end: dt.date | None
) -> None:
    text = f"Russian forces seized the peninsula {words}."
    (e,) = _events(text, dates=[_date(text, words, first, last)])
    assert (e.date, e.date_end) == (first, date_end)


def test_place_is_the_sentence_place_and_never_the_actor() -> None:
    text = "Moscow said its troops shelled Kharkiv on Monday."
    places = [_place(text, "Moscow"), _place(text, "Kharkiv")]
    (e,) = _events(text, places=places)
    assert (e.type, e.place, e.lat, e.lon) == ("strike", "Kharkiv", 1.0, 2.0)
    text = "Kyiv shelled the positions."
    (e,) = _events(text, places=[_place(text, "Kyiv")])
    assert e.actor == "Kyiv" and e.place is None


def test_city_beats_country_and_one_event_per_sentence_and_type() -> None:
    text = "Missiles hit Ukraine again as shelling pounded Mariupol."
    places = [_place(text, "Ukraine", PlaceKind.COUNTRY), _place(text, "Mariupol")]
    events = _events(text, places=places)
    assert [e.type for e in events] == ["strike"]
    assert events[0].place == "Mariupol"


def test_events_of_an_empty_text() -> None:
    assert _events("") == []
