"""Numbers in running English text: digits, words, scales, currencies, units, ranges, hedges.

:func:`find_numbers` scans a string and returns one :class:`NumberMention` per numeric
expression, with character offsets into that string. It knows only the lexicon
(``data/figure_lexicon.toml``) and the characters around a number, never what the number
counts; :mod:`sitroom.extract.figures` decides that from the sentence's parse.

What it reads:

* digits with separators and decimals ("12,000", "3.5"), number words ("Thirteen",
  "twenty-seven", "one hundred and fifty", "a dozen"), vague plurals ("hundreds",
  "tens of thousands", "Thousands": the lower bound with qualifier ``at_least``);
* scale words, spelled or glued ("3.5 million", "£24bn", "12k");
* currencies as symbols, ISO codes or words ("$800", "USD 3 billion", "2 million roubles");
  an amount restated in a second currency in brackets ("$800 (£608) million") is kept on the
  mention as :attr:`NumberMention.alt`, with the shared scale applied to both;
* units ("35km", "40 miles", "300-kilometre", "5.7 percent", "10 months"); a measure
  restated in brackets ("35km (21 miles)") is an ``alt`` as well;
* ranges ("50 to 100", "200-300", "between 10 and 15 million": ``value``/``value_max``);
* qualifiers before or after ("more than", "at least", "nearly", "up to", "300 or more").

Numbers that are not quantities carry a ``skip`` reason instead of being dropped, so the
caller can see and test why: ``year``, ``date`` (also "9/11"), ``time``, ``age``,
``ordinal``, ``label`` ("day 13", "No. 1"), ``name`` ("G20", "Su-25", "Covid-19", "3G",
"B61-12", "9M22S", "Group of 20"), ``calibre``
("155mm"), ``phone``, ``fraction`` ("two-thirds"), ``pronoun`` ("one of", "no one"),
``plural_digits`` ("100's", "1990s").
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, NamedTuple

from sitroom.records import Qualifier

# --------------------------------------------------------------------------- lexicon


@functools.cache
def lexicon() -> dict[str, Any]:
    """The figure lexicon (``data/figure_lexicon.toml``), read once per process."""
    text = resources.files("sitroom").joinpath("data/figure_lexicon.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True, slots=True)
class _Lex:
    units: Mapping[str, int]
    tens: Mapping[str, int]
    scales: Mapping[str, float]
    glued_scales: Mapping[str, float]
    vague: Mapping[str, float]
    vague_multipliers: Mapping[str, float]
    vague_quantifiers: tuple[tuple[str, ...], ...]
    fractions: frozenset[str]
    ordinal_suffixes: frozenset[str]
    months: frozenset[str]
    label_words: frozenset[str]
    time_words: frozenset[str]
    time_preps: frozenset[str]
    calibre_units: frozenset[str]
    one_before: frozenset[str]
    one_after: frozenset[str]
    qual_before: Mapping[tuple[str, ...], Qualifier]
    qual_after: Mapping[tuple[str, ...], Qualifier]
    cur_symbols: Mapping[str, str]
    cur_codes: Mapping[str, str]
    cur_words: Mapping[tuple[str, ...], str]
    unit_words: Mapping[tuple[str, ...], tuple[str, str]]
    age_words: frozenset[str]
    range_links: frozenset[str]
    tight_range_links: frozenset[str]
    collectives: Mapping[str, int]
    year_nouns: frozenset[str]
    of_names: frozenset[str]
    not_plurals: frozenset[str]


def _phrases(table: Mapping[str, Any]) -> dict[tuple[str, ...], Any]:
    return {tuple(_lex_tokens(k)): v for k, v in table.items()}


def _lex_tokens(phrase: str) -> list[str]:
    return [m.group().lower() for m in _TOKEN.finditer(phrase)]


@functools.cache
def _lex() -> _Lex:
    data = lexicon()
    num = data["numbers"]
    words = num["words"]
    qual = data["qualifiers"]
    cur = data["currency"]
    return _Lex(
        units=num["units"],
        tens=num["tens"],
        scales={k: float(v) for k, v in num["scales"].items()},
        glued_scales={k: float(v) for k, v in num["glued_scales"].items()},
        vague={k: float(v) for k, v in num["vague"].items()},
        vague_multipliers={k: float(v) for k, v in num["vague_multipliers"].items()},
        vague_quantifiers=tuple(tuple(q.split()) for q in words["vague_quantifiers"]),
        fractions=frozenset(words["fractions"]),
        ordinal_suffixes=frozenset(words["ordinal_suffixes"]),
        months=frozenset(words["months"]),
        label_words=frozenset(words["label_words"]),
        time_words=frozenset(words["time_words"]),
        time_preps=frozenset(words["time_preps"]),
        calibre_units=frozenset(words["calibre_units"]),
        one_before=frozenset(words["one_before"]),
        one_after=frozenset(words["one_after"]),
        qual_before={k: Qualifier(v) for k, v in _phrases(qual["before"]).items()},
        qual_after={k: Qualifier(v) for k, v in _phrases(qual["after"]).items()},
        cur_symbols={k.lower(): v for k, v in cur["symbols"].items()},
        cur_codes={k.lower(): v for k, v in cur["codes"].items()},
        cur_words=_phrases(cur["words"]),
        unit_words={k: (v[0], v[1]) for k, v in _phrases(data["units"]).items()},
        age_words=frozenset(data["measures"]["age_words"]),
        range_links=frozenset(qual["range_links"]),
        tight_range_links=frozenset(qual["tight_range_links"]),
        collectives=num["collectives"],
        year_nouns=frozenset(words["year_nouns"]),
        of_names=frozenset(words["of_names"]),
        not_plurals=frozenset(words["not_plurals"]),
    )


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One numeric expression in a text.

    ``start``/``end`` cover the whole expression as written, qualifier, currency, scale
    and measurement unit included ("more than 7,000", "$800 (£608) million", "about 60 km");
    ``num_start``/``num_end`` cover the numeral alone, for aligning with parser tokens.
    """

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    text: str
    qualifier: Qualifier = Qualifier.EXACT
    value_max: float | None = None
    currency: str | None = None
    unit: str | None = None
    unit_kind: str | None = None  # "distance", "area", "duration", "percent", "mass", "height"
    vague: bool = False  # "hundreds", "thousands of", "dozens"
    spelled: bool = False  # written in words
    skip: str | None = None  # why this is not a quantity (None: it is one)
    alt: NumberMention | None = None  # the same amount restated in brackets

    @property
    def value_text(self) -> str:
        return self.text


# --------------------------------------------------------------------------- lexer

_TOKEN = re.compile(
    r"""
    \d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)   # 12,000  1,234.5
    | \d+(?:\.\d+)?                        # 3.5  2014
    | [^\W\d_]+(?:['’][^\W\d_]+)*          # words, with inner apostrophes
    | \S                                   # any other character
    """,
    re.VERBOSE,
)
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_PHONE = re.compile(
    r"(?<![\w,.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,5}(?![\w,])"
)
_TIME = re.compile(r"(?<![\d.,])\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?![\d])", re.IGNORECASE)


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int
    is_digits: bool


def _tokenise(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    append, digits_match = out.append, _DIGITS.fullmatch
    for m in _TOKEN.finditer(text):
        t = m.group()
        start = m.start()
        digits = t[:1].isdigit() and digits_match(t) is not None
        append(_Tok(t, t.lower(), start, start + len(t), digits))
    return out


def _glued(a: _Tok, b: _Tok) -> bool:
    return a.end == b.start


# --------------------------------------------------------------------------- scanning


@dataclass(slots=True)
class _Numeral:
    first: int  # token index of the first token of the numeral
    last: int  # token index of the last token (inclusive)
    value: float
    vague: bool = False
    spelled: bool = False
    has_scale: bool = False


@functools.cache
def _screen() -> re.Pattern[str]:
    """Digits or any number word: a text without them has no numbers (a cheap pre-check)."""
    lx = _lex()
    words = {
        *lx.units,
        *lx.tens,
        *lx.scales,
        *lx.vague,
        *lx.vague_multipliers,
        *lx.collectives,
        "dozen",
    }
    alternation = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{alternation})\b", re.IGNORECASE)


def find_numbers(text: str) -> list[NumberMention]:
    """Every numeric expression in ``text``, in order, with offsets into ``text``."""
    lx = _lex()
    if not _screen().search(text):
        return []
    toks = _tokenise(text)
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    times = _clock_times(text, lx)
    out: list[NumberMention] = []
    starters = _starters()
    i = 0
    while i < len(toks):
        if not toks[i].is_digits and toks[i].low not in starters:
            i += 1  # no numeral can start here (see _starters)
            continue
        num = _numeral_at(toks, i, lx)
        if num is None:
            i += 1
            continue
        mention, next_i = _expand(text, toks, num, lx)
        reason = _skip_reason(text, toks, num, mention, lx, phones, times)
        if reason:
            mention = replace(mention, skip=reason, alt=None)
        out.append(mention)
        i = max(next_i, num.last + 1)
    return out


def _clock_times(text: str, lx: _Lex) -> list[tuple[int, int]]:
    """Spans of times of day. "14:30" and "9.15pm" always are; a bare "10.30" only after
    a time preposition ("at 10.30", "until 22.00") with a valid hour and minute and no
    scale or unit after it: "$2.24 trillion" and "1.25 million" are amounts."""
    out: list[tuple[int, int]] = []
    for m in _TIME.finditer(text):
        clock = m.group()
        if ":" not in clock and not clock[-1:].isalpha() and not clock.endswith("."):
            hour, minute = clock.split(".")
            before = text[max(0, m.start() - 12) : m.start()].split()
            after = text[m.end() : m.end() + 20].split()
            prev = before[-1].lower() if before else ""
            nxt = after[0].lower().strip(".,;:)") if after else ""
            if (
                prev not in lx.time_preps
                or int(hour) > 24
                or int(minute) > 59
                or nxt in lx.scales
                or (nxt,) in lx.unit_words
                or (nxt,) in lx.cur_words
                or nxt in lx.cur_codes
            ):
                continue
        out.append((m.start(), m.end()))
    return out


@functools.cache
def _starters() -> frozenset[str]:
    """Every word :func:`_numeral_at` can start a numeral with (besides digits): vague
    plurals and multipliers, the first words of vague quantifiers, and what
    :func:`_words_at` accepts first (units, tens, "dozen", "a"/"an")."""
    lx = _lex()
    return frozenset(
        {
            *lx.vague_multipliers,
            *lx.vague,
            *(q[0] for q in lx.vague_quantifiers if q),
            *lx.units,
            *lx.tens,
            "dozen",
            "a",
            "an",
        }
    )


def _numeral_at(toks: Sequence[_Tok], i: int, lx: _Lex) -> _Numeral | None:
    """A numeral starting at token ``i`` (digits, words, vague plurals), or None."""
    t = toks[i]
    if t.is_digits:
        value = float(t.text.replace(",", ""))
        num = _Numeral(i, i, value)
        # spelled scale after digits: "3.5 million", "12 thousand"
        j = i + 1
        if j < len(toks) and toks[j].low in lx.scales and toks[j].low != "hundred":
            num.value *= lx.scales[toks[j].low]
            num.last = j
            num.has_scale = True
        elif (
            j < len(toks)
            and i > 0
            and toks[i - 1].text in lx.cur_symbols
            and toks[j].low.endswith("s")
            and toks[j].low[:-1] in lx.scales
            and toks[j].low != "hundreds"
        ):
            # a plural scale after an amount of money: "$61 billions"
            num.value *= lx.scales[toks[j].low[:-1]]
            num.last = j
            num.has_scale = True
        elif (
            j < len(toks)
            and _glued(t, toks[j])
            and toks[j].low in lx.glued_scales
            and not (
                j + 1 < len(toks)
                and _glued(toks[j], toks[j + 1])
                and toks[j + 1].text[:1].isalnum()
            )  # "9M22S": a code, not 9 million
        ):
            # "24bn", "12k"; a glued "m" is million only before a noun or with money (the
            # caller re-reads it as metres when neither holds)
            num.value *= lx.glued_scales[toks[j].low]
            num.last = j
            num.has_scale = True
        return num
    low = t.low
    # vague plurals: "tens of thousands", "hundreds of millions", "thousands", "dozens"
    if low in lx.vague_multipliers and _seq(toks, i + 1, ("of",)):
        k = i + 2
        if k < len(toks) and toks[k].low in lx.vague and toks[k].low not in ("dozens", "scores"):
            return _Numeral(
                i, k, lx.vague_multipliers[low] * lx.vague[toks[k].low], vague=True, spelled=True
            )
    if low in lx.vague:
        if low == "scores" and not _seq(toks, i + 1, ("of",)):
            return None
        return _Numeral(i, i, lx.vague[low], vague=True, spelled=True)
    # "several thousand", "a few hundred"
    for q in lx.vague_quantifiers:
        if tuple(x.low for x in toks[i : i + len(q)]) == q:
            k = i + len(q)
            if k < len(toks) and toks[k].low in lx.scales:
                return _Numeral(i, k, lx.scales[toks[k].low], vague=True, spelled=True)
    return _words_at(toks, i, lx)


def _words_at(toks: Sequence[_Tok], i: int, lx: _Lex) -> _Numeral | None:
    """Spelled-out numbers: "three million", "twenty-seven", "a dozen", "one hundred and five"."""
    total = 0.0
    current = 0.0
    seen = False
    last = -1
    j = i
    n = len(toks)
    while j < n:
        low = toks[j].low
        if low in ("a", "an") and not seen and j + 1 < n:
            nxt = toks[j + 1].low
            if nxt in lx.collectives and _seq(toks, j + 2, ("of",)):
                return _Numeral(i, j + 1, float(lx.collectives[nxt]), spelled=True)  # "a pair of"
            if nxt in ("dozen", "hundred", "thousand", "million", "billion", "trillion"):
                current = 1.0
                j += 1
                continue
            break
        if low in lx.units:
            if seen and current % 100 != 0 and current % 10 == 0 and current >= 20:
                current += lx.units[low]  # "twenty seven"
            elif seen and current % 100 != 0:
                break  # "two three": two numbers
            else:
                current += lx.units[low]
            seen, last = True, j
        elif low in lx.tens:
            if seen and current % 100 != 0:
                break
            current += lx.tens[low]
            seen, last = True, j
            # "twenty-seven"
            if (
                j + 2 < n
                and toks[j + 1].text in "-‐"
                and _glued(toks[j], toks[j + 1])
                and _glued(toks[j + 1], toks[j + 2])
                and toks[j + 2].low in lx.units
                and 0 < lx.units[toks[j + 2].low] < 10
            ):
                current += lx.units[toks[j + 2].low]
                j += 2
                last = j
        elif low == "dozen":
            current = max(current, 1.0) * 12
            seen, last = True, j
        elif low == "hundred":
            if not seen and current == 0:
                break
            current = max(current, 1.0) * 100
            seen, last = True, j
        elif low in ("thousand", "million", "billion", "trillion"):
            if not seen and current == 0:
                break
            total += max(current, 1.0) * lx.scales[low]
            current = 0.0
            seen, last = True, j
        elif low == "and" and seen and j + 1 < n:
            prev = toks[j - 1].low
            nxt = toks[j + 1].low
            if prev in ("hundred", "thousand", "million") and (nxt in lx.units or nxt in lx.tens):
                j += 1
                continue
            break
        else:
            break
        j += 1
    if not seen:
        return None
    value = total + current
    return _Numeral(
        i,
        last,
        value,
        spelled=True,
        has_scale=any(toks[k].low in lx.scales for k in range(i, last + 1)),
    )


def _seq(toks: Sequence[_Tok], i: int, words: tuple[str, ...]) -> bool:
    return tuple(t.low for t in toks[i : i + len(words)]) == words


_Phrases = list[tuple[tuple[str, ...], Any]]
_Index = tuple[dict[str, _Phrases], dict[str, _Phrases]]
# id(table) -> (table, its phrases by first and by last word). The tables are the
# lexicon's, alive for the whole process; a phrase can only match where its first (last)
# word stands, so the matchers try only those.
_PHRASE_INDEX: dict[int, tuple[Mapping[tuple[str, ...], Any], _Index | None]] = {}


def _phrase_index(table: Mapping[tuple[str, ...], Any]) -> _Index | None:
    """The table's phrases by first and by last word, each list in table order (None when
    the table has an empty phrase: that one matches anywhere)."""
    hit = _PHRASE_INDEX.get(id(table))
    if hit is None or hit[0] is not table:
        index: _Index | None = None
        if all(table):
            first: dict[str, _Phrases] = {}
            last: dict[str, _Phrases] = {}
            for phrase, value in table.items():
                first.setdefault(phrase[0], []).append((phrase, value))
                last.setdefault(phrase[-1], []).append((phrase, value))
            index = (first, last)
        hit = (table, index)
        _PHRASE_INDEX[id(table)] = hit
    return hit[1]


def _match_back(
    toks: Sequence[_Tok], end: int, table: Mapping[tuple[str, ...], Any]
) -> tuple[int, Any] | None:
    """Longest phrase of ``table`` whose tokens end right before token ``end``."""
    best: tuple[int, Any] | None = None
    index = _phrase_index(table)
    if index is not None and end >= 0:
        if end < 1 or end > len(toks):
            return None
        phrases: Iterable[tuple[tuple[str, ...], Any]] = index[1].get(toks[end - 1].low, ())
    else:
        phrases = table.items()
    for phrase, value in phrases:
        k = end - len(phrase)
        if k < 0:
            continue
        if tuple(t.low for t in toks[k:end]) == phrase and (best is None or k < best[0]):
            best = (k, value)
    return best


def _match_fwd(
    toks: Sequence[_Tok], start: int, table: Mapping[tuple[str, ...], Any]
) -> tuple[int, Any] | None:
    """Longest phrase of ``table`` starting at token ``start``: (index after it, value)."""
    best: tuple[int, Any] | None = None
    index = _phrase_index(table)
    if index is not None and start >= 0:
        if start >= len(toks):
            return None
        phrases: Iterable[tuple[tuple[str, ...], Any]] = index[0].get(toks[start].low, ())
    else:
        phrases = table.items()
    for phrase, value in phrases:
        k = start + len(phrase)
        if k > len(toks):
            continue
        if tuple(t.low for t in toks[start:k]) == phrase and (best is None or k > best[0]):
            best = (k, value)
    return best


def _currency_before(toks: Sequence[_Tok], i: int, lx: _Lex) -> tuple[int, str] | None:
    """A currency symbol or code right before token ``i``: (its token index, ISO code)."""
    if i == 0:
        return None
    p = toks[i - 1]
    if p.low in lx.cur_symbols:
        # "US$": a glued "US" before the symbol belongs to it
        if i >= 2 and toks[i - 2].low == "us" and _glued(toks[i - 2], p):
            return i - 2, "USD"
        return i - 1, lx.cur_symbols[p.low]
    if p.low in lx.cur_codes and p.text.isupper():
        return i - 1, lx.cur_codes[p.low]
    return None


def _expand(text: str, toks: Sequence[_Tok], num: _Numeral, lx: _Lex) -> tuple[NumberMention, int]:
    """Grow a numeral into a full mention: currency, alt, scale, range, unit, qualifier."""
    first, last = num.first, num.last
    value = num.value
    value_max: float | None = None
    qualifier = Qualifier.AT_LEAST if num.vague else Qualifier.EXACT
    currency: str | None = None
    unit: str | None = None
    unit_kind: str | None = None
    alt: NumberMention | None = None
    n = len(toks)

    cur = _currency_before(toks, first, lx)
    if cur is not None:
        first, currency = cur
    j = last + 1

    # "$800 (£608) million": an amount restated in brackets, the scale after it shared
    alt_parts: tuple[int, int, float, str | None] | None = None
    if j < n and toks[j].text == "(":
        inner = _bracket_amount(toks, j + 1, lx)
        if inner is not None:
            close, a_first, a_last, a_value, a_currency = inner
            if (currency and a_currency) or (not currency and not a_currency):
                alt_parts = (a_first, a_last, a_value, a_currency)
                k = close + 1
                if k < n and toks[k].low in lx.scales and not num.has_scale:
                    scale = lx.scales[toks[k].low]
                    value *= scale
                    alt_parts = (a_first, a_last, a_value * scale, a_currency)
                    last = k
                    j = k + 1
                    num.has_scale = True
                elif currency:
                    last = close
                    j = close + 1

    # range: "50 to 100", "200-300", "between 10 and 15 million", "$1-2 billion"
    between = first > 0 and toks[first - 1].low == "between"
    if j + 1 < n and toks[j].low in lx.range_links:
        link = toks[j]
        dash = link.low in ("-", "–", "—")
        if link.low == "to" or dash or (link.low == "and" and between):
            k = j + 1
            if toks[k].low in lx.cur_symbols and k + 1 < n:
                k += 1
            second = _numeral_at(toks, k, lx)
            tight = _glued(toks[j - 1], link) and _glued(link, toks[k])
            spaced = not _glued(toks[j - 1], link) and not _glued(link, toks[k])
            if (
                second is not None
                and not second.vague
                and second.spelled == num.spelled
                and (
                    not dash
                    or tight
                    or (spaced and toks[k].is_digits and link.low not in lx.tight_range_links)
                )
            ):
                hi, lo = second.value, value
                if second.has_scale and not num.has_scale and toks[second.first].is_digits:
                    lo = value * (hi / float(toks[second.first].text.replace(",", "")))
                if hi > lo:
                    value, value_max = lo, hi
                    qualifier = Qualifier.RANGE
                    last = second.last
                    j = second.last + 1

    # currency after: "2 million roubles", "3 billion USD", "billions of dollars"
    if currency is None and j < n:
        k = j + 1 if toks[j].low == "of" and num.vague else j
        hit = _match_fwd(toks, k, lx.cur_words)
        if hit is not None:
            currency = hit[1]
            last = hit[0] - 1
            j = hit[0]
        elif k < n and toks[k].low in lx.cur_codes and toks[k].text.isupper():
            currency = lx.cur_codes[toks[k].low]
            last = k
            j = k + 1

    # glued "m" after digits without money and before no noun: metres, not million
    if (
        currency is None
        and num.has_scale
        and toks[num.last].low == "m"
        and _glued(toks[num.last - 1], toks[num.last])
    ):
        nxt = toks[num.last + 1] if num.last + 1 < n else None
        if (
            nxt is None
            or not nxt.text[:1].isalpha()
            or nxt.low in ("high", "long", "deep", "wide", "tall", "away", "from")
        ):
            value = num.value / lx.glued_scales["m"]
            unit, unit_kind = "m", "distance"

    # measurement unit: "35km", "40 miles", "300-kilometre", "5.7 percent", "10 months"
    if unit is None and currency is None and j < n:
        k = j + 1 if toks[j].text in "-‐" and _glued(toks[j - 1], toks[j]) else j
        hit = _match_fwd(toks, k, lx.unit_words)
        if hit is not None and not (
            k > j
            and hit[0] < n
            and toks[hit[0]].text in "-‐"
            and _glued(toks[hit[0] - 1], toks[hit[0]])
        ):
            unit, unit_kind = hit[1]
            last = hit[0] - 1
            j = hit[0]
            # "35km (21 miles)": the measure restated in other units
            if j < n and toks[j].text == "(":
                inner_unit = _bracket_measure(toks, j + 1, lx)
                if inner_unit is not None:
                    close, a_first, a_last, a_value, a_unit = inner_unit
                    alt = _mention(
                        text,
                        toks,
                        a_first,
                        a_last,
                        a_first,
                        a_last,
                        a_value,
                        Qualifier.EXACT,
                        unit=a_unit[0],
                        unit_kind=a_unit[1],
                    )
                    j = close + 1

    # qualifier after: "300 or more", "100+"
    after = _match_fwd(toks, j, lx.qual_after)
    if (
        after is not None
        and qualifier is Qualifier.EXACT
        and (toks[j].text != "+" or _glued(toks[j - 1], toks[j]))
    ):
        qualifier = after[1]
        last = after[0] - 1
        j = after[0]

    # qualifier before: longest phrase ending right before the mention
    before = _match_back(toks, first, lx.qual_before)
    q_first = first
    if qualifier is Qualifier.RANGE and between:
        q_first = first - 1
    elif before is not None:
        q_first = before[0]
        if qualifier is Qualifier.EXACT:
            qualifier = before[1]

    if alt_parts is not None:
        a_first, a_last, a_value, a_currency = alt_parts
        alt = _mention(
            text,
            toks,
            a_first,
            a_last,
            a_first,
            a_last,
            a_value,
            qualifier,
            currency=a_currency,
        )
        scale_word = toks[last].text if toks[last].low in lx.scales else ""
        alt_text = text[toks[a_first].start : toks[a_last].end] + (
            " " + scale_word if scale_word else ""
        )
        alt = replace(alt, text=alt_text)
    elif alt is not None:
        alt = replace(alt, qualifier=qualifier)

    mention = NumberMention(
        start=toks[q_first].start,
        end=toks[last].end,
        num_start=toks[num.first].start,
        num_end=toks[num.last].end,
        value=value,
        text=text[toks[q_first].start : toks[last].end],
        qualifier=qualifier,
        value_max=value_max,
        currency=currency,
        unit=unit,
        unit_kind=unit_kind,
        vague=num.vague,
        spelled=num.spelled,
        alt=alt,
    )
    return mention, j


def _mention(
    text: str,
    toks: Sequence[_Tok],
    first: int,
    last: int,
    n_first: int,
    n_last: int,
    value: float,
    qualifier: Qualifier,
    **kw: Any,
) -> NumberMention:
    return NumberMention(
        start=toks[first].start,
        end=toks[last].end,
        num_start=toks[n_first].start,
        num_end=toks[n_last].end,
        value=value,
        text=text[toks[first].start : toks[last].end],
        qualifier=qualifier,
        **kw,
    )


def _bracket_amount(
    toks: Sequence[_Tok], i: int, lx: _Lex
) -> tuple[int, int, int, float, str | None] | None:
    """``(£608)`` or ``(£608m)`` starting at token ``i`` (after the bracket):
    (index of ")", first token, last token, value, currency)."""
    n = len(toks)
    first = i
    currency: str | None = None
    if i < n and toks[i].low in lx.cur_symbols:
        currency = lx.cur_symbols[toks[i].low]
        i += 1
    elif i < n and toks[i].low in lx.cur_codes and toks[i].text.isupper():
        currency = lx.cur_codes[toks[i].low]
        i += 1
    if i >= n or not toks[i].is_digits:
        return None
    num = _numeral_at(toks, i, lx)
    if num is None:
        return None
    k = num.last + 1
    if currency is None:
        hit = _match_fwd(toks, k, lx.cur_words)
        if hit is None:
            return None
        currency = hit[1]
        k = hit[0]
    if k < n and toks[k].text == ")":
        return k, first, k - 1, num.value, currency
    return None


def _bracket_measure(
    toks: Sequence[_Tok], i: int, lx: _Lex
) -> tuple[int, int, int, float, tuple[str, str]] | None:
    """``(21 miles)`` starting after the bracket: (index of ")", first, last, value, unit)."""
    n = len(toks)
    if i >= n or not toks[i].is_digits:
        return None
    num = _numeral_at(toks, i, lx)
    if num is None:
        return None
    k = num.last + 1
    if k < n and toks[k].text in "-‐" and _glued(toks[k - 1], toks[k]):
        k += 1
    hit = _match_fwd(toks, k, lx.unit_words)
    if hit is None:
        return None
    if hit[0] < n and toks[hit[0]].text == ")":
        return hit[0], i, hit[0] - 1, num.value, hit[1]
    return None


# --------------------------------------------------------------------------- skipping


def _named_digit(text: str, toks: Sequence[_Tok], i: int, m: NumberMention, lx: _Lex) -> bool:
    t0 = toks[i]
    if not (len(t0.text) == 1 and m.qualifier is Qualifier.EXACT and not m.currency):
        return False
    if m.unit or m.value_max is not None:
        return False
    j = i - 1
    if j >= 1 and toks[j].low in ("and", "or", ",") and len(toks[j - 1].text) == 1:
        j -= 2  # the second member of "Nord Stream 1 and 2"
        if not toks[j + 1].is_digits:
            return False
    if j < 1:
        return False
    name = toks[j]
    if toks[j + 1].start - name.end != 1 or text[name.end] != " ":
        return False
    if not (name.text[:1].isupper() and name.text.isalpha() and len(name.text) > 1):
        return False
    if name.low in lx.months or name.low in lx.label_words or name.low in lx.units:
        return False
    if j >= 1 and toks[j - 1].low in ("in", "near", "at", "from", "to", "of"):
        return False  # "in Kharkiv 5 people died": a place, then a count
    before = text[max(0, name.start - 2) : name.start]
    return not (before.strip() == "" and (name.start < 2 or before.endswith(("\n", ". "))))


def _skip_reason(
    text: str,
    toks: Sequence[_Tok],
    num: _Numeral,
    m: NumberMention,
    lx: _Lex,
    phones: Sequence[tuple[int, int]],
    times: Sequence[tuple[int, int]],
) -> str | None:
    """Why the numeral is not a quantity, or None."""
    n = len(toks)
    t0 = toks[num.first]
    tl = toks[num.last]
    prev = toks[num.first - 1] if num.first > 0 else None
    prev2 = toks[num.first - 2] if num.first > 1 else None
    nxt = toks[num.last + 1] if num.last + 1 < n else None
    nxt2 = toks[num.last + 2] if num.last + 2 < n else None

    if any(a <= t0.start < b for a, b in phones):
        return "phone"
    if any(a <= t0.start < b for a, b in times):
        return "time"
    if (
        prev is not None
        and prev.low == "of"
        and prev2 is not None
        and prev2.low in lx.of_names
        and prev2.text[:1].isupper()
    ):
        return "name"  # "Group of 20", "Group of Seven"
    if t0.is_digits:
        # "9/11", "24/7": a date or a phrase, not an amount
        if (
            nxt is not None
            and nxt.text == "/"
            and _glued(tl, nxt)
            and nxt2 is not None
            and nxt2.is_digits
            and _glued(nxt, nxt2)
            and not m.currency
        ) or (
            prev is not None
            and prev.text == "/"
            and _glued(prev, t0)
            and prev2 is not None
            and prev2.is_digits
            and _glued(prev2, prev)
        ):
            return "date"
        # glued to letters: model names, codes ("G20", "3G", "MH17", "M142")
        if prev is not None and _glued(prev, t0) and prev.text[:1].isalpha():
            return "name"
        # a single digit after a capitalised name: "Leopard 2", "Nord Stream 1 and 2"
        # (news style spells counts under ten out, so a digit there is part of the name)
        if _named_digit(text, toks, num.first, m, lx):
            return "name"
        # letters-hyphen-digits: "Su-25", "Covid-19", "T-72", "S-300"
        if (
            prev is not None
            and prev.text in "-‐"
            and _glued(prev, t0)
            and prev2 is not None
            and _glued(prev2, prev)
            and (
                prev2.text[:1].isalpha() and prev2.low not in lx.units and prev2.low not in lx.tens
            )
        ):
            return "name"
        # digits-hyphen-digits after a year ("2021-22") or a model ("FAB-500M-62")
        if prev is not None and prev.text in "-‐/" and _glued(prev, t0) and prev2 is not None:
            if prev2.is_digits and _glued(prev2, prev):
                p2 = float(prev2.text.replace(",", ""))
                if 1800 <= p2 <= 2100 and "," not in prev2.text:
                    return "year"
            if prev2.text[:1].isalnum() and _glued(prev2, prev) and not prev2.is_digits:
                return "name"
            prev3 = toks[num.first - 3] if num.first > 2 else None
            if (
                prev2.is_digits
                and _glued(prev2, prev)
                and prev3 is not None
                and _glued(prev3, prev2)
                and prev3.text[:1].isalpha()
            ):
                return "name"  # a code of letters and digits: "B61-12"
        if nxt is not None and nxt.low == "mm" and m.qualifier is Qualifier.EXACT:
            return "calibre"  # "155 mm shells": millimetres in war news are calibres
        if nxt is not None and _glued(tl, nxt):
            low = nxt.low
            if low in lx.ordinal_suffixes:
                return "ordinal"
            if low in lx.time_words or (
                low in ("a", "p") and nxt2 is not None and nxt2.text == "."
            ):
                return "time"
            if low in lx.calibre_units:
                return "calibre"
            if nxt.text in ("'", "’") and nxt2 is not None and nxt2.low == "s":
                return "plural_digits"
            if low == "s":
                return "plural_digits"
            code = (  # "9M22S": a scale letter glued to more letters or digits
                nxt2 is not None and _glued(nxt, nxt2) and nxt2.text[:1].isalnum()
            )
            if (
                nxt.text[:1].isalpha()
                and (low not in lx.glued_scales or code)
                and (low,) not in lx.unit_words
                and low not in lx.scales
                and not m.unit
            ):
                return "name"
        if (
            nxt is not None
            and nxt.text in "-‐"
            and _glued(tl, nxt)
            and nxt2 is not None
            and _glued(nxt, nxt2)
            and nxt2.text[:1].isalpha()
            and nxt2.text[:1].isupper()
            and not m.unit
        ):
            return "name"  # "500M-62", "2-S19"
    # ages: "45-year-old", "aged 45", "Gerimov, 45,"
    if nxt is not None and nxt.text in "-‐" and nxt2 is not None and _glued(tl, nxt):
        rest = text[nxt2.start : nxt2.start + 12].lower()
        if any(rest.startswith(w) for w in lx.age_words if "-" in w):
            return "age"
    if nxt is not None and nxt.low in ("year", "years") and nxt2 is not None:
        rest = text[nxt.start : nxt.start + 14].lower()
        if re.match(r"years?(?:[\s-]+old\b|\s+of\s+age\b)", rest):  # "18 years of age"
            return "age"
    if prev is not None and prev.low in ("aged", "age", "ages"):
        return "age"
    if (
        m.qualifier is Qualifier.EXACT
        and not m.currency
        and not m.unit
        and float(m.value).is_integer()
        and 0 < m.value < 120
        and prev is not None
        and prev.text == ","
        and prev2 is not None
        and prev2.text[:1].isupper()
        and prev2.text[:1].isalpha()
        and (
            nxt is None
            or nxt.text in (",", ".", ")", ";")
            or nxt.low in ("said", "says", "told", "was", "is", "who")
        )
    ):
        return "age"
    # dates: "March 14", "14 March", "Feb. 24", "24th of February"
    if t0.is_digits and float(m.value).is_integer() and 1 <= m.value <= 31 and not m.currency:
        if prev is not None and prev.low in lx.months:
            return "date"
        if prev is not None and prev.text == "." and prev2 is not None and prev2.low in lx.months:
            return "date"
        k = num.last + 1
        if k < n and toks[k].low == "of":
            k += 1
        if k < n and toks[k].low in lx.months and toks[k].text[:1].isupper():
            return "date"
    # years: four digits 1800-2100 without separators, not a count of things ("2,000
    # troops" has a separator; "2000 troops" is a count before a plural noun unless the
    # noun is one a year qualifies: "its 1991 borders", "below 2005 levels"); a span of two
    # such years ("from 2014 to 2021") is a period, not a range of amounts
    if (
        t0.is_digits
        and re.fullmatch(r"\d{4}", t0.text)
        and 1800 <= m.value <= 2100
        and not m.currency
    ):
        after = next((t for t in toks[num.last + 1 :] if t.start >= m.end), None)
        if after is not None and after.low in lx.year_nouns:
            return "year"
        counted = (
            after is not None
            and after.text[:1].islower()
            and after.low.endswith("s")
            and after.low not in lx.not_plurals
            and not m.unit
        )
        span = (
            m.value_max is not None
            and m.value < m.value_max <= 2100
            and float(m.value_max).is_integer()
            and re.search(r"(?<![\d,.])\d{4}\W*$", m.text) is not None
        )
        if not counted and (
            (m.qualifier is Qualifier.EXACT and num.first == num.last and m.value_max is None)
            or span
        ):
            return "year"
    if prev is not None and prev.low in lx.months and t0.is_digits:
        return "date"
    # labels: "day 13", "No. 1", "Article 5", "week 3"
    if t0.is_digits or num.spelled:
        lab = prev
        if lab is not None and lab.text == "." and prev2 is not None:
            lab = prev2
        if (
            lab is not None
            and lab.low in lx.label_words
            and m.qualifier is Qualifier.EXACT
            and not m.currency
        ) and not (nxt is not None and nxt.low == "of" and lab.low not in ("day", "week")):
            return "label"  # "day 13 (of the invasion)", "Article 5", not "unit 3 of them"
        if (
            prev is not None
            and prev.text == "."
            and prev2 is not None
            and prev2.low in ("no", "nr")
        ):
            return "label"
        if prev is not None and prev.text == "#":
            return "label"
    # spelled numbers glued to fractions: "two-thirds"
    if (
        num.spelled
        and nxt is not None
        and nxt.text in "-‐"
        and nxt2 is not None
        and nxt2.low in lx.fractions
    ):
        return "fraction"
    if t0.low in ("one",) and num.first == num.last:
        if prev is not None and prev.low in lx.one_before:
            return "pronoun"
        if (  # "No-one", "every-one"
            prev is not None
            and prev.text in "-‐"
            and prev2 is not None
            and prev2.low in lx.one_before
            and _glued(prev2, prev)
            and _glued(prev, t0)
        ):
            return "pronoun"
        if nxt is not None and nxt.low in lx.one_after:
            return "pronoun"
        if nxt is None or not nxt.text[:1].isalpha():
            return "pronoun"
    return None


__all__ = ["NumberMention", "find_numbers", "lexicon"]
