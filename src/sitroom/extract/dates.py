"""Dates: date expressions normalised to days, and the publication date inferred from the text.

Two public functions, called by :func:`sitroom.extract.extract_one` in this order:

* :func:`infer_publication_date` returns the article's publication day. Metadata wins
  (``window = (d, d)``, source ``"metadata"``); otherwise the day is inferred from the body
  alone by weighing every clue it gives (see *Inference* below). When nothing in the text
  anchors it in the calendar the answer is ``date=None, window=None, source="none"``.
* :func:`extract_dates` returns every date expression of the body as a
  :class:`~sitroom.records.DateMention` with its absolute day (or interval: ``date`` to
  ``date_end``) and ``anchor``: ``"explicit"`` when the words name the day themselves
  ("14 March 2022", "in 2014"), ``"invasion"`` for counts from the start of the full-scale
  invasion on 24 February 2022 ("day 13 of the invasion", "the fourth week of the war"),
  ``"published"`` when resolved against the publication day ("on Wednesday", "last week",
  "March 14" without a year).

**Unknown publication day.** Expressions that need the publication day are resolved
against the *inferred* day when there is one, with their confidence scaled down
(:data:`INFERRED_CONFIDENCE`), and *skipped* when there is none: a weekday or "last week"
with no day to count from would be a guess, and sitroom refuses rather than guesses.
Explicit dates and invasion counts never need it.

**Recognition** is sitroom's own: compiled regular expressions over the body for each
form (day-month with or without year and weekday, month-year, month alone after a date
preposition, years, year ranges, decades, seasons, weekdays, "yesterday"/"tonight",
"last week"/"earlier this month", "in the past three weeks", "two days ago", and counts of
the war), then checked against the spaCy parse: "May" the modal or a surname, "March" the
noun or verb, "Sunday Times", "Black Friday", "every Monday", four-digit counts
("2020 soldiers") and "today's world" are refused. Ages and other small numbers never
match, since years need four digits and days need a month beside them. The words live in
``data/date_lexicon.toml``.

**Tense.** Whether a date lies before or after the publication day ("said on Thursday" vs
"is due to vote on Friday"; "in May" in "may run out in May") is read from the verb that
governs the expression in the dependency parse (past forms, future auxiliaries, "due/set
to"), then from its preposition ("until", "by" look ahead; "since" looks back).

**Inference.** Every clue becomes a cost over candidate publication days (an interval it
allows, softened at its edges); the costs are added and the cheapest day wins. The window
is the span of days whose *evidence* cost is within :data:`WINDOW_SLACK` of the chosen
day's: priors (the latest year mentioned) and weak recency pulls (a full date or a named
event, often background) place the day but do not narrow the window, strong ones ("on
Tuesday, March 22", "on March 14": news of recent days) do. A window wider than
:data:`MAX_WINDOW_DAYS` gives no day (``source="ambiguous"``), and with only a lower bound
the window runs to today. The clues:

* invasion counts fix an interval ("day 13" is 8 March 2022, to 9 March for late
  publication; "its fourth week" is 17-23 March 2022, its start when the war "entered"
  it; "now in its fifth month" is 24 June-23 July 2022, preferring the middle; "a month
  later", "since the war started over a month ago");
* "the war entered its second year last month" is the month after the one it entered
  it in ("this month", "last week", "this week" likewise); "since Russia invaded Ukraine
  in February last year" (an act starting the war just before "last year"/"this year")
  dates the article to the year after the invasion's (the same year for "this year");
* explicit dates and years in the past tense are lower bounds; the latest dated event
  pulls the day towards itself (news reports recent events);
* a weekday with a day and month fixes the year ("Tuesday, March 22" -> 2022);
* a day-month without a year resolves to its nearest occurrence and pulls likewise;
* the date line of an embedded social-media post ("— Name (@handle) March 16, 2024") pulls
  as strongly: posts are embedded while they are news;
* weekday mentions prefer publication on that weekday or a day or two after it ("said on
  Thursday"), and before the weekday of a future event ("due to vote on Friday");
* named events of the war with known dates (``[[events]]`` in the lexicon): a past event
  bounds the day from below, a meeting spoken of in the present tense ("ministers meet at
  the G20 in Bali") places the day during it;
* office holders named by title ("Defence Secretary Ben Wallace", ``kind = "tenure"`` in
  the lexicon) place the day within the term of office, softly at its end; after "former"
  or "then-" anywhere in the article only the term's start bounds it;
* a definite mention of the full-scale war ("Russia's invasion of Ukraine") is a weak
  lower bound at 24 February 2022.

Cheap by design: patterns are compiled once per process, costs are numpy vectors over at
most a few thousand candidate days, and the recognised expressions are cached on the
``Doc`` for the second call.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

from sitroom.nlp import doc_text
from sitroom.records import Article, DateMention, PublicationDate

EXTRACTOR = "dates.v6"

#: Confidence of a mention resolved against an inferred (not metadata) publication day.
INFERRED_CONFIDENCE = 0.6
#: Days whose cost is within this of the cheapest form the publication window.
WINDOW_SLACK = 1.0
#: Recency pulls at least this strong narrow the window (weaker ones only place the day).
STRONG_PULL = 0.3
#: A window wider than this does not pin a day: the date is withheld (``date=None``).
MAX_WINDOW_DAYS = 120

_USER_DATA_KEY = "sitroom.dates.expressions"

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Event:
    name: str
    kind: str  # "past" | "scheduled" | "tenure"
    ranges: tuple[tuple[dt.date, dt.date], ...]
    patterns: tuple[re.Pattern[str], ...]
    # Per pattern, a word every match must contain (lower case), or None: a pattern whose
    # word is not in the text cannot match, so its scan is skipped.
    required: tuple[str | None, ...] = ()
    # Words (lower case) one of which every match of every pattern contains (``words`` in
    # the lexicon): with none of them in the text the event is not scanned at all.
    words: tuple[str, ...] = ()


def required_literal(pattern: str) -> str | None:
    """The longest run of plain letters or digits (3 or more) that every match of
    ``pattern`` must contain, read from its top level: outside groups and character
    classes, not under a quantifier, with no top-level alternation. None when there is
    no such run (or the pattern is too involved to tell)."""
    runs: list[str] = []
    run = ""
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            runs.append(run)
            run = ""
            i += 2
            continue
        if ch == "[":
            runs.append(run)
            run = ""
            close = pattern.find("]", i + 2)
            if close < 0:
                return None
            i = close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None
        if depth == 0 and ch.isalnum() and ch.isascii():
            run += ch
        else:
            if ch in "?*{" and run:
                run = run[:-1]  # the quantified character is optional
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    best = max(runs, key=len)
    return best.lower() if len(best) >= 3 else None


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    month_abbr: dict[str, int]
    ambiguous_months: frozenset[str]
    month_cues: frozenset[str]
    weekdays: dict[str, int]
    weekday_abbr: dict[str, int]
    weekday_prefixes: frozenset[str]
    weekday_followers: frozenset[str]
    weekday_titles: frozenset[str]
    year_plural_nouns: frozenset[str]
    year_units: frozenset[str]
    year_quantity_words: frozenset[str]
    seasons: dict[str, tuple[int, int]]
    numbers: dict[str, float]
    ordinals: dict[str, int]
    units: dict[str, tuple[int, str]]
    count_qualifiers: dict[str, str]
    relative_days: dict[str, int]
    generic_today_nouns: frozenset[str]
    future_aux: frozenset[str]
    future_adj: frozenset[str]
    future_verbs: frozenset[str]
    future_preps: frozenset[str]
    past_preps: frozenset[str]
    invasion: dt.date
    war_nouns: frozenset[str]
    war_start_words: frozenset[str]
    war_exclusions: frozenset[str]
    war_definite: tuple[re.Pattern[str], ...]
    war_start_acts: tuple[re.Pattern[str], ...]
    events: tuple[_Event, ...]


@functools.cache
def _lexicon() -> _Lexicon:
    raw = resources.files("sitroom").joinpath("data/date_lexicon.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(raw)
    tense, war, wd_rules, yr = data["tense"], data["war"], data["weekday_rules"], data["year_rules"]
    events = tuple(
        _Event(
            name=e["name"],
            kind=e["kind"],
            ranges=tuple((r[0], r[1]) for r in e["dates"]),
            patterns=tuple(re.compile(p, re.IGNORECASE) for p in e["patterns"]),
            required=tuple(required_literal(p) for p in e["patterns"]),
            words=tuple(e.get("words", ())),
        )
        for e in data["events"]
    )
    return _Lexicon(
        months=dict(data["months"]),
        month_abbr=dict(data["month_abbreviations"]),
        ambiguous_months=frozenset(data["month_rules"]["ambiguous"]),
        month_cues=frozenset(data["month_rules"]["cues"]),
        weekdays=dict(data["weekdays"]),
        weekday_abbr=dict(data["weekday_abbreviations"]),
        weekday_prefixes=frozenset(wd_rules["name_prefixes"]),
        weekday_followers=frozenset(wd_rules["followers"]),
        weekday_titles=frozenset(wd_rules["title_followers"]),
        year_plural_nouns=frozenset(yr["plural_nouns"]),
        year_units=frozenset(yr["units"]),
        year_quantity_words=frozenset(yr["quantity_words"]),
        seasons={k: (v[0], v[1]) for k, v in data["seasons"].items()},
        numbers={k: float(v) for k, v in data["numbers"].items()},
        ordinals=dict(data["ordinals"]),
        units={k: (v[0], v[1]) for k, v in data["units"].items()},
        count_qualifiers=dict(data["count_qualifiers"]),
        relative_days=dict(data["relative_days"]),
        generic_today_nouns=frozenset(data["today"]["generic_nouns"]),
        future_aux=frozenset(tense["future_auxiliaries"]),
        future_adj=frozenset(tense["future_adjectives"]),
        future_verbs=frozenset(tense["future_verbs"]),
        future_preps=frozenset(tense["future_prepositions"]),
        past_preps=frozenset(tense["past_prepositions"]),
        invasion=war["invasion_start"],
        war_nouns=frozenset(war["nouns"]),
        war_start_words=frozenset(war["start_words"]),
        war_exclusions=frozenset(data["war_exclusions"]["before"]),
        war_definite=tuple(re.compile(p, re.IGNORECASE) for p in war["definite_patterns"]),
        war_start_acts=tuple(re.compile(p, re.IGNORECASE) for p in war["start_act_patterns"]),
        events=events,
    )


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class _Expr:
    """A recognised date expression before normalisation."""

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    weekday: int | None = None
    part: str | None = None  # "early"/"mid"/"late" of a month, "start"/"end" of a period
    rel: str | None = None  # "last", "this", "next", "past", "recent", ...
    unit: str | None = None  # "day", "week", "month", "year", "weekend", "quarter", season
    n: float | None = None
    qual: str | None = None  # "more", "less", "about"
    offset: int | None = None  # days from the publication day (relative days)
    tense: str | None = None  # "past", "present", "future" or None
    war_start: bool = False  # an "ago" that dates the start of the war
    entered: bool = False  # "the war entered its fourth week"
    approach: bool = False  # "approaches its two-year mark"


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def _cased(words: Iterable[str]) -> str:
    """Title-case and upper-case forms of lower-case words."""
    forms: list[str] = []
    for w in words:
        forms += [w.capitalize(), w.upper()]
    return _alt(forms)


_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS_1_9 = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORD_1_9 = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


# Rules whose every match holds a month name (their ``mon`` group), or a weekday name (the
# weekday rule's ``wd``). They are scanned only in windows around those names in the text:
# :data:`_ANCHOR_REACH` whitespace-separated chunks either side of one, more than any of
# these rules spans before or after its name ("Tuesday, the 14th - 15th of March", "March
# the 14th - 15th, 2022", "this past Sunday morning"), plus two characters for their
# lookaheads. Every match lies inside its name's window, so the matches are the same as a
# scan of the whole text.
_MONTH_RULES = frozenset(
    {"dmy", "mdy", "monthyear", "monthrange", "monthrelyear", "relmonth", "month"}
)
_WEEKDAY_RULES = frozenset({"weekday"})
_ANCHOR_REACH = 10
_CHUNK = re.compile(r"\S+")


@dataclass(frozen=True)
class _Patterns:
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    # Cheap searches a text must pass before the (costly) rule of that name runs on it.
    triggers: dict[str, re.Pattern[str]]
    word_before: re.Pattern[str]
    number_word: re.Pattern[str]
    # Where a month name (the month rules' ``mon`` group) or a weekday name starts.
    month_token: re.Pattern[str] = re.compile(r"(?!)")
    weekday_token: re.Pattern[str] = re.compile(r"(?!)")


@functools.cache
def _patterns() -> _Patterns:
    lex = _lexicon()
    mf = _cased(lex.months)
    ma = _cased(lex.month_abbr)
    mon = rf"(?:{mf}|(?:{ma})\.?)(?![A-Za-z])"
    mon_full = rf"(?:{mf})(?![A-Za-z])"
    wd = rf"(?:{_cased(lex.weekdays)})(?![A-Za-z])"
    wda = rf"(?:{_cased(lex.weekday_abbr)})\.?(?![A-Za-z])"
    day = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![,.:]\d)"
    yr = r"(?:1[89]\d\d|20\d\d)"
    num_words = _alt([*lex.numbers, *(f"{t}-{u}" for t in _TENS for u in _UNITS_1_9)])
    num = rf"(?:\d+(?:\.\d+)?|(?i:{num_words}))"
    ordw = _alt([*lex.ordinals, *(f"{t}-{o}" for t in _TENS[:4] for o in _ORD_1_9)])
    ordn = rf"(?:\d+(?:st|nd|rd|th)|(?i:{ordw}))"
    qual = rf"(?i:{_alt(lex.count_qualifiers)})"
    war = rf"(?i:{_alt(lex.war_nouns)}|special\s+military\s+operation)"
    reldays = _alt(lex.relative_days)
    part = r"(?i:early|mid|late|the\s+(?:start|beginning|end|middle)\s+of|(?:start|beginning|end|middle)\s+of)"
    range_sep = r"\s*(?:-|–|—|to|and|&)\s*"
    words = r"(?:[\w’'-]+\s+)"
    rules: list[tuple[str, str]] = [
        ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
        (
            "numeric",
            r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)\b",
        ),
        (
            "dmy",
            rf"(?:(?P<wd>{wd}|{wda}),?\s+)?(?:(?i:the)\s+)?(?<![\d.,])(?P<d>{day})"
            rf"(?:{range_sep}(?P<d2>{day}))?\s+(?:of\s+)?(?P<mon>{mon})(?:,?\s+(?P<y>{yr})\b)?",
        ),
        (
            "mdy",
            rf"(?:(?P<wd>{wd}|{wda}),?\s+)?(?P<mon>{mon})\s+(?:the\s+)?(?P<d>{day})"
            rf"(?:{range_sep}(?P<d2>{day}))?(?:,?\s+(?P<y>{yr})\b)?",
        ),
        ("monthyear", rf"(?:(?P<part>{part})[\s-]+)?(?P<mon>{mon})(?:\s+of)?,?\s+(?P<y>{yr})\b"),
        (
            "monthrange",
            rf"(?P<mon>{mon_full})\s*(?:-|–|—|to|through|until|till)\s*(?P<mon2>{mon_full})"
            rf"(?:,?\s+(?P<y>{yr})\b)?",
        ),
        ("monthrelyear", rf"(?P<mon>{mon_full})\s+(?P<ry>(?i:last|this|next))\s+(?i:year)\b"),
        (
            "relmonth",
            rf"\b(?P<rm>(?i:last|this|next|this\s+past|this\s+coming))\s+(?P<mon>{mon_full})",
        ),
        ("month", rf"(?:(?P<part>{part})[\s-]+)?(?P<mon>{mon_full})(?P<poss>['’]s)?"),
        (
            "seasonyear",
            rf"\b(?:(?i:the)\s+)?(?P<season>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<y>{yr})\b",
        ),
        (
            "seasonrel",
            r"\b(?P<rel>(?i:this\s+past|this\s+coming|the\s+coming|the\s+past|this|last|next))\s+"
            r"(?P<season>(?i:spring|summer|autumn|fall|winter))\b",
        ),
        (
            "decade",
            r"\b(?:(?i:the)\s+)?(?:(?P<part>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:1[89]|20)\d0)['’]?s\b",
        ),
        (
            "yearrange",
            rf"(?<![\d$£€.,/-])(?P<y>{yr})\s*(?:-|–|—|/)\s*(?P<y2>(?:1[89]|20)?\d\d)\b(?![.,]?\d|\s*%)",
        ),
        (
            "yearrange",
            rf"\b(?i:from|between)\s+(?P<y>{yr})\s+(?i:to|and|until|till)\s+(?P<y2>{yr})\b",
        ),
        (
            "year",
            rf"(?<![\d$£€.,/\-–])(?P<y>{yr})(?P<poss>['’]s)?\b(?![.,]\d|\s*%|\s*(?:-|–)\s*\d)",
        ),
        (
            "weekday",
            r"(?:\b(?P<rel>(?i:this\s+past|this\s+coming|last|next|this|on|early|late|by|until|till"
            r"|since|from|every|each|following|previous))\s+)?"
            rf"(?P<wd>{wd})(?P<poss>['’]s)?(?:\s+(?P<part>morning|afternoon|evening|night|lunchtime))?",
        ),
        ("relday", rf"\b(?P<rd>(?i:{reldays}))\b(?P<poss>['’]s)?"),
        (
            "period",
            r"\b(?:(?P<pre>(?i:earlier|later|early|late))\s+)?(?P<rel>(?i:this\s+past|the\s+past"
            r"|the\s+previous|the\s+coming|the\s+last|the\s+next|the\s+current|this|last|next|past"
            r"|previous|coming|current))\s+(?P<unit>(?i:week|weekend|month|year|fortnight|quarter))"
            r"(?![A-Za-z])(?P<poss>['’]s)?",
        ),
        ("weekend", r"\b(?P<prep>(?i:at|over|during))\s+(?i:the)\s+(?P<unit>(?i:weekend))\b"),
        (
            "partof",
            r"\b(?:(?i:at|by|towards?|in|until|since)\s+)?(?i:the)\s+(?P<part>(?i:start|beginning|end|middle))"
            r"\s+(?i:of)\s+(?P<rel>(?i:the|this|last|next))\s+(?P<unit>(?i:week|month|year))\b",
        ),
        (
            "recent",
            rf"\b(?:(?i:in|over|during|for|within)\s+)?(?i:the)\s+(?P<rel>(?i:past|last|previous))\s+"
            rf"(?P<n>{num})\s+(?P<unit>(?i:days|weeks|months|years|hours|fortnights))\b",
        ),
        (
            "recent",
            r"\b(?:(?i:in|over|during)\s+)?(?P<rel>(?i:recent))\s+(?P<unit>(?i:days|weeks|months|years))\b",
        ),
        (
            "ago",
            rf"\b(?:(?P<qual>{qual})\s+)?(?P<n>{num})\s+(?P<unit>(?i:days?|weeks?|months?|years?"
            r"|decades?|fortnights?))\s+(?i:ago)\b",
        ),
        (
            "waroffset",
            rf"\b(?:(?P<qual>{qual})\s+)?(?P<n>{num})\s+(?P<unit>(?i:days?|weeks?|months?|years?))"
            r"\s+(?P<rel>(?i:later|on|into|after|since|of))\b",
        ),
        ("warday", rf"\b(?i:day)\s+(?P<n>\d{{1,4}})\s+(?i:of)\s+{words}{{0,4}}?(?P<noun>{war})\b"),
        (
            "warday",
            rf"\b(?i:the)\s+(?P<ord>{ordn})\s+(?i:day)\s+(?i:of)\s+{words}{{0,4}}?(?P<noun>{war})\b",
        ),
        (
            "warperiod",
            rf"\b(?P<det>(?i:its|the|their))\s+(?:(?P<adj>[a-z]+)\s+)?(?P<ord>{ordn})\s+"
            rf"(?P<unit>(?i:day|week|month|year))(?![A-Za-z])"
            rf"(?:\s+(?i:of)\s+{words}{{0,3}}?(?P<noun>{war})\b)?",
        ),
        (
            "warmark",
            rf"\b(?P<n>{num})[- ](?P<unit>(?i:day|week|month|year))\s+(?P<mk>(?i:mark|anniversary|milestone))\b",
        ),
        ("warmark", rf"\b(?P<ord>{ordn})\s+(?P<mk>(?i:anniversary))\b"),
        (
            "newyear",
            r"\b(?i:the)\s+(?i:new)\s+(?i:year)\b(?!['’]s)|\b(?i:new)\s+(?i:year)['’]s\s+(?P<eve>(?i:eve|day))\b",
        ),
    ]
    return _Patterns(
        rules=tuple((name, re.compile(p)) for name, p in rules),
        triggers={
            name: re.compile(p, re.IGNORECASE)
            for name, p in {
                "ago": r"\bago\b",
                "waroffset": r"\b(?:days?|weeks?|months?|years?)\s+(?:later|on|into|after|since|of)\b",
                "warmark": r"\b(?:mark|anniversary|milestone)\b",
                "warday": r"\bday\b",
                "recent": r"\b(?:past|last|previous|recent)\b",
                "seasonrel": r"\b(?:spring|summer|autumn|fall|winter)\b",
                "seasonyear": r"\b(?:spring|summer|autumn|fall|winter)\b",
                "partof": r"\b(?:start|beginning|end|middle)\s+of\b",
                "newyear": r"\bnew\s+year",
                "iso": r"(?:19|20)\d\d-[01]\d-",
                "numeric": r"\d[/.]\d{1,2}[/.](?:19|20)\d\d",
                "decade": r"\d0['’]?s",
            }.items()
        },
        word_before=re.compile(r"([\w’'-]+)[^\w\n]*$"),
        number_word=re.compile(rf"^{num}$"),
        month_token=re.compile(rf"(?={mon})"),
        weekday_token=re.compile(rf"(?={wd})"),
    )


# --------------------------------------------------------------------------- recognition


@dataclass
class _Context:
    """What the recognisers need about one body: its text, parse and sentence bounds."""

    text: str
    doc: Doc
    lex: _Lexicon
    sent_starts: list[int] = field(default_factory=list)
    sent_ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Sentence bounds from arrays (iterating doc.sents builds a Span per sentence).
        if len(self.doc) == 0:
            return
        arr = self.doc.to_array([IDX, SENT_START])
        idx, starts = arr[:, 0], arr[:, 1]
        first = [int(i) for i in np.nonzero(starts == 1)[0]]
        if not first or first[0] != 0:
            first.insert(0, 0)
        for k, tok_i in enumerate(first):
            self.sent_starts.append(int(idx[tok_i]))
            last = self.doc[(first[k + 1] if k + 1 < len(first) else len(self.doc)) - 1]
            self.sent_ends.append(last.idx + len(last.text))

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        import bisect

        i = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        if not self.sent_starts:
            return 0, len(self.text)
        return self.sent_starts[i], self.sent_ends[i]

    def sentence_index(self, pos: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def words_before(self, pos: int, n: int = 2) -> list[str]:
        """Up to ``n`` words before ``pos`` within the same paragraph, nearest last."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        chunk = self.text[max(line_start, pos - 60) : pos]
        return re.findall(r"[\w’'-]+", chunk)[-n:]

    def word_after(self, pos: int) -> str:
        m = re.match(r"[ \t]*([\w’'-]+)", self.text[pos : pos + 40])
        return m.group(1) if m else ""

    def at_sentence_start(self, pos: int) -> bool:
        s, _ = self.sentence_bounds(pos)
        return not self.text[s:pos].strip(" \"“‘'(")


def _num(text: str, lex: _Lexicon) -> float | None:
    t = re.sub(r"\s+", " ", text.strip().lower())
    try:
        return float(t)
    except ValueError:
        pass
    if t in lex.numbers:
        return lex.numbers[t]
    if "-" in t:
        tens, _, unit = t.partition("-")
        if tens in lex.numbers and unit in lex.numbers:
            return lex.numbers[tens] + lex.numbers[unit]
    return None


def _ordinal(text: str, lex: _Lexicon) -> int | None:
    t = text.strip().lower()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        return int(m.group(1))
    if t in lex.ordinals:
        return lex.ordinals[t]
    if "-" in t:
        tens, _, unit = t.partition("-")
        if tens in lex.numbers and unit in lex.ordinals:
            return int(lex.numbers[tens]) + lex.ordinals[unit]
    return None


def _month_of(text: str, lex: _Lexicon) -> int | None:
    t = text.strip().rstrip(".").lower()
    return lex.months.get(t) or lex.month_abbr.get(t)


def _weekday_of(text: str, lex: _Lexicon) -> int | None:
    t = text.strip().rstrip(".").lower()
    if t in lex.weekdays:
        return lex.weekdays[t]
    return lex.weekday_abbr.get(t)


def _unit_of(text: str, lex: _Lexicon) -> str:
    t = text.lower()
    for name in ("fortnight", "decade", "week", "month", "year", "day", "hour"):
        if t.startswith(name):
            return name
    return t


def _day_of(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _valid_day(y: int | None, m: int, d: int) -> bool:
    if not 1 <= m <= 12 or d < 1:
        return False
    return d <= calendar.monthrange(y if y is not None else 2024, m)[1]


def _war_word_before(ctx: _Context, start: int, end: int) -> bool:
    """Whether the text between ``start`` and ``end`` names this war."""
    lex = ctx.lex
    tokens = re.findall(r"[\w’'-]+", ctx.text[start:end].lower())
    for i, tok in enumerate(tokens):
        word = tok.removesuffix("’s").removesuffix("'s")
        if word in lex.war_nouns and (i == 0 or tokens[i - 1] not in lex.war_exclusions):
            return True
        if word == "special" and tokens[i + 1 : i + 3] == ["military", "operation"]:
            return True
    return False


def _sentence_has_war(ctx: _Context, pos: int, before_only: bool = False) -> bool:
    s, e = ctx.sentence_bounds(pos)
    return _war_word_before(ctx, s, pos if before_only else e)


def _build(name: str, m: re.Match[str], ctx: _Context) -> _Expr | None:
    """Turn a regex match into an expression, or refuse it."""
    lex = ctx.lex
    g = m.groupdict()
    start, end = m.start(), m.end()
    mo: int | None
    y: int | None
    if name == "iso":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        if not _valid_day(y, mo, d):
            return None
        return _Expr(start, end, "date", year=y, month=mo, day=d)
    if name == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
        if a > 12 and _valid_day(y, b, a):
            return _Expr(start, end, "date", year=y, month=b, day=a)
        if b > 12 and _valid_day(y, a, b):
            return _Expr(start, end, "date", year=y, month=a, day=b)
        return None  # 03/04/2022 is ambiguous between the two orders: refuse
    if name in ("dmy", "mdy"):
        mo = _month_of(g["mon"], lex)
        if mo is None:
            return None
        d = _day_of(g["d"])
        y = int(g["y"]) if g.get("y") else None
        if not _valid_day(y, mo, d):
            return None
        d2 = _day_of(g["d2"]) if g.get("d2") else None
        if d2 is not None and (d2 <= d or not _valid_day(y, mo, d2)):
            return None  # "March 14 and 2,000 people": not a range
        wd = _weekday_of(g["wd"], lex) if g.get("wd") else None
        if name == "mdy" and mo in (3, 5) and not g.get("wd") and y is None:
            # "May 9" is a date, "may 2 ..." is not; the capital letter is checked by the
            # pattern, a modal "May" at a sentence start is checked here.
            span = ctx.span(m.start("mon"), m.end("mon"))
            if span is not None and span[0].tag_ == "MD":
                return None
        return _Expr(start, end, "date", year=y, month=mo, day=d, day2=d2, weekday=wd)
    if name == "monthyear":
        mo = _month_of(g["mon"], lex)
        if mo is None:
            return None
        return _Expr(start, end, "month", year=int(g["y"]), month=mo, part=_part(g.get("part")))
    if name == "monthrange":
        mo, mo2 = _month_of(g["mon"], lex), _month_of(g["mon2"], lex)
        if mo is None or mo2 is None or mo == mo2:
            return None
        y = int(g["y"]) if g.get("y") else None
        return _Expr(start, end, "month", year=y, month=mo, month2=mo2)
    if name == "monthrelyear":
        mo = _month_of(g["mon"], lex)
        return _Expr(start, end, "monthrel", month=mo, rel=g["ry"].lower())
    if name == "relmonth":
        mo = _month_of(g["mon"], lex)
        rel = re.sub(r"\s+", " ", g["rm"].lower())
        return _Expr(start, end, "monthrel", month=mo, rel="month-" + rel)
    if name == "month":
        return _build_month(m, ctx)
    if name == "seasonyear":
        return _Expr(start, end, "season", year=int(g["y"]), unit=g["season"].lower())
    if name == "seasonrel":
        rel = re.sub(r"\s+", " ", g["rel"].lower()).removeprefix("the ")
        return _Expr(start, end, "season", unit=g["season"].lower(), rel=rel)
    if name == "decade":
        y = int(g["dec"])
        return _Expr(start, end, "year", year=y, year2=y + 9, part=_part(g.get("part")))
    if name == "yearrange":
        y = int(g["y"])
        y2s = g["y2"]
        y2 = int(y2s) if len(y2s) == 4 else (y // 100) * 100 + int(y2s)
        if not y < y2 <= y + 50:
            return None
        return _Expr(start, end, "year", year=y, year2=y2)
    if name == "year":
        return _build_year(m, ctx)
    if name == "weekday":
        return _build_weekday(m, ctx)
    if name == "relday":
        return _build_relday(m, ctx)
    if name == "period":
        unit = g["unit"].lower()
        rel = re.sub(r"\s+", " ", g["rel"].lower())
        pre = g["pre"].lower() if g.get("pre") else None
        return _Expr(start, end, "period", unit=unit, rel=rel, part=pre)
    if name == "weekend":
        return _Expr(start, end, "period", unit="weekend", rel="the")
    if name == "partof":
        part = g["part"].lower().replace("beginning", "start")
        return _Expr(start, end, "period", unit=g["unit"].lower(), rel=g["rel"].lower(), part=part)
    if name == "recent":
        unit = _unit_of(g["unit"], lex)
        if g["rel"].lower() == "recent":
            return _Expr(start, end, "recent", unit=unit, n=None)
        n = _num(g["n"], lex)
        if n is None or n <= 0:
            return None
        return _Expr(start, end, "recent", unit=unit, n=n)
    if name == "ago":
        n = _num(g["n"], lex)
        if n is None or n <= 0:
            return None
        qual = (
            lex.count_qualifiers.get(re.sub(r"\s+", " ", g["qual"].lower()))
            if g.get("qual")
            else None
        )
        unit = _unit_of(g["unit"], lex)
        s, e = ctx.sentence_bounds(start)
        sentence = ctx.text[s:e].lower()
        war_start = _sentence_has_war(ctx, start) and any(
            re.search(rf"\b{re.escape(w)}\b", sentence) for w in lex.war_start_words
        )
        return _Expr(start, end, "ago", n=n, unit=unit, qual=qual, war_start=war_start)
    if name == "waroffset":
        return _build_waroffset(m, ctx)
    if name == "warday":
        n = int(g["n"]) if g.get("n") else _ordinal(g["ord"], lex)
        if not n or n > 4000:
            return None
        return _Expr(start, end, "warday", n=float(n))
    if name == "warperiod":
        return _build_warperiod(m, ctx)
    if name == "warmark":
        return _build_warmark(m, ctx)
    if name == "newyear":
        return _Expr(
            start, end, "newyear", part="eve" if (g.get("eve") or "").lower() == "eve" else None
        )
    return None


def _part(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower()
    for key, value in (
        ("early", "early"),
        ("start", "early"),
        ("beginning", "early"),
        ("mid", "mid"),
        ("late", "late"),
        ("end", "late"),
    ):
        if key in t:
            return value
    return None


def _build_month(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    g = m.groupdict()
    name = g["mon"].lower()
    mo = lex.months.get(name)
    if mo is None:
        return None
    mstart = m.start("mon")
    before = [w.lower() for w in ctx.words_before(m.start())]
    has_cue = (
        bool(g.get("part")) or bool(g.get("poss")) or (before and before[-1] in lex.month_cues)
    )
    if not has_cue:
        return None
    span = ctx.span(mstart, m.end("mon"))
    if name in lex.ambiguous_months and span is not None:
        tok = span[0]
        if tok.tag_ == "MD" or tok.pos_ == "VERB" or tok.ent_type_ == "PERSON":
            return None
        # "Theresa May's", "Brian May": a capitalised word just before is a first name.
        raw_before = ctx.words_before(mstart, 1)
        if (
            raw_before
            and raw_before[-1][:1].isupper()
            and not ctx.at_sentence_start(m.start())
            and raw_before[-1].lower() not in lex.month_cues
        ):
            return None
    return _Expr(m.start(), m.end(), "month", month=mo, part=_part(g.get("part")))


def _build_year(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    y = int(m.group("y"))
    before = [w.lower() for w in ctx.words_before(m.start(), 1)]
    if before and before[-1] in lex.year_quantity_words:
        return None
    after = ctx.word_after(m.end())
    if after.lower() in lex.year_units:
        return None
    span = ctx.span(m.start("y"), m.end("y"))
    if span is not None and not m.group("poss"):
        tok = span[-1]
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        # "2020 soldiers": a count before a plural noun (or adjective + plural noun)
        for cand in (nxt, nxt.nbor(1) if nxt is not None and nxt.i + 1 < len(tok.doc) else None):
            if cand is None:
                break
            if cand.tag_ in ("NNS", "NNPS"):
                if cand.lower_ not in lex.year_plural_nouns:
                    return None
                break
            if cand.tag_ not in ("JJ", "VBN"):
                break
    return _Expr(m.start(), m.end(), "year", year=y)


def _build_weekday(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    g = m.groupdict()
    wd = _weekday_of(g["wd"], lex)
    if wd is None:
        return None
    rel = re.sub(r"\s+", " ", g["rel"].lower()) if g.get("rel") else None
    if rel in ("every", "each"):
        return None
    wstart = m.start("wd")
    before = [w.lower() for w in ctx.words_before(m.start(), 2)]
    if before and (before[-1] in lex.weekday_prefixes or " ".join(before) in lex.weekday_prefixes):
        return None
    if not g.get("part"):
        after = ctx.word_after(m.end("wd") + len(g.get("poss") or ""))
        if after[:1].isupper() and after.lower() in lex.weekday_titles:
            return None  # "Sunday Times", "Sunday Morning Futures"
    start = m.start()
    if rel in ("on", "by", "until", "till", "since", "from", "early", "late"):
        start = wstart  # the preposition is not part of the date
    return _Expr(start, m.end(), "weekday", weekday=wd, rel=rel, part=g.get("part"))


def _build_relday(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    phrase = re.sub(r"\s+", " ", m.group("rd").lower())
    offset = lex.relative_days.get(phrase)
    if offset is None:
        return None
    if m.group("poss"):
        nxt = ctx.word_after(m.end()).lower()
        if nxt in lex.generic_today_nouns:
            return None  # "today's world"
    first = m.group("rd")[:1]
    if first.isupper() and not ctx.at_sentence_start(m.start()):
        before = ctx.words_before(m.start(), 1)
        if before and before[-1][:1].isupper():
            return None  # "USA Today", "Russia Today": names
    before = [w.lower() for w in ctx.words_before(m.start(), 2)]
    if before and before[-1] == "of" and before[-2:] != ["as", "of"]:
        return None  # "the Russia of today"
    return _Expr(m.start(), m.end(), "relday", offset=offset)


def _build_waroffset(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    g = m.groupdict()
    n = _num(g["n"], lex)
    if n is None or n <= 0:
        return None
    rel = g["rel"].lower()
    unit = _unit_of(g["unit"], lex)
    qual = (
        lex.count_qualifiers.get(re.sub(r"\s+", " ", g["qual"].lower())) if g.get("qual") else None
    )
    if rel in ("into", "after", "since", "of"):
        # "100 days into the war", "six months after the invasion", "100 days of war"
        follow = ctx.text[m.end() : m.end() + 45]
        words = re.findall(r"[\w’'-]+", follow)[: 1 if rel == "of" else 4]
        window_end = m.end() + (follow.find(words[-1]) + len(words[-1]) if words else 0)
        if not _war_word_before(ctx, m.end(), window_end):
            return None
        return _Expr(m.start(), m.end(), "waroffset", n=n, unit=unit, qual=qual, rel=rel)
    # "a month later", "two years on": counted from the war's start when the war is the
    # topic of this or the previous sentence and no other date is named in this one.
    idx = ctx.sentence_index(m.start())
    s, e = ctx.sentence_bounds(m.start())
    prev_s = ctx.sent_starts[idx - 1] if idx > 0 else s
    if not _war_word_before(ctx, prev_s, e):
        return None
    sentence = ctx.text[s:e]
    if re.search(
        r"\b(?:1[89]|20)\d\d\b|\b(?:January|February|April|June|July|August|September"
        r"|October|November|December)\b|day\b",
        sentence.replace(m.group(0), ""),
    ):
        return None
    return _Expr(m.start(), m.end(), "waroffset", n=n, unit=unit, qual=qual, rel=rel)


_ENTER = re.compile(
    r"\b(?:enter(?:s|ed|ing)?|began|begins|beginning|starts?|started|marks?|marked)\s*$", re.I
)
_APPROACH = re.compile(
    r"\b(?:approach\w*|near\w*|nears|ahead\s+of|before|looming|coming\s+up\s+on)\s+(?:\w+\s+)?$",
    re.I,
)


def _build_warperiod(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    g = m.groupdict()
    n = _ordinal(g["ord"], lex)
    if not n:
        return None
    unit = g["unit"].lower()
    det = g["det"].lower()
    if not g.get("noun"):
        follow = ctx.text[m.end() : m.end() + 20].lower()
        if re.match(r"\s*(?:of|in\s+a\s+row|in\s+office|running|since|at)\b", follow):
            return None  # "the second year of his presidency", "the third year in a row"
        if det not in ("its", "their") or not _sentence_has_war(ctx, m.start(), before_only=True):
            return None
    if g.get("adj") and _ordinal(g["adj"], lex):
        return None
    before = ctx.text[max(0, m.start() - 30) : m.start()]
    return _Expr(
        m.start(), m.end(), "warperiod", n=float(n), unit=unit, entered=bool(_ENTER.search(before))
    )


def _build_warmark(m: re.Match[str], ctx: _Context) -> _Expr | None:
    lex = ctx.lex
    g = m.groupdict()
    if g.get("ord"):
        n: float | None = float(_ordinal(g["ord"], lex) or 0)
        unit = "year"
        follow = ctx.text[m.end() : m.end() + 45]
        if not (
            re.match(r"\s+of\s+", follow) and _war_word_before(ctx, m.end(), m.end() + 45)
        ) and not _war_word_before(ctx, max(0, m.start() - 25), m.start()):
            return None
    else:
        n = _num(g["n"], lex)
        unit = g["unit"].lower()
        if not _sentence_has_war(ctx, m.start()):
            return None
    if not n:
        return None
    before = ctx.text[max(0, m.start() - 30) : m.start()]
    return _Expr(
        m.start(), m.end(), "warmark", n=n, unit=unit, approach=bool(_APPROACH.search(before))
    )


def _anchored_windows(text: str, tokens: Sequence[re.Pattern[str]]) -> list[list[tuple[int, int]]]:
    """For each ``token`` pattern, disjoint windows of ``text`` holding every match of the
    rules anchored on it (see :data:`_MONTH_RULES`): ``_ANCHOR_REACH`` chunks either side
    of each place where it matches, merged where they touch."""
    found = [[m.start() for m in token.finditer(text)] for token in tokens]
    if not any(found):
        return [[] for _ in tokens]
    chunks = [m.span() for m in _CHUNK.finditer(text)]
    chunk_starts = [c[0] for c in chunks]
    result: list[list[tuple[int, int]]] = []
    for starts in found:
        out: list[tuple[int, int]] = []
        for q in starts:
            i = max(0, bisect.bisect_right(chunk_starts, q) - 1)
            lo = chunks[max(0, i - _ANCHOR_REACH)][0]
            hi = min(len(text), chunks[min(len(chunks) - 1, i + _ANCHOR_REACH)][1] + 2)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        result.append(out)
    return result


def _recognise(ctx: _Context) -> list[_Expr]:
    """Every date expression of the text, longest match first, without overlaps."""
    cands: list[tuple[int, int, int, _Expr]] = []
    patterns = _patterns()
    text = ctx.text
    whole = ((0, len(text)),)
    month_windows, weekday_windows = _anchored_windows(
        text, (patterns.month_token, patterns.weekday_token)
    )
    for priority, (name, pattern) in enumerate(patterns.rules):
        trigger = patterns.triggers.get(name)
        if trigger is not None and trigger.search(text) is None:
            continue
        windows = (
            month_windows
            if name in _MONTH_RULES
            else weekday_windows
            if name in _WEEKDAY_RULES
            else whole
        )
        for m in (m for a, b in windows for m in pattern.finditer(text, a, b)):
            if m.end() <= m.start():
                continue
            expr = _build(name, m, ctx)
            if expr is not None:
                cands.append((-(expr.end - expr.start), priority, expr.start, expr))
    cands.sort(key=lambda c: c[:3])
    taken: list[tuple[int, int]] = []
    out: list[_Expr] = []
    for _, _, _, expr in cands:
        if any(expr.start < e and s < expr.end for s, e in taken):
            continue
        taken.append((expr.start, expr.end))
        out.append(expr)
    out.sort(key=lambda x: x.start)
    return [_with_tense(x, ctx) for x in out]


# --------------------------------------------------------------------------- tense


def _with_tense(expr: _Expr, ctx: _Context) -> _Expr:
    if expr.kind not in ("date", "month", "year", "weekday", "season", "monthrel"):
        return expr
    return _replace(expr, tense=_tense(ctx, expr.start, expr.end))


def _replace(expr: _Expr, **changes: Any) -> _Expr:
    import dataclasses

    return dataclasses.replace(expr, **changes)


def _tense(ctx: _Context, start: int, end: int) -> str | None:
    """ "past", "future", "present" or None for the clause holding ``text[start:end]``."""
    lex = ctx.lex
    span = ctx.span(start, end)
    prep = ""
    before = ctx.words_before(start, 1)
    if before:
        prep = before[-1].lower()
    verb_tense: str | None = None
    if span is not None:
        tok = span.root
        for _ in range(8):
            if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
                break
            tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            verb_tense = _verb_tense(tok, lex)
    if verb_tense in ("past", "future"):
        return verb_tense
    if prep in lex.future_preps:
        return "future"
    if prep in lex.past_preps:
        return "past"
    return verb_tense


def _verb_tense(tok: Any, lex: _Lexicon) -> str | None:
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {c.lower_ for c in auxes}
    if aux_words & lex.future_aux or tok.lower_ in lex.future_aux:
        return "future"
    if "to" in aux_words:
        head = tok.head
        if head.lemma_.lower() in lex.future_adj or head.lemma_.lower() in lex.future_verbs:
            return "future"
        if head.lemma_.lower() == "go" and head.tag_ == "VBG":
            return "future"
    if aux_words & {"had", "has", "have", "did", "was", "were", "'d"}:
        return "past"
    if tok.tag_ in ("VBD", "VBN"):
        return "past"
    if tok.tag_ in ("VBZ", "VBP", "VBG") or aux_words & {"is", "are", "am"}:
        return "present"
    return None


# --------------------------------------------------------------------------- calendar


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m0 = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


def _month_bounds(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _month_part(y: int, m: int, part: str | None) -> tuple[dt.date, dt.date]:
    first, last = _month_bounds(y, m)
    if part == "early":
        return first, first.replace(day=10)
    if part == "mid":
        return first.replace(day=11), first.replace(day=20)
    if part == "late":
        return first.replace(day=21), last
    return first, last


def _shift(d: dt.date, n: float, unit: str, lex: _Lexicon, sign: int = 1) -> dt.date:
    """``d`` moved by ``n`` units ("week", "month", ...) forwards (sign 1) or back (-1)."""
    amount, cal = lex.units.get(unit, (1, "day"))
    if unit == "hour":
        return d - dt.timedelta(days=math.ceil(n / 24)) if sign < 0 else d
    if cal == "day":
        return d + dt.timedelta(days=sign * round(n * amount))
    return _add_months(d, sign * round(n * amount))


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


def _season_bounds(y: int, season: tuple[int, int]) -> tuple[dt.date, dt.date]:
    first, last = season
    if first <= last:
        return dt.date(y, first, 1), _month_bounds(y, last)[1]
    return dt.date(y, first, 1), _month_bounds(y + 1, last)[1]  # winter of y: Dec y-Feb y+1


def _nearest_occurrence(
    candidates: Sequence[dt.date], ref: dt.date, tense: str | None
) -> dt.date | None:
    """The candidate a text written on ``ref`` means: the latest one not after it for the
    past, the first one not before it for the future, else the nearest (the past on ties)."""
    past = [c for c in candidates if c <= ref]
    future = [c for c in candidates if c >= ref]
    if tense == "future":
        return min(future) if future else None
    if tense == "past":
        return max(past) if past else None
    p = max(past) if past else None
    f = min(future) if future else None
    if p is None:
        return f
    if f is None or (ref - p) <= (f - ref):
        return p
    return f


# --------------------------------------------------------------------------- resolution

_Interval = tuple[dt.date, dt.date | None, str]


def _resolve(e: _Expr, pub: dt.date | None, lex: _Lexicon) -> _Interval | None:
    """The absolute day or interval an expression denotes, and what it was resolved against."""
    inv = lex.invasion
    k = e.kind
    if k == "date":
        assert e.month is not None and e.day is not None
        if e.year is not None:
            d = dt.date(e.year, e.month, e.day)
            d2 = d.replace(day=e.day2) if e.day2 else None
            return d, d2, "explicit"
        if pub is None:
            return None
        cands = [
            dt.date(y, e.month, e.day)
            for y in (pub.year - 1, pub.year, pub.year + 1)
            if _valid_day(y, e.month, e.day)
        ]
        if e.weekday is not None:
            matching = [c for c in cands if c.weekday() == e.weekday]
            if len(matching) == 1:  # "Tuesday, March 22": the weekday fixes the year
                d = matching[0]
                return d, d.replace(day=e.day2) if e.day2 else None, "published"
            cands = matching or cands
        near = _nearest_occurrence(cands, pub, e.tense)
        if near is None:
            return None
        d = near
        return d, d.replace(day=e.day2) if e.day2 else None, "published"
    if k == "month":
        assert e.month is not None
        if e.year is not None:
            if e.month2 is not None:
                y2 = e.year if e.month2 > e.month else e.year + 1
                return dt.date(e.year, e.month, 1), _month_bounds(y2, e.month2)[1], "explicit"
            first, last = _month_part(e.year, e.month, e.part)
            return first, last, "explicit"
        if pub is None:
            return None
        year = _month_year(e.month, pub, e.tense)
        if e.month2 is not None:
            y2 = year if e.month2 > e.month else year + 1
            return dt.date(year, e.month, 1), _month_bounds(y2, e.month2)[1], "published"
        first, last = _month_part(year, e.month, e.part)
        return first, last, "published"
    if k == "monthrel":
        assert e.month is not None
        if pub is None:
            return None
        rel = e.rel or ""
        if rel.startswith("month-"):  # "last March", "this March", "next March"
            r = rel.removeprefix("month-")
            if r in ("last", "this past"):
                year = pub.year if e.month < pub.month else pub.year - 1
            elif r in ("next", "this coming"):
                year = pub.year if e.month > pub.month else pub.year + 1
            else:
                year = pub.year
        else:  # "February last year"
            year = pub.year + {"last": -1, "this": 0, "next": 1}[rel]
        first, last = _month_bounds(year, e.month)
        return first, last, "published"
    if k == "year":
        assert e.year is not None
        y2 = e.year2 if e.year2 is not None else e.year
        first, last = dt.date(e.year, 1, 1), dt.date(y2, 12, 31)
        if e.year2 is not None and e.year2 - e.year == 9 and e.part:  # "the early 1990s"
            third = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[e.part]
            first, last = dt.date(e.year + third[0], 1, 1), dt.date(e.year + third[1], 12, 31)
        return first, last, "explicit"
    if k == "season":
        season = lex.seasons[e.unit or "summer"]
        if e.year is not None:
            a, b = _season_bounds(e.year, season)
            return a, b, "explicit"
        if pub is None:
            return None
        occurrences = [
            _season_bounds(y, season) for y in (pub.year - 2, pub.year - 1, pub.year, pub.year + 1)
        ]
        current = [o for o in occurrences if o[0] <= pub <= o[1]]
        past = [o for o in occurrences if o[1] < pub]
        future = [o for o in occurrences if o[0] > pub]
        rel = e.rel or "this"
        if rel in ("last", "past", "this past"):
            chosen = past[-1]
        elif rel in ("next", "coming", "this coming"):
            chosen = future[0]
        else:  # "this summer": the current one, else the nearest to come this year
            chosen = (
                current[0]
                if current
                else (future[0] if future and future[0][0].year == pub.year else past[-1])
            )
        return chosen[0], chosen[1], "published"
    if k == "weekday":
        assert e.weekday is not None
        if pub is None:
            return None
        back = (pub.weekday() - e.weekday) % 7
        fwd = (e.weekday - pub.weekday()) % 7
        rel = e.rel or ""
        if rel in ("last", "previous", "this past"):
            d = pub - dt.timedelta(days=back or 7)
        elif (
            rel in ("next", "this coming", "following")
            or rel in ("by", "until", "till")
            or e.tense == "future"
        ):
            d = pub + dt.timedelta(days=fwd or 7)
        else:
            d = pub - dt.timedelta(days=back)
        return d, None, "published"
    if k == "relday":
        if pub is None:
            return None
        return pub + dt.timedelta(days=e.offset or 0), None, "published"
    if k == "period":
        if pub is None:
            return None
        return _resolve_period(e, pub, lex)
    if k == "recent":
        if pub is None:
            return None
        n = (
            e.n
            if e.n is not None
            else {"day": 7, "week": 4, "month": 3, "year": 3}.get(e.unit or "day", 7)
        )
        unit = e.unit or "day"
        if e.n is None and unit == "week":
            n, unit = 28, "day"
        return _shift(pub, n, unit, lex, -1), pub, "published"
    if k == "ago":
        if pub is None or e.n is None:
            return None
        return _shift(pub, e.n, e.unit or "day", lex, -1), None, "published"
    if k == "warday":
        assert e.n is not None
        return inv + dt.timedelta(days=int(e.n) - 1), None, "invasion"
    if k == "warperiod":
        assert e.n is not None
        n = int(e.n)
        unit = e.unit or "week"
        if unit == "day":
            return inv + dt.timedelta(days=n - 1), None, "invasion"
        if unit == "week":
            a = inv + dt.timedelta(days=7 * (n - 1))
            return a, a + dt.timedelta(days=6), "invasion"
        months = (n - 1) * (12 if unit == "year" else 1)
        step = 12 if unit == "year" else 1
        a = _add_months(inv, months)
        return a, _add_months(inv, months + step) - dt.timedelta(days=1), "invasion"
    if k in ("waroffset", "warmark"):
        assert e.n is not None
        if e.unit == "day":  # "100 days into the war" is its 100th day
            return inv + dt.timedelta(days=max(0, round(e.n) - 1)), None, "invasion"
        return _shift(inv, e.n, e.unit or "day", lex, 1), None, "invasion"
    if k == "newyear":
        if pub is None:
            return None
        year = pub.year + 1 if pub.month >= 7 else pub.year
        if e.part == "eve":
            return dt.date(year - 1, 12, 31), None, "published"
        return dt.date(year, 1, 1), None, "published"
    return None


def _month_year(month: int, pub: dt.date, tense: str | None) -> int:
    back = (pub.month - month) % 12
    fwd = (month - pub.month) % 12
    if tense == "future":
        use_back = False
    elif tense == "past":
        use_back = True
    else:
        use_back = back <= fwd
    if use_back:
        return pub.year if month <= pub.month else pub.year - 1
    return pub.year if month >= pub.month else pub.year + 1


def _resolve_period(e: _Expr, pub: dt.date, lex: _Lexicon) -> _Interval | None:
    unit, rel, part = e.unit or "week", e.rel or "this", e.part
    rel = rel.removeprefix("the ") if rel not in ("the past", "the last", "the next") else rel
    step = {"last": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1}.get(rel, 0)
    rolling = rel in ("past", "the past", "the last")  # "the past week": the last seven days
    if unit == "weekend":
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)  # latest Saturday <= pub
        if rel in ("next", "coming", "the next"):
            sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
        elif rel in ("last", "previous") and pub.weekday() >= 5:
            sat -= dt.timedelta(days=7)
        elif rel == "this" and e.tense == "future" and pub.weekday() < 5:
            sat += dt.timedelta(days=7)
        return sat, sat + dt.timedelta(days=1), "published"
    if unit in ("week", "fortnight"):
        if rolling or unit == "fortnight":
            days = 14 if unit == "fortnight" else 7
            if rel in ("next", "the next", "coming"):
                return pub + dt.timedelta(days=1), pub + dt.timedelta(days=days), "published"
            return pub - dt.timedelta(days=days), pub, "published"
        a, b = _week(pub + dt.timedelta(days=7 * step))
    elif unit == "month":
        if rolling:
            return _add_months(pub, -1), pub, "published"
        first = _add_months(pub.replace(day=1), step)
        a, b = _month_bounds(first.year, first.month)
    elif unit == "quarter":
        q0 = (pub.month - 1) // 3 * 3 + 1
        first = _add_months(dt.date(pub.year, q0, 1), 3 * step)
        a, b = first, _add_months(first, 3) - dt.timedelta(days=1)
    else:  # year
        if rolling:
            return _add_months(pub, -12), pub, "published"
        a, b = dt.date(pub.year + step, 1, 1), dt.date(pub.year + step, 12, 31)
    if part == "earlier" and step == 0:
        return a, max(a, pub - dt.timedelta(days=1)) if unit == "week" else pub, "published"
    if part == "later" and step == 0:
        return min(b, pub + dt.timedelta(days=1)) if unit == "week" else pub, b, "published"
    if part in ("start", "early", "end", "late", "middle"):
        length = (b - a).days + 1
        third = max(1, round(length / 3))
        if part in ("start", "early"):
            return a, a + dt.timedelta(days=third - 1), "published"
        if part in ("end", "late"):
            return b - dt.timedelta(days=third - 1), b, "published"
        return a + dt.timedelta(days=third), b - dt.timedelta(days=third), "published"
    return a, b, "published"


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class _EventMention:
    event: _Event
    start: int
    end: int
    tense: str | None
    historical: bool = False  # "former Defence Minister X": an office no longer held


@dataclass(frozen=True)
class _Analysis:
    ctx: _Context
    exprs: tuple[_Expr, ...]
    events: tuple[_EventMention, ...]
    war_refs: tuple[tuple[int, int], ...]


# Words before an office holder's title that put the office in the past.
_HISTORICAL_BEFORE = re.compile(
    r"\b(?:former|then|ex|late|erstwhile|previous|one-time|onetime|past)[-\s]+"
    r"(?:[\w.’']+[-\s]+){0,3}$",
    re.IGNORECASE,
)


def _analyse(doc: Doc) -> _Analysis:
    """Recognise the expressions, event mentions and war references of a parsed body
    (cached on the Doc: both public functions need them)."""
    cached = doc.user_data.get(_USER_DATA_KEY)
    if isinstance(cached, _Analysis) and cached.ctx.text == doc_text(doc):
        return cached
    lex = _lexicon()
    ctx = _Context(doc_text(doc), doc, lex)
    exprs = tuple(_recognise(ctx))
    events: list[_EventMention] = []
    lowered = ctx.text.lower()
    for ev in lex.events:
        if ev.words and not any(w in lowered for w in ev.words):
            continue
        for pattern, word in zip(ev.patterns, ev.required, strict=True):
            if word is not None and word not in lowered:
                continue
            for m in pattern.finditer(ctx.text):
                historical = ev.kind == "tenure" and bool(
                    _HISTORICAL_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start())
                )
                events.append(
                    _EventMention(
                        ev, m.start(), m.end(), _tense(ctx, m.start(), m.end()), historical
                    )
                )
    war_refs = tuple((m.start(), m.end()) for p in lex.war_definite for m in p.finditer(ctx.text))
    analysis = _Analysis(ctx, exprs, tuple(events), war_refs)
    doc.user_data[_USER_DATA_KEY] = analysis
    return analysis


# --------------------------------------------------------------------------- inference

_EPOCH = dt.date(1970, 1, 1).toordinal()
# Cost of publishing k days after a weekday spoken of in the past ("said on Tuesday"): the
# same day or the next is the rule, a week later rare. And k days before a future one.
_PAST_WEEKDAY_COST = np.array([0.1, 0.0, 0.4, 0.8, 1.2, 1.5, 1.8, 2.5])
_FUTURE_WEEKDAY_COST = np.array([2.5, 0.0, 0.3, 0.6, 1.0, 1.4, 1.8, 2.2])
# How strongly the latest dated mention of each form pulls the publication day towards
# itself (news reports recent days): weight of log(1 + days since it).
_PULL = {
    "weekday_date": 0.6,
    "yearless": 0.5,
    "post": 0.5,
    "explicit_day": 0.2,
    "event": 0.15,
}
# The date line of an embedded social-media post ("— Name (@handle) March 16, 2024"): posts
# are embedded while they are news, so their date is a strong pull.
_POST_BEFORE = re.compile(r"\(@\w{1,30}\)\s*$")

_RANGE_BEFORE = re.compile(
    r"\b(?:between|from|through|to|until|till|and)\s+(?:the\s+)?$", re.IGNORECASE
)
_OFFSET_TOLERANCE = {"day": 1, "week": 3, "month": 8, "year": 45, "decade": 180, "fortnight": 4}
_SOURCE_RANK = ("invasion_count", "weekday_date", "explicit", "event", "relative", "year", "war")


@dataclass(frozen=True)
class _Grid:
    days: np.ndarray  # ordinals of the candidate publication days
    weekday: np.ndarray
    year: np.ndarray
    mindex: np.ndarray  # months since January 1970

    @classmethod
    def between(cls, lo: int, hi: int) -> _Grid:
        days = np.arange(lo, hi + 1, dtype=np.int64)
        d64 = (days - _EPOCH).astype("datetime64[D]")
        return cls(
            days=days,
            weekday=(days - 1) % 7,
            year=d64.astype("datetime64[Y]").astype(np.int64) + 1970,
            mindex=d64.astype("datetime64[M]").astype(np.int64),
        )


def _month_start(mindex: np.ndarray) -> np.ndarray:
    return mindex.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + _EPOCH


@dataclass
class _Clue:
    """One piece of evidence about the publication day, as a cost over candidate days."""

    text: str
    source: str
    cost: Callable[[_Grid], np.ndarray]
    anchor: Callable[[_Grid], np.ndarray] | None = None  # latest dated event it places before
    low: int | None = None  # ordinal: the day cannot (well) be before this
    strong_low: bool = False
    pull: float = 0.0  # weight of the recency pull towards its anchor
    prior: bool = False  # a preference, not evidence: it does not narrow the window
    window: tuple[int, int] | None = None  # invasion counts: the interval they fix
    year_pull: int | None = None  # a past year mentioned


def _abs_clue(
    text: str,
    a: dt.date,
    b: dt.date,
    tense: str | None,
    strength: float,
    source: str,
    anchor: bool,
    pull: float = 0.0,
) -> _Clue:
    lo, hi = a.toordinal(), b.toordinal()
    if tense == "future":
        return _Clue(
            text,
            source,
            lambda g: np.where(g.days > hi, strength + np.minimum(3.0, (g.days - hi) / 30), 0.0),
        )
    return _Clue(
        text,
        source,
        lambda g: np.where(g.days < lo, strength + np.minimum(3.0, (lo - g.days) / 30), 0.0),
        anchor=(lambda g: np.where(g.days >= lo, np.minimum(hi, g.days), -1)) if anchor else None,
        low=lo,
        strong_low=anchor,
        pull=pull if anchor else 0.0,
    )


def _yearless_clue(e: _Expr, text: str) -> _Clue:
    assert e.month is not None and e.day is not None
    month, day, wd, tense = e.month, e.day, e.weekday, e.tense

    def resolved(g: _Grid) -> np.ndarray:
        years = range(int(g.year.min()) - 1, int(g.year.max()) + 2)
        occ = np.array(
            [dt.date(y, month, day).toordinal() for y in years if _valid_day(y, month, day)]
        )
        i = np.searchsorted(occ, g.days, side="right") - 1
        prev = np.where(i >= 0, occ[np.clip(i, 0, len(occ) - 1)], -(10**9))
        j = np.searchsorted(occ, g.days, side="left")
        nxt = np.where(j < len(occ), occ[np.clip(j, 0, len(occ) - 1)], 10**9)
        if tense == "future":
            return nxt
        if tense == "past":
            return prev
        return np.where(g.days - prev <= nxt - g.days, prev, nxt)

    def cost(g: _Grid) -> np.ndarray:
        if wd is None:
            return np.zeros(len(g.days))
        r = resolved(g)
        return np.where((r - 1) % 7 != wd, 5.0, 0.0)

    return _Clue(
        text,
        "weekday_date" if wd is not None else "relative",
        cost,
        anchor=lambda g: np.where(resolved(g) <= g.days, resolved(g), -1),
        pull=_PULL["weekday_date"] if wd is not None else _PULL["yearless"],
    )


def _month_clue(e: _Expr, text: str) -> _Clue:
    assert e.month is not None
    month, tense, part = e.month, e.tense, e.part

    def anchor(g: _Grid) -> np.ndarray:
        cur = g.mindex % 12 + 1
        back = (cur - month) % 12
        fwd = (month - cur) % 12
        if tense == "future":
            return np.full(len(g.days), -1)
        use_back = np.ones(len(g.days), bool) if tense == "past" else back <= fwd
        res = g.mindex - back
        end = _month_start(res + 1) - 1
        if part == "early":
            end = _month_start(res) + 9
        elif part == "mid":
            end = _month_start(res) + 19
        return np.where(use_back, np.minimum(end, g.days), -1)

    return _Clue(text, "relative", lambda g: np.zeros(len(g.days)), anchor=anchor)


def _weekday_clue(e: _Expr, text: str) -> _Clue:
    assert e.weekday is not None
    wd, rel = e.weekday, e.rel or ""
    future = e.tense == "future" or rel in (
        "next",
        "this coming",
        "following",
        "by",
        "until",
        "till",
    )

    def cost(g: _Grid) -> np.ndarray:
        if future:
            k = (wd - g.weekday) % 7
            if rel in ("next", "this coming", "following"):
                k = np.where(k == 0, 7, k)
            return _FUTURE_WEEKDAY_COST[k]
        k = (g.weekday - wd) % 7
        if rel in ("last", "previous", "this past"):
            k = np.where(k == 0, 7, k)
        return _PAST_WEEKDAY_COST[k]

    return _Clue(text, "relative", cost)


def _interval_clue(text: str, lo: dt.date, hi: dt.date, pref: dt.date) -> _Clue:
    a, b, p = lo.toordinal(), hi.toordinal(), pref.toordinal()
    half = max(1.0, float(max(p - a, b - p)))
    scale = max(3.0, (b - a) / 2)

    def cost(g: _Grid) -> np.ndarray:
        inside = (g.days >= a) & (g.days <= b)
        dist = np.maximum(a - g.days, g.days - b)
        return np.where(
            inside, 0.8 * np.abs(g.days - p) / half, 4.0 + np.minimum(4.0, dist / scale)
        )

    return _Clue(text, "invasion_count", cost, window=(a, b))


def _war_clues(e: _Expr, text: str, lex: _Lexicon) -> _Clue | None:
    inv = lex.invasion
    if e.kind == "ago" and e.war_start:
        x = _shift(inv, e.n or 0, e.unit or "day", lex, 1)
        return _offset_clue(text, x, e.unit or "day", e.qual)
    r = _resolve(e, None, lex)
    if r is None:
        return None
    a, b, _ = r
    if e.kind == "warday" or (e.kind == "warperiod" and e.unit == "day"):
        return _interval_clue(text, a, a + dt.timedelta(days=1), a)
    if e.kind == "warperiod":
        assert b is not None
        pref = a if e.entered else a + (b - a) / 2
        return _interval_clue(text, a, b, pref)
    if e.kind == "waroffset":
        return _offset_clue(text, a, e.unit or "day", e.qual)
    if e.kind == "warmark":
        if e.approach:
            return _interval_clue(
                text,
                a - dt.timedelta(days=120),
                a - dt.timedelta(days=1),
                a - dt.timedelta(days=30),
            )
        return _interval_clue(text, a - dt.timedelta(days=3), a + dt.timedelta(days=10), a)
    return None


_ENTERED_WHEN = re.compile(r"\s+(?P<rel>last|this)\s+(?P<unit>month|week)\b", re.IGNORECASE)


def _entered_when(e: _Expr, ctx: _Context) -> _Clue | None:
    """ "The war entered its second year last month": the month (week) after the one the
    period began in, or that one for "this month" ("this week")."""
    if e.kind != "warperiod" or not e.entered:
        return None
    m = _ENTERED_WHEN.match(ctx.text, e.end)
    r = _resolve(e, None, ctx.lex)
    if m is None or r is None:
        return None
    began = r[0]
    if m["unit"].lower() == "month":
        first = began.replace(day=1)
        if m["rel"].lower() == "last":
            first = _add_months(first, 1)
        lo, hi = max(first, began), _month_bounds(first.year, first.month)[1]
    else:
        monday = began - dt.timedelta(days=began.weekday())
        if m["rel"].lower() == "last":
            monday += dt.timedelta(days=7)
        lo, hi = max(monday, began), monday + dt.timedelta(days=6)
    return _interval_clue(ctx.text[e.start : m.end()], lo, hi, lo + (hi - lo) / 2)


_YEARS_INVASION = re.compile(
    r"(?:[’']s)?\s+(?:full-scale\s+|Russian\s+|unprovoked\s+)?invasion\s+of\s+Ukraine\b",
    re.IGNORECASE,
)


def _dates_war_start(e: _Expr, ctx: _Context) -> bool:
    """Whether ``e`` is "last year"/"this year" ("February last year") dating the start of
    the full-scale war named just before it in its sentence ("since Russia invaded ...")."""
    if e.kind == "monthrel":
        if e.rel not in ("last", "this") or e.month != ctx.lex.invasion.month:
            return False
    elif e.unit != "year" or e.rel not in ("last", "this"):
        return False
    if e.kind == "period" and _YEARS_INVASION.match(ctx.text, e.end):
        return True  # "last year's invasion of Ukraine"
    s, _ = ctx.sentence_bounds(e.start)
    lo = max(s, e.start - 90)
    return any(p.search(ctx.text, lo, e.start) for p in ctx.lex.war_start_acts)


def _offset_clue(text: str, x: dt.date, unit: str, qual: str | None) -> _Clue:
    tol = dt.timedelta(days=_OFFSET_TOLERANCE.get(unit, 3))
    one = dt.timedelta(days=1)
    if qual == "more":
        return _interval_clue(text, x, x + 2 * tol, x + one)
    if qual == "less":
        return _interval_clue(text, x - 2 * tol, x, x - tol / 2)
    return _interval_clue(text, x - tol, x + tol, x)


def _tenure_clue(mentions: list[_EventMention], text: str) -> _Clue:
    """An office holder named by title: the article is from the tenure (a former holder:
    from its start on). Soft at the end: titles outlive their holders' terms now and then."""
    ranges = [(a.toordinal(), b.toordinal()) for a, b in mentions[0].event.ranges]
    # One "former" or "then-" in the article says the term is over, for every mention.
    current = not any(m.historical for m in mentions)

    def cost(g: _Grid) -> np.ndarray:
        out = []
        for a, b in ranges:
            c = np.where(g.days < a, 4.0 + np.minimum(3.0, (a - g.days) / 30), 0.0)
            if current:
                c = c + np.where(g.days > b + 1, 2.0 + np.minimum(2.0, (g.days - b) / 60), 0.0)
            out.append(c)
        return np.stack(out).min(axis=0)

    low = min(a for a, _ in ranges)
    return _Clue(text, "event", cost, low=low if len(ranges) == 1 else None)


def _event_clue(mentions: list[_EventMention], text: str) -> _Clue | None:
    ev = mentions[0].event
    if ev.kind == "tenure":
        return _tenure_clue(mentions, text)
    tenses = {m.tense for m in mentions}
    if "past" in tenses:
        tense = "past"
    elif "present" in tenses:
        tense = "present"
    elif "future" in tenses:
        tense = "future"
    else:
        tense = None
    if ev.kind == "past" and tense != "future":
        tense = "past"
    if tense is None:
        return None  # a meeting named in no tense says nothing about the day
    ranges = [(a.toordinal(), b.toordinal()) for a, b in ev.ranges]

    def costs(g: _Grid) -> np.ndarray:
        out = []
        for a, b in ranges:
            if tense == "past":
                out.append(np.where(g.days < a, 4.0 + np.minimum(3.0, (a - g.days) / 30), 0.0))
            elif tense == "present":
                dist = np.maximum(a - g.days, g.days - (b + 1))
                out.append(np.where(dist <= 0, 0.0, 2.5 + np.minimum(2.5, dist / 30)))
            else:
                out.append(np.where(g.days >= a, 3.0, 0.0))
        return np.stack(out)

    def cost(g: _Grid) -> np.ndarray:
        return costs(g).min(axis=0)

    def anchor(g: _Grid) -> np.ndarray:
        c = costs(g)
        best = c.argmin(axis=0)
        starts = np.array([a for a, _ in ranges])[best]
        ends = np.array([b for _, b in ranges])[best]
        return np.where(g.days >= starts, np.minimum(ends, g.days), -1)

    if tense == "future":
        return _Clue(text, "event", cost)
    low = min(a for a, _ in ranges)
    return _Clue(
        text,
        "event",
        cost,
        anchor=anchor,
        low=low if len(ranges) == 1 else None,
        strong_low=True,
        pull=_PULL["event"],
    )


def _clues(analysis: _Analysis) -> list[_Clue]:
    ctx, lex = analysis.ctx, analysis.ctx.lex
    clues: list[_Clue] = []
    seen: set[tuple[Any, ...]] = set()
    for e in analysis.exprs:
        text = ctx.text[e.start : e.end]
        key: tuple[Any, ...] = (
            e.kind,
            e.year,
            e.month,
            e.day,
            e.weekday,
            e.rel,
            e.tense,
            e.n,
            e.unit,
            e.part,
        )
        if key in seen:
            continue
        seen.add(key)
        if e.kind in ("warday", "warperiod", "waroffset", "warmark") or (
            e.kind == "ago" and e.war_start
        ):
            clue = _entered_when(e, ctx) or _war_clues(e, text, lex)
            if clue is not None:
                clues.append(clue)
        elif e.kind == "date" and e.year is not None:
            r = _resolve(e, None, lex)
            assert r is not None
            # The ends of a period ("between May 1 and June 3, 2022") bound the day but
            # are no news of their own: they do not pull.
            if _RANGE_BEFORE.search(ctx.text, max(0, e.start - 30), e.start):
                pull = 0.0
            elif _POST_BEFORE.search(ctx.text, max(0, e.start - 40), e.start):
                pull = _PULL["post"]
            else:
                pull = _PULL["explicit_day"]
            clues.append(_abs_clue(text, r[0], r[1] or r[0], e.tense, 4.0, "explicit", True, pull))
        elif e.kind == "date":
            clues.append(_yearless_clue(e, text))
        elif e.kind == "month" and e.year is not None:
            r = _resolve(e, None, lex)
            assert r is not None and r[1] is not None
            clue = _abs_clue(text, r[0], r[1], e.tense, 3.0, "explicit", True)
            clue.year_pull = r[1].year if e.tense != "future" else None
            clues.append(clue)
        elif e.kind == "month" and e.month2 is None:
            clues.append(_month_clue(e, text))
        elif e.kind == "season" and e.year is not None:
            r = _resolve(e, None, lex)
            assert r is not None and r[1] is not None
            clues.append(_abs_clue(text, r[0], r[1], e.tense, 2.5, "explicit", False))
        elif e.kind == "year":
            assert e.year is not None
            y2 = e.year2 or e.year
            # A year in the past tense has begun; one in no tense or the present may be the
            # next ("sales for 2023", "the 2024 election is close"): a bound a year lower.
            first = e.year if e.tense == "past" else e.year - 1
            clue = _abs_clue(
                text, dt.date(first, 1, 1), dt.date(y2, 12, 31), e.tense, 2.5, "year", False
            )
            if e.tense != "future":
                clue.year_pull = y2
            clues.append(clue)
        elif e.kind == "weekday":
            clues.append(_weekday_clue(e, text))
        if e.kind in ("monthrel", "period") and _dates_war_start(e, ctx):
            # "Russia invaded in February last year": the invasion's year is last year.
            year = lex.invasion.year + (1 if e.rel == "last" else 0)
            lo, hi = max(dt.date(year, 1, 1), lex.invasion), dt.date(year, 12, 31)
            clues.append(_interval_clue(text, lo, hi, lo + (hi - lo) / 2))
    by_event: dict[str, list[_EventMention]] = {}
    for m in analysis.events:
        by_event.setdefault(m.event.name, []).append(m)
    for mentions in by_event.values():
        head = mentions[0]
        clue = _event_clue(mentions, ctx.text[head.start : head.end])
        if clue is not None:
            clues.append(clue)
    if analysis.war_refs:
        inv = lex.invasion.toordinal()
        s, e_ = analysis.war_refs[0]
        clues.append(
            _Clue(
                ctx.text[s:e_],
                "war",
                lambda g: np.where(g.days < inv, 3.0, 0.0008 * (g.days - inv)),
                low=inv,
            )
        )
    pulls = [c.year_pull for c in clues if c.year_pull is not None]
    if pulls:
        latest = max(pulls)
        clues.append(
            _Clue(
                str(latest),
                "year",
                lambda g: 0.3 * np.maximum(0, g.year - latest - 1),
                prior=True,
            )
        )
    return clues


def _infer(analysis: _Analysis) -> PublicationDate:
    clues = _clues(analysis)
    windows = [c.window for c in clues if c.window is not None]
    if windows:
        lo = min(w[0] for w in windows) - 45
        hi = max(w[1] for w in windows) + 45
    else:
        lows = [c.low for c in clues if c.low is not None]
        if not lows:
            return PublicationDate(None, None, "none")
        lo = max(lows) - 30
        # Only a lower bound: the article may be from any day up to today.
        hi = max(lo + 30 + 1100, dt.date.today().toordinal())
    # Nothing is published after today: clues that only fit later days are about the
    # future ("by 2030"), not about when the article appeared.
    today = dt.date.today().toordinal()
    if lo > today:
        return PublicationDate(None, None, "none", _explain(clues)[1])
    hi = min(hi, today)
    grid = _Grid.between(lo, hi)
    evidence = np.zeros(len(grid.days))
    prior = np.zeros(len(grid.days))
    anchored: list[tuple[np.ndarray, float]] = []
    for c in clues:
        if c.prior:
            prior += c.cost(grid)
        else:
            evidence += c.cost(grid)
        if c.anchor is not None and c.pull > 0:
            anchored.append((c.anchor(grid), c.pull))
    # The recency pull: a day-precise date in a news report is a recent one. Strong forms
    # ("Tuesday, March 22", "on March 14") are evidence and narrow the window; weak ones
    # (a full date, a named event: often background) only guide the day within it.
    full_pull = _recency_pull(grid, anchored)
    strong_pull = _recency_pull(grid, [(a, w) for a, w in anchored if w >= STRONG_PULL])
    window_cost = evidence + strong_pull
    evidence = evidence + full_pull
    total = evidence + prior
    best = int(np.argmin(total))
    near = np.nonzero(window_cost <= window_cost[best] + WINDOW_SLACK)[0]
    first, last = int(grid.days[near.min()]), int(grid.days[near.max()])
    day = dt.date.fromordinal(int(grid.days[best]))
    window = (dt.date.fromordinal(first), dt.date.fromordinal(last))
    source, evidence_text = _explain(clues)
    if last - first > MAX_WINDOW_DAYS:
        return PublicationDate(None, window, "ambiguous", evidence_text)
    return PublicationDate(day, window, source, evidence_text)


def _recency_pull(grid: _Grid, anchored: list[tuple[np.ndarray, float]]) -> np.ndarray:
    """Cost of the days after the latest anchored mention, weighted by that mention's form."""
    latest = np.full(len(grid.days), -1, dtype=np.int64)
    weight = np.zeros(len(grid.days))
    for a, w in anchored:
        weight = np.where(a > latest, w, np.where(a == latest, np.maximum(weight, w), weight))
        latest = np.maximum(latest, a)
    return np.where(latest > 0, weight * np.log1p(np.maximum(0, grid.days - latest)), 0.0)


def _explain(clues: list[_Clue]) -> tuple[str, str]:
    ranked = sorted(
        (c for c in clues if c.source in _SOURCE_RANK),
        key=lambda c: _SOURCE_RANK.index(c.source),
    )
    source = ranked[0].source if ranked else "none"
    texts: list[str] = []
    for c in ranked:
        t = " ".join(c.text.split())
        if t not in texts:
            texts.append(t)
    return source, "; ".join(texts[:6])


# --------------------------------------------------------------------------- public API


def infer_publication_date(article: Article, doc: Doc) -> PublicationDate:
    """The article's publication day: metadata when present, else inferred from the body."""
    if article.published:
        return PublicationDate(
            article.published, (article.published, article.published), "metadata"
        )
    return _infer(_analyse(doc))


_BASE_CONFIDENCE = {
    "date": 0.95,
    "month": 0.9,
    "monthrel": 0.85,
    "year": 0.85,
    "season": 0.8,
    "weekday": 0.85,
    "relday": 0.85,
    "period": 0.85,
    "recent": 0.75,
    "ago": 0.8,
    "warday": 0.95,
    "warperiod": 0.9,
    "waroffset": 0.75,
    "warmark": 0.8,
    "newyear": 0.7,
}


def extract_dates(article: Article, doc: Doc, published: dt.date | None) -> list[DateMention]:
    """Every date expression of the body, normalised against ``published``.

    Expressions that need the publication day are skipped when ``published`` is None, and
    carry a lower confidence when ``published`` was inferred (the article has no metadata).
    """
    analysis = _analyse(doc)
    ctx, lex = analysis.ctx, analysis.ctx.lex
    inferred = article.published is None
    out: list[DateMention] = []
    for e in analysis.exprs:
        r = _resolve(e, published, lex)
        if r is None:
            continue
        d, d2, anchor = r
        confidence = _BASE_CONFIDENCE.get(e.kind, 0.8)
        if anchor == "published" and inferred:
            confidence *= INFERRED_CONFIDENCE
        s, _ = ctx.sentence_bounds(e.start)
        _, last_end = ctx.sentence_bounds(max(e.start, e.end - 1))
        out.append(
            DateMention(
                article=article.name,
                start=e.start,
                end=e.end,
                sentence=ctx.text[s:last_end],
                extractor=EXTRACTOR,
                confidence=confidence,
                text=ctx.text[e.start : e.end],
                date=d,
                date_end=d2 if d2 is not None and d2 != d else None,
                anchor=anchor,
            )
        )
    return out
