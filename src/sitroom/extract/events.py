"""Events: typed events read from sentences, with actor, target, place, date and provenance.

For every sentence of the parse, trigger words from ``data/event_triggers.toml`` (verb and
noun lemmas and multi-word phrases per event type) propose events; each proposal is then
checked against the parse:

* **constraints** of the trigger (a military context for ambiguous words like "hit", a
  military subject for "flee" as a retreat and a civilian one for "flee" as an evacuation,
  a place argument for "take" as a capture, "pull" only with "back"/"out", objects that
  cancel a verb: "strike a deal");
* **names**: a noun inside a named entity of an organisation, product, law, building,
  work, day or named event, or a proper-noun modifier of a proper noun ("Security
  Assistance Initiative", "Armistice Day"), proposes nothing;
* **negation**: a ``neg`` dependent, a negating governor reached through ``xcomp``,
  ``acomp`` and ``ccomp`` links ("were unable to capture", "failed to seize", "denies
  targeting", "has yet to capture"), "no"/"without" on a noun ("no shelling") or on the
  subject ("no missiles hit"): the proposal is dropped;
* **modality**: a modal auxiliary ("could lose", "can fire": a capability), a speculative
  governor ("tried to storm", "plans to", "fighting to take"), a hedge ("reportedly", also
  on the clause of a "by" phrase) or a conditional ("if"): the event is kept
  with a lower ``confidence`` (0.4 for speculation, 0.6 for the future), so the report can
  filter it; threats are about the future by nature and keep theirs.

The surviving proposal with the highest confidence gives one event per (sentence, type).
Its ``actor`` is the trigger's subject (the agent of a passive, the subject of the clause a
``conj`` or ``xcomp`` hangs from; for a noun, its nationality adjective, possessor or "by"
phrase, else the subject of the verb it is the object of: "Russia launched a missile
strike"), its ``target`` the object (the passive subject; for a noun, the "of"/"on"
phrase), each resolved to a canonical actor when an actor fact covers it. ``place`` is the
place fact of the sentence nearest the trigger (inside the trigger's own phrase or the
antecedent of its relative clause first, then the most specific kind, never the place
that is the actor: "Moscow denies"), ``date`` the date mention of the sentence nearest the
trigger (with ``date_end`` the last day of the interval it denotes: "in 2014" runs to 31
December), else the publication date with ``date_source="published"`` (``"none"`` when there
is neither). ``start``/``end`` cover the trigger words.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitroom.nlp import TokenColumns, doc_text, token_columns
from sitroom.records import Actor, Article, DateMention, Event, Place, PlaceKind

EXTRACTOR = "events.v3"

SPECULATIVE = 0.4  # a modal, conditional or speculative governor
FUTURE = 0.6  # "will", "shall"
HEDGED = 0.7  # "reportedly", "allegedly"

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_OBJECT_DEPS = ("dobj", "obj", "attr", "oprd")
_CLIMB_DEPS = ("xcomp", "acomp", "ccomp", "conj", "advcl", "pcomp", "acl")
_NOUN_HEAD_DEPS = ("dobj", "obj", "nsubj", "nsubjpass", "attr", "appos")
_PHRASE_DEPS = ("compound", "amod", "poss", "nmod", "case", "npadvmod")
_PRONOUNS = {"he", "she", "it", "they", "we", "I", "you", "them", "him", "her", "us", "this"}
_QUANTITY = {"thousand", "million", "hundred", "dozen", "number", "group", "score", "ten"}
_RELATIVE = {"which", "that", "who", "whom", "whose"}
# a noun inside the name of an organisation, product, law, day, ... is no event
_NAME_ENTITIES = {"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "DATE", "EVENT"}
_PLACE_RANK = {
    PlaceKind.SITE: 0,
    PlaceKind.CITY: 0,
    PlaceKind.REGION: 1,
    PlaceKind.WATER: 2,
    PlaceKind.OTHER: 2,
    PlaceKind.COUNTRY: 3,
}


# --------------------------------------------------------------------------- the lexicon


@dataclass(frozen=True)
class EventType:
    """One event type of ``data/event_triggers.toml``."""

    id: str
    label: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    context: frozenset[str]
    context_set: frozenset[str]
    subject: Mapping[str, str]
    place_arg: frozenset[str]
    particles: Mapping[str, frozenset[str]]
    preps: Mapping[str, frozenset[str]]
    not_objects: frozenset[str]
    not_preps: Mapping[str, frozenset[str]]
    context_scope: str
    objects: Mapping[str, frozenset[str]]
    subject_is_target: frozenset[str]
    modal_ok: bool
    confidence: Mapping[str, float]


@dataclass(frozen=True)
class Lexicon:
    types: tuple[EventType, ...]
    verbs: Mapping[str, tuple[EventType, ...]]
    nouns: Mapping[str, tuple[EventType, ...]]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], EventType], ...]]  # by first word
    territory: frozenset[str]
    military_people: frozenset[str]
    civilian_people: frozenset[str]
    negating: frozenset[str]
    speculative: frozenset[str]
    modal_aux: frozenset[str]
    hedges: frozenset[str]
    negators: frozenset[str]
    labels: Mapping[str, str] = field(default_factory=dict)


def _words(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.lower() for v in values)


def load_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Build the lexicon from the parsed TOML (exposed for tests)."""
    contexts = {k: _words(v) for k, v in data.get("contexts", {}).items()}
    types: list[EventType] = []
    verbs: dict[str, list[EventType]] = {}
    nouns: dict[str, list[EventType]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], EventType]]] = {}
    for type_id, spec in data["types"].items():
        et = EventType(
            id=type_id,
            label=spec.get("label", type_id),
            verbs=_words(spec.get("verbs", ())),
            nouns=_words(spec.get("nouns", ())),
            phrases=tuple(tuple(p.lower().split()) for p in spec.get("phrases", ())),
            context=_words(spec.get("context", ())),
            context_set=contexts.get(spec.get("context_set", ""), frozenset()),
            subject={k.lower(): v for k, v in spec.get("subject", {}).items()},
            place_arg=_words(spec.get("place_arg", ())),
            particles={k.lower(): _words(v) for k, v in spec.get("particles", {}).items()},
            preps={k.lower(): _words(v) for k, v in spec.get("preps", {}).items()},
            not_objects=_words(spec.get("not_objects", ())),
            not_preps={k.lower(): _words(v) for k, v in spec.get("not_preps", {}).items()},
            context_scope=str(spec.get("context_scope", "sentence")),
            objects={k.lower(): _words(v) for k, v in spec.get("objects", {}).items()},
            subject_is_target=_words(spec.get("subject_is_target", ())),
            modal_ok=bool(spec.get("modal_ok", False)),
            confidence={k.lower(): float(v) for k, v in spec.get("confidence", {}).items()},
        )
        types.append(et)
        for v in et.verbs:
            verbs.setdefault(v, []).append(et)
        for n in et.nouns:
            nouns.setdefault(n, []).append(et)
        for p in et.phrases:
            phrases.setdefault(p[0], []).append((p, et))
    mod = data.get("modality", {})
    return Lexicon(
        types=tuple(types),
        verbs={k: tuple(v) for k, v in verbs.items()},
        nouns={k: tuple(v) for k, v in nouns.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        territory=contexts.get("territory", frozenset()),
        military_people=contexts.get("military_people", frozenset()),
        civilian_people=contexts.get("civilian_people", frozenset()),
        negating=_words(mod.get("negating", ())),
        speculative=_words(mod.get("speculative", ())),
        modal_aux=_words(mod.get("modal_aux", ())),
        hedges=_words(mod.get("hedge_adverbs", ())),
        negators=_words(mod.get("negators", ())),
        labels={et.id: et.label for et in types},
    )


@functools.cache
def lexicon() -> Lexicon:
    """The trigger lexicon of ``data/event_triggers.toml``, loaded once per process."""
    raw = resources.files("sitroom").joinpath("data/event_triggers.toml").read_text("utf-8")
    return load_lexicon(tomllib.loads(raw))


def event_types() -> dict[str, str]:
    """Event type id -> its label, in the lexicon's order."""
    return dict(lexicon().labels)


# --------------------------------------------------------------------------- extraction


@dataclass
class _Proposal:
    type: EventType
    head: Token  # the token the parse checks run on
    first: Token  # first and last tokens of the trigger words
    last: Token
    key: str  # the trigger word or phrase as listed in the lexicon
    is_verb: bool
    confidence: float = 1.0

    @property
    def priority(self) -> tuple[float, int]:
        """Higher wins within a (sentence, type): confidence, then phrase > verb > noun."""
        kind = 2 if self.first is not self.last else (1 if self.is_verb else 0)
        return (self.confidence, kind)


def extract_events(
    article: Article,
    doc: Doc,
    *,
    places: Sequence[Place],
    dates: Sequence[DateMention],
    actors: Sequence[Actor],
    published: dt.date | None,
) -> list[Event]:
    """Typed events of one parsed article (``doc.text == article.body``)."""
    lex = lexicon()
    places_sorted = sorted(places, key=lambda p: p.start)
    dates_sorted = sorted(dates, key=lambda d: d.start)
    events: list[Event] = []
    cols = token_columns(doc)
    for sent in _clauses(doc):
        proposals = _proposals(sent, lex)
        if not proposals:
            continue
        lemmas = set(cols.lemma[sent.start : sent.end]) | set(cols.lower[sent.start : sent.end])
        best: dict[str, _Proposal] = {}
        for prop in proposals:
            if not _admissible(prop, lemmas, lex, places_sorted):
                continue
            conf = _modality(prop, lex)
            if conf is None:
                continue
            prop.confidence = min(prop.type.confidence.get(prop.key, 1.0), conf)
            held = best.get(prop.type.id)
            if held is None or prop.priority > held.priority:
                best[prop.type.id] = prop
        for prop in sorted(best.values(), key=lambda p: p.first.i):
            events.append(
                _event(article, sent, prop, places_sorted, dates_sorted, actors, published)
            )
    return events


def _clauses(doc: Doc) -> Iterable[Span]:
    """Sentences, split again at line breaks (one paragraph per line in ``body``)."""
    text = doc_text(doc)
    breaks = [i for i, t in enumerate(token_columns(doc).text) if "\n" in t]
    b = 0
    for sent in doc.sents:
        start = sent.start
        while b < len(breaks) and breaks[b] < sent.start:
            b += 1
        while b < len(breaks) and breaks[b] < sent.end:
            i = breaks[b]
            if i > start:
                yield doc[start:i]
            start = i + 1
            b += 1
        if start < sent.end:
            span = doc[start : sent.end]
            if text[span.start_char : span.end_char].strip():
                yield span


def _proposals(sent: Span, lex: Lexicon) -> list[_Proposal]:
    """Every trigger of the sentence; a word inside a phrase of another type ("attacks" in
    "counter-attacks") proposes nothing on its own. Tokens are read from the Doc's
    columns; a spaCy ``Token`` is built only where a trigger word stands."""
    doc = sent.doc
    cols = token_columns(doc)
    lemmas, lowers, pos = cols.lemma, cols.lower, cols.pos
    s0, s1 = sent.start, sent.end
    out: list[_Proposal] = []
    covered: dict[int, set[str]] = {}
    for i in range(s0, s1):
        entries = lex.phrases.get(lemmas[i])
        if not entries:
            continue
        tok = doc[i]
        for phrase, et in entries:
            end = _match_phrase(cols, i, s1, phrase)
            if end is None:
                continue
            last = doc[end]
            if tok.pos_ in ("VERB", "AUX"):  # "pull back": the verb heads it
                head, is_verb = tok, True
            else:  # "air strike"; "missiles struck" is a verb phrase headed by its verb
                head, is_verb = last, last.pos_ == "VERB"
                if not is_verb and _in_name(head):  # "Security Assistance Initiative"
                    continue
            out.append(_Proposal(et, head, tok, last, " ".join(phrase), is_verb))
            for k in range(tok.i, last.i + 1):
                covered.setdefault(k, set()).add(et.id)
    for i in range(s0, s1):
        lemma, tag = lemmas[i], pos[i]
        if tag == "VERB":
            verb_types = lex.verbs.get(lemma)
            if not verb_types:
                continue
            tok = doc[i]
            if any(c.dep_ in _OBJECT_DEPS and c.i in covered for c in tok.children) and any(
                lemma in et.objects for et in verb_types
            ):
                continue  # "launched a counter-attack": the object's phrase types the event
            cands = [(et, lemma) for et in verb_types]
        elif tag in ("NOUN", "PROPN"):
            lower = lowers[i]
            by_lemma = lex.nouns.get(lemma, ())
            by_form = lex.nouns.get(lower, ()) if lower != lemma else ()  # "talks" as written
            if not by_lemma and not by_form:
                continue
            tok = doc[i]
            if _in_name(tok):  # "Armistice Day", "... Rocket System"
                continue
            cands = [(et, lemma) for et in by_lemma] + [(et, lower) for et in by_form]
        else:
            continue
        for et, word in cands:
            if i in covered and et.id not in covered[i]:
                continue
            out.append(_Proposal(et, tok, tok, tok, word, tag == "VERB"))
    return out


def _in_name(tok: Token) -> bool:
    """Whether a noun is part of a name: inside a named entity of ``_NAME_ENTITIES``, or a
    proper-noun modifier of a proper noun ("Rocket System", "Assistance Initiative")."""
    if tok.ent_type_ in _NAME_ENTITIES:
        return True
    return tok.pos_ == "PROPN" and tok.dep_ == "compound" and tok.head.pos_ == "PROPN"


def _match_phrase(cols: TokenColumns, n: int, stop: int, phrase: tuple[str, ...]) -> int | None:
    """Doc index of the last token when ``phrase`` (lemmas) starts at token ``n`` and ends
    before token ``stop`` (the sentence's end); hyphens and determiners between words are
    skipped ("lay down their arms")."""
    i = n
    for k, word in enumerate(phrase):
        if k:
            i += 1
            while i < stop and (cols.text[i] in ("-", "–") or cols.pos[i] == "DET"):
                i += 1
            if i - n > len(phrase) + 2:
                return None
        if i >= stop:
            return None
        if word not in (cols.lemma[i], cols.lower[i]):
            return None
    return i


def _admissible(prop: _Proposal, lemmas: set[str], lex: Lexicon, places: Sequence[Place]) -> bool:
    et, tok, key = prop.type, prop.head, prop.key
    if key in et.context:
        scope = _phrase_lemmas(prop) if et.context_scope == "phrase" else lemmas
        if not (scope & (et.context_set - {key})):
            return False
    if key in et.not_preps and any(
        c.lower_ in et.not_preps[key]
        for t in (prop.first, prop.last, prop.head)
        for c in t.children
        if c.dep_ == "prep"
    ):
        return False
    if prop.is_verb:
        if key in et.particles and not any(
            c.lower_ in et.particles[key] for c in tok.children if c.dep_ in ("prt", "advmod")
        ):
            return False
        if key in et.preps and not any(
            c.lower_ in et.preps[key] for c in tok.children if c.dep_ in ("prep", "advmod", "prt")
        ):
            return False
        if et.not_objects and any(
            c.lemma_.lower() in et.not_objects for c in tok.children if c.dep_ in _OBJECT_DEPS
        ):
            return False
        if key in et.objects and not any(
            c.lemma_.lower() in et.objects[key]
            for c in tok.children
            if c.dep_ in (*_OBJECT_DEPS, "nsubjpass")
        ):
            return False
        if tok.lemma_.lower() == "take" and any(c.lower_ == "prisoner" for c in tok.children):
            return et.id == "desertion"
    if key in et.subject:
        subj = _subject(tok) if prop.is_verb else _noun_agent(tok)
        if subj is None or _people_kind(subj, lex) != et.subject[key]:
            return False
    return not (key in et.place_arg and not _has_place_arg(prop, lex, places))


def _phrase_lemmas(prop: _Proposal) -> set[str]:
    """Lemmas of the trigger's own phrase: its subtree without its subject."""
    skip: set[int] = set()
    for c in prop.head.children:
        if c.dep_ in _SUBJECT_DEPS:
            skip.update(t.i for t in c.subtree)
    return {w for t in prop.head.subtree if t.i not in skip for w in (t.lemma_.lower(), t.lower_)}


def _has_place_arg(prop: _Proposal, lex: Lexicon, places: Sequence[Place]) -> bool:
    tok = prop.head
    args: list[Token] = []
    for c in tok.children:
        if c.dep_ in (*_OBJECT_DEPS, *_SUBJECT_DEPS):
            args.append(c)
        elif c.dep_ in ("prep", "agent", "prt"):
            args.extend(g for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "prt":
                args.extend(g for g in tok.children if g.dep_ in _OBJECT_DEPS)
    if not prop.is_verb:  # "the fall of Kherson", "the capture of the airport"
        args = [g for c in tok.children if c.dep_ == "prep" for g in c.children]
    for a in args:
        if a.lemma_.lower() in lex.territory:
            return True
        lo, hi = a.left_edge.idx, a.right_edge.idx + len(a.right_edge)
        if any(lo <= p.start and p.end <= hi for p in _in_range(places, lo, hi)):
            return True
    return False


def _people_kind(tok: Token, lex: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma in lex.military_people or tok.lower_ in lex.military_people:
        return "military"
    if lemma in lex.civilian_people or tok.pos_ == "NUM" or tok.lower_ in lex.civilian_people:
        return "civilian"
    if lemma in ("thousand", "million", "hundred", "dozen", "many", "some", "most"):
        return "civilian"
    return None


def _modality(prop: _Proposal, lex: Lexicon) -> float | None:
    """None when the trigger is negated, else the confidence its modality leaves."""
    tok = prop.head
    conf = 1.0
    # "no push back": a negator on the phrase's first word
    first_deps = [c for c in prop.first.children if c.dep_ in ("det", "neg", "advmod")]
    if prop.first is not tok and any(c.lower_ in lex.negators for c in first_deps):
        return None
    # "no missiles hit the city": a negated subject
    for c in tok.children if prop.is_verb else ():
        if c.dep_ in _SUBJECT_DEPS and any(
            g.dep_ == "det" and g.lower_ in lex.negators for g in c.children
        ):
            return None
    # the trigger's own dependents
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "neg") and low in lex.negators):
            return None
        if c.dep_ in ("aux", "auxpass") and low in lex.modal_aux:
            conf = min(conf, _modal_weight(low, prop.type))
        if c.dep_ == "advmod" and low in lex.hedges:
            conf = min(conf, HEDGED)
        if c.dep_ == "mark" and low in ("if", "whether", "unless"):
            conf = min(conf, SPECULATIVE)
    if not prop.is_verb and tok.dep_ == "pobj":  # "despite the bombardment", "without"
        if tok.head.lower_ == "without":
            return None
        verb = tok.head.head  # "was reportedly destroyed by shelling": the clause's hedge
        for c in verb.children if verb.pos_ in ("VERB", "AUX") else ():
            if c.dep_ == "advmod" and c.lower_ in lex.hedges:
                conf = min(conf, HEDGED)
            if c.dep_ in ("aux", "auxpass") and c.lower_ in lex.modal_aux:
                conf = min(conf, _modal_weight(c.lower_, prop.type))
        return conf
    # the chain of governors: "were unable to capture", "tried to storm", "denies targeting",
    # "did not accept the ultimatum to surrender", "did not launch an attack"
    cur, link = tok, tok.dep_
    for _ in range(5):
        nominal = cur.pos_ in ("NOUN", "PROPN")
        through_prep = cur.pos_ == "ADP" and link in ("prep", "agent")  # "destroyed by shelling"
        if cur.head is cur or not (
            link in _CLIMB_DEPS or through_prep or (nominal and link in _NOUN_HEAD_DEPS)
        ):
            break
        gov = cur.head
        glemma = gov.lemma_.lower()
        if link != "conj":
            if glemma in lex.negating:
                return None
            negated = any(c.dep_ == "neg" or c.lower_ in lex.negators for c in gov.children)
            if negated and link in ("xcomp", "acomp", "acl", *_OBJECT_DEPS, "nsubjpass"):
                return None
            if any(c.lower_ == "yet" for c in gov.children) and link == "xcomp":
                return None
            if glemma in lex.speculative and not prop.type.modal_ok:
                conf = min(conf, SPECULATIVE)
        for c in gov.children:
            if c.dep_ == "aux" and c.lower_ in lex.modal_aux and link not in ("ccomp", "advcl"):
                conf = min(conf, _modal_weight(c.lower_, prop.type))
            if c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless"):
                conf = min(conf, SPECULATIVE)
            if c.dep_ == "advmod" and c.lower_ in lex.hedges and link not in ("ccomp", "advcl"):
                conf = min(conf, HEDGED)
        if link in ("ccomp", "advcl"):  # "said that ...": the report's modality stops here
            break
        cur, link = gov, gov.dep_
    return conf


def _modal_weight(word: str, et: EventType) -> float:
    if et.modal_ok:
        return 1.0
    if word in ("will", "shall"):
        return FUTURE
    return SPECULATIVE


# --------------------------------------------------------------------------- arguments


def _subject(tok: Token) -> Token | None:
    """The subject of a verb trigger: its own, else that of the clause it hangs from."""
    cur = tok
    for _ in range(3):
        for c in cur.children:
            if c.dep_ in _SUBJECT_DEPS:
                if c.lower_ in _RELATIVE and cur.dep_ == "relcl":
                    return cur.head
                return c
        if cur.dep_ == "acl" or (cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN")):
            return cur.head if cur.dep_ == "relcl" else None
        if cur.dep_ not in ("xcomp", "conj", "advcl") or cur.head is cur:
            return None
        if cur.dep_ == "xcomp":  # "ordered his troops to advance": the object acts
            obj = next((c for c in cur.head.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                return obj
        cur = cur.head
    return None


def _agent(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _is_passive(tok: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return True
    # a bare participle: "200 schools destroyed", "buildings destroyed by shelling"
    return tok.tag_ == "VBN" and not any(c.dep_ == "aux" for c in tok.children)


def _noun_agent(tok: Token, skip: tuple[int, int] = (-1, -1)) -> Token | None:
    """Who carries out a noun event: "Russian shelling", "Russia's attack", "attack by"
    (``skip``: the token range of the trigger phrase itself)."""
    for c in tok.children:
        if skip[0] <= c.i <= skip[1]:
            continue
        if c.dep_ == "poss":
            return c
        if c.dep_ in ("amod", "compound") and (
            c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")
        ):
            return c
        if c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _noun_target(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "on", "against", "at", "upon"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _verb_object(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    for c in tok.children:  # "fired at", "advance on", "fell to"
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "upon", "towards", "toward"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _arguments(prop: _Proposal) -> tuple[Token | None, Token | None]:
    tok = prop.head
    if not prop.is_verb:
        agent = _noun_agent(tok, (prop.first.i, prop.last.i))
        if agent is None and tok.dep_ in ("dobj", "obj") and tok.head.pos_ == "VERB":
            agent = _subject(tok.head)  # "Russia launched a missile strike", "imposed sanctions"
        return agent, _noun_target(tok)
    if _is_passive(tok):
        target = next((c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")), None)
        if target is None and tok.dep_ == "acl":
            target = tok.head
        return _agent(tok), target
    if prop.key in prop.type.subject_is_target:  # "the city fell to Russian troops"
        by = next(
            (
                g
                for c in tok.children
                if c.dep_ in ("prep", "agent") and c.lower_ in ("to", "by")
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        return by, _subject(tok)
    obj = _verb_object(tok)
    if obj is not None and prop.first.i <= obj.i <= prop.last.i:  # "take control of X"
        obj = _noun_target(obj)
    return _subject(tok), obj


def _phrase_span(tok: Token) -> tuple[int, int]:
    """Token index range of a compact noun phrase: the head and its left modifiers."""
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in _PHRASE_DEPS:
            lo = min(lo, c.left_edge.i)
    if tok.i - lo > 6:
        lo = tok.i - 6
    hi = tok.i + 1
    doc = tok.doc
    while hi + 1 < len(doc) and doc[hi].text in ("-", "–") and not doc[hi - 1].whitespace_:
        hi += 2  # "non-combatants" split by the parser: keep the whole word
    if tok.pos_ == "NUM" or tok.lemma_.lower() in _QUANTITY:  # "thousands of civilians"
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of" and c.right_edge.i - tok.i <= 6:
                hi = c.right_edge.i + 1
    return lo, hi


def _resolve(tok: Token | None, doc: Doc, actors: Sequence[Actor]) -> tuple[str | None, int, int]:
    """The argument's canonical actor (or its words), with its character span."""
    if tok is None:
        return None, -1, -1
    lo, hi = _phrase_span(tok)
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    for a in actors:
        if a.start < end and start < a.end and a.canonical:
            return a.canonical, start, end
    if tok.pos_ == "PRON" or tok.text in _PRONOUNS or tok.text.lower() in _RELATIVE:
        return None, start, end
    text = doc_text(doc)[start:end].strip()
    for det in ("the ", "a ", "an "):
        if text.lower().startswith(det):
            text = text[len(det) :]
    return (text or None), start, end


# --------------------------------------------------------------------------- place and date


def _in_range(items: Sequence[Any], lo: int, hi: int) -> list[Any]:
    """Facts (sorted by start) that lie inside ``[lo, hi)``."""
    return [x for x in items if lo <= x.start and x.end <= hi]


def _pick_place(
    prop: _Proposal, sent: Span, places: Sequence[Place], actor_span: tuple[int, int]
) -> Place | None:
    s_lo, s_hi = sent.start_char, sent.end_char
    cands = [
        p
        for p in _in_range(places, s_lo, s_hi)
        if not (p.start < actor_span[1] and actor_span[0] < p.end)
    ]
    if not cands:
        return None
    tok = prop.head
    sub_lo, sub_hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    pos = prop.first.idx

    if tok.dep_ == "relcl":  # "Crimea, which Russia seized": the relative's antecedent
        ante = tok.head
        sub_lo = min(sub_lo, ante.left_edge.idx)

    def rank(p: Place) -> tuple[int, int, int]:
        inside = 0 if sub_lo <= p.start and p.end <= sub_hi else 1
        return (inside, _PLACE_RANK.get(p.kind, 2), abs(p.start - pos))

    return min(cands, key=rank)


def _pick_date(prop: _Proposal, sent: Span, dates: Sequence[DateMention]) -> DateMention | None:
    cands = _in_range(dates, sent.start_char, sent.end_char)
    if not cands:
        return None
    pos = prop.first.idx
    return min(cands, key=lambda d: abs(d.start - pos))


def _event(
    article: Article,
    sent: Span,
    prop: _Proposal,
    places: Sequence[Place],
    dates: Sequence[DateMention],
    actors: Sequence[Actor],
    published: dt.date | None,
) -> Event:
    doc = sent.doc
    actor_tok, target_tok = _arguments(prop)
    actor, a_lo, a_hi = _resolve(actor_tok, doc, actors)
    target, _, _ = _resolve(target_tok, doc, actors)
    place = _pick_place(prop, sent, places, (a_lo, a_hi))
    mention = _pick_date(prop, sent, dates)
    date_end: dt.date | None = None
    if mention is not None:
        date, source = mention.date, "text"
        if mention.date_end is not None and mention.date_end != mention.date:
            date_end = mention.date_end
    elif published is not None:
        date, source = published, "published"
    else:
        date, source = None, "none"
    start = prop.first.idx
    end = prop.last.idx + len(prop.last)
    return Event(
        article=article.name,
        start=start,
        end=end,
        sentence=doc_text(doc)[sent.start_char : sent.end_char],
        extractor=EXTRACTOR,
        confidence=prop.confidence,
        type=prop.type.id,
        trigger=doc_text(doc)[start:end],
        actor=actor,
        target=target,
        place=place.name if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        date=date,
        date_source=source,
        date_end=date_end,
    )


__all__ = ["EXTRACTOR", "EventType", "Lexicon", "event_types", "extract_events", "lexicon"]
