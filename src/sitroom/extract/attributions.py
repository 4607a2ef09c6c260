"""Attributions: who said what, with the speaker resolved to a canonical actor.

Three kinds of statement are read from an article's body and its spaCy parse:

* **direct quotes**: text inside double quotation marks framed by a reporting verb
  (``X said: "Q"``, ``"Q," X said``, ``"Q," said X``); a quote split by the cue
  (``"Q1," he said, "Q2."``) gives one statement per piece; a quote that runs over
  several paragraphs (the opening paragraph's quote is left open and the next
  paragraph reopens it) gives one statement per paragraph, all with the head's
  speaker; a whole-paragraph quote with no cue of its own continues the speaker of
  the paragraph before it;
* **reported speech**: a reporting verb of ``data/reporting_cues.txt`` whose subject is
  the speaker (``nsubj``, the ``by`` agent of a passive, or the subject inherited from
  the verb it hangs on: "..., adding that"; "cited X as saying") and whose content is
  the complement the lexicon allows for it: a clause (``ccomp``, before or after the
  verb: "X, he said"), an infinitive or gerund (``xcomp``), the object, or a
  prepositional phrase ("warned of", "called for");
* **"according to X"**: the clause the phrase is attached to, or the quote after it.

Speakers are resolved by :mod:`sitroom.extract.actors` in text order: names and later
surname-only mentions, descriptions ("the defence minister", "British defence chiefs")
through the article's context and the actor table, and pronouns to the most recent
compatible speaker (else mention). Unbalanced quotation marks never reach past their
paragraph: a quote left open ends where its paragraph ends unless the next paragraph
reopens it.

Every fact's ``start``/``end`` cover its content in ``article.body`` and pass
:meth:`Fact.check_span`; the speaker's and the cue's own spans are kept beside it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from spacy.attrs import ENT_IOB, IDX, LEMMA, LOWER, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from sitroom.errors import SitroomError
from sitroom.extract.actors import (
    FEMALE_HONORIFICS,
    HONORIFICS,
    MALE_HONORIFICS,
    PRONOUNS,
    ActorEntry,
    ActorTable,
    Referent,
    Resolution,
    ResolutionContext,
    actor_table,
    clean_description,
    fold,
    make_person,
    referent_for,
)
from sitroom.records import Actor, Article, Attribution

EXTRACTOR = "attributions.v6"
CUES_FILE = "reporting_cues.txt"

# Quotation marks: which glyphs open and which close; the straight mark does both.
_OPENERS = "“„«"
_CLOSERS = "”»"
_MARKS = re.compile(r"[“”„«»\"″]")  # the double prime stands in for a straight mark
_ALNUM = re.compile(r"\w")

# Subjects that are not sources: the author's own voice and empty pronouns.
_NOT_SPEAKERS = {
    "i",
    "we",
    "you",
    "me",
    "us",
    "there",
    "this",
    "these",
    "those",
    "what",
    "everyone",
    "everybody",
    "nobody",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "none",
    "all",
}
_RELATIVES = {"who", "which", "that"}
_HYPOTHETICAL = {"would", "could", "might", "may"}
_REFLEXIVES = {"themselves", "itself", "himself", "herself", "ourselves", "myself"}
# "The hackers, who call themselves Cyber Resistance": the name the group gives itself
_SELF_NAMED = re.compile(
    r"\b(?:call(?:s|ed|ing)?\s+(?:themselves|itself|himself|herself)|known\s+as)\s+"
    r"(?:the\s+)?([A-Z][\w'’\-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’\-]*)*)"
)
# bare words for a government's people: they speak for the government named before
_OFFICIALS = {"official", "officials", "authorities", "the administration"}
# "one of the officials" speaks for "the officials"
_PARTITIVE = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:(?:growing|large|small|increasing|majority)\s+)?"
    r"(?:one|some|many|most|several|two|three|each|any|none|all|another|number|majority|"
    r"minority|group|handful|dozens|hundreds|thousands|millions)\s+of\s+",
    re.I,
)
# subjects that are no source: the audience ("how many of you"), a share of a poll
_NO_SOURCE = re.compile(r"(?i)\b(?:of\s+(?:you|us)|how\s+many|per\s*cent|percent|%)")
# a country's or union's initials, written with or without stops ("U.S.", "UK", "E.U.")
_COUNTRY_INITIALS = re.compile(r"\b(U\.?S|U\.?K|E\.?U|U\.?N)\.?(?=\s)")


_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_NAME_GLUE = {"of", "for", "and", "the", "on", "&"}


def _acronyms(body: str) -> dict[str, str]:
    """Acronyms an article defines in parentheses after a name, with the name:
    "the Grain Statistics Office (GSO)" -> {"GSO": "Grain Statistics Office"}; the
    acronym's letters must be the initials of the name's words."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(body):
        acronym = m.group(1)
        ws = body[max(0, m.start() - 120) : m.start()].split()
        name: list[str] = []
        letters = ""
        for w in reversed(ws):
            if w.lower() in _NAME_GLUE and name:
                name.insert(0, w)
                continue
            if not w[:1].isupper() or len(letters) >= len(acronym):
                break
            name.insert(0, w)
            letters = w[0] + letters
        while name and name[0].lower() in _NAME_GLUE:
            name = name[1:]
        if letters == acronym and len(name) >= 2:
            out.setdefault(acronym, " ".join(name))
    return out


def _plain_initials(name: str) -> str:
    """A body's name with its country's initials as the SCHEMA writes them ("US", "UK")."""
    return _COUNTRY_INITIALS.sub(lambda m: m.group(1).replace(".", ""), name)


_PARENTHESIS = re.compile(r"\s*\([^()]*\)")
_INDEFINITE = re.compile(r"^(?:a|an|one|another|some)\s", re.I)
_SUBJECT_DEPS = {"nsubj"}
_INHERIT_DEPS = {"conj", "advcl", "xcomp"}
# cues whose direct object is the addressee, not the content ("told one marcher")
_ADDRESSEE_VERBS = {"tell", "assure", "reassure", "inform", "remind", "brief"}
MIN_WEIGHT = 0.7  # weaker cues ("know", "hope") report no statement
_MAX_FRAME_TOKENS = 10  # tokens between a cue and the quote it frames ("told state TV:")


class CueLexiconError(SitroomError):
    """The reporting-cue lexicon is missing or malformed."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting verb and where its content is (see ``data/reporting_cues.txt``)."""

    lemma: str
    relations: frozenset[str]
    preps: frozenset[str]
    weight: float = 1.0

    @property
    def clause(self) -> bool:
        return "clause" in self.relations

    @property
    def frames(self) -> bool:
        return "clause" in self.relations or "frame" in self.relations


@functools.cache
def _cue_ids() -> frozenset[int]:
    """The string ids (spaCy's hashes) of the cue lemmas."""
    store = StringStore()
    return frozenset(store.add(lemma) for lemma in reporting_cues())


@functools.cache
def reporting_cues() -> dict[str, Cue]:
    """The reporting-cue lexicon, loaded once per process."""
    try:
        text = resources.files("sitroom").joinpath(f"data/{CUES_FILE}").read_text("utf-8")
    except OSError as exc:
        raise CueLexiconError(f"cannot read {CUES_FILE}: {exc}") from exc
    cues: dict[str, Cue] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3):
            raise CueLexiconError(f"{CUES_FILE}:{n}: expected 'lemma relations [weight]'")
        rels = parts[1].split(",")
        preps = frozenset(r.split(":", 1)[1] for r in rels if r.startswith("prep:"))
        relations = frozenset("prep" if r.startswith("prep:") else r for r in rels)
        unknown = relations - {
            "clause",
            "frame",
            "object",
            "xcomp",
            "prep",
            "oprd",
            "at",
            "passive",
            "clear",
            "out",
            "as",
        }
        if unknown:
            raise CueLexiconError(f"{CUES_FILE}:{n}: unknown relation {sorted(unknown)}")
        try:
            weight = float(parts[2]) if len(parts) == 3 else 1.0
        except ValueError as exc:
            raise CueLexiconError(f"{CUES_FILE}:{n}: bad weight {parts[2]!r}") from exc
        cues[parts[0].lower()] = Cue(parts[0].lower(), relations, preps, weight)
    return cues


# --------------------------------------------------------------------------- quotes


@dataclass(slots=True)
class Quote:
    """A stretch of text inside quotation marks, within one paragraph."""

    start: int  # first character inside the marks (whitespace trimmed)
    end: int  # end of the inner text, exclusive
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when left open
    para: int  # paragraph index
    continues: bool = False  # reopens the previous paragraph's unclosed quote

    @property
    def after(self) -> int:
        """First offset after the quote (after its closing mark, if any)."""
        return self.close_mark + 1 if self.close_mark is not None else self.end


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in body.split("\n"):
        spans.append((pos, pos + len(para)))
        pos += len(para) + 1
    return spans


def _is_opening(body: str, i: int, lo: int, hi: int) -> bool | None:
    """Whether the mark at ``i`` opens (True) or closes (False) a quote."""
    ch = body[i]
    prev = body[i - 1] if i > lo else " "
    nxt = body[i + 1] if i + 1 < hi else " "
    if ch in _OPENERS:
        # a misused opener after a word or a sentence's last mark and before a space
        # closes ("...end“ he said", "...is bad,“ said X")
        if prev in ",.!?" and nxt.isspace():
            rest = body[i + 1 : hi].lstrip()
            return not rest[:1].islower()
        return not (_ALNUM.match(prev) and (nxt.isspace() or nxt in ",.;:"))
    if ch in _CLOSERS:
        # a misused closer before a word opens (" ”We will...")
        return bool((prev.isspace() or prev in "([—–") and _ALNUM.match(nxt))
    return prev.isspace() or prev in "([—–-" or i == lo


def find_quotes(body: str, paragraphs: Iterable[tuple[int, int]]) -> list[Quote]:
    """Every quoted stretch of ``body``, paragraph by paragraph.

    Marks pair up within a paragraph; an opening mark left unclosed ends at the end of
    its paragraph (it never swallows the rest of the article); a closing mark with no
    opener is ignored; a paragraph that starts with an opening mark after a paragraph
    whose quote was left open continues that quote.
    """
    quotes: list[Quote] = []
    prev_open_para: int | None = None
    for p, (lo, hi) in enumerate(paragraphs):
        if lo >= hi:
            continue
        open_at: int | None = None
        first_quote = True
        for m in _MARKS.finditer(body, lo, hi):
            i = m.start()
            opening = _is_opening(body, i, lo, hi)
            if opening and open_at is None:
                open_at = i
            elif not opening and open_at is not None:
                q = _make_quote(body, open_at, i, i, p)
                if q is not None:
                    q.continues = first_quote and _reopens(body, lo, open_at, prev_open_para, p)
                    quotes.append(q)
                    first_quote = False
                open_at = None
        unclosed = False
        if open_at is not None:
            q = _make_quote(body, open_at, hi, None, p)
            if q is not None:
                q.continues = first_quote and _reopens(body, lo, open_at, prev_open_para, p)
                quotes.append(q)
                unclosed = True
        prev_open_para = p if unclosed else None
    return quotes


def _make_quote(body: str, open_at: int, end: int, close: int | None, para: int) -> Quote | None:
    s, e = open_at + 1, end
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    if s >= e or not _ALNUM.search(body, s, e):
        return None
    return Quote(s, e, open_at, close, para)


def _reopens(body: str, lo: int, open_at: int, prev_open_para: int | None, para: int) -> bool:
    return prev_open_para is not None and prev_open_para < para and not body[lo:open_at].strip()


# --------------------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Candidate:
    """A statement found in the text, before its speaker is resolved."""

    content: tuple[int, int]
    cue: str
    cue_span: tuple[int, int] | None
    speaker_span: tuple[int, int] | None  # None: the speaker of ``follows``
    direct: bool
    follows: _Candidate | None = None
    key: int = 0  # text position that orders resolution
    weight: float = 1.0  # the cue's weight in the lexicon
    nested_ok: bool = True  # may stand inside another statement's content
    resolved: list[Resolution] = field(default_factory=list)
    speaker_text: str = ""


class _Article:
    """Per-article indexes over the parse: token offsets, sentences, quotes."""

    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.body = article.body
        self.paras = paragraph_spans(self.body)
        self.para_starts = [s for s, _ in self.paras]
        arr = doc.to_array([IDX, LEMMA, LOWER])  # one pass, no Token objects
        self.tok_starts: list[int] = arr[:, 0].tolist() if len(doc) else []
        lemmas: list[int] = arr[:, 1].tolist() if len(doc) else []
        lowers: list[int] = arr[:, 2].tolist() if len(doc) else []
        cue_ids = _cue_ids()
        # tokens whose lemma is a reporting cue, and the "according" of "according to"
        self.cue_tokens = [i for i, h in enumerate(lemmas) if h in cue_ids]
        according = doc.vocab.strings["according"]
        self.according_tokens = [i for i, h in enumerate(lowers) if h == according]
        self.ents = [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
        self.ent_starts = [x[0] for x in self.ents]
        # sentences, never across a paragraph break (the parser sometimes joins two)
        self.sents = []
        for sent in doc.sents:
            lo = sent.start_char
            while True:
                nl = self.body.find("\n", lo, sent.end_char)
                if nl < 0:
                    self.sents.append((lo, sent.end_char))
                    break
                if nl > lo:
                    self.sents.append((lo, nl))
                lo = nl + 1
        self.sent_starts = [s for s, _ in self.sents]
        self.quotes = find_quotes(self.body, self.paras)
        self.quote_opens = [q.open_mark for q in self.quotes]
        # the quote each token is inside (-1 when outside every quote)
        self.tok_quote = [-1] * len(doc)
        for qi, q in enumerate(self.quotes):
            a = bisect.bisect_left(self.tok_starts, q.start)
            b = bisect.bisect_left(self.tok_starts, q.end)
            for i in range(a, b):
                self.tok_quote[i] = qi

    def ents_between(self, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
        """Entities (start, end, label, text) lying within ``lo``..``hi``."""
        a = bisect.bisect_left(self.ent_starts, lo)
        b = bisect.bisect_left(self.ent_starts, hi)
        return [x for x in self.ents[a:b] if x[1] <= hi]

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies inside quotation marks."""
        k = bisect.bisect_right(self.quote_opens, pos) - 1
        return k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end

    def sent_of(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.sent_starts, pos) - 1)
        return self.sents[i]

    def tokens_between(self, lo: int, hi: int) -> list[Token]:
        a = bisect.bisect_left(self.tok_starts, lo)
        b = bisect.bisect_left(self.tok_starts, hi)
        return [self.doc[i] for i in range(a, b)]

    def sentence_text(self, lo: int, hi: int) -> str:
        s = self.sent_of(lo)[0]
        e = self.sent_of(max(lo, hi - 1))[1]
        pa, _pb = self.paras[self.para_of(lo)]
        s, e = max(s, min(pa, lo)), max(e, hi)
        return self.body[s:e].strip()


def _trim(body: str, s: int, e: int, extra: str = "") -> tuple[int, int]:
    """Strip spaces and clause punctuation (and ``extra``) from both ends of a span."""
    strip = ",;:-–—" + extra
    while s < e and (body[s].isspace() or body[s] in strip):
        s += 1
    while e > s and (body[e - 1].isspace() or body[e - 1] in strip):
        e -= 1
    return s, e


_QUOTE_CHARS = "“”„«»\"″‘’'"
# a quote signed at the end of its paragraph: "“Q” ― Jane Doe, a nurse in Kharkiv"
_SIGNATURE = re.compile(r"[ \t]*[―—–][ \t]*([A-Z][^\n]*?)[ \t.]*$", re.M)


def _cue_of(tok: Token) -> Cue | None:
    if not tok.tag_.startswith("VB"):
        return None
    cue = reporting_cues().get(tok.lemma_.lower())
    if cue is not None and cue.relations == {"clear"} and _clear_of(tok) is None:
        return None  # "make" states something only in "made (it) clear that"
    return cue


def _clear_of(v: Token) -> Token | None:
    """The "clear" of "made (it) clear (that) X"."""
    return next((c for c in v.children if c.lower_ == "clear" and c.i - v.i <= 2), None)


def _subject(v: Token) -> Token | None:
    """The speaker token of a reporting verb: its subject, a passive's agent, a
    relative clause's antecedent, or the subject of the verb it hangs on."""
    subjects = [c for c in v.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects and v.i > 0:
        # "Kyiv claims to have ...": a name the tagger read as a modifier of the verb
        prev = v.doc[v.i - 1]
        if (
            prev.head.i == v.i
            and prev.dep_ in {"amod", "compound", "npadvmod", "nmod", "dep"}
            and prev.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"}
            and prev.left_edge.i == 0
        ):
            return prev
    if subjects:
        c = subjects[0]
        if c.lower_ in _RELATIVES and v.dep_ == "relcl":
            return v.head
        # two subjects ("ratings agency Fitch has said", "Quoting sources, the agency
        # reported"): the one nearer the verb is the speaker
        before = [x for x in subjects if x.i < v.i]
        return before[-1] if len(before) > 1 else c
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    if v.dep_ == "acl" and v.head.dep_ == "dobj" and v.tag_ == "VBG":
        # "Moscow issued a statement saying X", "posted a video saying X": the author of
        # the document speaks
        if actor_table().noun_class(v.head.lower_) & {"document", "evidence"}:
            return next((c for c in v.head.head.children if c.dep_ in _SUBJECT_DEPS), None)
        return None
    h = v
    for _ in range(3):
        if h.dep_ == "pcomp" and h.head.lower_ == "as":  # "cited X as saying"
            for c in h.head.head.children:
                if c.dep_ == "dobj":
                    return c
            return None
        if (
            h.dep_ == "pcomp"
            and h.head.lower_ in _MANNER_PREPS
            and h.head.dep_ == "prep"
            and h.head.head.pos_ in {"VERB", "AUX"}
        ):  # "responded by saying", "began by warning": the subject of the verb before
            h = h.head
        elif h.dep_ not in _INHERIT_DEPS or h.head is h:
            return None
        if h.dep_ == "xcomp" and not (
            h.head.lemma_ in {"go", "continue", "proceed"} or _cue_of(h.head) is not None
        ):  # "it is important to note", "refused to admit": no statement made
            return None
        outer = _outer_speaker(h)
        if outer is not None:
            return outer
        h = h.head
        for c in h.children:
            if c.dep_ in _SUBJECT_DEPS:
                if c.lower_ in _RELATIVES:
                    # "Sanders, who endorsed X and said Y": the relative's antecedent
                    return h.head if h.dep_ == "relcl" and h.head.pos_ == "PROPN" else None
                return c
    return None


def _outer_speaker(h: Token) -> Token | None:
    """The speaker of a reporting verb coordinated after a comma with a verb of another
    cue's clause: "X told the court [the situation has worsened], and urged the judges
    to act" (the parser hangs "urged" on "worsened"): the outer cue's subject."""
    if h.dep_ != "conj" or h.head.dep_ != "ccomp" or _cue_of(h) is None:
        return None
    first, outer = h.head, h.head.head
    if _cue_of(outer) is None or outer.i > first.i:
        return None
    doc = h.doc
    between = doc[first.i + 1 : h.i]
    cc = [t for t in between if t.dep_ == "cc" and t.head.i == first.i]
    if not cc or doc[cc[-1].i - 1].text != ",":
        return None
    if any(c.dep_ in _SUBJECT_DEPS for c in h.children):
        return None
    return next((c for c in outer.children if c.dep_ in _SUBJECT_DEPS), None)


def _span_of(tok: Token, *, stop: Token | None = None) -> tuple[int, int]:
    """Character span of a token's subtree (left of ``stop`` when given)."""
    left = tok.left_edge
    right = tok.right_edge
    if stop is not None and right.i >= stop.i > tok.i:
        right = tok.doc[stop.i - 1]
    return left.idx, right.idx + len(right.text)


def _speaker_span(subj: Token, v: Token) -> tuple[int, int]:
    """The speaker's words: the subject's subtree, extended to the left over a name the
    parser broke up ("Anya's adoptive mother Vera Dmitrien- ko" parsed as "ko")."""
    s, e = _span_of(subj, stop=v) if subj.i < v.i else _span_of(subj)
    if subj.head.dep_ == "agent":  # "by the FBI of planting X": the agent's own words
        right = [c for c in subj.rights if c.dep_ in {"prep", "acl", "relcl"}]
        if right:
            last = subj.doc[right[0].i - 1]
            e = min(e, last.idx + len(last.text))
    if subj.i > v.i or subj.pos_ not in {"PROPN", "NOUN"}:
        return s, e
    i = subj.left_edge.i - 1
    first = subj.left_edge.i
    while i >= 0:
        t = subj.doc[i]
        if ("\n" in t.text_with_ws and i < first - 1) or t.is_space:
            break
        if t.pos_ in {"VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PRON"} or (
            t.is_punct and t.text not in {"-", "'s", "’s"} and not t.text.endswith("-")
        ):
            break
        first = i
        i -= 1
    if first < subj.left_edge.i and (
        first == 0 or "\n" in subj.doc[first - 1].text_with_ws or subj.doc[first - 1].is_punct
    ):
        return subj.doc[first].idx, e
    return s, e


def _cue_span(v: Token, extra: Token | None = None) -> tuple[int, int]:
    """The cue with its auxiliaries ("has said") and its preposition ("called for")."""
    start = v
    for c in v.children:
        if c.dep_ in {"aux", "auxpass", "neg"} and c.i < v.i and v.i - c.i <= 3:
            start = c if c.i < start.i else start
    end = extra if extra is not None and extra.i > v.i else v
    if end is v and v.i + 1 < len(v.doc) and v.doc[v.i + 1].dep_ == "prt":
        end = v.doc[v.i + 1]  # "pointed out", "ruled out"
    return start.idx, end.idx + len(end.text)


class _Finder:
    """Finds the candidate statements of one article."""

    def __init__(self, art: _Article) -> None:
        self.art = art
        self.body = art.body
        self.used_cues: set[int] = set()  # token ids of cues a quote has claimed
        self.orphans: list[list[int]] = []  # quote chains with no speaker of their own
        self.candidates: list[_Candidate] = []
        self.parenthetical: set[int] = set()  # cues set off inside the clause they report

    # ----------------------------------------------------------------- direct quotes

    def quotes(self) -> None:
        """Direct quotes: framed ones, the pieces of split quotes, and multi-paragraph
        quotes (a chain of paragraphs takes the speaker of its framed member)."""
        art = self.art
        by_para_last: dict[int, _Candidate] = {}
        chains: list[list[int]] = []
        for qi, q in enumerate(art.quotes):
            if q.continues and chains:
                chains[-1].append(qi)
            else:
                chains.append([qi])
        for chain in chains:
            found: list[_Candidate | None] = []
            for qi in chain:
                q = art.quotes[qi]
                cand = self._framed(qi, q)
                if cand is None and found and found[-1] is not None:
                    cand = self._follow(q, found[-1])
                if cand is None:
                    prev = by_para_last.get(q.para)
                    if prev is not None and prev.direct and self._starts_sentence(q, prev):
                        cand = self._follow(q, prev)
                found.append(cand)
                if cand is not None:
                    by_para_last[q.para] = cand
            # members before the first framed one follow it ("...", she said. at the end)
            leader = next((c for c in found if c is not None), None)
            for k, qi in enumerate(chain):
                if found[k] is None and leader is not None:
                    found[k] = self._follow(art.quotes[qi], leader)
            if leader is None and self._whole_paragraph(art.quotes[chain[0]]):
                self.orphans.append(chain)
            self.candidates.extend(c for c in found if c is not None)

    def adopt_orphans(self) -> None:
        """A whole-paragraph quote with no cue of its own continues the statement that
        ends the paragraph before it (``X said Y.`` then ``"Z."``)."""
        art = self.art
        by_para: dict[int, _Candidate] = {}
        for c in sorted(self.candidates, key=lambda c: c.content[0]):
            if c.follows is None or c.direct:
                by_para[art.para_of(c.content[1] - 1)] = c
        for chain in self.orphans:
            q = art.quotes[chain[0]]
            prev_para = q.para - 1
            while prev_para >= 0 and not self.body[slice(*art.paras[prev_para])].strip():
                prev_para -= 1
            leader = by_para.get(prev_para)
            if leader is None:
                continue
            while leader.follows is not None:
                leader = leader.follows
            for qi in chain:
                self.candidates.append(self._follow(art.quotes[qi], leader))

    def _narrated_paras(self, prev: _Candidate, q: Quote) -> set[int]:
        """Paragraphs between ``prev`` and ``q`` that hold text of the author's own."""
        art = self.art
        first = art.para_of(prev.content[1])
        out = set()
        for p in range(first + 1, q.para):
            lo, hi = art.paras[p]
            if self.body[lo:hi].strip():
                out.add(p)
        return out

    def _whole_paragraph(self, q: Quote) -> bool:
        lo, hi = self.art.paras[q.para]
        before = self.body[lo : q.open_mark].strip()
        after = self.body[q.after : hi].strip()
        return not before and not _ALNUM.search(after)

    def _starts_sentence(self, q: Quote, prev: _Candidate) -> bool:
        """The quote opens a new sentence after the previous statement ("Q1," he said. "Q2.")."""
        gap = self.body[prev.content[1] : q.open_mark]
        return bool(re.search(r"[.!?…][\s”\"»’]*$", gap)) or bool(
            re.search(r"[.!?…]", gap) and not _ALNUM.search(gap.rstrip()[-1:] or "x")
        )

    def _follow(self, q: Quote, prev: _Candidate) -> _Candidate:
        return _Candidate(
            content=(q.start, q.end),
            cue=prev.cue,
            cue_span=None,
            speaker_span=None,
            direct=True,
            follows=prev,
            key=q.start,
        )

    def _framed(self, qi: int, q: Quote) -> _Candidate | None:
        """A quote with its own cue: before it ("X said: Q") or after it ("Q, X said")."""
        art = self.art
        plo, phi = art.paras[q.para]
        prev_q = art.quotes[qi - 1] if qi > 0 and art.quotes[qi - 1].para == q.para else None
        next_q = art.quotes[qi + 1] if qi + 1 < len(art.quotes) else None
        # before: from the sentence start (or the previous quote) to the opening mark
        lo = max(art.sent_of(q.open_mark)[0], plo, prev_q.after if prev_q else plo)
        cand = self._frame_before(lo, q) or self._named_colon(lo, plo, q)
        if cand is not None:
            return cand
        if not q.continues and not self.body[plo : q.open_mark].strip() and q.para > 0:
            # "X said in his address:" closing the paragraph before the quote's
            pplo, pphi = art.paras[q.para - 1]
            prev_text = self.body[pplo:pphi].rstrip()
            if prev_text.endswith(":") and (prev_q is None or prev_q.para != q.para - 1):
                cand = self._frame_before(max(pplo, art.sent_of(pphi - 1)[0]), q)
                if cand is not None:
                    return cand
        # after: from the closing mark to the end of its sentence (or the next quote)
        if q.close_mark is None:
            return None
        signed = self._signed(q, plo, phi)
        if signed is not None:
            return signed
        hi = min(art.sent_of(q.close_mark)[1], phi)
        if next_q is not None and next_q.para == q.para:
            hi = min(hi, next_q.open_mark)
        hi = max(hi, min(phi, q.after + 1))
        if not _ALNUM.search(self.body, q.after, hi) and q.after < phi:
            # the parser ended the sentence with the quote ("...votes?” Trump said."): the
            # cue is in the next sentence
            nxt_hi = min(art.sent_of(min(q.after + 1, phi - 1))[1], phi)
            if next_q is not None and next_q.para == q.para:
                nxt_hi = min(nxt_hi, next_q.open_mark)
            if nxt_hi > hi:
                return self._frame_after(lo, nxt_hi, q, bare=True)
        return self._frame_after(lo, hi, q)

    def _named_colon(self, lo: int, plo: int, q: Quote) -> _Candidate | None:
        """A paragraph that opens with a name and a colon before the quote:
        "Jane Doe: “Q”" (live blogs, transcripts, captions). Only a name the parser or
        the actor table knows as a person or a body speaks ("Update:" does not)."""
        gap = self.body[lo : q.open_mark]
        if lo != plo or not gap.rstrip().endswith(":"):
            return None
        s, e = _trim(self.body, lo, lo + len(gap.rstrip()) - 1)
        toks = [t for t in self.art.tokens_between(s, e) if not t.is_space]
        if not toks or len(toks) > 6 or e - s < 3:
            return None
        if any(t.pos_ in {"VERB", "AUX", "PRON"} for t in toks) or toks[-1].pos_ != "PROPN":
            return None
        text = self.body[s:e]
        named = any(
            label in {"PERSON", "ORG", "NORP"} and hi >= e - 1 and lo_ <= toks[-1].idx
            for lo_, hi, label, _ in self.art.ents_between(s, e)
        ) or any(m.end >= len(text) - 1 for m in actor_table().match(text))
        # a full name the parser did not label: "Marta Kell:"
        named = named or (len(toks) >= 2 and all(t.pos_ == "PROPN" and t.is_title for t in toks))
        if not named:
            return None
        return _Candidate(
            content=(q.start, q.end),
            cue=":",
            cue_span=None,
            speaker_span=(s, e),
            direct=True,
            key=q.start,
        )

    def _signed(self, q: Quote, plo: int, phi: int) -> _Candidate | None:
        """A paragraph that is a quote signed with a dash and a name: "“Q” ― Jane Doe"
        (vox pops, epigraphs, posts quoted one per paragraph)."""
        if self.body[plo : q.open_mark].strip():
            return None
        m = _SIGNATURE.match(self.body, q.after, phi)
        if m is None or len(m.group(1).split()) > 10:
            return None
        s, e = m.span(1)
        return _Candidate(
            content=(q.start, q.end),
            cue=self.body[m.start(0) : s].strip(),
            cue_span=None,
            speaker_span=(s, e),
            direct=True,
            key=q.start,
        )

    def _frame_before(self, lo: int, q: Quote) -> _Candidate | None:
        gap = self.body[lo : q.open_mark]
        toks = [t for t in self.art.tokens_between(lo, q.open_mark) if not t.is_space]
        if not toks:
            return None
        ends_frame = gap.rstrip()[-1:] in {":", ","}
        # "according to X: Q"
        for t in toks:
            if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
                pobj = next((c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None and ends_frame and pobj.right_edge.i >= toks[-2].i:
                    return _Candidate(
                        content=(q.start, q.end),
                        cue="according to",
                        cue_span=(t.idx, t.doc[t.i + 1].idx + 2),
                        speaker_span=_span_of(pobj),
                        direct=True,
                        key=t.idx,
                    )
        for k in range(len(toks) - 1, -1, -1):
            v = toks[k]
            if len(toks) - k > _MAX_FRAME_TOKENS:
                break
            cue = _cue_of(v)
            if cue is None or not cue.frames:
                continue
            if not ends_frame and (k != len(toks) - 1 or not self._ends_clause(q)):
                break
            if any(t.pos_ == "VERB" and _cue_of(t) is None for t in toks[k + 1 :]):
                break
            subj = _subject(v)
            if subj is None or subj.lower_ in _NOT_SPEAKERS:
                return None
            self.used_cues.add(v.i)
            return _Candidate(
                content=(q.start, q.end),
                cue=v.text,
                cue_span=_cue_span(v),
                speaker_span=_speaker_span(subj, v),
                direct=True,
                key=min(subj.left_edge.idx, v.idx),
            )
        return None

    def _ends_clause(self, q: Quote) -> bool:
        """Nothing but punctuation follows the quote up to the end of its sentence."""
        hi = self.art.sent_of(q.end)[1]
        return not _ALNUM.search(self.body[q.after : max(q.after, hi)])

    def _frame_after(self, lo: int, hi: int, q: Quote, *, bare: bool = False) -> _Candidate | None:
        """A cue after the quote ("Q," X said); ``bare``: the cue's own sentence, where it
        frames the quote only when it has no object or clause of its own."""
        toks = [t for t in self.art.tokens_between(q.after, hi) if not t.is_space]
        words = [t for t in toks if not t.is_punct]
        for k, v in enumerate(words[:8]):
            cue = _cue_of(v)
            if cue is None or not cue.frames or cue.weight < MIN_WEIGHT:
                continue
            if v.i in self.used_cues and not _same_speaker_split(v, q):
                continue
            if bare and any(
                c.dep_ in {"ccomp", "xcomp"}
                or (c.dep_ == "dobj" and v.lemma_ not in _ADDRESSEE_VERBS)
                for c in v.children
            ):  # its own object or clause; "told reporters" names only whom it told
                break
            if any(
                c.dep_ == "ccomp" and c.i > v.i and self.art.tok_quote[c.i] < 0 for c in v.children
            ):  # 'On “Face the Nation,” X said Y': the cue reports its own clause, the
                break  # quoted words before it are a title

            subj = _subject(v)
            if subj is not None and not (q.after <= subj.idx < hi):
                subj = None
            # only the speaker may stand between the quote and its cue ("Q," the minister said)
            if any(
                subj is None or not (subj.left_edge.i <= w.i <= subj.right_edge.i)
                for w in words[:k]
            ):
                break
            span: tuple[int, int] | None
            if subj is not None:
                span = _span_of(subj, stop=v)
                if subj.i > v.i:
                    span = (span[0], min(span[1], hi))
            else:  # inverted "said X" that the parser left without a subject
                span = _chunk_after(v, hi)
            if span is None or fold(self.body[span[0] : span[1]]) in _NOT_SPEAKERS:
                return None
            start = q.start
            # a quote inside a clause: the content starts with the clause
            pre = self.body[lo : q.open_mark]
            if len(re.findall(r"\w+", pre)) >= 2:
                start = _trim(self.body, lo, q.open_mark)[0]
            self.used_cues.add(v.i)
            return _Candidate(
                content=(start, q.end),
                cue=v.text,
                cue_span=_cue_span(v),
                speaker_span=span,
                direct=True,
                key=min(span[0], v.idx),
            )
        return None

    # ----------------------------------------------------------------- reported speech

    def reported(self) -> None:
        art = self.art
        for i in art.cue_tokens:
            v = art.doc[i]
            if v.i in self.used_cues or art.tok_quote[v.i] >= 0:
                continue
            cue = _cue_of(v)
            if cue is None or cue.weight < MIN_WEIGHT or (v.is_upper and len(v.text) > 1):
                continue  # a weak cue, or a headline in capitals
            subj = _subject(v)
            if subj is None and cue.clause and self._trailing_clause(v) is not None:
                subj = v.head  # "..., multiple news outlets reported." parsed as a relative
            if cue.lemma in {"cite", "quote"} and v.dep_ in {"advcl", "xcomp", "conj"}:
                subj = next((c for c in v.children if c.dep_ == "dobj"), None)
            if subj is None or subj.lower_ in _NOT_SPEAKERS:
                continue
            if art.tok_quote[subj.i] >= 0:
                continue
            subj = self._source_of(subj)
            if subj is None:
                continue
            deps = {c.dep_ for c in v.children}
            if deps & {"nsubjpass", "auxpass"} and "agent" not in deps:
                continue  # "they were denied treatment", "was told to leave": no speaker
            if "neg" in deps and cue.lemma not in {"deny"}:
                continue
            if any(
                (c.dep_ == "dobj" and c.lower_ in _REFLEXIVES)
                or (c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"})
                or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL and subj.pos_ == "PRON")
                or (c.dep_ == "acomp" and subj.lower_ == "it")
                for c in [*v.children, *subj.head.children]
            ):
                continue  # "who call themselves X", "if they should find", "they would"
            got = self._content(v, cue, subj)
            if got is None:
                continue
            (cs, ce), extra = got
            plo, phi = art.paras[art.para_of(v.idx)]
            cs, ce = _trim(self.body, max(cs, plo), min(ce, phi))
            ce = self._through_open_quote(cs, ce)
            ce = self._before_next_statement(v, cs, ce)
            if ce - cs < 2 or not _ALNUM.search(self.body, cs, ce):
                continue
            if cue.lemma == "say" and self.body.startswith("to ", cs):
                continue  # "the bridge said to be mined": a rumour, no speaker
            sp = _speaker_span(subj, v)
            if subj.lower_ in _RELATIVES:
                continue
            if v.dep_ == "relcl" and subj is v.head:
                sp = (subj.left_edge.idx, subj.idx + len(subj.text))
            if (
                sp[0] < ce
                and cs < sp[1]
                and subj.head.dep_ != "agent"
                and v.i not in self.parenthetical
            ):  # speaker in content
                sp = (subj.idx, subj.idx + len(subj.text))
                if sp[0] < ce and cs < sp[1]:
                    continue
            direct = any(
                art.tok_quote[t.i] >= 0 for t in art.tokens_between(cs, ce) if not t.is_punct
            )
            self.candidates.append(
                _Candidate(
                    content=(cs, ce),
                    cue=self.body[_cue_span(v, extra)[0] : _cue_span(v, extra)[1]],
                    cue_span=_cue_span(v, extra),
                    speaker_span=sp,
                    direct=direct,
                    key=min(sp[0], v.idx),
                    weight=cue.weight,
                    nested_ok=cue.weight >= 1.0
                    and subj.pos_ != "PRON"
                    and (v.dep_ not in {"relcl", "advcl", "acl", "xcomp"} or subj.i == v.head.i),
                )
            )

    def _before_next_statement(self, v: Token, cs: int, ce: int) -> int:
        """End a content where a coordinated statement of another speaker begins:
        "Ukraine says 2,000 civilians died and NATO chief X warned of ..."."""
        cues = self.art.cue_tokens
        a = bisect.bisect_left(cues, v.i + 1)
        for i in cues[a:]:
            w = v.doc[i]
            if w.idx >= ce:
                break
            contrast = w.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in w.children
            )  # "..., though she noted Z": a statement of its own
            if w.idx < cs or (w.dep_ != "conj" and not contrast) or _cue_of(w) is None:
                continue
            if self.art.tok_quote[w.i] >= 0:
                continue  # inside the quoted words: the speaker's own
            subj = next((c for c in w.children if c.dep_ == "nsubj"), None)
            if contrast and subj is not None and subj.lower_ not in _RELATIVES:
                subj = w.left_edge  # the cut goes before the conjunction
            cut = -1
            if subj is not None and cs < subj.left_edge.idx:
                cut = subj.left_edge.idx
            elif subj is None and _outer_speaker(w) is not None and w.head.head.i == v.i:
                cut = w.left_edge.idx  # "..., and urged the judges to act": its own statement
            if cut > cs:
                m = re.search(r"[\s,;]*(?:\b(?:and|but|while|as)\b)?[\s,;]*$", self.body[cs:cut])
                return cs + (m.start() if m else cut - cs)
        return ce

    def _through_open_quote(self, cs: int, ce: int) -> int:
        """A content that stops inside a quotation it opened runs to the quote's end: the
        parser ends "added that X doesn't have the “power to ... but, I've made it clear
        ...”" at the comma, the quotation marks do not."""
        quotes = self.art.quotes
        k = bisect.bisect_right(self.art.quote_opens, ce) - 1
        if k >= 0:
            q = quotes[k]
            if cs <= q.open_mark < ce < q.end and q.para == self.art.para_of(cs):
                return q.end
        return ce

    def _trailing_clause(self, v: Token) -> tuple[int, int] | None:
        """The clause a sentence-final "NP reported" frames when the parser read the cue as
        a reduced relative of the noun: "Johnson has promised X, multiple news outlets
        reported on Monday." -> the clause before the comma; None for a real relative
        ("the losses reported by Kyiv", "the figures reported last week")."""
        head = v.head
        if v.dep_ != "acl" or v.tag_ not in {"VBD", "VBN"} or head.i != v.i - 1:
            return None
        if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ not in {"dobj", "npadvmod", "appos"}:
            return None
        if any(c.dep_ in {"dobj", "agent", "ccomp", "xcomp", "attr", "acomp"} for c in v.children):
            return None
        left = head.left_edge
        while left.is_punct and left.i < head.i:  # the parser may hang the comma on the noun
            left = left.doc[left.i + 1]
        if left.i == 0 or left.doc[left.i - 1].text not in {",", "—", "–"}:
            return None
        lo, hi = self.art.sent_of(v.idx)
        if _ALNUM.search(self.body, _end(v.right_edge), max(_end(v.right_edge), hi)):
            return None  # the sentence goes on: no sentence-final cue
        plo = self.art.paras[self.art.para_of(v.idx)][0]
        cs, ce = _trim(self.body, max(lo, plo), left.doc[left.i - 1].idx)
        if not any(t.tag_ in _FINITE_TAGS for t in self.art.tokens_between(cs, ce)):
            return None
        return cs, ce

    def _source_of(self, subj: Token, *, owner: bool = False) -> Token | None:
        """The source a subject names: "reports from America" -> America, "an
        announcement by the Pentagon" -> the Pentagon; None for evidence about something
        ("Reports of disorganisation suggest")."""
        classes = actor_table().noun_class(subj.lower_)
        if not classes & {"evidence", "document"}:
            return subj
        for c in subj.children:
            if c.dep_ == "prep" and c.lower_ in {"by", "from"}:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
            if c.dep_ == "prep" and c.lower_ in {"of", "about", "on", "into"}:
                return None
        for c in subj.children if owner else ():
            # "according to the ministry's data", "according to UN figures": whose they are
            if c.dep_ == "poss" and c.pos_ in {"NOUN", "PROPN"}:
                return c
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == subj.i - 1:
                return c
        return subj

    def _content(
        self, v: Token, cue: Cue, subj: Token
    ) -> tuple[tuple[int, int], Token | None] | None:
        """The content span of a reporting verb, and the preposition that joins the cue."""
        children = list(v.children)
        sent_lo, _sent_hi = self.art.sent_of(v.idx)
        if subj.i == v.head.i and v.dep_ == "acl":
            trailing = self._trailing_clause(v)
            return (trailing, None) if trailing is not None else None
        if cue.clause and not any(c.dep_ == "ccomp" for c in children):
            framed = self._as_clause(v) or self._clause_on_noun(v)
            if framed is not None:
                return framed, None
        if "as" in cue.relations:  # "As Kuleba put it, the war is far from over"
            framed = self._as_clause(v)
            if framed is not None:
                return framed, None
        clear = _clear_of(v) if "clear" in cue.relations else None
        if clear is not None:  # "has made it clear that X": the clause after "clear"
            rest = list(v.doc[clear.i + 1 : v.right_edge.i + 1])
            while rest and (rest[0].dep_ == "mark" or rest[0].is_punct):
                rest = rest[1:]
            while rest and rest[-1].is_punct:
                rest = rest[:-1]
            if not rest or not any(t.tag_ in _FINITE_TAGS for t in rest):
                return None
            return (rest[0].idx, min(_end(rest[-1]), _sent_hi)), clear
        after = [c for c in children if c.i > v.i]
        if cue.lemma in {"cite", "quote"}:
            # "TASS quoted X as saying that Y": the outlet reports Y, as X does
            as_ = next((c for c in after if c.dep_ == "prep" and c.lower_ == "as"), None)
            said = next((c for c in as_.children if c.dep_ == "pcomp"), None) if as_ else None
            comp = (
                next((c for c in said.children if c.dep_ == "ccomp"), None)
                if said is not None and _cue_of(said) is not None
                else None
            )
            if comp is not None:
                toks = [t for t in v.doc[comp.left_edge.i : comp.right_edge.i + 1]]
                while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
                    toks = toks[1:]
                while toks and toks[-1].is_punct:
                    toks = toks[:-1]
                if toks:
                    return (toks[0].idx, min(_end(toks[-1]), _sent_hi)), None
        if cue.lemma in {"cite", "quote"} and v.dep_ in {"advcl", "xcomp", "conj"}:
            # "X said Y, citing Z": Z's content is the head's
            head_cue = _cue_of(v.head)
            if head_cue is not None and v.head.i < v.i:
                got = self._content(v.head, head_cue, subj)
                if got is not None:
                    return got[0], None
        if cue.clause:
            ccomps = [c for c in children if c.dep_ == "ccomp"]
            # two clauses: the one after the verb is its content ("Writing for X that all
            # agreed Y won, Z noted that W")
            ccomp = next((c for c in ccomps if c.i > v.i), ccomps[0]) if ccomps else None
            if ccomp is not None and ccomp.i < v.i:  # "X, he said"
                s, e = _span_of(ccomp, stop=subj if subj.i > ccomp.i else None)
                return (max(s, sent_lo), min(e, subj.left_edge.idx, v.idx)), None
            if ccomp is not None:
                # "told Reuters that X", "warned the West that X": the listener is no content
                first = ccomp.left_edge
                for c in after:
                    listener = (
                        c.dep_ in {"dative", "dobj", "npadvmod", "agent", "punct", "prt"}
                        or (c.dep_ == "prep" and c.right_edge.i < ccomp.left_edge.i)
                        # "reported, citing two sources, that X": an aside, not content
                        or (c.dep_ == "advcl" and c.right_edge.i < ccomp.left_edge.i)
                    )
                    if c.i < ccomp.left_edge.i and not listener:
                        first = min(first, c.left_edge, key=lambda t: t.i)
                # clauses listed after the first ("said 38 children had been killed, 200
                # schools destroyed"): the content runs to the last of them
                last = max((c.right_edge for c in ccomps if c.i > v.i), key=lambda t: t.i)
                last = max(last, ccomp.right_edge, key=lambda t: t.i)
                while last.is_punct and last.i > ccomp.i:
                    last = v.doc[last.i - 1]
                toks = [t for t in v.doc[max(first.i, v.i + 1) : last.i + 1]]
                that = next((c for c in ccomp.children if c.dep_ == "mark"), None)
                if (
                    that is not None
                    and toks
                    and toks[0].i < that.i
                    and v.doc[that.i - 1].text == ","
                ):  # "reported, citing two sources, that X": the aside is no content
                    toks = [t for t in toks if t.i > that.i]
                while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
                    toks = toks[1:]
                if toks:
                    return (toks[0].idx, _end(toks[-1])), None
            # "The attack, the ministry said, was repelled": a cue set off by commas inside
            # the clause it reports gives the whole clause, its subject included
            if (
                v.dep_ == "parataxis"
                and v.head.i > v.i
                and subj.i < v.i
                and _finite(v.head)
                and _cue_of(v.head) is None
                and subj.left_edge.i > 0
                and v.doc[subj.left_edge.i - 1].text in {",", "—", "–"}
                and v.right_edge.i + 1 < len(v.doc)
                and v.doc[v.right_edge.i].text in {",", "—", "–"}
                and v.head.left_edge.i < subj.left_edge.i - 1
            ):
                last = v.head.right_edge
                while last.is_punct and last.i > v.head.i:
                    last = last.doc[last.i - 1]
                s = max(v.head.left_edge.idx, sent_lo)
                e = min(_end(last), _sent_hi)
                if e > s:
                    self.parenthetical.add(v.i)  # the speaker lies inside the content
                    return (s, e), None
            # "X, he said": the verb hangs on the clause it reports
            if (
                v.dep_ in {"parataxis", "ccomp"}
                and v.head.i < v.i
                and subj.i != v.head.i
                and _cue_of(v.head) is None  # "Merrill says Machado promised": content
                and re.search(
                    r"[,—–]\s*[\"”“]?\s*$",
                    self.body[max(0, subj.left_edge.idx - 6) : subj.left_edge.idx],
                )
            ):
                s = max(v.head.left_edge.idx, sent_lo)
                e = min(subj.left_edge.idx, v.idx)
                if e > s:
                    return (s, e), None
            # "cited X as saying": the content is the citing verb's
            if v.dep_ == "pcomp" and v.head.lower_ == "as":
                head_cue = _cue_of(v.head.head)
                if head_cue is not None:
                    obj = next((c for c in v.head.head.children if c.dep_ == "dobj"), None)
                    if obj is not None:
                        got = self._content(v.head.head, head_cue, obj)
                        if got is not None:
                            return got[0], None
            # "X have arrived in Y, Interfax cited ...": a clause before the verb
            for c in children:
                if c.i < v.i and c.dep_ in {"advcl", "parataxis"} and _finite(c):
                    s, e = _span_of(c)
                    if "," in self.body[e : subj.left_edge.idx + 1]:
                        return (max(s, sent_lo), e), None
        dobj = next((c for c in after if c.dep_ == "dobj"), None)
        passive = next((c for c in children if c.dep_ == "nsubjpass" and c.i < v.i), None)
        if (
            passive is not None
            and "passive" in cue.relations  # "was accused by"; not "was confirmed by"
            and v.dep_ not in {"relcl", "acl"}
            and any(c.dep_ == "agent" for c in children)
        ):
            # "X was accused by the FBI of Y": the whole clause, its agent speaking
            last = v.right_edge
            while last.is_punct and last.i > v.i:
                last = last.doc[last.i - 1]
            return (max(passive.left_edge.idx, sent_lo), min(_end(last), _sent_hi)), None
        if "xcomp" in cue.relations:
            for c in after:
                if c.dep_ in {"xcomp", "pcomp"} and (
                    c.tag_ in {"VB", "VBG"}
                    or (c.tag_ == "VBN" and any(a.lower_ == "to" for a in c.children))
                ):  # "vowed to retaliate", "denies targeting", "claims to have destroyed"
                    first = dobj if dobj is not None and dobj.i < c.i else c
                    s, e = self._run(v, first)
                    return (max(s, _end(v)), e), None
        if "prep" in cue.relations:
            for c in after:
                if c.dep_ == "prep" and c.lower_ in cue.preps:
                    objs = [g for g in c.children if g.dep_ in {"pobj", "pcomp"}]
                    # "called on the allies to send X", "appealed to China to use Y": the
                    # addressee and what they are asked to do
                    todo = next(
                        (
                            x
                            for x in after
                            if x.dep_ == "xcomp"
                            and x.i > c.i
                            and x.tag_ == "VB"
                            and any(a.lower_ == "to" for a in x.children)
                        ),
                        None,
                    )
                    if objs and todo is not None:
                        last = todo.right_edge
                        while last.is_punct and last.i > todo.i:
                            last = last.doc[last.i - 1]
                        return (objs[0].left_edge.idx, min(_end(last), _sent_hi)), c
                    if c.lower_ == "on":
                        continue  # "called on the families": a visit, no statement
                    if objs:
                        return self._with_nominal_conj(v, _span_of(objs[0])), c
        if dobj is not None and cue.clause and cue.weight >= 1.0:
            # "said civilians [...] had been killed": a clause parsed as an object
            rest = [t for t in v.doc[dobj.i : v.right_edge.i + 1] if t.i > dobj.right_edge.i]
            if (
                not _finite(dobj)
                and any(t.tag_ in _FINITE_TAGS for t in rest)
                # "posted a video saying X": the clause is the other cue's
                and not any(_cue_of(t) is not None for t in v.doc[dobj.i : v.right_edge.i + 1])
            ):
                e = _end(v.right_edge)
                return (dobj.left_edge.idx, min(e, _sent_hi)), None
        if (
            dobj is not None
            and "out" in cue.relations
            and any(c.dep_ == "prt" and c.lower_ == "out" for c in children)
        ):  # "ruled out a ceasefire"
            return self._with_nominal_conj(v, self._run(v, dobj)), None
        if dobj is not None and cue.relations & {"object", "oprd", "at"}:
            if dobj.lower_ in _EMPTY_OBJECTS and dobj.right_edge.i - dobj.left_edge.i < 2:
                return None  # "said nothing", "said little": no statement
            s, e = self._run(v, dobj)
            if "object" not in cue.relations and e == _span_of(dobj)[1]:
                return None  # "called X" without "a Y", "put X" without "at Y"
            if cue.relations & {"object", "oprd"} == set() and not any(
                c.dep_ == "prep" and c.lower_ == "at" for c in [*children, *dobj.children]
            ):
                return None  # "put pressure on the port": no "at"
            return self._with_nominal_conj(v, (s, e)), None
        if cue.clause and cue.weight >= 1.0 and after and after[0].dep_ in {"nsubj", "attr"}:
            # a clause the parser did not attach as ccomp: the rest of the verb's phrase
            return self._run(v, after[0]), None
        if cue.clause and cue.weight >= 1.0:
            # "During his years in office, Mr. Obama said, a majority have come to ...":
            # the cue between commas frames the clause that follows it
            nxt = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
            _, hi = self.art.sent_of(v.idx)
            if nxt is not None and nxt.text == "," and subj.i < v.i:
                rest = self.art.tokens_between(_end(nxt), hi)
                if (
                    any(t.tag_ in _FINITE_TAGS for t in rest)
                    and "," in self.body[max(0, subj.left_edge.idx - 3) : subj.left_edge.idx]
                ):
                    return (_end(nxt), hi), None
        return None

    def _as_clause(self, v: Token) -> tuple[int, int] | None:
        """ "X happened, as Reuters reported" / "as reported by Reuters" / "As he said, X":
        the clause the "as" clause hangs on, without it."""
        if v.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
            return None
        head = v.head
        if head.pos_ not in {"VERB", "AUX"} or any(
            c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "oprd", "acomp"}
            and not (c.dep_ == "dobj" and c.lower_ == "it")  # "as he put it"
            for c in v.children
        ):
            return None  # "X grew as officials said Y": a statement of its own
        lo, hi = self.art.sent_of(v.idx)
        h_lo, h_hi = max(head.left_edge.idx, lo), min(_end(head.right_edge), hi)
        a_lo, a_hi = v.left_edge.idx, _end(v.right_edge)
        before = _trim(self.body, h_lo, a_lo, "." + _QUOTE_CHARS)
        after = _trim(self.body, a_hi, h_hi, "." + _QUOTE_CHARS)
        best = max(before, after, key=lambda x: x[1] - x[0])
        if best[1] - best[0] < 3 or not _ALNUM.search(self.body, *best):
            return None
        return best

    def _clause_on_noun(self, v: Token) -> tuple[int, int] | None:
        """ "said in a statement that X": a "that" clause the parser hung on the noun of
        the cue's prepositional phrase."""
        for prep in v.children:
            if prep.dep_ != "prep" or prep.i < v.i:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                for c in pobj.children:
                    if c.dep_ not in {"acl", "relcl"} or c.i < pobj.i:
                        continue
                    mark = next((m for m in c.children if m.dep_ == "mark"), None)
                    if mark is None or mark.lower_ != "that" or mark.i != c.left_edge.i:
                        continue
                    last = c.right_edge
                    while last.is_punct and last.i > c.i:
                        last = last.doc[last.i - 1]
                    return v.doc[mark.i + 1].idx, _end(last)
        return None

    def _with_nominal_conj(self, v: Token, span: tuple[int, int]) -> tuple[int, int]:
        """ "called for X, and more support from Y": a noun the parser coordinated with the
        verb continues the verb's object."""
        for c in v.children:
            if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"} and c.idx >= span[1]:
                if not re.fullmatch(
                    r"[\s,]*(?:and|or)?[\s,]*", self.body[span[1] : c.left_edge.idx]
                ):
                    continue
                last = c.right_edge
                while last.is_punct and last.i > c.i:
                    last = v.doc[last.i - 1]
                return span[0], _end(last)
        return span

    def _run(self, v: Token, first: Token) -> tuple[int, int]:
        """From ``first`` (a dependent of ``v``) through the dependents of ``v`` that follow
        it with no comma between: "condemning [Mr Putin] [as a war criminal]"."""
        body = self.body
        s, e = _span_of(first)
        for c in v.children:
            if c.i <= first.i or c.dep_ in {"punct", "cc", "conj"}:
                continue
            lo, hi = _span_of(c)
            if lo < e:
                continue
            if re.search(r"[,;:(—–]", body[e : lo + 1]):  # the comma may be in the subtree
                break
            e = hi
        return s, e

    # ----------------------------------------------------------------- according to

    def according(self) -> None:
        art = self.art
        doc = art.doc
        quote_starts = {q.open_mark for q in art.quotes}
        for i in art.according_tokens:
            t = doc[i]
            if t.i + 1 >= len(doc) or doc[t.i + 1].lower_ != "to":
                continue
            if art.tok_quote[t.i] >= 0:
                continue
            to = doc[t.i + 1]
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            sp = _span_of(pobj)
            tail_end = sp[1]  # where the source's own words end, relative clause included
            comma = art.body.find(",", pobj.idx, sp[1])
            if comma > 0:  # "according to the second official, a deep recession ..."
                sp = _trim(art.body, sp[0], comma)
                described = any(  # "according to Oryx, a monitoring website"
                    c.dep_ == "appos" and c.idx > comma and _describes_kind(c)
                    for c in pobj.children
                )
                if not described and not re.match(
                    r"\s*(?:who|which|whose)\b", art.body[comma + 1 : sp[1] + 12]
                ):
                    tail_end = sp[1]
            phrase = (t.idx, sp[1])
            src = self._source_of(pobj, owner=True)  # "a statement from the presidential office"
            if src is not None and src.i == pobj.i and not _describes_kind(pobj):
                # "according to Axelrod's memoir", "the agency's tally": the owner speaks
                src = next(
                    (c for c in pobj.children if c.dep_ == "poss" and c.pos_ == "PROPN"), src
                )
            if src is not None and src.i != pobj.i and src.idx < sp[1]:
                last = src if src.dep_ in {"poss", "compound"} else src.right_edge
                sp = _trim(art.body, src.left_edge.idx, min(_end(last), sp[1]))
            after = phrase[1]
            while after < len(art.body) and art.body[after] in " ,:":
                after += 1
            if after in quote_starts:
                continue  # framed quote: found with the quotes
            sent_lo, sent_hi = art.sent_of(t.idx)
            head = t.head if t.head is not t else t
            h_lo, h_hi = _span_of(head)
            h_lo, h_hi = max(h_lo, sent_lo), min(h_hi, sent_hi)
            if head.i < t.i or h_hi <= phrase[0]:
                lo = max(sent_lo, art.paras[art.para_of(t.idx)][0])
                cs, ce = _trim(art.body, lo if head.i > t.i else min(h_lo, phrase[0]), phrase[0])
            else:
                cs, ce = _trim(art.body, phrase[1], max(h_hi, phrase[1]), ".")
            if (head.i < t.i and _ALNUM.search(art.body, tail_end, max(tail_end, h_hi))) or (
                head.i > t.i and h_lo < phrase[0] and _ALNUM.search(art.body, h_lo, phrase[0])
            ):
                # "... X, according to Y, said ..." / "The army, according to Y, lost Z":
                # the clause runs on both sides of the phrase
                cs, ce = _trim(art.body, h_lo, h_hi, ".")
            if ce - cs < 3:
                continue
            self.candidates.append(
                _Candidate(
                    content=(cs, ce),
                    cue="according to",
                    cue_span=(t.idx, _end(to)),
                    speaker_span=sp,
                    direct=any(art.tok_quote[x.i] >= 0 for x in art.tokens_between(cs, ce)),
                    key=t.idx,
                )
            )


_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_MANNER_PREPS = {"by", "after", "before", "while", "when", "in"}
_CONTRAST_MARKS = {"though", "although", "while", "whereas"}
_EMPTY_OBJECTS = {"nothing", "little", "much", "less", "otherwise"}


def _describes_kind(tok: Token) -> bool:
    """A noun that says what kind of source a name is ("a monitoring website", "a think
    tank", "an analyst"): a class of the actor table's nouns or a word for an agent."""
    word = tok.lower_
    return bool(actor_table().noun_class(word)) or (
        tok.pos_ == "NOUN" and word.endswith(_AGENT_SUFFIXES)
    )


def _finite(tok: Token) -> bool:
    """The subtree of ``tok`` holds a finite verb (it is a clause, not a noun phrase)."""
    return any(t.tag_ in _FINITE_TAGS for t in tok.subtree)


def _end(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _same_speaker_split(v: Token, q: Quote) -> bool:
    """A cue already used by the quote before it may frame the next piece of a split quote."""
    return v.idx < q.start


def _chunk_after(v: Token, hi: int) -> tuple[int, int] | None:
    """The noun phrase right after an inverted cue ("said Mr Biden")."""
    doc = v.doc
    i = v.i + 1
    start: Token | None = None
    end: Token | None = None
    while i < len(doc) and doc[i].idx < hi:
        t = doc[i]
        if t.pos_ in {"PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM"} or (
            start is not None and t.dep_ in {"compound", "poss", "case", "amod"}
        ):
            start = start or t
            end = t
            i += 1
            continue
        break
    if start is None or end is None:
        return None
    return start.idx, _end(end)


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    res: Resolution | None
    text: str
    person: bool = False  # an unlabelled full name read as a person's


_HONORIFIC_GENDER = {**dict.fromkeys(MALE_HONORIFICS, "m"), **dict.fromkeys(FEMALE_HONORIFICS, "f")}
# a word of a person's name: capitalised, not an acronym ("McGonigal", "Smith-Jones")
_NAME_WORD = re.compile(
    r"[A-ZÀ-ÖØ-ÞĀ-Ž](?:[a-zß-öø-ÿā-ž]+['’\-]?)+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+)*"
)
# where an unlabelled full name stands as a participant ("Maria Kovalenko arrived",
# "met Maria Kovalenko", "a nurse, Maria Kovalenko")
_NAME_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj"}


@functools.cache
def _place_heads() -> frozenset[str]:
    """Head nouns of place, building and time names (``data/name_heads.txt``): "Kovalenko
    Street" names no person."""
    text = resources.files("sitroom").joinpath("data/name_heads.txt").read_text("utf-8")
    return frozenset(w for w in map(str.strip, text.splitlines()) if w and not w.startswith("#"))


# nouns for a state's institutions that a later "the ministry" looks back to
_BODY_HEADS = {"ministry", "department", "office", "service", "agency", "committee", "council"}


class _Resolver:
    """Resolves speakers in text order, keeping what the article has mentioned."""

    def __init__(self, art: _Article, table: ActorTable) -> None:
        self.art = art
        self.table = table
        self.ctx = ResolutionContext()
        self.mentions = self._mentions()
        self._next = 0
        self.unknown_bodies: list[tuple[str, ActorEntry | None]] = []
        self.first_seen: dict[str, int] = {}  # canonical name -> first offset it was read
        self.full_names = self._full_names()
        self._add_surname_mentions()
        self.acronyms = _acronyms(art.body)

    def _full_names(self) -> dict[str, str]:
        """Surname -> the one full name the article gives it anywhere ("Fetterman" before
        "Sen. John Fetterman"); a surname two people share maps to nobody."""
        out: dict[str, str] = {}
        names = [m.text for m in self.mentions if m.person]
        names += [text for _, _, label, text in self.art.ents if label == "PERSON"]
        for text in names:
            ws = [w for w in text.split() if fold(w).rstrip(".") not in HONORIFICS]
            if not 2 <= len(ws) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in ws):
                continue
            name = self._usual_name(" ".join(ws))
            key = fold(ws[-1])
            if out.setdefault(key, name) != name:
                out[key] = ""
        return {k: v for k, v in out.items() if v}

    def _add_surname_mentions(self) -> None:
        """The surname alone of a person the article names in full ("Grozev took to
        Twitter") is a mention of them, so that a later "he said" can point back to it."""
        if not self.full_names:
            return
        starts = [m.start for m in self.mentions]
        ends = [m.end for m in self.mentions]
        added = False
        doc = self.art.doc
        wanted = {doc.vocab.strings[key] for key in self.full_names}
        propn = doc.vocab.strings["PROPN"]
        arr = doc.to_array([POS, LOWER])
        for i in (arr[:, 0] == propn).nonzero()[0].tolist() if len(doc) else []:
            if arr[i, 1] not in wanted:
                continue
            tok = doc[i]
            k = bisect.bisect_right(starts, tok.idx) - 1
            if k >= 0 and ends[k] > tok.idx:
                continue  # inside a mention already read (the full name itself)
            full = self.full_names[fold(tok.text)]
            self.mentions.append(_Mention(tok.idx, tok.idx + len(tok), None, full, person=True))
            added = True
        if added:
            self.mentions.sort(key=lambda m: m.start)

    def _surname_only(self, res: Resolution) -> Resolution | None:
        """A person named by surname alone ("Mr. Page", "Fetterman") whom the article
        names in full somewhere."""
        if res.entry is not None and not res.entry.is_person:
            return None
        ws = [w for w in res.name.split() if fold(w).rstrip(".") not in HONORIFICS]
        if len(ws) != 1 or not _NAME_WORD.fullmatch(ws[0]):
            return None
        full = self.full_names.get(fold(ws[0]))
        if not full or fold(full) == fold(res.name):
            return None
        return Resolution(full, make_person(full), max(res.confidence, 0.6), "person")

    def _mentions(self) -> list[_Mention]:
        """Actor-table aliases and PERSON/ORG entities, in text order."""
        art = self.art
        out: list[_Mention] = []
        taken: list[tuple[int, int]] = []
        bodies: list[_Mention] = []
        for m in self.table.match(art.body, strict=True):
            if m.entry.is_country:
                body = self._country_body(m.start, m.end)
                if body is not None:  # "Ukraine's defence ministry posted a map"
                    bodies.append(body)
            if m.how == "demonym":
                continue
            out.append(_Mention(m.start, m.end, None, art.body[m.start : m.end]))
            taken.append((m.start, m.end))
        out += bodies
        taken.sort()
        starts = [s for s, _ in taken]
        for start, end, label, text in art.ents:
            if label not in {"PERSON", "ORG"}:
                continue
            k = bisect.bisect_right(starts, end) - 1
            if k >= 0 and taken[k][1] > start:
                continue  # the table already has this stretch
            out.append(_Mention(start, end, None, text))
        for start, end, text in self._unlabelled_names(taken):
            out.append(_Mention(start, end, None, text, person=True))
        out.sort(key=lambda m: m.start)
        # one mention per span (several table entries may share an alias)
        uniq: list[_Mention] = []
        for mention in out:
            if uniq and uniq[-1].start == mention.start and uniq[-1].end == mention.end:
                continue
            uniq.append(mention)
        return uniq

    def _country_body(self, start: int, end: int) -> _Mention | None:
        """A country's body described by the country and a generic noun ("Ukraine's
        defence ministry", "the Russian military"), so that a later "the ministry" means it."""
        art = self.art
        k = bisect.bisect_left(art.tok_starts, start)
        if k >= len(art.doc) or art.tok_starts[k] != start:
            return None
        tok = art.doc[k]
        head = tok.head
        if tok.dep_ not in {"poss", "amod", "compound", "nmod"} or head.i <= tok.i:
            return None
        if head.pos_ not in {"NOUN", "PROPN"} or head.lower_ not in _BODY_HEADS:
            return None  # "Russian forces" are no body that speaks
        text = art.body[start : head.idx + len(head)]
        res = self.table.resolve_phrase(text)
        if res is None or res.entry is None or res.how != "description":
            return None
        return _Mention(start, head.idx + len(head), res, text)

    def _unlabelled_names(self, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Full names no entity or table alias covers ("Maria Kovalenko arrived"): two
        or three capitalised proper nouns in a row that are the subject, object or
        apposition of their clause and hold no word for a body or a document, so that a
        later "she said" can point back to the person the article introduced."""
        doc = self.art.doc
        if not len(doc):
            return []
        propn = doc.vocab.strings["PROPN"]
        arr = doc.to_array([POS, ENT_IOB])
        idx = [i for i in (arr[:, 0] == propn).nonzero()[0].tolist() if arr[i, 1] == 2]
        runs: list[list[int]] = []
        for i in idx:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        out: list[tuple[int, int, str]] = []
        starts = [a for a, _ in taken]
        for run in runs:
            # a title before the name is no part of it: "Senator X Y", "Minority Leader X Y"
            titles = [
                k
                for k, i in enumerate(run)
                if fold(doc[i].text).rstrip(".") in HONORIFICS
                or self.table.noun_class(doc[i].lower_)
            ]
            if titles:
                run = run[titles[-1] + 1 :]
            if not 2 <= len(run) <= 3:
                continue
            toks = [doc[i] for i in run]
            last = toks[-1]
            if last.dep_ not in _NAME_DEPS or not all(_NAME_WORD.fullmatch(t.text) for t in toks):
                continue
            if any(self.table.noun_class(t.lower_) for t in toks) or any(
                t.lower_ in _place_heads() for t in toks[1:]
            ):
                continue  # "Supreme Court", "State Department", "Kovalenko Street": no person
            start, end = toks[0].idx, last.idx + len(last)
            k = bisect.bisect_right(starts, end) - 1
            if k >= 0 and taken[k][1] > start:
                # a table alias inside a longer name is someone else's ("Paul" of "Paul X")
                overlapping = [(a, b) for a, b in taken[: k + 1] if b > start]
                if any((a <= start and b >= end) or a < start or b > end for a, b in overlapping):
                    continue
            out.append((start, end, self.art.body[start:end]))
        return out

    def advance(self, pos: int) -> None:
        """Read every mention that starts before ``pos`` into the context."""
        while self._next < len(self.mentions) and self.mentions[self._next].start < pos:
            m = self.mentions[self._next]
            self._next += 1
            if fold(m.text) in PRONOUNS:
                continue
            if m.person:  # no alias of the table: a person the article introduces
                name = self._usual_name(m.text)
                entry = self._titled_person(name, m.start)
                res: Resolution | None = Resolution(name, entry, 0.6, "person")
            else:
                res = self.table.resolve_phrase(m.text, self.ctx, position=m.start)
            if res is None or res.entry is None or res.how in {"pronoun", "anaphor", "role"}:
                continue
            m.res = res
            if self.art.in_quote(m.start):
                # named inside a quote: known by name, but no antecedent for the narrative's
                # pronouns ("“... provoking Putin,” he said" is not Putin speaking)
                self._know(res)
                continue
            self._remember(res, m.start, speaker=False)

    def _titled_person(self, name: str, start: int) -> ActorEntry:
        """A person the article introduces with the title words just before the name
        ("Romanian Senator X Y", "Colonel X Y"): their roles, gender and country, so that
        a later "the senator" or "the colonel" means them."""
        toks = self.art.tokens_between(self.art.sent_of(start)[0], start)[-4:]
        roles: list[str] = []
        gender = None
        country = None
        for t in reversed(toks):
            low = fold(t.text).rstrip(".")
            if t.is_punct or t.pos_ not in {"PROPN", "NOUN", "ADJ"}:
                break
            if low in HONORIFICS or "person" in self.table.noun_class(low):
                roles.append(low)
                gender = gender or _HONORIFIC_GENDER.get(low)
            else:
                hit = self.table.match(t.text, strict=True)
                if hit and hit[0].entry.is_country:
                    country = country or hit[0].entry.country
                elif not t.is_title:
                    break
        return make_person(name, roles=roles, gender=gender, country=country)

    def _usual_name(self, name: str) -> str:
        """A full name as the article usually gives it: "Richard Justin Kemp" is "Richard
        Kemp" when the article also says that."""
        parts = name.split()
        if len(parts) == 3:
            short = f"{parts[0]} {parts[2]}"
            if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", self.art.body):
                return short
        return name

    def _know(self, res: Resolution) -> None:
        """Let later surname-only mentions find a person the article names in full."""
        e = res.entry
        if e is None:
            return
        if e.is_person and not e.in_table:
            parts = e.name.split()
            self.ctx.people.setdefault(fold(parts[-1]), e)
            if len(parts) > 1:
                self.ctx.people.setdefault("first:" + fold(parts[0]), e)
        self.ctx.present.add(e.name)

    def _remember(self, res: Resolution, start: int, *, speaker: bool) -> None:
        self._know(res)
        self.ctx.add(referent_for(res, start, speaker=speaker))
        self.first_seen.setdefault(res.name, start)

    def _prefer_entity(self, results: list[Resolution], s: int, e: int) -> list[Resolution]:
        """A name inside a description the table could not read as a name:
        "the open-source intelligence site InformNapalm" -> InformNapalm."""
        if any(
            r.entry is not None
            and r.how not in {"anaphor", "pronoun"}
            and (r.entry.in_table or not self._org_covers(r.name, s, e))
            for r in results
        ):
            return []
        for start, end, label, text in self.art.ents_between(s, e):
            if label not in {"ORG", "PERSON"} or end - start < 3 or (start == s and end == e):
                continue
            res = self.table.resolve_phrase(text, self.ctx, position=start)
            if res is not None and res.how in {"alias", "person"}:
                return [res]
            name = re.sub(r"(?i)^the\s+", "", text.strip())
            if label == "ORG" and name[:1].isupper():
                # a country's initials before the body belong to its name: "U.S. Air Force"
                before = _COUNTRY_INITIALS.search(self.art.body, s, start)
                if before is not None and not self.art.body[before.end() : start].strip():
                    name = f"{before.group(1)} {name}"
                return [Resolution(_plain_initials(name), None, 0.6, "text")]
        return []

    def _officials(self, pos: int) -> list[Resolution]:
        """Bare "officials" speak for the government that spoke most recently."""

        def government(r: Referent) -> bool:
            return r.entry is not None and r.kind == "government"

        ref = self.ctx.find(pos, government, speakers_only=True, window=2500)
        if ref is None or ref.entry is None:
            return []
        return [Resolution(ref.name, ref.entry, 0.55, "anaphor", True)]

    def _org_covers(self, name: str, s: int, e: int) -> bool:
        """An organisation's name in the span holds this made-up person's name
        ("Industrial Energy Consumers of America" is no person)."""
        return any(
            label == "ORG" and name in text and len(text) > len(name)
            for _, _, label, text in self.art.ents_between(s, e)
        )

    def _pronoun_in_sentence(self, text: str, pos: int) -> list[Resolution]:
        """A pronoun whose antecedent is the entity named earlier in its own sentence
        ("Maxar, a US company, released images which it said ...")."""
        p = fold(text.strip())
        if p not in {"he", "she", "it"}:
            return []
        lo = self.art.sent_of(pos)[0]
        for start, _end_char, label, text in reversed(self.art.ents_between(lo, pos)):
            if (label == "PERSON") != (p != "it") or label not in {"PERSON", "ORG"}:
                continue
            if self.art.in_quote(start):  # "“... provoking Putin,” he said": not Putin
                continue
            res = self.table.resolve_phrase(text, self.ctx, position=start)
            named = res is not None and res.entry is not None and res.how in {"alias", "person"}
            if res is not None and named and (p != "it" or (res.entry and res.entry.in_table)):
                return [res]
            if p == "it":
                name = re.sub(r"(?i)^the\s+", "", text.strip())
                return [Resolution(name, None, 0.6, "text")]
            return []
        return []

    def resolve(self, cand: _Candidate) -> list[Resolution]:
        if cand.follows is not None:
            cand.speaker_text = cand.follows.speaker_text
            return cand.follows.resolved
        assert cand.speaker_span is not None
        s, e = _trim(self.art.body, *cand.speaker_span, _QUOTE_CHARS)
        if e <= s:
            return []
        cand.speaker_span = (s, e)
        self.advance(s)
        text = self.art.body[s:e]
        cand.speaker_text = text
        if _NO_SOURCE.search(text) or self._dateline(s, e):
            return []
        text = _PARTITIVE.sub("", text)
        # a parenthesis names no one new: "Rep. Jane Roe (R-Ga.)", "the Forum (WEF)"
        text = _PARENTHESIS.sub("", text).strip() or text
        text = re.sub(r"(\w)- (\w)", r"\1\2", text)  # a line-break hyphen: "Dmitrien- ko"
        results = self._pronoun_in_sentence(text, s) or self.table.resolve_all(
            text, self.ctx, position=s
        )
        named = _SELF_NAMED.search(text)
        if named:
            res = self.table.resolve_phrase(named.group(1), self.ctx, position=s)
            name = res.name if res is not None and res.entry is not None else named.group(1)
            results = [
                res
                if res is not None and res.entry is not None
                else Resolution(name, None, 0.6, "text", True)
            ]
        if _INDEFINITE.match(text):  # a new referent: "one expert", "a senior official"
            results = [r for r in results if r.how not in {"anaphor", "pronoun", "role"}]
        head = fold(clean_description(text)).split()[-1:] or [""]
        if (not results and clean_description(text).lower() in _OFFICIALS) or (
            head[0] in _OFFICIALS
            and results
            and all(r.how in {"anaphor", "role"} and r.entry and r.entry.is_person for r in results)
        ):  # "officials", "the second official": the government, not the last person named
            results = self._officials(s) or results
        results = self._prefer_entity(results, s, e) or results
        if not results:
            proper = _proper_name(text)
            name = _plain_initials(proper) if proper else _fallback_description(text)
            if not name or fold(name) in PRONOUNS or not _describes_source(self.table, name):
                return []
            if proper and self._is_person_entity(proper, s, e):
                # a person the parser knows as one ("Lynch said"): pronouns may point back
                results = [Resolution(proper, make_person(proper), 0.6, "person")]
            else:
                results = [Resolution(name, None, 0.5, "text", name.endswith("s"))]
        results = [self._full_name(r) for r in results]
        for r in results:
            self._remember(r, s, speaker=True)
        return results

    def _dateline(self, s: int, e: int) -> bool:
        """A place in capitals opening the paragraph ("NUSA DUA – The president said ..."):
        the dateline, which the parser sometimes makes the subject, is no speaker."""
        body = self.art.body
        text = body[s:e]
        if s != self.art.paras[self.art.para_of(s)][0] or not text.isupper() or len(text) < 3:
            return False
        return bool(re.match(r"\s*(?:[,–—(-]|\(AP\))", body[e : e + 6]))

    def _is_person_entity(self, name: str, s: int, e: int) -> bool:
        """A name the parser reads as a person's: a PERSON entity, or proper nouns that
        no entity of another kind covers ("Lynch said", which the tagger left unlabelled)."""
        ents = self.art.ents_between(s, e)
        if any(label == "PERSON" and text.endswith(name) for _, _, label, text in ents):
            return True
        if ents or name.isupper() or " " in name or self.table.noun_class(name):
            return False  # only a lone surname ("Lynch said"): "Pew Research" is a body
        k = self.art.body.rfind(name, s, e)
        toks = [t for t in self.art.tokens_between(k, k + len(name)) if not t.is_punct]
        return bool(toks) and all(t.pos_ == "PROPN" and not t.ent_type_ for t in toks)

    def _full_name(self, res: Resolution) -> Resolution:
        """A body the table does not know, named short after its full name ("Pew Research"
        after "the Pew Research Center"), keeps the full name."""
        if res.entry is not None and res.entry.in_table:
            return res
        full = self._surname_only(res)
        if full is not None:
            return full
        long = self.acronyms.get(res.name)
        if long is not None:  # "the GSO" after "the U.S. Grain Statistics Office (GSO)"
            name = next((n for n, _ in reversed(self.unknown_bodies) if n.endswith(long)), long)
            return Resolution(name, None, res.confidence, "text", res.plural)
        key = fold(res.name) + " "
        for name, entry in reversed(self.unknown_bodies):
            if fold(name).startswith(key):  # a made-up "person" too: "Pew Research"
                return Resolution(name, entry, res.confidence, res.how, res.plural)
        if res.entry is not None and res.entry.is_person:
            return res
        if res.name[:1].isupper() and len(res.name.split()) > 1:
            self.unknown_bodies.append((res.name, res.entry))
        return res


# articles, demonstratives and possessives dropped from a description kept as the speaker;
# quantifiers stay ("several countries", "multiple news outlets")
_DESCRIPTION_DETERMINERS = {
    "only",
    "just",
    "even",
    "also",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
}
# a capitalised name inside a speaker phrase the table does not know: "The nonpartisan
# Commission on Presidential Debates" -> "Commission on Presidential Debates"
_NAME_RUN = re.compile(
    r"(?<![\w'’])[A-Z][\w'’.&\-]*(?:\s+(?:(?:of|on|for|and|the|de|du)\s+)*[A-Z][\w'’.&\-]*)*"
)


def _proper_name(text: str) -> str:
    """The proper name that heads a speaker phrase the table could not read, or "".

    The name must end the phrase's main part (before a comma, a dash, a relative or a
    prepositional phrase that is not part of the name), so that "The head of Sony
    Pictures" does not give "Sony Pictures"; a description with a name in apposition
    gives the name ("Russia's state-owned shipyard, Zvezdochka")."""
    pieces = re.split(r",|\s[–—-]\s|\s(?:who|which|that|whose)\s", text.strip(), maxsplit=2)
    name = _head_name(pieces[0])
    if not name and len(pieces) > 1:
        second = pieces[1].strip(" ,;:.\"“”'‘’()")
        if _NAME_RUN.fullmatch(second) and fold(second) not in PRONOUNS:
            name = re.sub(r"^(?:The|A|An)\s+", "", second)
    return name


def _head_name(main: str) -> str:
    main = main.strip(" ,;:.\"“”'‘’()")
    runs = list(_NAME_RUN.finditer(main))
    if not runs:
        return ""
    m = runs[-1]
    if main[m.end() :].strip(" .'’s"):
        return ""  # words after the name: it is not the head ("Trump supporters")
    before = fold(main[: m.start()]).split()
    if before and before[-1] in _PREPOSITIONS_OF_NAMES:
        return ""  # "the head of Sony Pictures": the name is not the speaker
    name = re.sub(r"^(?:The|A|An)\s+", "", m.group(0)).strip()
    name = re.sub(r"['’]s$", "", name)
    ws = name.split()
    titles = [
        i
        for i, w in enumerate(ws)
        if fold(w).rstrip(".") in HONORIFICS
        or actor_table().noun_class(fold(w)) & {"person", "organisation", "state"}
    ]
    rest = ws[titles[-1] + 1 :] if titles else []
    if 2 <= len(rest) <= 3 and all(_NAME_WORD.fullmatch(w) for w in rest):
        name = " ".join(ws[titles[-1] + 1 :])  # "Foreign Affairs Committee Jane Roe": Jane Roe
    if not name or fold(name) in _DESCRIPTION_DETERMINERS or fold(name) in PRONOUNS:
        return ""
    return name


_PREPOSITIONS_OF_NAMES = {"of", "for", "to", "from", "at", "in", "by", "with", "on"}


def _fallback_description(text: str) -> str:
    """A description kept as the speaker, as :func:`clean_description` cuts it but with
    its quantifiers ("several countries") and without an article or a possessive."""
    main = re.split(r",|\s[–—-]\s|\s(?:who|which|that|whose)\s", text.strip(), maxsplit=1)[0]
    ws = _SPACE_RE.sub(" ", main).strip(" ,;:.").split(" ")
    owner = [i for i, w in enumerate(ws[:-1]) if re.search(r"['’]s$", w)]
    if owner and "document" in actor_table().noun_class(fold(ws[-1])):
        # "the ministry's statement": the ministry speaks
        ws = ws[: owner[-1] + 1]
        ws[-1] = re.sub(r"['’]s$", "", ws[-1])
    while len(ws) > 1 and (
        fold(ws[0]) in _DESCRIPTION_DETERMINERS
        or fold(ws[0]).endswith("'s")
        or fold(ws[0]) in _PROPORTIONS
        # a manner, not a kind of source: "sharp-eyed", "well-informed", "booing"
        or (
            len(ws) > 2
            and _MANNER_WORD.fullmatch(ws[0])
            and not _PREPOSITIONS_OF_NAMES & {fold(ws[1])}
        )
    ):
        ws = ws[1:]
    for i, w in enumerate(ws):
        if i > 0 and fold(w) in _PREPOSITIONS_OF_NAMES:
            if fold(w) in {"of", "for"} and "person" in actor_table().noun_class(ws[i - 1]):
                break  # "the chief of the intelligence service": whose chief is the point
            if fold(w) == "of" and fold(ws[i - 1]) in _STANCE_NOUNS and len(ws) - i <= 4:
                break  # "opponents of the measure": whose opponents is the point
            ws = ws[:i]
            break
    return " ".join(ws).strip(" ,;:.")


_SPACE_RE = re.compile(r"\s+")
# people defined by what they are for or against: "opponents of the measure"
_STANCE_NOUNS = {
    "opponents",
    "critics",
    "supporters",
    "proponents",
    "backers",
    "detractors",
    "advocates",
    "defenders",
}
# quantifiers of a share, dropped from a description ("most experts" are experts);
# counting ones stay ("several countries", "other sources")
_PROPORTIONS = {"most", "many", "some", "much"}
# a hyphenated adjective or a present participle before the noun
_MANNER_WORD = re.compile(r"[a-z]+-[a-z]+|[a-z]{3,}ing")


def _describes_source(table: ActorTable, name: str) -> bool:
    """An unresolved description still names a source ("diplomats", "military sources",
    "the announcer"), unless it is evidence rather than a speaker ("reports", "footage")."""
    words = fold(name).split()
    if not words or not any(ch.isalpha() for ch in name):
        return False
    if all(w.isdigit() or w in _NUMBER_WORDS for w in re.split(r"[\s\-]+", fold(name))):
        return False  # "Three said": a count of people, no source to name
    cut = next((i for i, w in enumerate(words) if i > 0 and w in {"of", "for"}), len(words))
    head = words[cut - 1]  # "chief of the intelligence service": the chief speaks
    classes = table.noun_class(head)
    if classes & {"evidence"}:
        return False
    singular = head[:-1] if head.endswith("s") else head
    return (
        bool(classes | table.noun_class(singular))
        or singular.endswith(_AGENT_SUFFIXES)
        or name[:1].isupper()
    )


_NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "dozen",
    "dozens",
    "both",
    "all",
    "half",
}
# word endings of nouns for people who speak: "announcer", "narrator", "analyst", "resident"
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "ic")


# --------------------------------------------------------------------------- public API


def extract_attributions(article: Article, doc: Doc) -> tuple[list[Attribution], list[Actor]]:
    """The attributed statements of an article and the actor mentions found on the way.

    ``doc`` is the spaCy parse of ``article.body``. Attributions come in text order;
    a statement made by a coordinated speaker ("US and Ukrainian officials") appears
    once per resolved actor.
    """
    if not article.body:
        return [], []
    art = _Article(article, doc)
    table = actor_table()
    finder = _Finder(art)
    finder.quotes()
    finder.reported()
    finder.according()
    finder.adopt_orphans()
    candidates = _dedupe(finder.candidates)
    resolver = _Resolver(art, table)
    out: list[Attribution] = []
    speakers: list[tuple[_Candidate, Resolution]] = []
    ordered = sorted(candidates, key=_order)
    for cand in ordered:
        cand.resolved = resolver.resolve(cand)
    _cataphora(ordered, art, resolver)
    resolver.advance(len(article.body) + 1)
    _named_role_holders(ordered, resolver)
    for cand in ordered:
        cs, ce = cand.content
        for res in cand.resolved:
            sp = cand.speaker_span if cand.follows is None else None
            speakers.append((cand, res))
            fact = Attribution(
                article=article.name,
                start=cs,
                end=ce,
                sentence=art.sentence_text(cs, ce),
                extractor=EXTRACTOR,
                confidence=round(res.confidence, 3),
                speaker=res.name,
                speaker_text=cand.speaker_text,
                cue=art.body[slice(*cand.cue_span)] if cand.cue_span else cand.cue,
                direct=cand.direct,
                content=art.body[cs:ce],
                speaker_start=sp[0] if sp else None,
                speaker_end=sp[1] if sp else None,
                cue_start=cand.cue_span[0] if cand.cue_span else None,
                cue_end=cand.cue_span[1] if cand.cue_span else None,
                side=res.side,
            )
            fact.check_span(article.body)
            out.append(fact)
    resolver.advance(len(article.body) + 1)
    actors = _actors(art, resolver, speakers)
    out.sort(key=lambda a: (a.start, a.end))
    return out, actors


def _cataphora(ordered: list[_Candidate], art: _Article, resolver: _Resolver) -> None:
    """An indefinite description names the person the article quotes next:
    "one expert believes X. Professor Andrew Wilson, from UCL, said ..." (within two
    paragraphs, a person the article had not named before the description)."""
    table = resolver.table
    for k, cand in enumerate(ordered):
        if cand.follows is not None or cand.speaker_span is None:
            continue
        if not _INDEFINITE.match(cand.speaker_text) or len(cand.resolved) != 1:
            continue
        if cand.resolved[0].entry is not None:
            continue
        head = fold(cand.resolved[0].name).split()[-1:]
        classes = table.noun_class(head[0]) if head else set()
        if "person" not in classes or "state" in classes:
            continue  # "one official", "a source" stay anonymous
        para = art.para_of(cand.speaker_span[0])
        for nxt in ordered[k + 1 :]:
            if nxt.follows is not None or nxt.speaker_span is None:
                continue
            if art.para_of(nxt.speaker_span[0]) > para + 2:
                break
            res = nxt.resolved[0] if len(nxt.resolved) == 1 else None
            if res is None or res.entry is None or not res.entry.is_person:
                continue
            if resolver.first_seen.get(res.name, 0) > cand.speaker_span[0]:
                cand.resolved = [res]
            break
    for cand in ordered:  # followers take their leader's (possibly new) speaker
        lead = cand
        while lead.follows is not None:
            lead = lead.follows
        if lead is not cand:
            cand.resolved = lead.resolved


def _named_role_holders(ordered: list[_Candidate], resolver: _Resolver) -> None:
    """A role the table gave to its holder ("Ireland's foreign minister" -> the one in
    office now) goes to the holder of that role the article itself names, when the
    article names one and not the table's: the table knows no article's date."""
    named: dict[str, ActorEntry] = {}
    for m in resolver.mentions:
        if m.res is not None and m.res.entry is not None and m.res.entry.is_person:
            named.setdefault(m.res.entry.name, m.res.entry)
    if not named:
        return
    for cand in ordered:
        if cand.follows is not None or len(cand.resolved) != 1:
            continue
        res = cand.resolved[0]
        e = res.entry
        if res.how != "role" or e is None or not e.in_table or e.name in named:
            continue
        roles = set(e.roles)
        others = [
            p
            for p in named.values()
            if p.in_table and p.country == e.country and roles & set(p.roles)
        ]
        if len(others) == 1:
            cand.resolved = [Resolution(others[0].name, others[0], res.confidence, "role")]
    for cand in ordered:  # followers take their leader's (possibly new) speaker
        lead = cand
        while lead.follows is not None:
            lead = lead.follows
        if lead is not cand:
            cand.resolved = lead.resolved


def _order(c: _Candidate) -> tuple[int, int, int]:
    """Resolution order: text order, a follower right after the statement it follows."""
    lead = c
    depth = 0
    while lead.follows is not None:
        lead = lead.follows
        depth += 1
    return (lead.key, depth, c.content[0])


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """One candidate per statement: a later reading of the same content by the same
    speaker words (a quote and its clause) is dropped."""
    out: list[_Candidate] = []
    seen: set[tuple[tuple[int, int] | None, int, int]] = set()
    for c in cands:
        key = (c.speaker_span, c.content[0], c.content[1])
        if key in seen:
            continue
        if c.follows is None and any(
            o.speaker_span == c.speaker_span
            and o.content[0] < c.content[1]
            and c.content[0] < o.content[1]
            for o in out
            if o.follows is None
        ):
            continue
        seen.add(key)
        out.append(c)
    # a weak cue or a pronoun's statement inside another statement is part of its content
    return [
        c
        for c in out
        if c.nested_ok
        or c.cue_span is None
        or not any(
            o is not c and o.content[0] <= c.cue_span[0] and c.cue_span[1] <= o.content[1]
            for o in out
        )
    ]


def _actors(
    art: _Article, resolver: _Resolver, speakers: list[tuple[_Candidate, Resolution]]
) -> list[Actor]:
    """Actor facts: every resolved mention, and every speaker (pronouns included)."""
    seen: set[tuple[int, int]] = set()
    out: list[Actor] = []

    def add(s: int, e: int, res: Resolution) -> None:
        if (s, e) in seen or e <= s:
            return
        seen.add((s, e))
        entry: ActorEntry | None = res.entry
        fact = Actor(
            article=art.article.name,
            start=s,
            end=e,
            sentence=art.sentence_text(s, e),
            extractor=EXTRACTOR,
            confidence=round(res.confidence, 3),
            text=art.body[s:e],
            canonical=res.name if entry is not None else None,
            kind=_kind(entry),
            side=entry.side if entry is not None else None,
            role=entry.role if entry is not None else None,
        )
        fact.check_span(art.body)
        out.append(fact)

    for cand, res in speakers:
        if cand.follows is None and cand.speaker_span is not None:
            add(*_trim(art.body, *cand.speaker_span), res)
    for m in resolver.mentions:
        if m.res is not None:
            add(m.start, m.end, m.res)
    out.sort(key=lambda a: (a.start, a.end))
    return out


def _kind(entry: ActorEntry | None) -> str:
    if entry is None:
        return "group"
    return "government" if entry.is_country else entry.kind


__all__ = [
    "EXTRACTOR",
    "Cue",
    "CueLexiconError",
    "Quote",
    "Referent",
    "extract_attributions",
    "find_quotes",
    "paragraph_spans",
    "reporting_cues",
]
