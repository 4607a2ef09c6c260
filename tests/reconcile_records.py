"""Constructed records for the reconciliation tests.

Every text here is invented for the tests (short reports in the generic wording of war
coverage, one sentence per line); offsets are computed from the texts, so every fact points
at a real span of its article's body. The builders are those of ``brief_fixtures`` with the
defaults these tests share: a fixed publication day, one outlet per article, Russian
military deaths for figures and one point in eastern Ukraine for every place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sitroom.records import (
    Article,
    ArticleFacts,
    Attribution,
    Event,
    Figure,
    Place,
    PlaceKind,
    PublicationDate,
    Qualifier,
)

from . import brief_fixtures
from .brief_fixtures import attribution

__all__ = ["DAY", "article", "attribution", "event", "facts", "figure", "place"]

DAY = dt.date(2022, 3, 15)
EASTERN_UKRAINE = (48.0, 37.0, "UA")


def article(
    name: str,
    body: str,
    published: dt.date | None = DAY,
    title: str | None = None,
    outlet: str | None = None,
    duplicate_of: str | None = None,
) -> Article:
    return brief_fixtures.make_article(
        name, outlet or f"{name}.example", published, title or name, body, duplicate_of
    )


def figure(
    a: Article,
    text: str,
    value: float,
    category: str = "casualties",
    detail: str | None = "killed",
    who: str | None = "russian_military",
    claimant: str | None = None,
    currency: str | None = None,
) -> Figure:
    return brief_fixtures.figure(
        a,
        text,
        value,
        qualifier=Qualifier.EXACT,
        category=category,
        detail=detail,
        who=who,
        claimant=claimant,
        currency=currency,
    )


def place(a: Article, name: str, nth: int = 0, kind: PlaceKind = PlaceKind.CITY) -> Place:
    return brief_fixtures.place(a, name, nth, kind, coords=EASTERN_UKRAINE)


def event(a: Article, trigger: str, type_: str, place_name: str | None) -> Event:
    return brief_fixtures.event(a, trigger, type_, a.published, place_name, "published")


def facts(
    a: Article,
    figures: Sequence[Figure] = (),
    attributions: Sequence[Attribution] = (),
    places: Sequence[Place] = (),
    events: Sequence[Event] = (),
) -> ArticleFacts:
    pub = a.published
    return ArticleFacts(
        article=a.name,
        published=PublicationDate(pub, (pub, pub) if pub else None, "metadata"),
        figures=tuple(figures),
        attributions=tuple(attributions),
        places=tuple(places),
        events=tuple(events),
    )
