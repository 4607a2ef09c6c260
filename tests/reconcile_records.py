"""Constructed records for the reconciliation tests.

Every text here is invented for the tests (short reports in the generic wording of war
coverage, one sentence per line); offsets are computed from the texts, so every fact points
at a real span of its article's body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
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

DAY = dt.date(2022, 3, 15)


def article(
    name: str,
    body: str,
    published: dt.date | None = DAY,
    title: str | None = None,
    outlet: str | None = None,
    duplicate_of: str | None = None,
) -> Article:
    digest = hashlib.sha256(f"{name}\0{body}".encode()).hexdigest()
    return Article(
        id=digest[:16],
        name=name,
        title=title or name,
        body=body,
        raw_text=body,
        content_hash=digest[:32],
        published=published,
        outlet=outlet or f"{name}.example",
        duplicate_of=duplicate_of,
        duplicate_kind="near" if duplicate_of else None,
    )


def _span(a: Article, text: str, nth: int = 0) -> tuple[int, int, str]:
    starts = [m.start() for m in re.finditer(re.escape(text), a.body)]
    start = starts[nth]
    lo = a.body.rfind("\n", 0, start) + 1
    hi = a.body.find("\n", start)
    hi = len(a.body) if hi == -1 else hi
    return start, start + len(text), a.body[lo:hi]


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
    start, end, sentence = _span(a, text)
    return Figure(
        article=a.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="test",
        value=value,
        value_text=text,
        qualifier=Qualifier.EXACT,
        category=category,
        detail=detail,
        who=who,
        claimant=claimant,
        currency=currency,
    )


def attribution(
    a: Article, content: str, speaker: str, side: str | None, cue: str = "said"
) -> Attribution:
    start, end, sentence = _span(a, content)
    return Attribution(
        article=a.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="test",
        speaker=speaker,
        speaker_text=speaker,
        cue=cue,
        direct=False,
        content=content,
        side=side,
    )


def place(a: Article, name: str, nth: int = 0, kind: PlaceKind = PlaceKind.CITY) -> Place:
    start, end, sentence = _span(a, name, nth)
    return Place(
        article=a.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="test",
        text=name,
        name=name,
        kind=kind,
        country="UA",
        lat=48.0,
        lon=37.0,
    )


def event(a: Article, trigger: str, type_: str, place_name: str | None) -> Event:
    start, end, sentence = _span(a, trigger)
    return Event(
        article=a.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="test",
        type=type_,
        trigger=trigger,
        place=place_name,
        date=a.published,
        date_source="published",
    )


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
