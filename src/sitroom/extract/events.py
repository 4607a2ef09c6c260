"""Events: typed events read from sentences (placeholder until the extractor lands)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from spacy.tokens import Doc

from sitroom.records import Actor, Article, DateMention, Event, Place

EXTRACTOR = "events.v1"


def extract_events(
    article: Article,
    doc: Doc,
    *,
    places: Sequence[Place],
    dates: Sequence[DateMention],
    actors: Sequence[Actor],
    published: dt.date | None,
) -> list[Event]:
    return []
