"""Cleaning of flattened article text: an ordered chain of small named rules.

``clean_text(text, title)`` splits the raw text into lines, finds the headline, and runs
the rule chain (:data:`RULES`) over the remaining lines. Each rule is a pure function that
looks at the lines (and at what earlier rules removed) and returns the lines it removes; the
first rule to claim a line gives it its name in the audit. Nothing is silently lost: every
non-blank raw line ends up kept (:class:`KeptLine`), removed with the name of its rule
(:class:`~sitroom.records.RemovedLine`), or is the headline (recorded as removed by
``"title"``).

The rules, in order (the name in the audit first, then the function where it differs):

=====================  ==================================================================
``title``              the headline (``text``'s first line, or the first line after a
                       header block of page furniture); only when ``title`` is not given
``header``             outlet, section and byline lines of a header block above the headline
``title_repeat``       the headline repeated (or a variant of it) as the first body line
``batch_repeat``       only with ``repeated`` (a :class:`RepeatedLines` built from the whole
                       batch): a line that stands in three unrelated articles of the batch
                       or more, at the edge of the article's text or next to other
                       furniture (a site's poll, editor's note, author biography, promo)
line-pattern rules     ``consent``, ``signup``, ``app_prompt``, ``social``, ``promo``,
                       ``disclaimer``, ``embed``, ``comments_prompt``, ``feedback``,
                       ``copyright``, ``end_marker``, ``source_link``, ``source_credit``,
                       ``teaser_header``, ``teaser_tagged``, ``teaser_prefixed``,
                       ``caption`` (with ``photo_credit``, ``caption_marked``,
                       ``caption_credit``, ``caption_dated``),
                       ``byline`` (with ``wire_credit``), ``dateline``, ``widget``,
                       ``advert``: one
                       line matched by a pattern group of ``data/boilerplate.toml``, the
                       groups tried in :data:`LINE_GROUPS` order
``separator``          lines without a letter or digit (``* * *``)
``bare_url``           a link standing alone
``disclaimer``         (reprint_note) an editor's note at the top introducing a reprint, to
                       the line ending with a colon, over the reprint's byline (or its
                       headline repeated over its byline)
``title_repeat``       (headline_over_byline) the headline repeated as the first kept line
                       (under such a note), over the reprint's byline
``caption``            (caption_repeat) a caption's text next to its credited copy
``caption``            (caption_pair) a caption printed twice in a row (not a sentence), or
                       once more with an image credit added
``caption``            (caption_run) sentences without a full stop standing next to a
                       caption or under a "scroll down for video" notice (tabloid captions)
``caption``            (caption_beside_credit) a caption with a full stop directly under or
                       over an image's credit standing alone, saying in the present tense
                       what the picture shows
``teaser``             (teaser_block) the teaser links under a "DON'T MISS" / "Related"
                       header
``advert``             (advert_block) the rest of an advert (the product's name, pitch
                       lines between calls to action)
``after_article_end``  everything after a line that closes the article ("Source: Read
                       Full Article", "Full article here", a comments header or comment
                       policy, a whole advert; softly, a video embed's credit, a
                       related-links block, a row of hashtags or a page's tags label,
                       followed only by short lines); after a repost
                       credit, only what reads as reader comments or is not a sentence of
                       reporting (the reposter's own paragraphs stay: repost_tail)
``comments``           (comment_thread) reader comments under "NAME says" lines
``comments``           (comments_after_repeat) reader comments without a header under a
                       second copy of the article's text
``embed``              (card_title) the title of an embedded article card above its credit
``feedback``           (poll_block) a reader poll's question and options between its prompt
                       and its form
``feedback``           (poll_over_form) a reader poll with no prompt, one option a line: the
                       options and the question over the poll's form
``video_title``        an embedded video's title ("Topic: headline", standing alone)
``embed``              (video_description) an embedded video's title and description with
                       hashtags, directly under the sentence pointing to the video below
``teaser_link``        a standalone Title Case headline between paragraphs (a link to
                       another story), and the headlines listed one under it
``trailing_teaser``    a truncated teaser after the last paragraph
``byline``             (trailing_byline) the author's name alone as the last line, the
                       writer's biography as the last line (with the writer's book named
                       under it and the pieces its links split it into; any person's
                       biography under a closing rule), or a letter's signature (name, then
                       town)
``byline``             (footer_signature) the short name lines ("— Jane Doe", "Example
                       Times") over a syndicated story's closing copyright line
``byline``             (edge_bio) a biography at the article's edge of a person the text
                       names nowhere else: the last line saying who the writer is (a post at
                       a named body, a trade of the press; a longer one naming a trade or a
                       degree, every sentence about the writer), or the first line naming the
                       writer's trade or, in one short sentence, a post at a named body
                       (``person_bio``, ``writer_bio``)
``promo``              (prompt_tail) the site's own lines under the last prompt at the foot,
                       each speaking as "we" or to "you", or a short sign-off
``disclaimer``         (closing_note) an editor's note at the foot of the text, with the
                       lines its links split it into
``lead_repeat``        the lead repeated as the last line (the page's summary)
``pull_quote``         a line that is only a quotation of words standing in a longer
                       paragraph of the text (or a whole paragraph standing elsewhere without
                       quotation marks), after the article's first two paragraphs
``signup``             (box_heading) a heading in capitals over a sign-up box
``social``             (share_buttons) the labels of sharing buttons, one a line, two or more
``header``             (kicker) a section label in capitals (or a column's name in Title
                       Case, four words at most) under the headline, the
                       section and topic tags there above a lead that opens with a dateline,
                       or a "Story highlights" box there
``teaser``             (truncated_teaser) a short teaser cut off with an ellipsis
``fragment``           a broken word or letter standing alone
=====================  ==================================================================

The patterns live in ``data/boilerplate.toml`` and are compiled once per process
(:func:`patterns`). ``body`` joins the kept lines with ``"\\n"`` (one paragraph per line),
or with ``" "`` where a line continues the previous one's sentence (``joins_previous``):
the previous kept line stands directly above it (at most one blank line between, nothing
removed between), does not end a sentence, and either the line starts in lower case or the
previous line ends with a word that cannot end a sentence ("by", "the", "and").
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.records import RemovedLine


@dataclass(frozen=True, slots=True)
class KeptLine:
    position: int  # index of the line in the raw text's line list
    offset: int  # character offset of the (stripped) line in the raw text
    text: str  # the line, stripped of surrounding whitespace
    joins_previous: bool = False  # a wrapped continuation of the previous kept line's sentence


@dataclass(frozen=True, slots=True)
class CleanResult:
    title: str
    kept: tuple[KeptLine, ...]
    removed: tuple[RemovedLine, ...]

    @property
    def body(self) -> str:
        return self._assemble()[0]

    @property
    def offset_map(self) -> tuple[tuple[int, int], ...]:
        return self._assemble()[1]

    def _assemble(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        parts: list[str] = []
        mapping: list[tuple[int, int]] = []
        pos = 0
        for i, k in enumerate(self.kept):
            if i:
                parts.append(" " if k.joins_previous else "\n")
                pos += 1
            mapping.append((pos, k.offset))
            parts.append(k.text)
            pos += len(k.text)
        return "".join(parts), tuple(mapping)


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of ``text``; offsets index into ``text``."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of the raw text, as the rules see it."""

    position: int  # index of the line in the raw text's line list
    offset: int  # character offset of ``text`` in the raw text
    text: str  # stripped
    raw: str  # as in the raw text, without its line break
    gap: int  # blank lines between this line and the previous non-blank line
    words: int  # number of space-separated words
    low: str  # ``text`` case-folded, no-break spaces as spaces, for the patterns
    cased: str  # ``text`` with no-break spaces as spaces (``text`` itself when none)


def to_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` (line breaks as :func:`split_lines` finds them)."""
    lines: list[Line] = []
    gap = 0
    pos = 0
    for position, chunk in enumerate(text.splitlines(keepends=True)):
        offset = pos
        pos += len(chunk)
        stripped = chunk.strip()
        if not stripped:
            gap += 1
            continue
        raw = chunk.rstrip("\r\n")
        if stripped[0] == "\ufeff" and stripped.lstrip("\ufeff").strip():
            stripped = stripped.lstrip("\ufeff").strip()  # a byte-order mark left in a line
            lead = raw.find(stripped)
        else:
            lead = len(raw) - len(raw.lstrip())
        words = stripped.count(" ") + 1
        low = stripped.casefold()
        if "\xa0" in low:  # a no-break space ("sign\xa0up") is a space to the patterns
            low = low.replace("\xa0", " ")
        cased = stripped.replace("\xa0", " ") if "\xa0" in stripped else stripped
        lines.append(Line(position, offset + lead, stripped, raw, gap, words, low, cased))
        gap = 0
    return lines


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True, slots=True)
class Group:
    """One pattern group of ``boilerplate.toml``, compiled once.

    Case-insensitive patterns are matched against the case-folded line (``Line.low``), the
    others (and those wrapped in ``(?-i:...)``) against the line as written. Patterns anchored
    at the line's start (``^``) are tried there only. The others ("floating") are searched
    only in lines that contain one of the group's ``triggers`` (lower-case substrings), and,
    with ``tail_chars``, only in the line's last characters; with a ``gate``, nothing is tried
    unless the line's end matches it. These pre-checks keep cleaning well under a millisecond
    per article.
    """

    name: str
    rule: str  # the name the audit gives the lines this group removes
    anchored_low: re.Pattern[str] | None
    anchored_cased: re.Pattern[str] | None
    floating_low: re.Pattern[str] | None
    floating_cased: re.Pattern[str] | None
    triggers: tuple[str, ...]
    tail_chars: int | None
    max_words: int | None
    gate: re.Pattern[str] | None
    terminal: bool | str  # True: the line closes the article; "tail": only before a tail
    keep_reporting_head: bool = False  # see reporting_head
    keep_source_intro: bool = False  # see line_patterns

    def match(self, line: Line) -> bool:
        if self.max_words is not None and line.words > self.max_words:
            return False
        return self.match_any_length(line)

    def match_name(self, line: Line) -> str | None:
        """The ``name`` group of the first anchored case-sensitive pattern that matches
        ``line`` (for the biography groups), or None."""
        if self.anchored_cased is None or (
            self.max_words is not None and line.words > self.max_words
        ):
            return None
        m = self.anchored_cased.match(line.cased)
        return m.group("name") if m is not None else None

    def match_any_length(self, line: Line) -> bool:
        """:meth:`match` without the ``max_words`` check (the caller made it)."""
        if self.gate is not None and self.gate.search(line.text[-24:]) is None:
            return False
        low = line.low
        if self.anchored_low is not None and self.anchored_low.match(low):
            return True
        text = line.cased
        if self.anchored_cased is not None and self.anchored_cased.match(text):
            return True
        if not self.triggers:
            return False
        for t in self.triggers:
            if t in low:
                break
        else:
            return False
        tail = self.tail_chars
        if self.floating_low is not None:
            low = line.low if tail is None else line.low[-tail:]
            if self.floating_low.search(low):
                return True
        if self.floating_cased is not None:
            if tail is not None:
                text = text[-tail:]
            if self.floating_cased.search(text):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled pattern groups; ``order`` names the line groups in chain order."""

    groups: Mapping[str, Group]
    order: tuple[str, ...]
    by_length: tuple[tuple[Group, ...], ...]  # [n]: the line groups admitting n words, in order

    def __getitem__(self, name: str) -> Group:
        return self.groups[name]

    def line_group(self, line: Line) -> Group | None:
        """The first line group, in chain order, that matches ``line``."""
        eligible = self.by_length[min(line.words, len(self.by_length) - 1)]
        for g in eligible:
            if g.match_any_length(line):
                return g
        return None


@functools.cache
def patterns() -> Patterns:
    """The pattern groups of ``data/boilerplate.toml``, compiled once per process."""
    raw = resources.files("sitroom").joinpath("data/boilerplate.toml").read_text("utf-8")
    return load_patterns(tomllib.loads(raw), LINE_GROUPS)


_ANCHOR = re.compile(r"^(\(\?[a-zA-Z-]+:)?\^")
_ESCAPE = re.compile(r"\\(?:U[0-9A-Fa-f]{8}|u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|.)")


def load_patterns(data: Mapping[str, Any], order: Sequence[str]) -> Patterns:
    """Compile the tables of a parsed ``boilerplate.toml``; ``order`` names the line groups
    in chain order."""
    groups: dict[str, Group] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("patterns"), list):
            raise ValueError(f"boilerplate group {name!r} must be a table with a patterns list")
        insensitive = not spec.get("case_sensitive")
        sets: dict[tuple[bool, bool], list[str]] = {
            (a, lo): [] for a in (True, False) for lo in (True, False)
        }
        for p in spec["patterns"]:
            m = _ANCHOR.match(p)
            anchored = m is not None
            if m:  # drop the "^": anchored patterns are tried with .match()
                p = p[: m.end() - 1] + p[m.end() :]
            low = insensitive and "(?-i:" not in p
            if low and re.search("[A-Z]", _ESCAPE.sub("", p)):
                raise ValueError(f"boilerplate group {name!r}: write {p!r} in lower case")
            sets[anchored, low].append(p)
        triggers = tuple(str(t).casefold() for t in spec.get("triggers", ()))
        if (sets[False, True] or sets[False, False]) and not triggers:
            raise ValueError(f"boilerplate group {name!r}: floating patterns need triggers")
        cased_flags = re.IGNORECASE if insensitive else 0
        max_words = spec.get("max_words")
        tail = spec.get("tail_chars")
        gate = spec.get("gate")
        anchored_low = _alternation(sets[True, True], 0)
        anchored_cased = _alternation(sets[True, False], cased_flags)
        groups[name] = Group(
            name=name,
            rule=str(spec.get("rule", name)),
            anchored_low=anchored_low,
            anchored_cased=anchored_cased,
            floating_low=_alternation(sets[False, True], 0),
            floating_cased=_alternation(sets[False, False], cased_flags),
            triggers=triggers,
            tail_chars=int(tail) if tail is not None else None,
            max_words=int(max_words) if max_words is not None else None,
            gate=re.compile(gate, cased_flags) if gate else None,
            terminal=spec["terminal"]
            if spec.get("terminal") == "tail"
            else bool(spec.get("terminal")),
            keep_reporting_head=bool(spec.get("keep_reporting_head")),
            keep_source_intro=bool(spec.get("keep_source_intro")),
        )
    missing = [name for name in order if name not in groups]
    if missing:
        raise ValueError(f"boilerplate.toml lacks the groups {missing}")
    line_groups = [groups[name] for name in order]
    longest = max((g.max_words or 0) for g in line_groups) + 1
    by_length = tuple(
        tuple(g for g in line_groups if g.max_words is None or n <= g.max_words)
        for n in range(longest + 1)
    )
    if any(g.max_words is None for g in line_groups):
        raise ValueError("every line group of boilerplate.toml needs max_words")
    return Patterns(groups, tuple(order), by_length)


def _alternation(parts: Sequence[str], flags: int) -> re.Pattern[str] | None:
    if not parts:
        return None
    return re.compile("|".join(f"(?:{p})" for p in parts), flags)


# --------------------------------------------------------------------------- text tests

_TERMINAL = re.compile(r"[.!?…‼:;][\"'”’)\]»]*$")
_SENTENCE_END = re.compile(r"[.!?…‼][\"'”’)\]»]*$")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_CONTINUATION_WORDS = _word_set(
    "a an the and or but nor of to in on at by for with from into onto as that which who "
    "whom whose than its their his her our your my is are was were be been being has have "
    "had will would can could should may might must not also"
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W_]+")
_URL = re.compile(r"^(?:<)?(?:https?://|www\.)\S+(?:>)?$", re.IGNORECASE)
# "Ukraine: ...", "Russia-Ukraine Crisis: ...": one capitalised word, or a few ending with a
# running story's label (a person's name with a colon is a subhead, not a video's topic)
_TOPIC_HEADLINE = re.compile(
    r"^(?:[A-Z][\w'’&.-]*|[A-Z][\w'’&.-]*(?:[ -][\w'’&.-]+){0,3}[ -]"
    r"(?:[Ww]ar|[Cc]risis|[Cc]onflict|[Ii]nvasion|[Ll]ive|[Ll]atest|[Uu]pdates?|[Nn]ews))"
    r": [A-Z0-9‘'\"“]"
)
_NAME = re.compile(
    r"^(?:(?:Dr|Prof|Rev|Mr|Mrs|Ms|Sir|Dame|Gen|Col|Capt|Sen|Rep)\.? )?"
    r"[A-Z][a-z'’-]+(?: [A-Z]\.)*(?: [A-Z][a-z'’-]+){1,2}$"
)
_PLACE = re.compile(r"^[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){0,2}(?:, [A-Z][A-Za-z.]+)?$")
_PARAGRAPH_WORDS = 25  # a line this long is running prose, never a link or a label
_READ_MORE_TAIL = re.compile(r"\b(?:read more|continue reading|more)\W*$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)$")
_POST_HANDLE = re.compile(r"[—–-]\s*[^()]{1,60}\(@\w{1,30}\)")
_ENUMERATED = re.compile(r"^(?:\d{1,2}|[IVX]{1,4})[.)]\s")
_LIST_ITEM = re.compile(r"^[-•*–·]\s+\S")
_SMALL_WORDS = _word_set("a an the and or but nor of to in on at by for with from as vs via is it")
_CAMERA_PREFIX = re.compile(r"^camera icon", re.IGNORECASE)
_CREDIT_TAIL = re.compile(r"\s*(?:credit:.*|\([^()]*\)\s*|©.*)$", re.IGNORECASE)


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def is_paragraph(line: Line) -> bool:
    """A line of running prose: several words ending a sentence."""
    return line.words >= 8 and _TERMINAL.search(line.text) is not None


def is_title_case(text: str) -> bool:
    """Most words capitalised, as in a headline ("Russia Warns NATO Of A Wider War")."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    content = [w for w in words if w.casefold() not in _SMALL_WORDS]
    if len(content) < 4:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.8


def norm(text: str) -> str:
    return " ".join(tokens(text))


# --------------------------------------------------------------------------- the rule chain

Removed = Mapping[int, str]  # index into the line list -> name of the rule that removed it
Rule = Callable[[Sequence[Line], Removed, Patterns], Iterable[int]]


def _kept(lines: Sequence[Line], removed: Removed) -> list[int]:
    return [i for i in range(len(lines)) if i not in removed]


def line_patterns(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Removed:
    """The line-pattern rules: each line goes to the first pattern group of
    ``boilerplate.toml`` (in :data:`LINE_GROUPS` order) that matches it on its own (for a
    group with ``keep_reporting_head``, unless the line opens with a sentence of reporting:
    see :func:`reporting_head`; for a group with ``keep_source_intro``, unless the line ends
    with a colon under a paragraph of fifteen words or more: a quoted text's byline, "By Jane
    Doe, Example Times, May 2, 2018:", introducing the excerpt under it)."""
    out: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in removed:
            continue
        g = pats.line_group(line)
        if g is None or (g.keep_reporting_head and reporting_head(line, pats)):
            continue
        if (
            g.keep_source_intro
            and line.text.endswith(":")
            and any(k not in removed and k not in out and lines[k].words >= 15 for k in range(i))
        ):
            continue  # a paragraph stands above: the byline of a quoted text
        out[i] = g.rule
    return out


_FIRST_SENTENCE = re.compile(r"^(.+?[a-z0-9)”\"'’][.!?])\s+(?=[A-Z“\"‘'])")
_FIRST_PERSON = re.compile(r"\b(?:i|we|us|our|my|me|you|your)\b")


def reporting_head(line: Line, pats: Patterns) -> bool:
    """Whether ``line`` opens with a sentence of reporting that the scraper glued page
    furniture to ("Germany sent five jets to Kyiv this week. Follow us on ..."): a first
    sentence of ten words or more that speaks of neither us nor you and that no line group
    matches on its own. Losing the sentence is worse than keeping the prompt."""
    m = _FIRST_SENTENCE.match(line.text)
    if m is None:
        return False
    head = m.group(1)
    words = head.count(" ") + 1
    if words < 10 or _FIRST_PERSON.search(head.casefold()):
        return False
    head_line = Line(line.position, line.offset, head, head, line.gap, words, head.casefold(), head)
    return pats.line_group(head_line) is None


def separator(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Lines without a letter or a digit: ``* * *``, ``..``, ``– – –``, emoji rows."""
    return [
        i
        for i, line in enumerate(lines)
        if i not in removed and not any(ch.isalnum() for ch in line.text)
    ]


def bare_url(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A link standing alone as a line."""
    return [i for i, line in enumerate(lines) if i not in removed and _URL.match(line.text)]


def caption_repeat(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A caption's text standing next to its credited copy ("X." then "Camera iconX. Credit: ...")."""
    out = []
    for j, rule in removed.items():
        if rule != "caption":
            continue
        credited = lines[j]
        other: str | None = None
        for i in (j - 1, j + 1):
            if not 0 <= i < len(lines) or i in removed or lines[i].words > 40:
                continue
            if (lines[j].gap if i < j else lines[i].gap) > 1:
                continue
            key = norm(lines[i].text)
            if not key:
                continue
            if other is None:
                other = norm(_CREDIT_TAIL.sub("", _CAMERA_PREFIX.sub("", credited.text)))
            if key == other or (len(key) > 15 and key in norm(credited.text)):
                out.append(i)
    return out


def caption_pair(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A caption printed twice (the caption and the image's alternative text): the same line
    twice in a row that is not a finished sentence ("Soldiers at the border / Example Agency"),
    or a caption of eight words or more twice in a row, the longer copy adding an image credit
    ("... at the forum. / Photo bank" under "... at the forum.") and not a finished sentence.
    A paragraph printed twice is the scraper's repeat of the article's own text: kept."""
    out: list[int] = []
    for i in range(1, len(lines)):
        line, prev = lines[i], lines[i - 1]
        if line.gap > 1 or i in removed or (i - 1) in removed:
            continue
        if line.low == prev.low:
            if _TERMINAL.search(line.text) is None and _article_started(lines, removed, i):
                out.extend((i - 1, i))
            continue
        short, long_ = (line, prev) if len(line.low) < len(prev.low) else (prev, line)
        if short.words < 8 or _TERMINAL.search(long_.text) is not None:
            continue
        if _caption_prefix(short.text, long_.text) and _article_started(lines, removed, i):
            out.extend((i - 1, i))
    return out


_OPEN_END = re.compile(r"[^\W_]$")  # a line that ends on a letter or a digit, no punctuation
_EMBEDDED_POST = re.compile(r"pic\.twitter\.com|\(@\w+\)|https?://")


def caption_run(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Captions without a marker beside a caption: where one line is a caption (a credit, a
    "pictured"), the sentences standing directly next to it that end on a letter or a digit,
    no full stop (the tabloid caption's shape: "The minister arrives at the summit on Monday"),
    go too, run after run; so do such sentences directly under a "scroll down for video"
    notice, the tabloid template's mark above its captions. A sentence of six words or more,
    not a headline in Title Case, not an embedded post."""
    seeds = [
        j
        for j, rule in removed.items()
        if rule == "caption" or (rule == "widget" and lines[j].low.startswith("scroll down"))
    ]

    def unmarked_caption(_: int, i: int) -> bool:
        line = lines[i]
        return (
            6 <= line.words <= 60
            and line.text[0].isupper()
            and _OPEN_END.search(line.text) is not None
            and not is_title_case(line.text)
            and not _EMBEDDED_POST.search(line.text)
            and _article_started(lines, removed, i)
        )

    return sorted(_reached(lines, removed, seeds, unmarked_caption))


# a caption's verb of what the picture shows, in the present tense ("The minister speaks at
# ...", "Crews and volunteers clear the road ...")
_SCENE_VERB = re.compile(
    r"\b(?:speaks|stands|stand|holds|hold|poses|pose|arrives|arrive|walks|walk|waves|wave|hugs|"
    r"places|place|signs|sign|delivers|introduces|attends|attend|looks on|look on|gestures|"
    r"gesture|listens|listen|watches|watch|talks|talk|leaves|greets|greet|shakes hands|"
    r"shake hands|sits|sit|marches|march|prays|pray|addresses|smiles|smile|reacts|react|"
    r"celebrates|celebrate|embraces|embrace|visits|inspects|inspect|meets|kneels|kneel|rides|"
    r"carries|carry|points|raises|raise|wears|wear|displays|display|campaigns|testifies|boards|"
    r"departs|enters|gather|gathers|protest|protests|rally|rallies|wait|waits|clear|clears)\b"
)
_SCENE_WORDS = 45  # a caption beside a credit is one sentence of at most this many words
_CREDIT_WORDS = 8  # a credit standing alone, the image's source only


def caption_beside_credit(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A caption with a full stop beside the image's credit standing alone ("Jane Doe /
    Example Agency." over "The minister speaks at the summit in Example City on Monday."): a
    single sentence of reporting size set directly under or over the credit, saying in the
    present tense what the picture shows (a verb of :data:`_SCENE_VERB` among its first
    fifteen words), not a quotation."""
    out = []
    for j, rule in removed.items():
        if rule != "caption" or lines[j].words > _CREDIT_WORDS:
            continue
        for i in (j - 1, j + 1):
            if not 0 <= i < len(lines) or i in removed:
                continue
            line = lines[i]
            if lines[max(i, j)].gap > 1 or not 4 <= line.words <= _SCENE_WORDS:
                continue
            text = line.text
            if text[0] in "\"“‘'" or "”" in text or '"' in text or _SAID.search(line.low):
                continue
            one_sentence = _TITLE_ABBREVIATION.sub("X", text)  # "Sen. Jane Doe" ends nothing
            if _MID_SENTENCE_END.search(one_sentence) or not _article_started(lines, removed, i):
                continue
            if _SCENE_VERB.search(" ".join(text.split()[:15])):
                out.append(i)
    return out


_SAID = re.compile(r"\b(?:said|says|told|according)\b")
_MID_SENTENCE_END = re.compile(r"[a-z0-9)][.!?] [A-Z]")
# a title or a rank abbreviated before a name: its stop ends no sentence
_TITLE_ABBREVIATION = re.compile(
    r"\b(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Maj|Dr|Mr|Mrs|Ms|Prof|Rev|St|Jr|Sr)\."
)


def _reached(
    lines: Sequence[Line], removed: Removed, seeds: Iterable[int], joins: Callable[[int, int], bool]
) -> set[int]:
    """The kept lines reached from ``seeds`` line by line: a neighbour ``i`` of a line
    ``j`` reached (or of a seed) joins when ``joins(j, i)``, and its own neighbours are
    tried in turn. The seeds themselves are not in the result."""
    start = set(seeds)
    out: set[int] = set()
    stack = list(start)
    while stack:
        j = stack.pop()
        for i in (j - 1, j + 1):
            if not 0 <= i < len(lines) or i in removed or i in out or i in start:
                continue
            if joins(j, i):
                out.add(i)
                stack.append(i)
    return out


_CREDIT_WORD = re.compile(
    r"\b(?:photo|image|picture|credit|courtesy|getty|reuters|afp|epa|mediabank|photobank|"
    r"sputnik|tass|shutterstock|associated press)\b"
)


def _caption_prefix(short: str, long_: str) -> bool:
    """Whether ``short``'s words open ``long_`` (both normalised) and the words ``long_`` adds
    carry an image credit ("/ Photo bank", "Photo: ...")."""
    a, b = tokens(short), tokens(long_)
    if len(a) >= len(b) or b[: len(a)] != a or short[:1] in "\"“'‘":
        return False
    added = " ".join(b[len(a) :])
    return _CREDIT_WORD.search(added) is not None or ("/" in long_ and "/" not in short[:-1])


def _teaser_like(line: Line) -> bool:
    if _LIST_ITEM.match(line.text):
        return line.words <= 25
    if not 4 <= line.words <= 20 or line.text.endswith(":"):
        return False  # a teaser is a headline: a line of two or three words is a subhead
    if ends_sentence(line.text):  # a headline in Title Case to which the page added a stop
        return line.text.endswith(".") and is_title_case(line.text)
    first = line.text[0]
    return first.isupper() or first.isdigit() or first in "‘'\"“"


def teaser_block(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Teaser links listed under a teaser header ("DON'T MISS:", "Related:", "See the column
    here:"), or under a pointer to an embed that ends with a colon ("See the video here:"),
    while they last."""
    out: list[int] = []
    for i in range(len(lines)):
        rule = removed.get(i)
        if rule != "teaser_header" and not (rule == "embed" and lines[i].text.endswith(":")):
            continue
        j = i + 1
        while j < len(lines) and lines[j].gap <= 1:
            rule = removed.get(j)
            if rule is None and _teaser_like(lines[j]):
                out.append(j)
            elif rule not in ("teaser_tagged", "teaser_prefixed", "teaser_header"):
                break
            j += 1
    return out


def advert_block(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """An advert's remaining lines: the product's name above it, pitch lines between its calls
    to action (at most three paragraphs apart; short feature lines do not count)."""
    hits = [i for i, r in removed.items() if r == "advert"]
    if not hits:
        return []
    hits.sort()
    out: list[int] = []
    start = prev = hits[0]
    blocks: list[tuple[int, int]] = []
    for h in hits[1:]:
        between = range(prev + 1, h)
        long_lines = sum(1 for k in between if k not in removed and lines[k].words > 12)
        if long_lines <= 3:
            prev = h
            continue
        blocks.append((start, prev))
        start = prev = h
    blocks.append((start, prev))
    header = pats["advert_header"]
    for a, b in blocks:
        out.extend(k for k in range(a + 1, b) if k not in removed)
        if a > 0 and (a - 1) not in removed:
            above = lines[a - 1]
            if (
                above.words <= 10
                and not _TERMINAL.search(above.text)
                and (header.match(above) or above.text.isupper() or is_title_case(above.text))
            ):
                out.append(a - 1)
    return out


def _article_started(lines: Sequence[Line], removed: Removed, upto: int) -> bool:
    return any(i not in removed and lines[i].words >= 15 for i in range(upto))


def after_article_end(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Everything after the line that closes the article: reader comments, link lists,
    sign-up boxes. Closing lines: a line of a ``terminal`` group (``end_marker``,
    ``comment_policy``), a repost's source link (``source_link``) directly followed by
    furniture, a ``soft_end`` line (a video embed's credit) or a teaser header over two teaser
    links or more, followed only by short lines and list items, a site's copyright footer
    followed by a few short lines (:func:`_footer_tail`), or a whole advert of three lines or
    more; the article's text must have started above it. A repost credit (``terminal =
    "tail"``) closes it only when what follows is shorter than what precedes (the same credit
    can stand under the headline), and then only what follows it that is not a sentence of
    reporting goes (:func:`repost_tail`)."""
    strong = [pats[name] for name in pats.order if pats[name].terminal]
    weak = pats["source_link"]
    soft = pats["soft_end"]
    for i in sorted(removed):
        line = lines[i]
        closes = any(g.match(line) for g in strong) or (weak.match(line) and (i + 1) in removed)
        soft_close = soft.match(line) or (
            removed[i] == "teaser_header" and _teaser_run(removed, i) >= 2
        )
        footer = _SITE_COPYRIGHT.match(line.low) is not None and _footer_tail(lines, removed, i)
        if closes or footer or (soft_close and _only_short_lines_after(lines, removed, i)):
            end = i
        elif removed[i] == "advert" and _advert_run(lines, removed, i) >= 3:
            end = i + _advert_run(lines, removed, i) - 1
        else:
            continue
        if not _article_started(lines, removed, i):
            continue
        rest = [k for k in range(end + 1, len(lines)) if k not in removed]
        if any(g.terminal == "tail" and g.match(line) for g in strong) and not any(
            g.terminal is True and g.match(line) for g in strong
        ):
            before = sum(lines[k].words for k in range(i) if k not in removed)
            if sum(lines[k].words for k in rest) >= before:  # not a tail: the article itself
                continue
            return repost_tail(lines, rest, pats)
        return rest
    return []


# a site's copyright footer ("Copyright © 2024 Example Press", "© 2024 Example. All rights
# reserved"), not an image's credit ("© Jane Doe/Agency", "Photo copyright Agency")
_SITE_COPYRIGHT = re.compile(r"^(?:©\s*)?(?:copyright\b|.{0,80}\brights reserved\b)")
_FOOTER_LINES = 8  # at most this many short lines under a site's copyright footer


def _footer_tail(lines: Sequence[Line], removed: Removed, i: int) -> bool:
    """Whether what follows line ``i`` (a site's copyright footer, removed) is the page's
    footer: at most eight kept lines, none of fifteen words or more (the author's box, links
    to the author's other articles)."""
    if not removed.get(i) or lines[i].words > 12:
        return False
    rest = [k for k in range(i + 1, len(lines)) if k not in removed]
    return len(rest) <= _FOOTER_LINES and all(lines[k].words < 15 for k in rest)


def repost_tail(lines: Sequence[Line], rest: Sequence[int], pats: Patterns) -> list[int]:
    """What goes of the lines after a repost credit ("Originally published on ...; reposted
    with permission"). The credit closes the reposted text, but the reposter may go on with
    their own paragraphs: the lines go as a whole only when they read as reader comments
    (:func:`reads_as_comments`); otherwise a sentence of reporting (:func:`is_reporting`)
    stays and only the rest goes (the writer's biography, link lists, short lines)."""
    if reads_as_comments(lines, rest):
        return list(rest)
    bio = pats["tail_bio"]
    return [k for k in rest if bio.match(lines[k]) or not is_reporting(lines[k])]


# Signals of a reader's comment (never of reporting): the first or second person outside
# quotation marks (a quotation running on to the end of the line counts as one), chat register
# ("!!", "lol", ".."), an emoji, a comma without its space ("this,that"), a line opening in
# lower case.
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]{12,}(?:’|$)")
_PERSONAL = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|my|me|imo|imho|you|your|you're|you’re)\b"
)
_CHAT = re.compile(
    r"!!|\?\?|\blol\b|\bhaha|\bomg\b|(?<!\.)\.\.(?!\.)|[\U0001F300-\U0001FAFF]|\b[a-z]{2,},[a-z]{2,}"
)


def comment_signal(line: Line) -> bool:
    """Whether ``line`` carries a signal of a reader's comment (see :data:`_CHAT`)."""
    if line.text[0].islower() or _CHAT.search(line.low):
        return True
    return _PERSONAL.search(_QUOTED.sub(" ", line.low)) is not None


def reads_as_comments(lines: Sequence[Line], idxs: Sequence[int]) -> bool:
    """Whether the lines at ``idxs`` (a run at the end of the text) read as reader comments:
    three lines or more, at least three of them, and at least two in five, carrying a
    comment's signal (:func:`comment_signal`)."""
    if len(idxs) < 3:
        return False
    hits = sum(1 for k in idxs if comment_signal(lines[k]))
    return hits >= 3 and hits * 5 >= 2 * len(idxs)


# Verbs that open a plug in the imperative ("Take a look at ...", "Click here to ..."), never a
# sentence of reporting.
_IMPERATIVE_OPENING = _word_set(
    "take read click check watch subscribe buy order get join follow visit see look download "
    "sign share support donate"
)


def is_reporting(line: Line) -> bool:
    """A sentence of reporting: twelve words or more, opening with a capital letter or a
    quotation mark (not with a verb in the imperative), ending a sentence, with no signal of
    a reader's comment."""
    first = line.text[0]
    if line.words < 12 or not (first.isupper() or first in "\"“‘'"):
        return False
    if line.low.split(None, 1)[0] in _IMPERATIVE_OPENING:
        return False
    return ends_sentence(line.text) and not comment_signal(line)


def comment_thread(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Reader comments without a header: from the first of two comment author lines ("Jane
    Doe says") standing after the article's text, to the end."""
    author = pats["comment_author"]
    starts = [
        i
        for i, line in enumerate(lines)
        if i not in removed and line.words <= 12 and author.match(line)
    ]
    if len(starts) < 2 or not _article_started(lines, removed, starts[0]):
        return []
    return [k for k in range(starts[0], len(lines)) if k not in removed]


def comments_after_repeat(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """Reader comments without a header, under the article printed a second time: the page's
    text from its first paragraph on stands again (the article and its copy in a feed or a
    comment form's quote), and every kept line after the copy reads as reader comments
    (:func:`reads_as_comments`). The copy itself is left as it is."""
    kept = _kept(lines, removed)
    if len(kept) < 5 or lines[kept[0]].words < 12:
        return []

    def same(a: int, b: int) -> bool:  # kept lines a and b say the same
        return _same_words(lines[kept[a]], lines[kept[b]])

    for n in range(1, len(kept)):
        if not same(n, 0):
            continue
        m = 0  # the copy runs on while it repeats the article's lines in order
        while n + m + 1 < len(kept) and m + 1 < n and same(n + m + 1, m + 1):
            m += 1
        tail = kept[n + m + 1 :]
        if reads_as_comments(lines, tail):
            return tail
        return []
    return []


def pull_quote(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A pull quote: a line that is nothing but a quotation (eight to forty-five words, no one
    said to be speaking), whose words stand in a longer paragraph of the same text, set between
    paragraphs once the article has run for two paragraphs (at the top it may be the article's
    own epigraph); with the credit line that closes its quotation under it ("Jane Doe,
    Example Institute.\"")."""
    kept = _kept(lines, removed)
    out = []
    started = 0  # paragraphs of fifteen words or more passed
    keys: dict[int, str] | None = None
    for n, k in enumerate(kept):
        line = lines[k]
        if (
            started >= 2
            and 8 <= line.words <= 45
            and line.text[0] in "\"“‘'"
            and not _LETTER.search(_QUOTED.sub("", line.text))
        ):
            if keys is None:
                keys = {j: norm(lines[j].text) for j in kept if lines[j].words > 10}
            key = norm(line.text)
            if key.count(" ") >= 5 and any(
                j != k
                and ((len(v) > len(key) + 10 and key in v) or _unquoted_copy(lines, j, k, v, key))
                for j, v in keys.items()
            ):
                out.append(k)
                if n + 1 < len(kept) and _quote_credit(lines[kept[n + 1]], k + 1 == kept[n + 1]):
                    out.append(kept[n + 1])
                continue
        if line.words >= 15:
            started += 1
    return out


def _unquoted_copy(lines: Sequence[Line], j: int, k: int, words: str, key: str) -> bool:
    """Whether line ``j`` (its words ``words``) says the words ``key`` of the pull quote at
    ``k`` without the quotation marks: the paragraph the pull quote was cut from, whole, three
    lines away or more, not an embedded post (a post quoted in the text and then embedded
    stands twice too, the embed over its author's handle)."""
    if words != key or lines[j].text[0] in "\"“‘'" or abs(j - k) < 3:
        return False
    return not any(
        _POST_HANDLE.search(lines[n].text) or "pic.twitter.com" in lines[n].low
        for n in range(j, min(j + 3, len(lines)))
    )


def _quote_credit(line: Line, adjacent: bool) -> bool:
    """Whether ``line``, right under a pull quote, is its credit closing the quotation
    ("Jane Doe, Example Institute.\""): ten words at most, ending with a closing quotation mark
    that no opening mark in the line matches."""
    text = line.text
    if not adjacent or line.gap > 1 or line.words > 10 or not text.endswith(('"', "”")):
        return False
    return text.count('"') == 1 or (text.count("”") == 1 and "“" not in text)


_EDITORS_NOTE = re.compile(r"^[\[(]?editors?(?:'s|’s|s'|s’)? (?:note|postscript)\b")
_NOTE_OPENINGS = ("editor", "[editor", "(editor")  # a cheap check before _EDITORS_NOTE
_CORRECTION_LABEL = re.compile(r"^(?:correction|clarification)s?\s*[:.]?$")
_CORRECTION_LINES = 3  # at most this many kept lines under a correction label at the foot


def closing_note(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """An editor's note at the foot of the text ("Editor's note: This story was corrected
    ...", a site's standing note on a candidate): a kept line opening with "Editor's note"
    once the article has run, with no paragraph of 25 words or more after it; with it go the
    lines that carry on its sentence (a note whose links split it over several lines). A note
    under the headline (the editor introducing a reposted text) is left alone. Likewise the
    correction under a correction label at the foot ("CORRECTION:", then the note and its
    date): at most three kept lines after the label, to the end of the text."""
    for i, rule in removed.items():
        if rule == "widget" and _CORRECTION_LABEL.match(lines[i].low):
            rest = [k for k in range(i + 1, len(lines)) if k not in removed]
            if 0 < len(rest) <= _CORRECTION_LINES and _article_started(lines, removed, i):
                return rest
    if not any(
        k not in removed and line.low.startswith(_NOTE_OPENINGS) for k, line in enumerate(lines)
    ):
        return []
    kept = _kept(lines, removed)
    for n, k in enumerate(kept):
        if not _EDITORS_NOTE.match(lines[k].low) or not _article_started(lines, removed, k):
            continue
        after = kept[n + 1 :]
        if any(lines[j].words >= _PARAGRAPH_WORDS for j in after):
            return []
        out = [k]
        for j in after:
            if j != out[-1] + 1 or lines[j].gap > 1 or _TERMINAL.search(lines[out[-1]].text):
                break
            out.append(j)
        return out
    return []


_REPRINT_NOTE_LINES = 3  # an editor's note over a reprint spans at most this many lines


def reprint_note(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """An editor's note at the top introducing a reprinted text ("Editor's note: ... We are
    reprinting below Jane Doe's article of May 2, 2016:"): the first kept line opening with
    "Editor's note", with the lines under it up to the one ending with a colon (three lines at
    most), when under the colon stand (past rules only) the reprint's byline, or its headline
    repeated over its byline."""
    head = list(itertools.islice((i for i in range(len(lines)) if i not in removed), 4))
    if not head or not _EDITORS_NOTE.match(lines[head[0]].low):
        return []
    out: list[int] = []
    for k in head[:_REPRINT_NOTE_LINES]:
        if out and (k != out[-1] + 1 or lines[k].gap > 1):
            return []
        out.append(k)
        if lines[k].text.endswith(":"):
            break
    else:
        return []
    r = _past_rules(lines, removed, out[-1] + 1)
    if r is not None and r not in removed:
        if not _headline_copy(lines, removed, r):
            return []
        r = _past_rules(lines, removed, r + 1)
    return out if r is not None and removed.get(r) == "byline" else []


def headline_over_byline(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The headline repeated as the first kept line, lower than ``title_repeat`` looks (under
    an editor's note introducing a reprint), directly over the reprint's byline ("By Jane
    Doe", past rules only)."""
    first = next((i for i in range(len(lines)) if i not in removed), None)
    if first is None or not _headline_copy(lines, removed, first):
        return []
    r = _past_rules(lines, removed, first + 1)
    return [first] if r is not None and removed.get(r) == "byline" else []


def _past_rules(lines: Sequence[Line], removed: Removed, i: int) -> int | None:
    """The first line from ``i`` on that is not a rule (``separator``), or None."""
    while i < len(lines) and removed.get(i) == "separator":
        i += 1
    return i if i < len(lines) else None


def _headline_copy(lines: Sequence[Line], removed: Removed, i: int) -> bool:
    """Whether line ``i`` says the headline's words (the line removed as ``title``)."""
    line = lines[i]
    if line.words > 30:
        return False
    t = next((k for k in range(min(i, 12)) if removed.get(k) == "title"), None)
    return t is not None and _same_words(lines[t], line)


def lead_repeat(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The lead repeated as the last line (the page's summary printed under the article): the
    last kept line, of eight words or more, is the first kept line again, with three lines or
    more between them."""
    kept = _kept(lines, removed)
    if len(kept) < 5 or lines[kept[-1]].words < 8:
        return []
    return [kept[-1]] if _same_words(lines[kept[-1]], lines[kept[0]]) else []


def _same_words(a: Line, b: Line) -> bool:
    """Whether two lines say the same words (case, punctuation and spacing aside); the words
    are compared only for lines of about the same length that open alike."""
    if abs(a.words - b.words) > 2 or _opening(a) != _opening(b):
        return False
    return norm(a.text) == norm(b.text)


def _opening(line: Line) -> str:
    return line.low.lstrip("\"'“‘(«[ ")[:6]


def _only_short_lines_after(lines: Sequence[Line], removed: Removed, i: int) -> bool:
    """Whether every kept line after ``i`` is a short line or a list item (no paragraph), and
    none is an embedded post's attribution ("— Jane Doe (@janedoe) May 1, 2024": the post,
    its hashtags on a line of their own, is the article's)."""
    return all(
        (lines[k].words < _PARAGRAPH_WORDS or _LIST_ITEM.match(lines[k].text))
        and not _POST_HANDLE.search(lines[k].text)
        for k in range(i + 1, len(lines))
        if k not in removed
    )


def _teaser_run(removed: Removed, i: int) -> int:
    """The number of teaser links listed under the teaser header at ``i``."""
    n = 0
    while removed.get(i + 1 + n) == "teaser":
        n += 1
    return n


def _advert_run(lines: Sequence[Line], removed: Removed, i: int) -> int:
    n = 0
    while i + n < len(lines) and removed.get(i + n) == "advert":
        n += 1
    return n


def _standalone(lines: Sequence[Line], removed: Removed, i: int) -> bool:
    """Between paragraphs: kept paragraphs (or the edge of the text) above and below, with a
    blank line on each side."""
    if lines[i].gap < 1 and i > 0:
        return False
    if i + 1 < len(lines) and lines[i + 1].gap < 1:
        return False
    kept = _kept(lines, removed)
    above = [k for k in kept if k < i]
    below = [k for k in kept if k > i]
    ok_above = not above or is_paragraph(lines[above[-1]])
    ok_below = not below or is_paragraph(lines[below[0]])
    return ok_above and ok_below


def video_title(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """An embedded video's title: "Topic: headline" standing alone, without a full stop."""
    out = []
    for i, line in enumerate(lines):
        if i in removed or not 4 <= line.words <= 16 or _TERMINAL.search(line.text):
            continue
        if line.text.endswith(("?", "!")) or not _TOPIC_HEADLINE.match(line.text):
            continue
        if _POST_HANDLE.search(line.text):  # an embedded post: its text and who wrote it
            continue
        if _standalone(lines, removed, i):
            out.append(i)
    return out


def teaser_link(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A standalone Title Case headline between paragraphs: a link to another story; and the
    headlines listed with it, one under the other (the first may stand under the article's
    headline: a list of links opens the page)."""
    found = set()
    kept = _kept(lines, removed)
    first_body = kept[0] if kept else 0
    for i, line in enumerate(lines):
        if i in removed or i <= first_body or not _teaser_shape(line):
            continue
        if _standalone(lines, removed, i):
            found.add(i)
    listed = _reached(
        lines, removed, found, lambda j, i: lines[max(i, j)].gap <= 1 and _teaser_shape(lines[i])
    )
    return sorted(found | listed)


def _teaser_shape(line: Line) -> bool:
    """Whether ``line`` reads as another story's headline: five to twenty words in Title
    Case, not a finished sentence (a question or an exclamation may be)."""
    if not 5 <= line.words <= 20:
        return False
    if _SENTENCE_END.search(line.text) and not line.text.endswith(("?", "!")):
        return False
    if line.text.endswith((":", ",", ";")) or not is_title_case(line.text):
        return False
    if _ENUMERATED.match(line.text) or line.text[0] in "-—–":
        return False  # "2. Iran Weighs It", "— A Name, Title": a subhead, a quote's source
    if _POST_HANDLE.search(line.text):  # "— Jane Doe (@jdoe) May 1, 2024": a post's author
        return False
    # an odd number of quotation marks: a quotation running on over the next paragraph
    return not (line.text.count('"') % 2 or line.text.count("“") != line.text.count("”"))


def trailing_teaser(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The last line, if it is a truncated teaser: several sentences, the last one cut off,
    standing as its own paragraph under a finished one; or any last line cut off with an
    ellipsis directly under a teaser link (the last of a list of teasers)."""
    kept = _kept(lines, removed)
    if len(kept) < 3:
        return []
    last = lines[kept[-1]]
    above = removed.get(kept[-1] - 1)
    if above in _TEASER_RULES and last.words <= 40 and _ELLIPSIS.search(last.text):
        return [kept[-1]]  # the last of a list of teasers, cut off ("... Spokesman Jane...")
    if last.words < 12 or last.gap < 1 or not is_paragraph(lines[kept[-2]]):
        return []  # without blank lines, a cut-off last paragraph cannot be told from a teaser
    if _TERMINAL.search(last.text) or last.text.endswith(("”", '"', ",", ")")):
        return []
    if _READ_MORE_TAIL.search(last.text) or re.search(r"[a-z0-9)][.!?] [A-Z]", last.text) is None:
        return []  # "... read more": the article's own paragraph cut off by a feed
    return [kept[-1]]


def trailing_byline(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The author's name alone as the last kept line ("Jane Q. Doe"), the writer's
    biography as the last line ("Jane Doe is a columnist for ..."; ``author_bio``; or the
    byline's author in the third person: "Jane Doe believes ..." under "By Jane Doe", sixty
    words at most, or up to 150 when every later sentence is about the writer: "He is the
    editor of ...", "Follow him on ..."), or a letter's signature: the name, then the town
    alone on the last line."""
    kept = _kept(lines, removed)
    if len(kept) < 3:
        return []
    last = lines[kept[-1]]
    if _NAME.match(last.text) and is_paragraph(lines[kept[-2]]):
        return [kept[-1]]
    # the biography, and the writer's book named under it, bottom up; with the pieces its
    # links split it into ("... readers; her books" / "and" / "are sold at ...")
    bio: list[int] = []
    for k in range(-1, -1 - _BIO_LINES, -1):
        if len(kept) + k < 2:
            break
        line = lines[kept[k]]
        if pats["author_bio"].match(line):
            if _closes_sentence_after_start(lines, removed, kept[k - 1]):
                return [*bio, kept[k]]
            break
        if not (pats["bio_book"].match(line) or _bio_piece(line)):
            break
        bio.append(kept[k])
    if (
        removed.get(kept[-1] - 1) == "separator"
        and last.words <= 60
        and _BIO_SHAPE.match(last.text)
        and _article_started(lines, removed, kept[-1] - 1)
    ):
        return [kept[-1]]  # a biography under the rule that closes the text ("____")
    if last.words <= _LONG_BIO_WORDS and is_paragraph(lines[kept[-2]]):
        for name in _byline_names(lines, removed):
            rest = last.text[len(name) :]
            if (
                last.text.startswith(name)
                and re.match(r" (?:is|was|has|believes|writes|\w+s)\b", rest)
                and (last.words <= _BIO_WORDS or _about_writer(last.text, name))
            ):
                return [kept[-1]]  # the author of the byline, in the third person: a biography
    # a letter's signature: the name, then the writer's town on the last line
    before = lines[kept[-2]]
    if (
        len(kept) >= 4
        and _PLACE.match(last.text)
        and _NAME.match(before.text)
        and is_paragraph(lines[kept[-3]])
    ):
        return kept[-2:]
    return []


def edge_bio(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A biography of the writer at the article's edge, of a person the text names nowhere
    else (an op-ed's writer, not a person of the story): the last kept line, under a finished
    sentence, saying who the person is (``person_bio``: a post at a named body, "Jane Doe is
    director of debate at Example University."; or ``writer_bio``: a trade of the press or of
    commentary; over sixty words, a trade or a degree, "Jane Doe holds a Ph.D. in ...", with
    every later sentence about the writer: "She is the editor of ...", "Visit her site ...");
    or the first kept line, over a paragraph, naming such a trade (``writer_bio``: "Jane Doe, a
    fellow at the Example Center, is a journalist ...") or, in one sentence of thirty words or
    fewer, a post at a named body ("Jane Doe is a Senior Fellow at the Example Center.")."""
    ends = _edge_kept(lines, removed)
    if ends is None:
        return []
    (first, second), (before_last, last) = ends
    out = []
    writer, person = pats["writer_bio"], pats["person_bio"]
    if (
        ends_sentence(lines[last].text)
        and _bio_verb(lines[last])
        and not _SAID.search(lines[last].text)  # a person of the story speaking
    ):
        if lines[last].words <= _BIO_WORDS:
            m = person.match_name(lines[last]) or writer.match_name(lines[last])
        else:  # a longer biography names a trade or a degree, and is all about the writer
            m = writer.match_name(lines[last])
            m = m if m and _about_writer(lines[last].text, m) else None
        if (
            m
            and _closes_sentence_after_start(lines, removed, before_last)
            and not _named_elsewhere(lines, _kept(lines, removed)[:-1], m)
        ):
            out.append(last)
    top = lines[first]
    if ends_sentence(top.text) and _bio_verb(top) and is_paragraph(lines[second]):
        m = writer.match_name(top) if top.words <= _BIO_WORDS else None
        if m is None and top.words <= _TOP_BIO_WORDS and not _MID_SENTENCE_END.search(top.text):
            m = person.match_name(top)  # one short sentence: a post at a named body
        if m and not _named_elsewhere(lines, _kept(lines, removed)[1:], m):
            out.append(first)
    return out


_BIO_WORDS = 60  # a biography of one or two sentences; a longer one must be all about the writer
_TOP_BIO_WORDS = 30  # a post at a named body under the headline is one short sentence
_LONG_BIO_WORDS = 150  # the longest biography of sentences all about the writer
_BIO_SENTENCE = re.compile(r"(?<=[a-z0-9)”\"'’][.!?])\s+(?=[A-Z“\"‘'])")
# the opening of a sentence that goes on about the writer: a pronoun, or the way to reach them
_ABOUT_WRITER = re.compile(
    r"^(?:He|She|They|His|Her|Their|(?:Visit|Follow|Reach|Contact|E-?mail|Find|Read) "
    r"(?:him|her|them|his|their)\b)"
)


def _about_writer(text: str, name: str) -> bool:
    """Whether every sentence of ``text`` after its first is about the person ``name`` the
    first names: opening with a pronoun ("He is the editor of ...", "Her new book is ...") or
    with the way to reach the person ("Visit his site at ...", "Follow her on ..."), or with
    the name again; no one quoted or said to say anything. At most 150 words."""
    if text.count(" ") + 1 > _LONG_BIO_WORDS or _SAID.search(text) or _QUOTED.search(text):
        return False
    sentences = _BIO_SENTENCE.split(text)
    if len(sentences) < 2:
        return False
    names = (name, name.split()[-1])
    return all(_ABOUT_WRITER.match(s) or s.startswith(names) for s in sentences[1:])


def _bio_verb(line: Line) -> bool:
    """A cheap check before the biography patterns: the line says someone is or was (or holds
    a degree, or writes for someone)."""
    text = line.text
    return (
        " is " in text
        or " was " in text
        or " serves as " in text
        or " has been " in text
        or " holds " in text
        or " writes " in text
    )


def _edge_kept(
    lines: Sequence[Line], removed: Removed
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The first two and the last two kept lines, or None with fewer than four kept lines."""
    head = [i for i in itertools.islice((i for i in range(len(lines)) if i not in removed), 2)]
    tail = list(itertools.islice((i for i in range(len(lines) - 1, -1, -1) if i not in removed), 2))
    if len(head) < 2 or len(tail) < 2 or tail[1] <= head[1]:
        return None
    return (head[0], head[1]), (tail[1], tail[0])


_VIDEO_BELOW = re.compile(
    r"\bvideo\b.{0,120}\b(?:below|underneath)\b|\b(?:below|underneath)\b.{0,60}\bvideo\b"
)
_HASHTAG = re.compile(r"(?<![\w&])#[^\W\d_]\w+")


def video_description(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """An embedded video's title and description, directly under the sentence that points to
    the video below ("Below is a video of the mayor explaining ..."): a kept line carrying two
    hashtags or more in its running text ("Mayor Jane #Doe on the #Harbour deal ..."), not an
    embedded post (a post's author line or picture link)."""
    out = []
    for i in range(1, len(lines)):
        line = lines[i]
        if "#" not in line.text or i in removed or (i - 1) in removed:
            continue
        above = lines[i - 1]
        if above.words > 40 or line.gap > 1 or not _VIDEO_BELOW.search(above.low):
            continue
        if len(_HASHTAG.findall(line.text)) < 2 or "pic.twitter.com" in line.low:
            continue
        if not _POST_HANDLE.search(line.text) and "(@" not in line.text:
            out.append(i)
    return out


_PROMPT_TAIL_LINES = 6  # at most this many kept lines after the last prompt at the foot
_SITE_VOICE = re.compile(
    r"\b(?:we|we're|we’re|we've|we’ve|we'll|we’ll|our|us|you|your|you're|you’re|ya)\b"
)


def prompt_tail(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The site's own lines under the last sign-up, promo, app or social prompt at the foot:
    at most six kept lines to the end, each under forty words and speaking as "we" or to
    "you" outside quotation marks ("We're also moving to a new platform.", "Do you love what
    we do?"), or a sign-off of three words or fewer ending with "!" ("Stay safe!"). A single
    line of reporting among them keeps them all."""
    prompts = [i for i, rule in removed.items() if rule in _PROMPT_RULES or rule == "promo"]
    if not prompts:
        return []
    p = max(prompts)
    rest = [k for k in range(p + 1, len(lines)) if k not in removed]
    if not rest or len(rest) > _PROMPT_TAIL_LINES or not _article_started(lines, removed, p):
        return []
    for k in rest:
        line = lines[k]
        if line.words >= 40:
            return []
        if not (
            (line.words <= 3 and line.text.endswith("!"))
            or _SITE_VOICE.search(_QUOTED.sub(" ", line.low))
        ):
            return []
    return rest


def _named_elsewhere(lines: Sequence[Line], idxs: Sequence[int], name: str) -> bool:
    """Whether the person's surname (the last word of ``name``) stands in the lines ``idxs``."""
    surname = re.escape(name.split()[-1].rstrip(".,"))
    pattern = re.compile(rf"\b{surname}\b")
    return any(pattern.search(lines[k].text) for k in idxs)


# "Jane Doe is an attorney who has ...", "Dr. John Roe, a former envoy, is ...": a person
# said to be someone, under a rule at the foot
_BIO_SHAPE = re.compile(
    r"^(?:(?:Dr|Prof|Rev|Mr|Mrs|Ms|Fr)\.? )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}"
    r"(?:, [^,]{1,80},)? (?:is|was|has been|serves as) (?:a|an|the)\b[^!?]*[.!]$"
)
_BIO_LINES = 5  # a biography at the foot, with its book and its pieces, spans at most this


def _bio_piece(line: Line) -> bool:
    """A piece of a biography split by its links: a short line that does not end a sentence
    ("and", "are available from Example Books. She is the author of")."""
    return line.words < 15 and _TERMINAL.search(line.text) is None


def _closes_sentence_after_start(lines: Sequence[Line], removed: Removed, i: int) -> bool:
    """Whether line ``i`` is a paragraph, or a short line ending a sentence once the article
    has run ("Enter the governor.")."""
    line = lines[i]
    if is_paragraph(line):
        return True
    return _TERMINAL.search(line.text) is not None and _article_started(lines, removed, i)


# "— Jane Doe", "— Jane Doe and John Roe", "Example Times", an agency's name in lower case ("dpa")
_SIGNATURE = re.compile(
    r"^(?:(?:[—–-]\s*)?[A-Z][\w.'’&-]*(?: (?:and |& )?[A-Z][\w.'’&-]*){0,5}|[a-z]{2,5})$"
)


def footer_signature(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The signature block over a syndicated story's closing credit: at most three short
    lines of names ("— Jane Doe", "Example Times") directly above the copyright or
    distribution line that ends the text, or the syndication credit ("©2023 Example Times,
    Distributed by ...") that ends the syndicated story inside a reposter's text (only rules
    between the names and the credit)."""
    kept = _kept(lines, removed)
    if len(kept) < 4:
        return []
    last_kept = kept[-1]
    footers = [
        j for j in range(last_kept + 1, len(lines)) if removed.get(j) in ("copyright", "separator")
    ]
    if footers and removed.get(footers[-1]) == "copyright":
        return _signature_above(lines, kept, len(kept))
    for j, rule in removed.items():
        if rule != "copyright" or j < kept[0] or "distributed by" not in lines[j].low:
            continue  # inside the text, only a syndication credit ends a story
        n = bisect.bisect_left(kept, j)  # the kept lines above the credit: kept[:n]
        between = range(kept[n - 1] + 1, j)
        if all(removed.get(b) in ("copyright", "separator") for b in between):
            out = _signature_above(lines, kept, n)
            if out:
                return out
    return []


def _signature_above(lines: Sequence[Line], kept: Sequence[int], n: int) -> list[int]:
    """The short name lines (at most three, one under the other) ending the kept lines
    ``kept[:n]``, under a paragraph."""
    out: list[int] = []
    for k in reversed(kept[max(0, n - 3) : n]):
        if not _SIGNATURE.match(lines[k].text) or (out and k != out[-1] - 1):
            break
        out.append(k)
    if out and out[-1] - 1 in kept and is_paragraph(lines[out[-1] - 1]):
        return out
    return []


_BYLINE_NAME = re.compile(
    r"^(?:(?:[Ww]ritten|[Aa]uthored|[Pp]osted|[Rr]eported) )?(?:[Bb]y|BY):? "
    r"((?:(?:Dr|Prof|Rev|Mr|Mrs|Ms)\.? )?[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})\b"
)


def _byline_names(lines: Sequence[Line], removed: Removed) -> list[str]:
    """The names of the bylines removed in the first lines ("Authored by Jane Doe via ...")."""
    out = []
    for i, rule in removed.items():
        if rule == "byline" and i < 12 and (m := _BYLINE_NAME.match(lines[i].text)):
            out.append(m.group(1))
    return out


def poll_block(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A reader poll's question and options ("Who is ...? * Option A Option B"): the kept lines,
    each with a question mark or an option's star, within five lines between the poll's prompt
    ("take our poll") and its form (a field's label "Email *" or the form's own text)."""
    out: list[int] = []
    for i, rule in removed.items():
        if rule != "feedback" or "poll" not in lines[i].low:
            continue
        between: list[int] = []
        for j in range(i + 1, min(i + 6, len(lines))):
            if j not in removed:
                between.append(j)
            elif removed[j] in ("comments_prompt", "signup"):
                if all("?" in lines[k].text or " * " in lines[k].text for k in between):
                    out.extend(between)
                break
            elif removed[j] not in ("batch_repeat", "feedback"):
                break  # the batch, or the options' own pattern, may have taken some lines
    return out


_POLL_OPTIONS = 8  # at most this many option lines between a poll's question and its form
_POLL_WORDS = 25  # a poll's question or option is a short line


def poll_over_form(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A reader poll with no prompt above it, one option a line: over the poll's form (its
    terms, "Completing this poll grants you ...", with the field labels above them), the
    option lines ("Yes", "No, wait for the funds.") and, above them, the question ending with a
    question mark (printed once or several times). At most eight options; every line short."""
    out: list[int] = []
    for j in sorted(removed):
        if removed[j] != "signup" or "poll" not in lines[j].low:
            continue
        i = j - 1
        while i >= 0 and removed.get(i) in ("comments_prompt", "signup"):
            i -= 1  # the form's field labels ("Email *") and its other texts
        options: list[int] = []
        while (
            i >= 0
            and i not in removed
            and len(options) < _POLL_OPTIONS
            and lines[i].words <= _POLL_WORDS
            and not lines[i].text.endswith("?")
        ):
            options.append(i)
            i -= 1
        questions: list[int] = []
        while (
            i >= 0
            and i not in removed
            and lines[i].words <= _POLL_WORDS
            and lines[i].text.endswith("?")
        ):
            questions.append(i)
            i -= 1
        if questions:
            out.extend(options + questions)
    return out


def card_title(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The title of an embedded article card, set directly above the card's credit line
    ("Jane Doe • Example Review • May 2, 2021 • 1,800 Words"): at most twenty words, not
    a finished statement (a question may be)."""
    out = []
    for j, rule in removed.items():
        i = j - 1
        if rule != "embed" or "•" not in lines[j].text or i < 0 or i in removed:
            continue
        above = lines[i]
        if lines[j].gap > 1 or above.words > 20 or above.text.endswith((".", ":", ";", ",")):
            continue
        out.append(i)
    return out


_READER = re.compile(r"\byou(?:r|rs)?\b")


_SHARE_BUTTON = re.compile(
    r"^(?:facebook|twitter|google\+|email|e-mail|linkedin|reddit|whatsapp|pinterest|print|share|"
    r"tumblr|telegram|vk|flipboard|messenger)$"
)


def share_buttons(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The labels of a row of sharing buttons, one a line ("Facebook", "Twitter", "Email"): two
    or more in a row (one alone may head a quoted post)."""
    out: list[int] = []
    run: list[int] = []
    for i, line in enumerate(lines):
        if i not in removed and line.words <= 2 and _SHARE_BUTTON.match(line.low.rstrip(".:")):
            if run and (i - run[-1] > 1 or line.gap > 1):
                run = []
            run.append(i)
            if len(run) == 2:
                out.extend(run)
            elif len(run) > 2:
                out.append(i)
        elif i not in removed:
            run = []
    return out


def box_heading(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """The heading of a sign-up or app box ("BYPASS THE CENSORS"): a short line in capitals
    set directly above a sign-up, consent, app or social prompt; or, at the page's foot (no
    paragraph kept after the prompt), a short line speaking to the reader directly above a
    sharing or sign-up prompt ("Think your friends would like this?" over "Share this
    story!"), not a quotation."""
    out = []
    for j, rule in removed.items():
        i = j - 1
        if rule not in _PROMPT_RULES or i < 0 or i in removed or lines[j].gap > 1:
            continue
        above = lines[i]
        heading = above.words <= 6 and above.text.isupper() and not _TERMINAL.search(above.text)
        if heading or (
            rule in ("social", "signup")
            and above.words <= 14
            and _READER.search(above.low)
            and above.text[0] not in "\"“'‘"
            and _article_started(lines, removed, i)
            and not any(
                is_paragraph(lines[k]) for k in range(j + 1, len(lines)) if k not in removed
            )
        ):
            out.append(i)
    return out


# a wire dateline opening the lead: "KYIV, Ukraine, May 2, 2023 (Example News) – ...",
# "ROME (Reuters) - ...", "MOSCOW — ..."
_DATELINE_LEAD = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?:,[^–—(]{1,60})?(?: \([^()]{1,40}\))? ?[–—-]")
_TAG_WORD = re.compile(r"^(?:[A-Z][\w'’.]*,?|&|-|and|of)$")


# a column's or a section's name under the headline: one to four words, each capitalised but
# the small ones, no digit, with or without a full stop ("News Analysis.", "Letter From America")
_SECTION_LABEL = re.compile(
    r"^[A-Z][\w'’&-]*(?: (?:[A-Z][\w'’&-]*|of|on|in|from|and|the|for|at|to)){0,3}\.?$"
)
_HIGHLIGHT_WORDS = 30  # a story highlight is one short point, no paragraph


def kicker(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A section label in capitals set between the headline and the first paragraph
    ("THE GREAT CLIMATE CON"), or a column's or a section's name in Title Case there, one to
    four words ("News Analysis.", "Letter From America"); or the page's section and topic tags there, words in capitals
    with no sentence ("World, Politics - Europe", a label run into the first tag:
    "NewsPolitics, Europe"), directly above a lead that opens with a wire dateline ("KYIV,
    May 2, 2023 (Example News) – ..."); or a page's "Story highlights" box there, the label run
    into its first point, with the points under it that end no sentence."""
    kept = _kept(lines, removed)
    if len(kept) < 2 or not removed:
        return []
    first = kept[0]
    line = lines[first]
    if line.low.startswith("story highlights") and line.words <= _HIGHLIGHT_WORDS:
        out = [first]
        for k in kept[1:]:
            point = lines[k]
            if k != out[-1] + 1 or point.words > _HIGHLIGHT_WORDS or _TERMINAL.search(point.text):
                break
            out.append(k)
        return out
    if min(removed) > first or line.words > 8:
        return []
    if _SECTION_LABEL.match(line.text) and is_paragraph(lines[kept[1]]):
        return [first]  # a column's or a section's name in Title Case ("Economic Scene.")
    if _TERMINAL.search(line.text):
        return []
    if line.words <= 6 and line.text.isupper() and any(ch.isalpha() for ch in line.text):
        return [first]
    tags = line.text.split()
    if all(_TAG_WORD.match(w) for w in tags) and _DATELINE_LEAD.match(lines[kept[1]].text):
        return [first]
    return []


def truncated_teaser(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A teaser cut off with an ellipsis standing alone ("While predictions of a fully…"):
    at most ten words, not a quotation, and not continued by the next line."""
    out = []
    for i, line in enumerate(lines):
        if i in removed or line.words > 10 or not _ELLIPSIS.search(line.text):
            continue
        if line.text[0] in "\"'“‘(" or (i > 0 and line.gap < 1) or _ENUMERATED.match(line.text):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is not None and (nxt.gap < 1 or nxt.text[0].islower()):
            continue
        out.append(i)
    return out


def fragment(lines: Sequence[Line], removed: Removed, pats: Patterns) -> Iterable[int]:
    """A broken word or a letter standing alone ("ibuted.", "I") after a finished sentence."""
    out = []
    for i, line in enumerate(lines):
        if i in removed or line.words != 1 or not _LETTER.search(line.text):
            continue
        if not (line.text[0].islower() or len(line.text.rstrip(".")) == 1):
            continue
        if i == 0 or _TERMINAL.search(lines[i - 1].text) or (i - 1) in removed:
            out.append(i)
    return out


LINE_GROUPS: tuple[str, ...] = (
    "consent",
    "signup",
    "app_prompt",
    "social",
    "promo",
    "site_promo",
    "appeal",
    "disclaimer",
    "form_text",
    "embed",
    "comments_prompt",
    "feedback",
    "copyright",
    "end_marker",
    "repost_credit",
    "comment_policy",
    "source_link",
    "source_credit",
    "teaser_header",
    "link_pointer",
    "teaser_tagged",
    "teaser_prefixed",
    "caption",
    "photo_credit",
    "caption_marked",
    "caption_credit",
    "caption_dated",
    "wire_credit",
    "byline",
    "dateline",
    "widget",
    "advert",
)

RULES: tuple[tuple[str, Rule], ...] = (
    ("separator", separator),
    ("bare_url", bare_url),
    ("disclaimer", reprint_note),
    ("title_repeat", headline_over_byline),
    ("caption", caption_repeat),
    ("caption", caption_pair),
    ("caption", caption_run),
    ("caption", caption_beside_credit),
    ("teaser", teaser_block),
    ("advert", advert_block),
    ("after_article_end", after_article_end),
    ("comments", comment_thread),
    ("comments", comments_after_repeat),
    ("embed", card_title),
    ("feedback", poll_block),
    ("feedback", poll_over_form),
    ("video_title", video_title),
    ("embed", video_description),
    ("teaser_link", teaser_link),
    ("trailing_teaser", trailing_teaser),
    ("byline", trailing_byline),
    ("byline", footer_signature),
    ("byline", edge_bio),
    ("promo", prompt_tail),
    ("disclaimer", closing_note),
    ("lead_repeat", lead_repeat),
    ("pull_quote", pull_quote),
    ("signup", box_heading),
    ("social", share_buttons),
    ("header", kicker),
    ("teaser", truncated_teaser),
    ("fragment", fragment),
)

# The rules of teaser links (see trailing_teaser).
_TEASER_RULES = frozenset({"teaser", "teaser_link", "teaser_prefixed", "teaser_tagged"})

# The rules of prompts whose box may carry a heading line (see box_heading).
_PROMPT_RULES = frozenset({"signup", "consent", "app_prompt", "social"})


# --------------------------------------------------------------------------- the batch

_BATCH_MIN_ARTICLES = 3  # unrelated articles a line must stand in to be a site's furniture
_RELATED_PARAGRAPHS = 2  # articles sharing this many paragraphs tell (partly) the same story
_COMMON_PARAGRAPH = 50  # a paragraph in more articles than this relates none of them


def repeat_key(line: Line) -> str | None:
    """The key under which a line is counted across a batch (its normalised words), or None
    for a line too short to tell (fewer than four words of two letters or more, a time stamp)
    or one that introduces what follows (ends with a colon)."""
    if line.text.endswith(":"):
        return None
    words = tokens(line.text)
    if sum(1 for w in words if len(w) >= 2 and not w.isdigit()) < 4:
        return None
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class RepeatedLines:
    """Lines that stand in several unrelated articles of one batch: a site's own furniture
    (polls, editor's notes, author biographies, promos) that no line pattern names.

    Built once per batch (:meth:`from_texts`) and passed to :func:`clean_text`. Articles that
    share two paragraphs or more are related (copies, updates, one wire story in two outlets):
    what they share is the story itself, so a line counts only in articles unrelated to one
    another, and in at least ``min_articles`` of them.
    """

    keys: frozenset[str]

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], min_articles: int = _BATCH_MIN_ARTICLES
    ) -> RepeatedLines:
        where: defaultdict[str, list[int]] = defaultdict(list)
        paragraph_at: defaultdict[str, list[int]] = defaultdict(list)
        for n, text in enumerate(texts):
            keys: set[str] = set()
            paragraphs: set[str] = set()
            for line in to_lines(text)[1:]:  # the first line is the headline
                key = repeat_key(line)
                if key is not None:
                    keys.add(key)
                    if line.words >= 12 and _TERMINAL.search(line.text):
                        paragraphs.add(key)
            for key in keys:
                where[key].append(n)
            for key in paragraphs:
                paragraph_at[key].append(n)
        shared: defaultdict[tuple[int, int], int] = defaultdict(int)
        for arts in paragraph_at.values():
            if 2 <= len(arts) <= _COMMON_PARAGRAPH:
                for pair in itertools.combinations(arts, 2):
                    shared[pair] += 1
        related = {pair for pair, count in shared.items() if count >= _RELATED_PARAGRAPHS}
        found = set()
        for key, arts in where.items():
            if len(arts) < min_articles:
                continue
            unrelated: list[int] = []
            for a in arts:  # in order, so every pair is (smaller, larger)
                if all((b, a) not in related for b in unrelated):
                    unrelated.append(a)
            if len(unrelated) >= min_articles:
                found.add(key)
        return cls(frozenset(found))

    def __len__(self) -> int:
        return len(self.keys)


def batch_repeat(lines: Sequence[Line], removed: Removed, repeated: RepeatedLines) -> list[int]:
    """Kept lines that ``repeated`` names, where furniture stands: at the edge of the text (no
    other paragraph of fifteen words or more on one side of it) or next to a line removed
    as furniture or also repeated (a poll's question over its form fields)."""
    if not repeated.keys:
        return []
    hits = {
        i
        for i, line in enumerate(lines)
        if i not in removed and (key := repeat_key(line)) is not None and key in repeated.keys
    }
    if not hits:
        return []
    body = [i for i in range(len(lines)) if i not in removed and i not in hits]
    long_lines = [i for i in body if lines[i].words >= 15]
    out = []
    for i in sorted(hits):
        at_edge = not long_lines or long_lines[0] > i or long_lines[-1] < i
        beside = any(j in hits or j in removed for j in (i - 1, i + 1) if 0 <= j < len(lines))
        if at_edge or beside:
            out.append(i)
    return out


# --------------------------------------------------------------------------- the headline


def is_furniture_line(line: Line, pats: Patterns) -> bool:
    """Whether a line-pattern group matches ``line`` on its own (or it has no letter)."""
    return pats.line_group(line) is not None or not any(ch.isalnum() for ch in line.text)


# Line groups that can match a headline itself ("WATCH: ...", "... [VIDEO]", a caption-like
# "Photo: ..." headline): a first line they match does not open a header block.
NOT_HEADER_GROUPS = frozenset(
    {"teaser_prefixed", "teaser_tagged", "caption", "caption_credit", "caption_dated", "advert"}
)


def find_title(lines: Sequence[Line], pats: Patterns) -> tuple[int | None, list[int]]:
    """(index of the headline, indices of the header block above it).

    The headline is the first line, unless that line is page furniture (an app banner, a
    sign-up prompt): then the header block runs on over the furniture lines and the short
    lines set directly under them (outlet, section, byline), and the headline is the first
    line after it.
    """
    if not lines:
        return None, []
    first = pats.line_group(lines[0])
    if first is None or first.name in NOT_HEADER_GROUPS:
        return 0, []
    i = 1
    while i < len(lines):
        line = lines[i]
        if is_furniture_line(line, pats) or (line.gap == 0 and line.words <= 6):
            i += 1
            continue
        break
    if i >= len(lines) or lines[i].words > 40:  # no headline after the block: refuse
        return 0, []
    return i, list(range(i))


def title_repeats(lines: Sequence[Line], start: int, title: str) -> list[int]:
    """Lines near the start of the body that repeat the headline (or a variant of it:
    "Letters to the Editor: <headline>", the headline with a time stamp, an older headline),
    above the first paragraph that does not (under it, the headline's words are a subhead)."""
    key = tokens(title)
    if not key:
        return []
    key_set = set(key)
    key_norm = " ".join(key)
    out = []
    seen = 0  # lines passed that are not the headline's
    unrelated = False  # a body line unrelated to the headline was passed
    paragraph = False  # a paragraph was passed: the headline's words again are a subhead
    for i in range(start, len(lines)):
        line = lines[i]
        if seen >= 3:
            break
        words = tokens(line.text)
        text_norm = " ".join(words)
        if (
            words
            and not paragraph
            and (text_norm == key_norm or (key_norm in text_norm and line.words <= 2 * len(key)))
        ):
            out.append(i)
            continue
        overlap = sum(w in key_set for w in words) / len(words) if words else 0.0
        if (
            not unrelated  # a variant only in the run of headline-like lines under it
            and len(words) >= 4
            and line.words <= 25
            and not _TERMINAL.search(line.text)
            and overlap >= 0.45
            and (text_norm in key_norm or sum(w in key_set for w in set(words)) >= 4)
        ):
            out.append(i)
            continue
        seen += 1
        unrelated = unrelated or overlap < 0.45
        paragraph = paragraph or is_paragraph(line)
    return out


def between_headline_copies(lines: Sequence[Line], start: int, repeats: Sequence[int]) -> list[int]:
    """The short lines set between the headline and its copy under it (a navigation link,
    a section's name: "• Latest Example Headlines"): at most two lines, of twelve words or
    fewer each, none ending a sentence."""
    if not repeats or not 0 < repeats[0] - start <= 2:
        return []
    between = list(range(start, repeats[0]))
    if all(lines[i].words <= 12 and not _TERMINAL.search(lines[i].text) for i in between):
        return between
    return []


# --------------------------------------------------------------------------- joining


def joins(prev: Line, line: Line) -> bool:
    """Whether ``line`` continues the sentence of ``prev`` (the kept line right above it)."""
    if line.gap > 1 or _TERMINAL.search(prev.text) or _URL.match(prev.text):
        return False
    first = line.text[0]
    if first.islower():
        return True
    last_word = prev.text.rsplit(None, 1)[-1].casefold()
    return last_word in _CONTINUATION_WORDS and first.isalpha()


# --------------------------------------------------------------------------- entry point


def rule_removals(
    text: str,
    title: str | None = None,
    rules: Sequence[tuple[str, Rule]] = RULES,
    repeated: RepeatedLines | None = None,
) -> tuple[list[Line], dict[int, str], str]:
    """(the lines of ``text``, index -> rule of each removed line, the headline) after the
    headline rules, the line patterns, the batch's repeated lines (with ``repeated``) and
    ``rules`` (by default the whole chain)."""
    pats = patterns()
    lines = to_lines(text)
    removed: dict[int, str] = {}
    if title is None:
        t, header = find_title(lines, pats)
        for i in header:
            g = pats.line_group(lines[i])
            removed[i] = g.rule if g is not None else "header"
        if t is not None:
            removed[t] = "title"
            title = lines[t].text
            start = t + 1
        else:
            start = 0
    else:
        title = title.strip()
        start = 0
    repeats = title_repeats(lines, start, title or "")
    for i in repeats:
        removed.setdefault(i, "title_repeat")
    for i, rule_name in line_patterns(lines, removed, pats).items():
        removed.setdefault(i, rule_name)
    for i in between_headline_copies(lines, start, repeats):
        removed.setdefault(i, "header")
    if repeated is not None:
        for i in batch_repeat(lines, removed, repeated):
            removed.setdefault(i, "batch_repeat")
    for name, rule in rules:
        for i in rule(lines, removed, pats):
            removed.setdefault(i, name)
    return lines, removed, title or ""


def clean_text(
    text: str, title: str | None = None, *, repeated: RepeatedLines | None = None
) -> CleanResult:
    """Clean one article's flattened text.

    ``title`` is the headline when the format carries it separately (HTML, JSONL, CSV);
    ``text`` is then the body only (it may still start with the headline repeated).
    Without it, the headline is found in ``text``. ``repeated``, the lines repeated across
    the batch the article came in (:meth:`RepeatedLines.from_texts`), adds the
    ``batch_repeat`` rule; without it the article is cleaned on its own.
    """
    lines, removed, title = rule_removals(text, title, repeated=repeated)
    kept: list[KeptLine] = []
    prev: int | None = None
    for i, line in enumerate(lines):
        if i in removed:
            continue
        joined = prev is not None and prev == i - 1 and joins(lines[prev], line)
        kept.append(KeptLine(line.position, line.offset, line.text, joined))
        prev = i
    audit = tuple(
        RemovedLine(lines[i].position, rule, lines[i].raw) for i, rule in sorted(removed.items())
    )
    return CleanResult(title, tuple(kept), audit)
