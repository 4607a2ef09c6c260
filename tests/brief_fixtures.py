"""Hand-built situations for the report's tests.

Every text here was written for these tests (short invented reports in the style of war
coverage, no article text from the shared corpora). Offsets are computed from the texts,
so the facts always point at real spans.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from typing import Any

from sitroom.records import (
    Article,
    ArticleFacts,
    Attribution,
    Citation,
    ClaimSide,
    ContestedClaim,
    DateMention,
    Event,
    Figure,
    FigureSeries,
    Framing,
    Overstatement,
    PersuasionSpan,
    Place,
    PlaceKind,
    PlaceSummary,
    PublicationDate,
    Qualifier,
    SeriesPoint,
    Situation,
    StoryCluster,
)

# An invented text that a hostile page could carry: it must come out as text, never markup.
INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)>'

BODIES = {
    "alpha": (
        "Kyiv Ledger",
        dt.date(2022, 3, 16),
        "Officials count the cost as shelling hits Kharkiv",
        "Shelling hit residential districts of Kharkiv on Tuesday, officials said.\n"
        "Ukraine's defence ministry said 12,000 Russian soldiers had been killed since the "
        "invasion began.\n"
        "The Kremlin said the operation was going to plan and would continue.\n"
        "Buses left Mariupol along a humanitarian corridor, the city council reported.",
    ),
    "bravo": (
        "Wire Daily",
        dt.date(2022, 3, 17),
        "Western estimates put Russian losses lower",
        "US officials estimated that about 7,000 Russian troops had died in three weeks.\n"
        "The UK Ministry of Defence said the offensive had stalled on most fronts.\n"
        "The UN said it counted 953 civilian deaths, a figure it called an undercount.\n"
        "Missiles struck an airfield near Lviv early on Friday.",
    ),
    "charlie": (
        "Harbour Times",
        dt.date(2022, 3, 18),
        "Kharkiv shelled again as talks resume",
        "Ukrainian officials said more than 2,000 civilians had been killed.\n"
        "Negotiators met again in Istanbul to discuss a ceasefire.\n"
        f"A reader comment read {INJECTION} before moderators removed it.\n"
        "Shelling resumed in Kharkiv overnight, the regional governor said.",
    ),
}

COORDS = {
    "Kharkiv": (49.9935, 36.2304, "UA"),
    "Mariupol": (47.0958, 37.5494, "UA"),
    "Lviv": (49.8383, 24.0232, "UA"),
    "Istanbul": (41.0138, 28.9497, "TR"),
    "Washington": (38.8951, -77.0364, "US"),
}


def make_article(
    name: str,
    outlet: str | None,
    published: dt.date | None,
    title: str,
    body: str,
    duplicate_of: str | None = None,
) -> Article:
    digest = hashlib.sha256(f"{name}\0{body}".encode()).hexdigest()
    return Article(
        id=digest[:16],
        name=name,
        title=title,
        body=body,
        raw_text=title + "\n" + body,
        content_hash=digest[:32],
        outlet=outlet,
        published=published,
        duplicate_of=duplicate_of,
        duplicate_kind="near" if duplicate_of else None,
    )


def sentence_of(body: str, start: int) -> tuple[int, int]:
    """The line (one sentence per line in these bodies) holding ``start``."""
    s = body.rfind("\n", 0, start) + 1
    e = body.find("\n", start)
    return s, (len(body) if e == -1 else e)


def span(body: str, text: str, nth: int = 0) -> tuple[int, int, str]:
    """Offsets of the ``nth`` occurrence of ``text`` in ``body`` and its sentence."""
    starts = [m.start() for m in re.finditer(re.escape(text), body)]
    start = starts[nth]
    s, e = sentence_of(body, start)
    return start, start + len(text), body[s:e]


def citation(article: Article, text: str) -> Citation:
    start, end, sentence = span(article.body, text)
    return Citation(
        article.name, article.id, start, end, sentence, article.outlet, article.published
    )


def figure(article: Article, text: str, value: float, **kw: Any) -> Figure:
    start, end, sentence = span(article.body, text)
    return Figure(
        article=article.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="figures.v1",
        value=value,
        value_text=text,
        **kw,
    )


def attribution(
    article: Article, content: str, speaker: str, side: str | None, cue: str = "said"
) -> Attribution:
    start, end, sentence = span(article.body, content)
    return Attribution(
        article=article.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="attributions.v1",
        speaker=speaker,
        speaker_text=speaker,
        cue=cue,
        direct=False,
        content=content,
        side=side,
    )


def place(
    article: Article,
    name: str,
    nth: int = 0,
    kind: PlaceKind = PlaceKind.CITY,
    coords: tuple[float, float, str] | None = None,
) -> Place:
    """The ``nth`` mention of ``name``, at its ``COORDS`` entry unless ``coords`` is given."""
    start, end, sentence = span(article.body, name, nth)
    lat, lon, country = coords or COORDS[name]
    return Place(
        article=article.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="places.v1",
        text=name,
        name=name,
        kind=kind,
        country=country,
        lat=lat,
        lon=lon,
    )


def event(
    article: Article,
    trigger: str,
    type_: str,
    day: dt.date | None,
    place_name: str | None,
    date_source: str | None = None,
    **kw: Any,
) -> Event:
    start, end, sentence = span(article.body, trigger)
    lat = lon = None
    if place_name in COORDS:
        lat, lon, _ = COORDS[place_name]
    return Event(
        article=article.name,
        start=start,
        end=end,
        sentence=sentence,
        extractor="events.v1",
        type=type_,
        trigger=trigger,
        place=place_name,
        lat=lat,
        lon=lon,
        date=day,
        date_source=date_source or ("text" if day else "published"),
        **kw,
    )


def point(
    f: Figure, article: Article, claimant: str | None, side: str | None, day: dt.date
) -> SeriesPoint:
    return SeriesPoint(
        value=f.value,
        value_text=f.value_text,
        qualifier=f.qualifier,
        claimant=claimant,
        claimant_side=side,
        date=day,
        date_source="published",
        citation=Citation(
            article.name, article.id, f.start, f.end, f.sentence, article.outlet, article.published
        ),
    )


def articles() -> dict[str, Article]:
    return {
        name: make_article(name, outlet, day, title, body)
        for name, (outlet, day, title, body) in BODIES.items()
    }


def full_situation(with_framing: bool = True) -> Situation:
    """Three articles from three outlets: two contested series, a contested pair, a cluster,
    events on three days, places on and off the map, and an injection attempt."""
    arts = articles()
    a, b, c = arts["alpha"], arts["bravo"], arts["charlie"]
    d16, d17, d18 = dt.date(2022, 3, 16), dt.date(2022, 3, 17), dt.date(2022, 3, 18)

    f_ua = figure(
        a,
        "12,000",
        12000,
        category="casualties",
        detail="killed",
        who="russian_military",
        claimant="Ukrainian Ministry of Defence",
    )
    f_us = figure(
        b,
        "about 7,000",
        7000,
        qualifier=Qualifier.ABOUT,
        category="casualties",
        detail="killed",
        who="russian_military",
        claimant="US",
    )
    f_un = figure(
        b,
        "953",
        953,
        category="casualties",
        detail="killed",
        who="civilians",
        claimant="UN Human Rights Office",
    )
    f_uac = figure(
        c,
        "more than 2,000",
        2000,
        qualifier=Qualifier.MORE_THAN,
        category="casualties",
        detail="killed",
        who="civilians",
        claimant="Ukraine",
    )

    s_mil = FigureSeries(
        key=("casualties", "killed", "russian_military"),
        name="Russian military personnel killed",
        points=(
            point(f_ua, a, "Ukrainian Ministry of Defence", "Ukraine", d16),
            point(f_us, b, "US", "West", d17),
        ),
        headline=point(f_us, b, "US", "West", d17),
        contested=True,
        spread=12000 / 7000,
        claimants=("Ukrainian Ministry of Defence", "US"),
        note="claims a day apart differ by 71%",
    )
    s_civ = FigureSeries(
        key=("casualties", "killed", "civilians"),
        name="Civilians killed",
        points=(
            point(f_un, b, "UN Human Rights Office", "international", d17),
            point(f_uac, c, "Ukraine", "Ukraine", d18),
        ),
        headline=point(f_un, b, "UN Human Rights Office", "international", d17),
        contested=True,
        spread=2000 / 953,
        claimants=("UN Human Rights Office", "Ukraine"),
        note="claims a day apart differ by 110%",
    )
    # the headline is the very point object listed in points (the most conservative)
    s_mil, s_civ = _with_headline(s_mil, 1), _with_headline(s_civ, 0)

    at_kremlin = attribution(a, "the operation was going to plan", "Kremlin", "Russia")
    at_mod = attribution(
        b, "the offensive had stalled on most fronts", "UK Ministry of Defence", "West"
    )
    at_ua = attribution(
        a,
        "12,000 Russian soldiers had been killed since the invasion began",
        "Ukrainian Ministry of Defence",
        "Ukraine",
    )
    at_un = attribution(b, "it counted 953 civilian deaths", "UN", "international")
    at_gov = attribution(c, "Shelling resumed in Kharkiv overnight", "Oleh Synehubov", "Ukraine")
    at_inj = attribution(c, INJECTION, "Reader", None, cue="read")

    places_a = [place(a, "Kharkiv"), place(a, "Mariupol")]
    places_b = [place(b, "Lviv")]
    places_c = [place(c, "Kharkiv"), place(c, "Istanbul")]

    ev = [
        event(a, "Shelling hit", "strike", d16 - dt.timedelta(days=1), "Kharkiv", actor="Russia"),
        event(a, "Buses left", "evacuation", d16, "Mariupol"),
        event(b, "Missiles struck", "strike", d17 - dt.timedelta(days=6), "Lviv", actor="Russia"),
        event(c, "Negotiators met", "negotiation", d18, "Istanbul"),
        event(c, "Shelling resumed", "strike", d18, "Kharkiv", actor="Russia"),
        event(b, "died", "casualty_report", None, None),
    ]

    def dates(article: Article, text: str, day: dt.date) -> DateMention:
        start, end, sentence = span(article.body, text)
        return DateMention(
            article=article.name,
            start=start,
            end=end,
            sentence=sentence,
            extractor="dates.v1",
            text=text,
            date=day,
        )

    facts = {
        "alpha": ArticleFacts(
            "alpha",
            PublicationDate(d16, (d16, d16), "metadata"),
            figures=[f_ua],
            attributions=[at_ua, at_kremlin],
            places=places_a,
            dates=[dates(a, "on Tuesday", d16 - dt.timedelta(days=1))],
            events=[e for e in ev if e.article == "alpha"],
        ),
        "bravo": ArticleFacts(
            "bravo",
            PublicationDate(d17, (d17, d17), "metadata"),
            figures=[f_us, f_un],
            attributions=[at_mod, at_un],
            places=places_b,
            events=[e for e in ev if e.article == "bravo"],
        ),
        "charlie": ArticleFacts(
            "charlie",
            PublicationDate(d18, (d18, d18), "metadata"),
            figures=[f_uac],
            attributions=[at_gov, at_inj],
            places=places_c,
            events=[e for e in ev if e.article == "charlie"],
        ),
    }
    contested = [
        ContestedClaim(
            subject="progress of the invasion",
            first=ClaimSide(
                "Kremlin", "Russia", at_kremlin.content, citation(a, at_kremlin.content)
            ),
            second=ClaimSide(
                "UK Ministry of Defence", "West", at_mod.content, citation(b, at_mod.content)
            ),
            reason="same subject, opposite polarity (going to plan / stalled)",
        )
    ]
    kharkiv_cites = (citation(a, "Kharkiv"), citation(c, "Kharkiv"))
    places_summary = [
        PlaceSummary(
            "Kharkiv", PlaceKind.CITY, "UA", 49.9935, 36.2304, 3, ("strike",), kharkiv_cites
        ),
        PlaceSummary(
            "Mariupol",
            PlaceKind.CITY,
            "UA",
            47.0958,
            37.5494,
            1,
            ("evacuation",),
            (citation(a, "Mariupol"),),
        ),
        PlaceSummary(
            "Lviv", PlaceKind.CITY, "UA", 49.8383, 24.0232, 1, ("strike",), (citation(b, "Lviv"),)
        ),
        PlaceSummary(
            "Istanbul",
            PlaceKind.CITY,
            "TR",
            41.0138,
            28.9497,
            1,
            ("negotiation",),
            (citation(c, "Istanbul"),),
        ),
        PlaceSummary(
            "Washington",
            PlaceKind.CITY,
            "US",
            38.8951,
            -77.0364,
            1,
            (),
            (citation(b, "US officials"),),
        ),
        PlaceSummary(
            "Donbas", PlaceKind.REGION, "UA", None, None, 1, (), (citation(a, "Ukraine's"),)
        ),
    ]
    clusters = [
        StoryCluster(
            id="k1",
            title=c.title,
            articles=("charlie", "alpha"),
            period=(d16, d18),
            places=("Kharkiv",),
            event_types=("strike",),
            reason="shared events, places and dates",
        )
    ]
    framing = {}
    if with_framing:
        framing = {
            "alpha": Framing(
                "alpha",
                ("URW: Praise of Russia",),
                (),
                (PersuasionSpan("Loaded_Language", 0, 0, 8, 0.8),),
                Overstatement(0.1, (), ()),
            ),
            "charlie": Framing(
                "charlie",
                ("URW: Blaming the war on others",),
                (),
                (),
                Overstatement(0.6, ("again",), ("said",)),
            ),
        }
    return Situation(
        articles=[a, b, c],
        facts=facts,
        period=(d16, d18),
        sources=[("Harbour Times", 1), ("Kyiv Ledger", 1), ("Wire Daily", 1)],
        events=ev,
        series=[s_mil, s_civ],
        contested=contested,
        clusters=clusters,
        places=places_summary,
        framing=framing,
        missing=["1 event has no date and is left off the timeline."],
    )


def _with_headline(series: FigureSeries, index: int) -> FigureSeries:
    return dataclasses.replace(series, headline=series.points[index])


def empty_situation() -> Situation:
    return Situation(
        articles=[],
        facts={},
        period=None,
        sources=[],
        events=[],
        series=[],
        contested=[],
        clusters=[],
        places=[],
        missing=["No articles were given."],
    )


def single_article_situation(dated: bool = True, with_figures: bool = False) -> Situation:
    """One article with no figures (and, with ``dated=False``, no date at all)."""
    day = dt.date(2022, 7, 2) if dated else None
    body = "Aid convoys reached Mariupol after days of delay.\nOfficials gave no details."
    art = make_article("solo", None, day, "Convoys reach Mariupol", body)
    p = place(art, "Mariupol")
    ev = event(art, "Aid convoys reached", "evacuation", day, "Mariupol")
    facts = ArticleFacts(
        "solo",
        PublicationDate(day, (day, day) if day else None, "metadata" if day else "none"),
        places=[p],
        events=[ev],
    )
    missing = ["No figures were found."] if not with_figures else []
    if not dated:
        missing.append("No article gives a date; the timeline is empty.")
    return Situation(
        articles=[art],
        facts={"solo": facts},
        period=(day, day) if day else None,
        sources=[("unknown source", 1)],
        events=[ev],
        series=[],
        contested=[],
        clusters=[],
        places=[
            PlaceSummary(
                "Mariupol",
                PlaceKind.CITY,
                "UA",
                47.0958,
                37.5494,
                1,
                ("evacuation",),
                (citation(art, "Mariupol"),),
            )
        ],
        missing=missing,
    )


@functools.cache
def seeds_situation() -> Situation:
    """The seeds through the real pipeline (cleaning, extraction, reconciliation), once
    per test process; the hand-built fixture while reconciliation has not landed.
    Callers must not change it."""
    try:
        from sitroom.reconcile import reconcile
    except ImportError:
        return full_situation()
    from sitroom.extract import extract
    from sitroom.ingest import clean_paths

    from .conftest import SEEDS

    found = [a for a in clean_paths([SEEDS]) if isinstance(a, Article)]
    originals = [a for a in found if not a.duplicate_of]
    facts = {f.article: f for f in extract(originals)}
    situation: Situation = reconcile(found, facts, framing={})
    return situation
