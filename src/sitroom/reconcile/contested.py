"""Contested claims: statements by speakers on opposed sides about the same subject and period
that disagree.

Each attributed statement is read as *claims* ``(predicate, subject key, polarity)`` with
the stance lexicon of ``data/stance.toml``:

* a predicate's positive or negative term in the statement's content ("going to plan",
  "stalled"; "killed", "denies targeting"), found on the parse of the sentence (parsed
  only when the content holds a term: a cheap word test first);
* its polarity, flipped when the parse negates the term ("had not struck") or a negating
  governor or cue holds it ("denies targeting", "failed to make progress"); a modal or
  conditional term ("could stall") makes no claim;
* its subject: for a *holder* predicate (progress), the campaign or force that holds the
  term and the side it belongs to ("Putin's invasion" -> Russia, "our troops" -> the
  speaker's side); for a *victim* predicate (harm, deportation), the victim group and the
  perpetrator's side (the agent, or the accused of an accusing verb: "accused Moscow of
  deporting residents"; for a denial with no agent, the speaker's own side).
  Claims whose subject cannot be resolved are dropped (precision first).

Two claims contest each other when they have the same predicate and subject key, opposite
polarity, speakers on opposed sides (``[sides].opposed``: Russia against Ukraine, the West or
international bodies), dates at most ``window_days`` apart (the same article counts as the
same day; undated statements are compared only within one article), and, when both
sentences name sub-national places, at least one shared place (for a specific object such as
"the building", a shared place is required). One pair is kept per subject and pair of
speakers (the closest in time); each cites both sentences.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token

from sitroom.nlp import parse
from sitroom.reconcile.corpus import Corpus
from sitroom.records import Attribution, ClaimSide, ContestedClaim, PlaceKind

_LOCAL_KINDS = (PlaceKind.CITY, PlaceKind.SITE, PlaceKind.REGION)
_SUBJ = ("nsubj", "nsubjpass")
_CLIMB = ("xcomp", "conj", "acomp", "ccomp", "advcl", "acl", "relcl", "pcomp")


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class Predicate:
    id: str
    label: str
    subject: str  # "holder" or "victim"
    terms: tuple[tuple[tuple[str, ...], int], ...]  # (words, polarity +1/-1)
    holders: frozenset[str]
    default_owner: Mapping[str, str]
    victims: frozenset[str]


@dataclass(frozen=True)
class Stance:
    predicates: tuple[Predicate, ...]
    first_words: frozenset[str]  # every term's first word
    # per predicate: the stems of its subjects (holders or victims), and per term, per word,
    # the stems that match it
    # (predicate index, first word) -> the predicate's terms that start with it, in order
    by_first: Mapping[tuple[int, str], tuple[tuple[tuple[str, ...], int], ...]]
    cheap_terms: tuple[tuple[frozenset[str], tuple[tuple[frozenset[str], ...], ...]], ...]
    victim_group: Mapping[str, str]
    specific_groups: frozenset[str]
    nationality: Mapping[str, str]
    own: frozenset[str]
    enemy: frozenset[str]
    denial_cues: frozenset[str]
    accusation: frozenset[str]
    negating: frozenset[str]
    negators: frozenset[str]
    modal: frozenset[str]
    opposed: frozenset[frozenset[str]]
    window_days: int


def _low(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def load_stance(data: Mapping[str, Any]) -> Stance:
    preds: list[Predicate] = []
    first: set[str] = set()
    for pid, spec in data["predicates"].items():
        terms: list[tuple[tuple[str, ...], int]] = []
        for polarity, key in ((1, "positive"), (-1, "negative")):
            for term in spec.get(key, ()):
                words = tuple(term.lower().replace("-", " ").split())
                terms.append((words, polarity))
                first.add(words[0])
        preds.append(
            Predicate(
                id=pid,
                label=spec.get("label", pid),
                subject=spec.get("subject", "holder"),
                terms=tuple(terms),
                holders=_low(spec.get("holders", ())),
                default_owner={k.lower(): v for k, v in spec.get("default_owner", {}).items()},
                victims=_low(spec.get("victims", ())),
            )
        )
    groups = data.get("victim_groups", {})
    victim_group = {w.lower(): g for g, words in groups.items() if g != "specific" for w in words}
    nat = data.get("nationality", {})
    nationality = {
        w.lower(): side
        for side, words in nat.items()
        if side not in ("own", "enemy")
        for w in words
    }
    pol = data.get("polarity", {})
    sides = data.get("sides", {})
    forms = {k.lower(): [f.lower() for f in v] for k, v in data.get("forms", {}).items()}
    return Stance(
        predicates=tuple(preds),
        first_words=frozenset(first),
        by_first=_by_first(preds),
        cheap_terms=tuple(
            (
                frozenset(_key(w) for h in (*p.holders, *p.victims) for w in h.split()),
                tuple(
                    tuple(frozenset({_key(w), *(_key(f) for f in forms.get(w, ()))}) for w in words)
                    for words, _ in p.terms
                ),
            )
            for p in preds
        ),
        victim_group=victim_group,
        specific_groups=frozenset(groups.get("specific", ())),
        nationality=nationality,
        own=_low(nat.get("own", ())),
        enemy=_low(nat.get("enemy", ())),
        denial_cues=_low(pol.get("denial_cues", ())),
        accusation=_low(pol.get("accusation", ())),
        negating=_low(pol.get("negating", ())),
        negators=_low(pol.get("negators", ())),
        modal=_low(pol.get("modal", ())),
        opposed=frozenset(frozenset(p) for p in sides.get("opposed", ())),
        window_days=int(sides.get("window_days", 7)),
    )


def _by_first(
    preds: Sequence[Predicate],
) -> dict[tuple[int, str], tuple[tuple[tuple[str, ...], int], ...]]:
    out: dict[tuple[int, str], list[tuple[tuple[str, ...], int]]] = {}
    for pi, pred in enumerate(preds):
        for words, polarity in pred.terms:
            out.setdefault((pi, words[0]), []).append((words, polarity))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def stance() -> Stance:
    """The lexicon of ``data/stance.toml``, loaded once per process."""
    raw = resources.files("sitroom").joinpath("data/stance.toml").read_text("utf-8")
    return load_stance(tomllib.loads(raw))


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class Claim:
    """One stance a statement takes."""

    predicate: str
    key: tuple[str, ...]  # the subject: (owner,) or (perpetrator, victim group)
    polarity: int  # +1 asserts, -1 denies
    term: str  # the words that carried it
    subject: str  # the subject for people


@dataclass
class Statement:
    article: str
    attribution: Attribution
    side: str
    date: dt.date | None
    places: frozenset[str]
    claims: tuple[Claim, ...]
    span: tuple[int, int]  # the sentence's offsets in the body


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _key(word: str) -> str:
    """A crude stem for the cheap test: the first four letters of a longer word."""
    return word[:4] if len(word) >= 4 else word


def _might_claim(text: str, st: Stance) -> bool:
    """Whether every word of some term of a predicate occurs in ``text`` (by crude stem, or
    as one of the irregular forms of ``[forms]``), together with a word for one of the
    predicate's subjects (a holder or a victim; a nationality or "enemy" word names the
    holder's side): the test that spares the parser most statements."""
    words = set(_WORD.findall(text.lower()))
    keys = {_key(w) for w in words} | {_key(w[:-1]) for w in words if w.endswith("s")}
    return any(
        subjects & keys and any(all(alts & keys for alts in term) for term in terms)
        for subjects, terms in st.cheap_terms
    )


def _match(toks: Sequence[Token], i: int, words: tuple[str, ...]) -> int | None:
    """Index of the last token when ``words`` start at ``toks[i]`` (lemma or word; hyphens,
    determiners and one adverb or adjective may sit between: "bogged right down"); adjectives are never skipped ("made minimal progress" is not
    "made progress")."""
    j = i
    for k, w in enumerate(words):
        if k:
            j += 1
            skipped = 0
            while j < len(toks) and (
                toks[j].text in ("-", "–")
                or toks[j].pos_ == "DET"
                or (toks[j].pos_ == "ADV" and skipped < 1)
            ):
                if toks[j].text not in ("-", "–"):
                    skipped += 1
                j += 1
        if j >= len(toks):
            return None
        t = toks[j]
        if w not in (t.lemma_.lower(), t.lower_):
            return None
    return j


def _head_of(toks: Sequence[Token]) -> Token:
    ids = {t.i for t in toks}
    for t in toks:
        if t.head.i not in ids or t.head is t:
            return t
    return toks[0]


def _negation(tok: Token, st: Stance, lo: int = 0, hi: int = 1 << 30) -> int | None:
    """-1 when negated, +1 when not, None when modal (no claim). Only governors inside the
    content (``[lo, hi)``) count: the reporting cue ("denied") is read apart."""
    sign = 1
    cur = tok
    for step in range(4):
        for c in cur.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("det", "advmod") and low in st.negators):
                sign = -sign
            if c.dep_ in ("aux", "mark", "advmod") and low in st.modal:
                return None
        if step and cur.lemma_.lower() in st.negating:
            sign = -sign
        if step and cur.lemma_.lower() in st.modal:
            return None
        if cur.dep_ not in (*_CLIMB, "dobj", "attr", "pobj", "prep") or cur.head is cur:
            break
        if cur.dep_ in ("ccomp", "advcl", "relcl"):  # the reporting clause is not the claim
            break
        if not lo <= cur.head.idx < hi:
            break
        cur = cur.head
    return sign


def _subject_tok(tok: Token) -> Token | None:
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ in _SUBJ:
                if c.lower_ in ("which", "that", "who") and cur.dep_ == "relcl":
                    return cur.head
                return c
        if cur.dep_ in ("xcomp", "conj", "acomp", "dobj", "attr", "pobj", "prep", "pcomp"):
            cur = cur.head
            continue
        break
    for c in tok.children:  # "the failure of the offensive"
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _agent_tok(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _owner(tok: Token | None, speaker_side: str, st: Stance) -> str | None:
    """The side a noun (or pronoun) belongs to."""
    if tok is None:
        return None
    words = [tok, *[c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod")]]
    for w in words:
        for form in (w.lower_, w.lemma_.lower()):
            if form in st.nationality:
                return st.nationality[form]
        if w.lower_ in st.own:
            return speaker_side
        if w.lower_ in st.enemy or w.lemma_.lower() in st.enemy:
            return _opponent(speaker_side)
        if w.dep_ == "poss":  # "Mr Putin's troops"
            for c in w.children:
                if c.lower_ in st.nationality:
                    return st.nationality[c.lower_]
    return None


def _opponent(side: str) -> str | None:
    return {"Russia": "Ukraine", "Ukraine": "Russia", "West": "Russia"}.get(side)


def claims_of(
    doc: Doc, lo: int, hi: int, side: str, cue: str, st: Stance | None = None
) -> list[Claim]:
    """The claims of the content at character offsets ``[lo, hi)`` of ``doc``, said by a
    speaker of ``side`` with the reporting cue ``cue``."""
    st = st or stance()
    toks = [t for t in doc if lo <= t.idx < hi]
    denial = any(w in st.denial_cues for w in cue.lower().split())
    out: dict[tuple[str, tuple[str, ...]], Claim] = {}
    by_first = st.by_first
    for pi, pred in enumerate(st.predicates):
        for n, tok in enumerate(toks):
            cands = by_first.get((pi, tok.lemma_.lower()), ())
            if tok.lower_ != tok.lemma_.lower():
                cands = (*cands, *by_first.get((pi, tok.lower_), ()))
            for words, polarity in cands:
                end = _match(toks, n, words)
                if end is None:
                    continue
                head = _head_of(toks[n : end + 1])
                sign = _negation(head, st, lo, hi)
                if sign is None:
                    continue
                pol = polarity * sign * (-1 if denial else 1)
                claim = _subject_claim(pred, head, pol, " ".join(words), side, denial, st)
                if claim is not None:
                    out.setdefault((claim.predicate, claim.key), claim)
    return list(out.values())


def _subject_claim(
    pred: Predicate, head: Token, pol: int, term: str, side: str, denial: bool, st: Stance
) -> Claim | None:
    if pred.subject == "holder":
        holder = _subject_tok(head)
        if holder is None:
            return None
        lemma = holder.lemma_.lower()
        if lemma not in pred.holders and holder.lower_ not in pred.holders:
            return None
        owner = _owner(holder, side, st)
        if holder.lower_ == "we":
            owner = side
        owner = owner or _default_owner(holder, pred)
        if owner is None:
            return None
        return Claim(pred.id, (owner,), pol, term, pred.label.format(owner=_adj(owner)))
    # victim predicates: who was harmed, by whom
    victim = _victim(head, pred)
    if victim is None:
        return None
    group = st.victim_group.get(victim.lemma_.lower()) or st.victim_group.get(victim.lower_)
    if group is None:
        return None
    agent = _agent_tok(head) or _accused(head, st)
    if agent is None and not any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children):
        agent = _subject_tok(head)
        if agent is victim:
            agent = None
    perpetrator = _owner(agent, side, st)
    if perpetrator is None and denial and agent is None:
        perpetrator = side  # "Moscow denies targeting civilians"
    if perpetrator is None:
        return None
    label = pred.label.format(victim=group.replace("_", " "), owner=_adj(perpetrator))
    return Claim(pred.id, (perpetrator, group), pol, term, label)


def _accused(head: Token, st: Stance) -> Token | None:
    """The accused of "accused Moscow of deporting residents": the object of an accusing
    verb whose "of"/"for" phrase holds the term."""
    prep = head.head
    if head.dep_ not in ("pcomp", "pobj") or prep.lower_ not in ("of", "for"):
        return None
    verb = prep.head
    if verb.lemma_.lower() not in st.accusation:
        return None
    return next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)


def _default_owner(holder: Token, pred: Predicate) -> str | None:
    """The owner a holder has by its words alone: "invasion" (Russia), "special military
    operation" (Russia): a listed phrase whose last word is the holder's lemma and whose
    other words modify it."""
    lemma = holder.lemma_.lower()
    mods = {c.lemma_.lower() for c in holder.children if c.dep_ in ("amod", "compound")}
    for words, owner in pred.default_owner.items():
        parts = words.split()
        if parts[-1] == lemma and set(parts[:-1]) <= mods:
            return owner
    return None


def _victim(head: Token, pred: Predicate) -> Token | None:
    cands: list[Token] = []
    for c in head.children:
        if c.dep_ in ("dobj", "obj", "nsubjpass"):
            cands.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("on", "of", "against", "at"):
            cands.extend(g for g in c.children if g.dep_ == "pobj")
    if head.dep_ in ("amod", "compound") and head.head.pos_ == "NOUN":
        cands.append(head.head)  # "civilian deaths"
    for c in list(cands):  # "civilians, including children, ... and people"
        cands.extend(g for g in c.children if g.dep_ == "conj")
    for c in list(cands):  # "thousands of residents", "hundreds of children"
        for p in c.children:
            if p.dep_ == "prep" and p.lower_ == "of":
                cands.extend(g for g in p.children if g.dep_ == "pobj")
    for c in cands:
        if c.lemma_.lower() in pred.victims or c.lower_ in pred.victims:
            return c
    return None


def _adj(side: str) -> str:
    return {"Russia": "Russian", "Ukraine": "Ukrainian", "West": "Western"}.get(side, side)


# --------------------------------------------------------------------------- statements


def statements(corpus: Corpus, st: Stance | None = None) -> list[Statement]:
    """Every attributed statement with a side and at least one claim."""
    st = st or stance()
    todo: list[tuple[str, Attribution, str, tuple[int, int]]] = []
    for name in corpus.originals:
        facts = corpus.facts_of(name)
        if facts is None:
            continue
        for att in facts.attributions:
            side = att.side or corpus.side_of(att.speaker)
            if not side or not att.speaker or not any(side in p for p in st.opposed):
                continue
            if not _might_claim(att.content, st):
                continue
            todo.append((name, att, side, corpus.sentence_span(name, att)))
    texts: dict[tuple[str, int, int], str] = {}
    for name, _att, _side, (lo, hi) in todo:
        texts.setdefault((name, lo, hi), corpus.articles[name].body[lo:hi])
    keys = list(texts)
    docs = dict(zip(keys, parse(texts[k] for k in keys), strict=True))
    out: list[Statement] = []
    for name, att, side, (lo, hi) in todo:
        doc = docs[(name, lo, hi)]
        c_lo, c_hi = max(0, att.start - lo), max(0, att.end - lo)
        if c_hi <= c_lo:
            c_lo, c_hi = 0, hi - lo
        found = claims_of(doc, c_lo, c_hi, side, att.cue, st)
        if not found:
            continue
        date, _ = corpus.fact_date(name, att)
        out.append(
            Statement(
                article=name,
                attribution=att,
                side=side,
                date=date,
                places=_places_in(corpus, name, lo, hi),
                claims=tuple(found),
                span=(lo, hi),
            )
        )
    return out


def _places_in(corpus: Corpus, name: str, lo: int, hi: int) -> frozenset[str]:
    facts = corpus.facts_of(name)
    if facts is None:
        return frozenset()
    return frozenset(
        p.name for p in facts.places if p.kind in _LOCAL_KINDS and lo <= p.start and p.end <= hi
    )


def contested_claims(corpus: Corpus, st: Stance | None = None) -> list[ContestedClaim]:
    """Pairs of statements on opposed sides that disagree about the same subject."""
    st = st or stance()
    stmts = statements(corpus, st)
    by_key: dict[tuple[str, tuple[str, ...]], list[tuple[Statement, Claim]]] = {}
    for s in stmts:
        for c in s.claims:
            by_key.setdefault((c.predicate, c.key), []).append((s, c))
    best: dict[tuple[Any, ...], tuple[int, ContestedClaim]] = {}
    specific = {g for g in st.specific_groups}
    for (pred, key), items in by_key.items():
        pos = [x for x in items if x[1].polarity > 0]
        neg = [x for x in items if x[1].polarity < 0]
        for (a, ca), (b, cb) in ((x, y) for x in pos for y in neg):
            if frozenset((a.side, b.side)) not in st.opposed:
                continue
            gap = _gap(a, b)
            if gap is None or gap > st.window_days:
                continue
            shared = a.places & b.places
            if a.places and b.places and not shared:
                continue
            if key[-1] in specific and not shared:
                continue
            first, second = (
                (a, b)
                if (a.date or dt.date.min, a.span) <= (b.date or dt.date.min, b.span)
                else (b, a)
            )
            speakers = (first.attribution.speaker, second.attribution.speaker)
            group = (pred, key, *sorted(str(s) for s in speakers))
            reason = (
                f"{ca.subject}: {a.attribution.speaker} ({a.side}) "
                f"{'asserts' if ca.polarity > 0 else 'denies'} ('{ca.term}'), "
                f"{b.attribution.speaker} ({b.side}) "
                f"{'asserts' if cb.polarity > 0 else 'denies'} ('{cb.term}'); "
                + ("same article" if a.article == b.article else f"{gap} day(s) apart")
                + (f"; shared places: {', '.join(sorted(shared))}" if shared else "")
            )
            score = 1.0 + 0.25 * len(shared) - 0.05 * gap
            claim = ContestedClaim(
                subject=ca.subject,
                first=_side(corpus, first),
                second=_side(corpus, second),
                reason=reason,
                score=round(score, 3),
            )
            held = best.get(group)
            if held is None or gap < held[0]:
                best[group] = (gap, claim)
    out = _merge_same_sentences([c for _, c in best.values()])
    out.sort(key=lambda c: (-c.score, c.subject, c.first.citation.article, c.first.citation.start))
    return out


def _gap(a: Statement, b: Statement) -> int | None:
    if a.article == b.article:
        return 0
    if a.date is None or b.date is None:
        return None
    return abs((a.date - b.date).days)


def _side(corpus: Corpus, s: Statement) -> ClaimSide:
    att = s.attribution
    return ClaimSide(
        speaker=att.speaker or att.speaker_text,
        side=s.side,
        content=att.content,
        citation=corpus.cite(s.article, att),
    )


def _merge_same_sentences(claims: list[ContestedClaim]) -> list[ContestedClaim]:
    """One pair per pair of sentences: speakers of one side saying one thing are joined
    ("US and Ukraine")."""
    merged: dict[tuple[Any, ...], ContestedClaim] = {}
    for c in claims:
        k = (
            c.subject,
            c.first.citation.article,
            c.first.citation.start,
            c.second.citation.article,
            c.second.citation.start,
        )
        held = merged.get(k)
        if held is None:
            merged[k] = c
            continue
        first, second = held.first, held.second
        if c.first.speaker not in first.speaker.split(" and "):
            first = ClaimSide(
                f"{first.speaker} and {c.first.speaker}", first.side, first.content, first.citation
            )
        if c.second.speaker not in second.speaker.split(" and "):
            second = ClaimSide(
                f"{second.speaker} and {c.second.speaker}",
                second.side,
                second.content,
                second.citation,
            )
        merged[k] = ContestedClaim(
            held.subject, first, second, held.reason, max(held.score, c.score)
        )
    return list(merged.values())


__all__ = [
    "Claim",
    "Statement",
    "claims_of",
    "contested_claims",
    "load_stance",
    "stance",
    "statements",
]
