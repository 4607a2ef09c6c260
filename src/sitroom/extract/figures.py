"""Figures: numbers that state facts about the war, with what they count and who says so.

``extract_figures(article, doc)`` finds every numeric expression in the body with
:func:`sitroom.extract.numbers.find_numbers`, drops the ones that are not quantities
(dates, times, ages, ordinals, labels, names such as "G20"), and reads from the spaCy
parse of the sentence what each number counts:

1. **The counted noun**: the noun the numeral modifies ("303 *tanks*"), the noun after
   "of" ("Thousands of *civilians*", "2,000 of these *fighters*"); for a number with no
   noun of its own, the figure before it in the same sentence ("one person died and
   three were wounded") or a frame around it ("the death *toll* at four", "a
   *population* of 430,000", "the *city* of nearly four million"); the part of a
   partitive relative counts the noun before it ("22 *assaults*, 14 of which were
   ongoing"), read with its own clause ("*shells*, of which 1.5 million were *sent*"); "N
   times" counts how often ("jets were scrambled four times"), not a multiplier ("four
   times the size").
2. **The predicate**: the words on the path from the noun up the parse to its clause's
   verb, never past a reporting verb (the "says" of "Ukraine says 2,000 civilians have
   been killed" is not the fact), with the noun's own modifiers ("*dead* civilians",
   "*civilian* deaths") and the verbs' open complements ("forced ... to *flee*").
   Conjuncts share their first member's head, so a list that shares a verb ("lost 12,000
   troops, 303 tanks and 48 warplanes") gives each member that verb; when the parser
   breaks the list, a member with no cue of its own takes its neighbour's reading.
3. **Category and detail** from ``data/figure_lexicon.toml``: the kind of noun (people,
   military people, equipment, projectile, building, money, a unit) crossed with the
   predicate's cue (killed, wounded, lost, fled, evacuated, supplied, fired, destroyed).
4. **Who**: the people the noun names (civilians, children, Ukrainians), the side of
   military people and equipment (a "Russian"/"Ukrainian" modifier, a possessor, the
   subject of "lost", the other side of an agent "killed by Russian troops", else the
   side the sentence names outside its speaker and places), the recipient of money and
   weapons ("to Ukraine"); for other counts, a party named on the noun ("U.S. Air Force
   bombers") or the subject of a verb that owns or performs them ("the US has conducted
   200 sorties", "Russia carried out 22 assaults" -> russian_military).

Not figures: a number with no noun and no frame that says what it counts, counts of
political units and furniture (``non_figure_nouns``) unless people suffer ("two crew
members were killed"), durations other than a war's ("72 hours to review the bill"),
percentages and generic counts in sentences with no war vocabulary at all, a small number
after "the" that refers back ("the two leaders"), a company's results ("net earnings fell
to $1.7 billion"), masses other than ones destroyed, and a bare "one" unless it counts
casualties or displaced people.
Confidence is lower when the category or ``who`` was guessed.

Money restated in a second currency ("$800 (£608) million") gives one figure per
currency, the same amount twice as the gold does; the second figure's span is its own
symbol and digits ("£608") and its ``value_text`` carries the shared scale ("£608
million"). A measure restated in other units ("35km (21 miles)") gives one figure per
unit likewise.

Claimants: ``extract_figures`` already reads one from the figure's own sentence, so the
extractor is useful alone: the speaker of the innermost reporting clause above the number
in the parse ("X said/claims/announced/wrote that ...", "X cited Y as saying"), else the
source of an "according to X" in the sentence, else, for a number inside a quotation, the
speaker of the nearest reporting clause of the paragraph outside it; the words are
resolved to a canonical actor through the shared actor table (``extract/actors.py``), with
pronouns and descriptions read against the article's earlier mentions. A speaker the table
cannot name gives None. ``assign_claimants(figures, attributions)`` then prefers the
canonical speaker of the innermost attribution whose content span holds the figure; a
figure with no claimant of its own takes an attribution whose speaker stands in its
sentence; else the claimant stays None (the article's voice).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitroom.extract.actors import ResolutionContext, actor_table, referent_for
from sitroom.extract.numbers import NumberMention, find_numbers, lexicon
from sitroom.nlp import doc_text, token_columns
from sitroom.records import Article, Attribution, Figure, Qualifier

EXTRACTOR = "figures.v6"

CASUALTY_DETAILS = frozenset(
    {"killed", "wounded", "killed_or_wounded", "personnel_lost", "captured"}
)
DISPLACEMENT_DETAILS = frozenset({"fled", "displaced", "evacuated", "trapped", "deported"})
_CHILD_NOUNS = frozenset(
    {
        "child",
        "kid",
        "minor",
        "baby",
        "infant",
        "teenager",
        "boy",
        "girl",
        "pupil",
        "schoolchild",
        "orphan",
        "toddler",
        "newborn",
    }
)
_EVENT_NOUNS = frozenset(
    {
        "death",
        "fatality",
        "injury",
        "casualty",
        "loss",
        "refugee",
        "evacuee",
        "dead",
        "wounded",
        "injured",
        "idp",
        "body",
        "corpse",
    }
)
# casualty and displacement cues too common in other senses to decide alone
_GENERIC_CUES = frozenset({"lose", "loss", "leave", "hold", "remove"})
# an amount in units and cents with no scale word is a shop or share price ("$9.95"),
# not a fact of the war; "$2.24 trillion" and "$1.25bn" are amounts
_RETAIL_PRICE = re.compile(r"(?<![\d,])\d{1,3}\.\d\d$")
_TALLY_NOUNS = frozenset({"number", "toll", "total", "tally", "count", "figure"})
_LIGHT_VERBS = frozenset({"be", "have", "remain", "include", "see", "number", "reach", "stand"})
_LOCATIVE_PREPS = frozenset(
    {
        "in",
        "into",
        "inside",
        "across",
        "over",
        "above",
        "near",
        "around",
        "throughout",
        "within",
        "from",
        "outside",
        "towards",
        "toward",
        "through",
    }
)
_ORDER_VERBS = frozenset({"tell", "order", "urge", "advise", "instruct", "call", "ask", "warn"})

# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class _FigLex:
    war_words: frozenset[str]
    non_figure: frozenset[str]
    reporting: frozenset[str]
    military: frozenset[str]
    force_units: frozenset[str]
    projectiles: frozenset[str]
    trapped_modals: frozenset[str]
    human_casualty: frozenset[str]
    transitive_casualty: frozenset[str]
    people: Mapping[str, str]
    equipment: Mapping[str, str]
    infrastructure: Mapping[str, str]
    casualty: Mapping[str, str]
    displacement: Mapping[str, str]
    loss: Mapping[str, str]
    supply: Mapping[str, str]
    fire: Mapping[str, str]
    production: Mapping[str, str]
    troop: Mapping[str, str]
    money: Mapping[str, str]
    sides: Mapping[str, str]
    parties: Mapping[str, str]
    other: Mapping[str, str]
    war_context: frozenset[str]
    war_topic: frozenset[str] = frozenset()
    market: frozenset[str] = frozenset()
    results: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    percent_context: frozenset[str] = frozenset()
    claimant_verbs: frozenset[str] = frozenset()
    citing_verbs: frozenset[str] = frozenset()
    duration_dating: frozenset[str] = frozenset()
    ambiguous_military: frozenset[str] = frozenset()
    captive_verbs: frozenset[str] = frozenset()
    life_verbs: frozenset[str] = frozenset()
    not_recipients: frozenset[str] = frozenset()
    military_bodies: frozenset[str] = frozenset()
    duration_framing: frozenset[str] = frozenset()
    times_multiplier_next: frozenset[str] = frozenset()
    invariant_plurals: frozenset[str] = frozenset()
    doer_verbs: frozenset[str] = frozenset()


@functools.cache
def _flex() -> _FigLex:
    f = lexicon()["figures"]
    kinds = f["kinds"]
    lex = _FigLex(
        war_words=frozenset(f["war_words"]),
        non_figure=frozenset(f["non_figure_nouns"]),
        reporting=frozenset(f["reporting_verbs"]),
        military=frozenset(kinds["military_people"]),
        force_units=frozenset(kinds["force_units"]),
        projectiles=frozenset(kinds["projectiles"]),
        trapped_modals=frozenset(kinds["trapped_modals"]),
        human_casualty=frozenset(kinds["human_casualty_cues"]),
        transitive_casualty=frozenset(kinds["transitive_casualty_cues"]),
        people=f["people"],
        equipment=f["equipment"],
        infrastructure=f["infrastructure"],
        casualty=f["casualty_cues"],
        displacement=f["displacement_cues"],
        loss=f["loss_cues"],
        supply=f["supply_cues"],
        fire=f["fire_cues"],
        production=f["production_cues"],
        troop=f["troop_cues"],
        money=f["money_cues"],
        sides=f["sides"],
        parties=f["parties"],
        other=f["other_cues"],
        war_context=frozenset(),
        market=frozenset(f["market_nouns"]),
        results=frozenset(f["results_nouns"]),
        titles=frozenset(f["claimant_titles"]),
        percent_context=frozenset(f["percent_context"]),
        claimant_verbs=frozenset(f["claimant_verbs"]),
        citing_verbs=frozenset(f["citing_verbs"]),
        duration_dating=frozenset(f["duration_dating"]),
        ambiguous_military=frozenset(kinds["ambiguous_military"]),
        captive_verbs=frozenset(kinds["captive_verbs"]),
        life_verbs=frozenset(kinds["life_verbs"]),
        not_recipients=frozenset(f["not_recipients"]),
        military_bodies=frozenset(kinds["military_bodies"]),
        duration_framing=frozenset(f["duration_framing"]),
        times_multiplier_next=frozenset(f["times_multiplier_next"]),
        invariant_plurals=frozenset(f["invariant_plurals"]),
        doer_verbs=frozenset(f["doer_verbs"]),
    )
    # the war as a topic, without the generic verbs of loss and leaving ("lost his licence
    # for two years", "deported after 20 years" are not about the war); the war's context
    # adds them
    topic = frozenset(
        set(lex.war_words)
        | lex.military
        | lex.projectiles
        | set(lex.equipment)
        | set(lex.sides)
        | set(f["war_topic_words"])
    )
    context = topic | set(lex.casualty) | set(lex.displacement)
    return dataclasses.replace(lex, war_context=context, war_topic=topic)


# --------------------------------------------------------------------------- readings


@dataclass(frozen=True, slots=True)
class Reading:
    """What a number counts, as read from its sentence."""

    category: str
    detail: str | None
    who: str | None
    confidence: float
    kind: str | None = None  # the counted noun's kind: people, military, equipment, ...
    noun: str | None = None  # lemma of the counted noun
    people_who: str | None = None  # who, when the number counts people


def extract_figures(article: Article, doc: Doc) -> list[Figure]:
    """Every figure in ``article.body`` (``doc`` is its spaCy parse)."""
    if doc_text(doc) != article.body:
        raise ValueError(f"{article.name}: the parse is not of this article's body")
    figures: list[Figure] = []
    claims: _Claims | None = None
    for p_start, p_end in article.paragraph_spans():
        history: dict[int, list[Reading]] = {}  # sentence start -> readings so far
        for m in find_numbers(article.body[p_start:p_end]):
            if m.skip:
                continue
            m = _shift(m, p_start)
            sent = _sentence(doc, m)
            if sent is None:
                continue
            earlier = history.setdefault(sent.start, [])
            reading = read_number(m, sent, earlier)
            if reading is None:
                continue
            earlier.append(reading)
            sentence = _sentence_text(article.body, sent, p_start, p_end)
            if claims is None:
                claims = _Claims.of(doc)
            claimant = claims.claimant(m, sent, (p_start, p_end))
            figures.append(_figure(article, m, reading, sentence, claimant))
            if m.alt is not None:
                alt_reading = reading
                if m.alt.unit_kind:
                    alt_reading = _read_unit(m.alt, sent, doc) or reading
                figures.append(_figure(article, m.alt, alt_reading, sentence, claimant))
    return figures


def _shift(m: NumberMention, offset: int) -> NumberMention:
    alt = _shift(m.alt, offset) if m.alt is not None else None
    return dataclasses.replace(
        m,
        start=m.start + offset,
        end=m.end + offset,
        num_start=m.num_start + offset,
        num_end=m.num_end + offset,
        alt=alt,
    )


def _sentence(doc: Doc, m: NumberMention) -> Span | None:
    span = doc.char_span(m.num_start, m.num_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span[0].sent


def _sentence_text(body: str, sent: Span, p_start: int, p_end: int) -> str:
    return body[max(sent.start_char, p_start) : min(sent.end_char, p_end)].strip()


def _figure(
    article: Article, m: NumberMention, r: Reading, sentence: str, claimant: str | None = None
) -> Figure:
    # an alternative amount ("£608" of "$800 (£608) million") reads with the shared
    # scale in value_text while its span covers only its own symbol and digits
    return Figure(
        article=article.name,
        start=m.start,
        end=m.end,
        sentence=sentence,
        extractor=EXTRACTOR,
        confidence=round(max(0.1, min(r.confidence, 0.95)), 3),
        value=m.value,
        value_text=m.text,
        qualifier=m.qualifier,
        value_max=m.value_max,
        category=r.category,
        detail=r.detail,
        who=r.who,
        claimant=claimant,
        currency=m.currency,
        unit=m.unit,
    )


# --------------------------------------------------------------------------- reading


def read_number(m: NumberMention, sent: Span, earlier: Sequence[Reading] = ()) -> Reading | None:
    """What ``m`` counts in ``sent`` (``earlier``: readings of the sentence's previous
    figures), or None when it is not a figure."""
    doc = sent.doc
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    num_span = doc.char_span(m.num_start, m.num_end, alignment_mode="expand")
    if span is None or num_span is None or len(span) == 0 or len(num_span) == 0:
        return None
    if m.currency:
        if _market_price(span, sent) or _RETAIL_PRICE.search(m.text):
            return None
        return _read_money(span, sent)
    if m.unit_kind:
        return _read_unit(m, sent, doc)
    if _worth_of(span, m):
        return _read_money(span, sent)  # "billions worth of weapons": money, currency unsaid
    root = _root(num_span, span)
    noun = _counted_noun(span, root)
    if noun is None:
        noun = _partitive_noun(span)  # "shot down 21 of 30 drones": 21 drones
    relative = noun is None and _partitive_relative(span)
    antecedent = _relative_antecedent(span) if relative else None
    if antecedent is not None:
        noun = antecedent  # "22 assaults in five areas, 14 of which ...": 14 assaults
    elif relative and earlier:
        # "carried out 22 assaults on the front, 14 of which": the count before it
        return dataclasses.replace(earlier[-1], confidence=0.5)
    lx = _flex()
    if noun is not None and _frequency(noun, m):
        # "scrambled four times": how often, a figure in a sentence about the war
        if not _war_sentence(sent):
            return None
        return Reading("other", "times", None, 0.5, kind="other", noun="time")
    if (
        noun is not None
        and _lemma(noun) in lx.non_figure
        and not _is_ammunition(noun)
        and not _suffers_casualty(noun)  # "two crew members were killed"
    ):
        return None
    previous = earlier[-1] if earlier else None
    if noun is None:
        framed = _frame(root, span)
        if framed is not None:
            return framed
    anchor = noun if noun is not None else root
    context = _context(anchor, sent)
    if antecedent is not None:
        # the number's own clause says what happened to its part ("of which 1.5 million
        # were sent"), before the clause of the whole
        own = _context(root, sent)
        seen = {t.i for t in own}
        context = [*own, *(t for t in context if t.i not in seen)]
    reading = _classify(noun, root, context, sent, previous)
    if reading is None:
        return None
    if _is_bare_one(m, num_span[-1]) and reading.category not in ("casualties", "displacement"):
        return None
    if reading.category == "other" and not _war_sentence(sent):
        return None
    if reading.category == "other" and reading.kind != "unit" and _named_before(span, m):
        return None  # "the two leaders discussed ...": named before, not counted anew
    if antecedent is not None and reading.people_who is not None and _children_attr(root):
        # "killed 40 people, 12 of whom were children"
        reading = dataclasses.replace(reading, who="children", people_who="children")
    if reading.category == "equipment" and reading.kind == "projectile" and _partitive_whole(span):
        # "destroyed 21 of 30 drones": the 30 are what was fired, the 21 what was lost
        return dataclasses.replace(reading, category="force", detail="strikes")
    return reading


def _partitive_noun(span: Span) -> Token | None:
    """The noun of the whole after a part: "21 of 30 drones", "25 out of 28 missiles",
    "two of the 12 shells" -> the noun the whole counts."""
    doc = span.doc
    k = span.end
    if k + 1 < len(doc) and doc[k].lower_ == "out" and doc[k + 1].lower_ == "of":
        k += 1
    if k >= len(doc) or doc[k].lower_ != "of":
        return None
    k += 1
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    if k >= len(doc) or not doc[k].like_num:
        return None
    while k + 1 < len(doc) and doc[k + 1].like_num:
        k += 1  # "of 1 000" split numerals
    head = doc[k].head
    if doc[k].dep_ == "nummod" and head.pos_ == "NOUN" and head.i > k:
        return _hyphen_tail(head)
    return None


def _partitive_relative(span: Span) -> bool:
    """The number is the part of a partitive relative: "14 of which", "of which 1.5
    million", "12 of whom", after a comma or a dash."""
    return _relative_comma(span) is not None


def _relative_comma(span: Span) -> int | None:
    doc = span.doc
    sent = doc[span.start].sent
    k = span.end
    if k + 1 < sent.end and doc[k].lower_ == "of" and doc[k + 1].lower_ in ("which", "whom"):
        comma = span.start - 1  # "N of which"
    elif (
        span.start - 3 >= sent.start
        and doc[span.start - 1].lower_ in ("which", "whom")
        and doc[span.start - 2].lower_ == "of"
    ):
        comma = span.start - 3  # "of which N"
    else:
        return None
    if comma <= sent.start or doc[comma].text not in (",", "—", "–", "("):
        return None
    return comma


def _relative_antecedent(span: Span) -> Token | None:
    """The noun a partitive relative refers back to: "22 assaults in five areas, 14 of which
    were ongoing", "shells, of which more than a million were sent", "40 people, 12 of
    whom": the plural noun before the comma, or the head of its phrase."""
    doc = span.doc
    comma = _relative_comma(span)
    if comma is None:
        return None
    tok = doc[comma - 1]
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    non_figure = _flex().non_figure

    def countable(t: Token) -> bool:
        return t.tag_ in ("NNS", "NNPS") and _lemma(t) not in non_figure

    found = tok if countable(tok) else None
    for _ in range(3):  # "22 assaults in five border areas", "22 assaults on the front"
        prep = tok.head
        if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ != "NOUN":
            break
        tok = prep.head
        if countable(tok):
            found = tok
    return _hyphen_tail(found) if found is not None else None


def _named_before(span: Span, m: NumberMention) -> bool:
    """A small number after a definite determiner refers back to things already named
    ("the two leaders", "between the two governments", "these two incidents"), it does not
    count them anew."""
    doc = span.doc
    return (
        m.value <= 3
        and m.qualifier is Qualifier.EXACT
        and span.start > 0
        and doc[span.start - 1].lower_ in ("the", "these", "those", "both")
    )


def _frequency(noun: Token, m: NumberMention) -> bool:
    """ "N times" that counts occurrences ("were scrambled four times", "landed there five
    times"), not a multiplier ("four times the size", "three times as many")."""
    if noun.lower_ != "times" or m.value <= 1 or m.currency or m.unit:
        return False
    doc = noun.doc
    if noun.i > 0 and doc[noun.i - 1].text in ("-", "‐"):
        return False  # "a three-times champion"
    if noun.i + 1 >= len(doc):
        return True
    nxt = doc[noun.i + 1]
    return not (
        nxt.lower_ in _flex().times_multiplier_next
        or nxt.tag_ in ("JJR", "RBR", "DT", "PDT", "PRP$")
        or nxt.pos_ in ("NOUN", "NUM")
    )


def _children_attr(root: Token) -> bool:
    """The clause of ``root`` says they were children ("12 of whom were children")."""
    return any(c.dep_ == "attr" and _lemma(c) in _CHILD_NOUNS for c in root.head.children)


def _partitive_whole(span: Span) -> bool:
    """The number is the whole after a part: the 30 of "21 of 30 drones"."""
    doc = span.doc
    k = span.start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    if k < 1 or doc[k].lower_ != "of":
        return False
    k -= 1
    if doc[k].lower_ == "out":
        k -= 1
    return k >= 0 and doc[k].like_num


def _is_ammunition(noun: Token) -> bool:
    """ "rounds of ammunition", "artillery rounds": a round that is a projectile."""
    if _lemma(noun) != "round":
        return False
    words = {_lemma(t) for t in noun.subtree if t.i != noun.i}
    return bool(words & {"ammunition", "artillery", "shell", "mortar", "tank", "munition"})


def _is_bare_one(m: NumberMention, tok: Token) -> bool:
    return m.value == 1 and m.qualifier is Qualifier.EXACT and tok.lower_ in ("one", "1")


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _root(num_span: Span, span: Span) -> Token:
    """The numeral's syntactic head: its last token, climbed through the numeral and any
    scale word of the mention ("£608 ... million")."""
    tok = num_span[-1]
    for _ in range(len(span)):
        head = tok.head
        if head is tok or not (span.start <= head.i < span.end):
            break
        if head.pos_ not in ("NUM", "NOUN", "SYM") or (head.i < tok.i and head.pos_ == "NOUN"):
            break
        tok = head
    return tok


def _counted_noun(span: Span, root: Token) -> Token | None:
    """The noun the number counts: its head noun, or the noun after "of"."""
    doc = span.doc
    head = root.head
    if (
        root.dep_
        in ("nummod", "quantmod", "compound", "amod", "nmod", "appos", "npadvmod", "nsubj")
        and head.pos_ in ("NOUN", "PROPN")
        and head.i >= span.end
        and head.i - span.end <= 6
        and all(_between_ok(doc[k]) for k in range(span.end, head.i))
        and _hyphen_tail(head) is not None  # not a model code ("two B-52 ... aircraft")
    ):
        return _hyphen_tail(head)
    # a long system name between the numeral and its noun, which the parser links
    # directly ("two National Advanced Surface-to-Air Missile System (NASAMS) batteries")
    if (
        root.dep_ == "nummod"
        and head.pos_ == "NOUN"
        and span.end <= head.i <= span.end + 15
        and all(
            doc[k].pos_ in ("PROPN", "ADJ", "NOUN", "ADP") or doc[k].text in "-‐()"
            for k in range(span.end, head.i)
        )
    ):
        return _hyphen_tail(head)
    found = _of_pobj(root, span)
    if found is not None:
        return _hyphen_tail(found)
    # the parser sometimes hangs the noun elsewhere: take the next plural noun when only
    # modifiers stand between ("Putin has now lost 20,000 men")
    k = span.end
    while k < len(doc) and k < span.end + 4 and not doc[k].is_sent_start:
        t = doc[k]
        if t.pos_ in ("NOUN", "PROPN") and (
            k + 1 >= len(doc) or doc[k + 1].pos_ not in ("NOUN", "PROPN")
        ):
            if (t.tag_ in ("NNS", "NNPS") or _lemma(t) in _flex().invariant_plurals) and (
                t.text.isalpha()
            ):
                return _hyphen_tail(t)  # "two B-52 Stratofortress aircraft"
            return None
        if t.pos_ not in ("ADJ", "NOUN", "PROPN") and t.text not in ("-", "‐"):
            return None
        k += 1
    return None


def _between_ok(t: Token) -> bool:
    """Tokens that may stand between a number and its noun: modifiers, hyphens, quotes."""
    if t.is_punct:
        return t.text in ("-", "‐", "”", '"', "’", "'")
    return t.pos_ in ("ADJ", "NOUN", "PROPN", "ADV", "VERB", "NUM", "DET", "CCONJ", "PART")


def _hyphen_tail(noun: Token) -> Token | None:
    """The last word of a hyphenated noun ("non-combatants"); None for junk tokens."""
    doc = noun.doc
    tok = noun
    while (
        tok.i + 2 < len(doc)
        and doc[tok.i + 1].text in ("-", "‐")
        and doc[tok.i + 1].idx == tok.idx + len(tok.text)
        and doc[tok.i + 2].idx == doc[tok.i + 1].idx + 1
        and doc[tok.i + 2].is_alpha
    ):
        tok = doc[tok.i + 2]
    if not tok.is_alpha:
        return None
    return tok


def _of_pobj(root: Token, span: Span) -> Token | None:
    tok = root
    for _ in range(3):
        preps = [c for c in tok.children if c.dep_ in ("prep", "quantmod") and c.lower_ == "of"]
        pobjs = [c for p in preps for c in p.children if c.dep_ == "pobj"]
        if not pobjs:
            return None
        obj = pobjs[0]
        if span.start <= obj.i < span.end:
            tok = obj  # "tens of thousands of ...": on to the next "of"
            continue
        if obj.pos_ in ("PRON", "DET", "NUM"):
            return None
        return obj
    return None


def _frame(root: Token, span: Span) -> Reading | None:
    """A number held by a frame: "the death toll at four", "a population of 430,000",
    "the city of nearly four million", "the number of Russian losses at 10,000"."""
    lx = _flex()
    doc = span.doc
    prep: Token | None = None
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "at", "to"):
        prep = root.head
    elif (
        span.start > 0
        and doc[span.start - 1].lower_ in ("of", "at")
        and doc[span.start - 1].pos_ == "ADP"
    ):
        prep = doc[span.start - 1]
    if prep is not None:
        holder = prep.head
    elif (
        root.dep_ in ("dobj", "attr")
        and root.head.pos_ in ("VERB", "AUX")
        and any(
            c.dep_ == "nsubj" and (_lemma(c) in _TALLY_NOUNS or _lemma(c) in _EVENT_NOUNS)
            for c in root.head.children
        )
    ):
        holder = root.head  # "the number of deaths neared 500", "casualties topped 1,000"
    else:
        return None
    words: list[Token] = [holder]
    for c in holder.children:
        if c.dep_ in ("compound", "amod", "dobj", "nsubj", "nsubjpass"):
            words.append(c)
            for g in c.children:
                if g.dep_ in ("compound", "amod", "conj"):
                    words.append(g)
                if g.dep_ == "prep" and g.lower_ == "of":
                    for o in g.children:
                        if o.dep_ == "pobj":
                            words.append(o)
                            words += [
                                a for a in o.children if a.dep_ in ("amod", "compound", "conj")
                            ]
    lemmas = [_lemma(w) for w in words]
    sides = [lx.sides[x] for x in lemmas if x in lx.sides]
    side = sides[0] if sides else None
    military = any(x in lx.military or x in ("military", "army") for x in lemmas)
    killed = {"toll", "death", "fatality", "dead"} | {
        k for k, v in lx.casualty.items() if v == "killed"
    }
    hurt = {"injury", "wounded", "injured"}
    if set(lemmas) & killed and set(lemmas) & hurt:  # "deaths and injuries"
        who = f"{side}_military" if side and military else None
        return Reading("casualties", "killed_or_wounded", who, 0.6, kind="people", people_who=who)
    for lem in lemmas:
        if lem in ("toll", "death", "fatality") or lx.casualty.get(lem) == "killed":
            who = f"{side}_military" if side and military else "civilians"
            return Reading("casualties", "killed", who, 0.7, kind="people", people_who=who)
        if lem == "loss":
            loss_who = f"{side}_military" if side else None
            return Reading(
                "casualties",
                "personnel_lost",
                loss_who,
                0.7 if loss_who else 0.5,
                kind="military",
                people_who=loss_who,
            )
        if lem in ("injury", "wounded", "injured", "casualty"):
            detail = "killed_or_wounded" if lem == "casualty" else "wounded"
            who = f"{side}_military" if side and military else "civilians"
            return Reading("casualties", detail, who, 0.6, kind="people", people_who=who)
        if lx.other.get(lem) == "population" or (
            prep is not None
            and prep.lower_ == "of"
            and lem in ("city", "town", "village", "country", "nation", "region", "capital")
        ):
            return Reading("other", "population", "civilians", 0.7, kind="people")
    return None


def _context(anchor: Token, sent: Span) -> list[Token]:
    """Tokens that say what happened to what the number counts, nearest first."""
    lx = _flex()
    out: list[Token] = []
    seen: set[int] = set()

    def add(t: Token) -> None:
        if t.i not in seen and sent.start <= t.i < sent.end:
            seen.add(t.i)
            out.append(t)

    for c in anchor.children:
        if c.dep_ in ("amod", "acl", "relcl", "oprd", "xcomp", "appos") or (
            c.dep_ == "compound" and c.pos_ in ("NOUN", "ADJ", "VERB")
        ):
            add(c)
            for g in c.children:
                if g.dep_ in ("xcomp", "acomp", "oprd", "prt", "conj", "agent", "prep"):
                    add(g)
    tok = anchor
    for _ in range(8):
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head  # conjuncts share their first member's head
            add(tok)
        head = tok.head
        if head is tok:
            break
        if (
            _lemma(head) in lx.reporting
            and head.pos_ in ("VERB", "AUX")
            and tok.dep_
            in (
                "ccomp",
                "xcomp",
                "advcl",
                "conj",
                "parataxis",
                "dobj",
                "prep",
            )
            and not (tok.dep_ == "dobj" and _lemma(head) in ("put", "record"))
        ):
            break
        add(head)
        for c in head.children:
            if c.dep_ in ("xcomp", "acomp", "oprd", "prt", "agent", "attr"):
                add(c)
            elif c.dep_ == "prep" and c.lower_ == "among":
                add(c)
                for o in c.children:
                    add(o)
        for c in tok.children:
            if c.dep_ in ("oprd", "acomp"):
                add(c)
        if (
            head.pos_ == "VERB"
            and head.dep_ not in ("xcomp", "acl", "relcl", "advcl", "pcomp", "conj", "amod", "prep")
            and _lemma(head) not in _LIGHT_VERBS
        ):
            break  # the verb that heads the clause: the fact's predicate
        tok = head
    # the parser sometimes hangs the noun on the wrong verb ("admitted 10,000 of their
    # troops have been killed"): the verb right after the noun group, lowest priority
    k = anchor.i + 1
    while k < sent.end and (
        sent.doc[k].pos_ in ("AUX", "ADV", "PART")
        or sent.doc[k].dep_ in ("prep", "pobj", "det", "poss", "amod")
    ):
        k += 1
    if k < sent.end and sent.doc[k].pos_ == "VERB":
        add(sent.doc[k])
    return out


def _war_sentence(sent: Span) -> bool:
    lx = _flex()
    return any(_lemma(t) in lx.war_context or t.lower_ in lx.war_context for t in sent)


# --------------------------------------------------------------------------- classify


def _noun_phrase(noun: Token) -> tuple[str, ...]:
    """The noun with its compound and adjective modifiers, lemmatised, in order."""
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    doc = noun.doc
    head_words = [_lemma(noun)]
    # a hyphenated noun: "non-combatants" -> ("non-combatant",)
    if (
        noun.i >= 2
        and doc[noun.i - 1].text in ("-", "‐")
        and doc[noun.i - 1].idx == doc[noun.i - 2].idx + len(doc[noun.i - 2].text)
    ):
        head_words = [f"{doc[noun.i - 2].lower_}-{_lemma(noun)}", _lemma(noun)]
    return (*(_lemma(t) for t in sorted(mods, key=lambda t: t.i)), *head_words[:1])


def _lookup_phrase(phrase: Sequence[str], table: Mapping[str, str]) -> str | None:
    """The longest tail of ``phrase`` that ``table`` knows ("armoured personnel carrier"),
    else a modifier that names the kind ("HIMARS launchers", "Bradley fighting vehicles")."""
    for k in range(len(phrase)):
        key = " ".join(phrase[k:])
        if key in table:
            return table[key]
    for word in phrase[:-1]:
        if word in table:
            return table[word]
    return None


def _noun_kind(noun: Token, phrase: Sequence[str]) -> str | None:
    lx = _flex()
    lemma = phrase[-1]
    if lemma in _EVENT_NOUNS:
        return "event"
    if lemma in lx.projectiles or " ".join(phrase[-2:]) in lx.projectiles:
        return "projectile"
    if lemma in lx.military or lemma in lx.force_units:
        return "military"
    if lemma in lx.people or lemma.split("-")[-1] in lx.people or _is_demonym(noun):
        return "people"
    if lemma in lx.equipment or _lookup_phrase(phrase, lx.equipment) is not None:
        return "equipment"
    if _lookup_phrase(phrase, lx.infrastructure) is not None:
        return "infrastructure"
    return None


def _is_demonym(noun: Token) -> bool:
    """Plural demonyms: "Ukrainians", "Russians", "Britons"."""
    return noun.tag_ == "NNPS" or (noun.ent_type_ == "NORP" and noun.text.endswith("s"))


def _cue(tokens: Iterable[Token], table: Mapping[str, str]) -> list[tuple[Token, str]]:
    """Every token of ``tokens`` that ``table`` knows, in order, with its value."""
    out: list[tuple[Token, str]] = []
    for t in tokens:
        lem = _lemma(t)
        prt = next(
            (
                c.lower_
                for c in t.children
                if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == t.i + 1)  # "shot down"
            ),
            "",
        )
        for key in (f"{lem} {prt}" if prt else "", lem, t.lower_):
            if key and key in table:
                out.append((t, table[key]))
                break
    return out


def _classify(
    noun: Token | None,
    root: Token,
    context: Sequence[Token],
    sent: Span,
    previous: Reading | None,
) -> Reading | None:
    lx = _flex()
    phrase = _noun_phrase(noun) if noun is not None else ()
    kind = _noun_kind(noun, phrase) if noun is not None else None
    if noun is not None and kind is None and noun.pos_ == "PROPN" and noun.tag_ != "NNPS":
        return None  # a number before a name: a model, a title, a label
    if kind in ("equipment", "projectile", "military") and _produced(context, noun):
        return Reading(
            "other", "production", None, 0.6, kind=kind, noun=phrase[-1] if phrase else None
        )
    if noun is not None and kind is None and _human_casualty(noun, context):
        kind = "people"
    if kind == "event":
        assert noun is not None
        return _people_reading(noun, phrase, [noun, *context], sent, previous, kind)
    if kind in ("people", "military"):
        assert noun is not None
        return _people_reading(noun, phrase, context, sent, previous, kind)
    if kind in ("equipment", "projectile"):
        assert noun is not None
        return _equipment_reading(noun, phrase, kind, context, sent, previous)
    if kind == "infrastructure":
        assert noun is not None
        if _cue(context, lx.loss):
            detail = _lookup_phrase(phrase, lx.infrastructure) or "destroyed_other"
            return Reading("infrastructure", detail, "ukraine", 0.75, kind=kind, noun=phrase[-1])
        if previous is not None and previous.category == "infrastructure":
            detail = _lookup_phrase(phrase, lx.infrastructure) or "destroyed_other"
            return Reading("infrastructure", detail, previous.who, 0.6, kind=kind, noun=phrase[-1])
        return _other_reading(noun)
    if noun is None:
        # no noun: a casualty or displacement verb, or the list it stands in, says
        # what it counts ("three were wounded", "killing 27 and injuring 25")
        cues = _cue(context, {**lx.casualty, **lx.displacement})
        cues = [c for c in cues if _lemma(c[0]) not in _GENERIC_CUES]
        if not cues:
            return None
        return _people_reading(None, (), context, sent, previous, "people")
    return _other_reading(noun)


def _produced(context: Sequence[Token], noun: Token | None) -> bool:
    """The nearest cue of what happens to the counted things is making them ("the plant
    makes 20,000 shells a month", "can turn out 15,000 units")."""
    lx = _flex()
    tables = (lx.production, lx.loss, lx.supply, lx.fire, lx.casualty, lx.displacement)
    cues: list[tuple[int, bool]] = []
    for n, table in enumerate(tables):
        for t, _ in _cue(context, table):
            if noun is not None and (
                t.i == noun.i or (t.dep_ in ("compound", "amod") and t.head.i == noun.i)
            ):
                continue
            if n == 0 and t.pos_ == "VERB" and not _makes(t, noun):
                continue  # "hits are made", "built checkpoints": not a factory's output
            cues.append((context.index(t), n == 0))
    return bool(cues) and min(cues)[1]


def _makes(verb: Token, noun: Token | None) -> bool:
    """``noun`` is what ``verb`` makes: its direct object, or the passive subject of a
    verb that only means manufacturing ("shells are produced", not "hits are made")."""
    if noun is None:
        return False
    head = noun
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.head.i != verb.i:
        return False
    if head.dep_ == "dobj":
        return True
    return head.dep_ == "nsubjpass" and _lemma(verb) not in ("make", "build")


def _suffers_casualty(noun: Token) -> bool:
    """A noun that usually counts no people is people when a casualty verb only people
    undergo takes it as subject or object ("two crew members were killed", "three family
    members died"), not through a preposition ("killed millions in 37 nations")."""
    lx = _flex()
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass", "dobj") or noun.tag_ not in ("NNS", "NNPS"):
        return False
    verb = tok.head
    if _lemma(verb) not in lx.human_casualty and verb.lower_ not in lx.human_casualty:
        return False
    return not (tok.dep_ == "nsubj" and _lemma(verb) in lx.transitive_casualty)


def _human_casualty(noun: Token, context: Sequence[Token]) -> bool:
    """A plural noun of no known kind that a casualty verb only people undergo acts on:
    "seven officials were killed", "12 journalists died", not "three gunmen killed"."""
    lx = _flex()
    if noun.tag_ not in ("NNS", "NNPS"):
        return False
    for t in context:
        lem = _lemma(t)
        if lem in lx.human_casualty or t.lower_ in lx.human_casualty:
            killer = lem in lx.transitive_casualty and any(
                c.dep_ == "nsubj" and (c.i == noun.i or noun in c.subtree) for c in t.children
            )
            return not killer
    return False


def _people_reading(
    noun: Token | None,
    phrase: Sequence[str],
    context: Sequence[Token],
    sent: Span,
    previous: Reading | None,
    kind: str,
) -> Reading | None:
    lx = _flex()
    lemma = phrase[-1] if phrase else None
    military = kind == "military" or (
        previous is not None and noun is None and previous.kind == "military"
    )
    conf = 0.85 if noun is not None else 0.65
    detail = _people_detail(noun, lemma, context, military)
    if detail is None and kind == "event" and lemma is not None:
        detail = {
            "death": "killed",
            "fatality": "killed",
            "dead": "killed",
            "body": "killed",
            "corpse": "killed",
            "injury": "wounded",
            "wounded": "wounded",
            "injured": "wounded",
            "casualty": "killed_or_wounded",
            "loss": "personnel_lost",
            "refugee": "fled",
            "evacuee": "evacuated",
            "idp": "displaced",
        }.get(lemma)
    if lemma == "loss" or detail == "personnel_lost":
        military = True
    captive = lemma or (previous.noun if previous is not None and noun is None else None)
    if captive in ("prisoner", "pow", "captive", "hostage", "detainee") and (
        detail in (None, "deported") or _governed_by(noun, lx.captive_verbs)
    ):  # hostages abducted or taken are captured, not deported nor killed
        other = _cue(context, lx.other)
        if other:
            return Reading("other", other[0][1], None, 0.6, kind=kind, noun=lemma)
        detail = "captured"
    who = _people_who(noun, lemma, sent, military, previous, context)
    if noun is None and previous is not None and previous.people_who and who is None:
        who = previous.people_who
    base: dict[str, str | None] = {
        "kind": "military" if military else "people",
        "noun": lemma or (previous.noun if previous else None),
    }
    if detail in CASUALTY_DETAILS:
        return Reading("casualties", detail, who, conf, people_who=who, **base)
    if detail in DISPLACEMENT_DETAILS:
        if who is None or who.endswith("_military"):
            who = "civilians"
        return Reading("displacement", detail, who, conf, people_who=who, **base)
    if detail is not None:  # "missing", "accounted_for"
        return Reading("other", detail, who, 0.6, people_who=who, **base)
    if noun is None:
        return None
    other = _cue([noun, *context], lx.other)
    if other:
        return Reading("other", other[0][1], who, 0.7, people_who=who, **base)
    if previous is not None and previous.kind == kind and previous.category != "other":
        # a list whose verb the parser did not pass down: take the neighbour's reading
        return dataclasses.replace(previous, who=who or previous.who, confidence=0.55)
    if military:
        troop = _cue(context, lx.troop)
        if not troop and who is None and lemma in lx.ambiguous_military:
            return None  # "two men rescued a girl": not troops
        return Reading("force", "troops", who, 0.75 if troop else 0.6, people_who=who, **base)
    return Reading("other", _detail_word(noun), who, 0.5, people_who=who, **base)


def _people_detail(
    noun: Token | None, lemma: str | None, context: Sequence[Token], military: bool
) -> str | None:
    """The casualty or displacement detail of people, from the nearest valid cue."""
    lx = _flex()
    if lemma == "life" and (_governed_by(noun, lx.life_verbs) or _life_cost(context)):
        return "killed"  # "claimed at least 143 lives", "at the cost of 9,000 lives"
    for t, detail in _cue(context, {**lx.displacement, **lx.casualty, **_extra_other(lx)}):
        lem = _lemma(t)
        if _wants(t):
            return "trapped"
        if detail in ("fled", "deported", "evacuated") and _ordered(t):
            return "evacuated"
        if lem == "leave" and not _is_subject_of(noun, t):
            continue  # "leaving two dead": not people leaving
        if lem in ("hold", "remove", "transfer") and not military and lem != "transfer":
            continue
        if detail == "personnel_lost" and not military and lemma not in ("man", "life"):
            detail = "killed"
        return detail
    for t in context:
        if _lemma(t) in lx.trapped_modals and any(
            _lemma(c) in ("leave", "flee", "escape") for c in t.children
        ):
            return "trapped"
    return None


def _life_cost(context: Sequence[Token]) -> bool:
    """A cost in lives before the clause's verb: "at the cost of 9,000 lives"."""
    lx = _flex()
    for t in context:
        if _lemma(t) in lx.life_verbs and t.pos_ == "NOUN":
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _governed_by(noun: Token | None, verbs: frozenset[str]) -> bool:
    """``noun`` (or the first member of its list) is the object or passive subject of one
    of ``verbs``: "took 250 hostages", "claimed 143 lives"."""
    if noun is None:
        return False
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return tok.dep_ in ("dobj", "nsubjpass") and _lemma(tok.head) in verbs


def _extra_other(lx: _FigLex) -> dict[str, str]:
    return {k: v for k, v in lx.other.items() if v in ("missing", "accounted_for")}


def _is_subject_of(noun: Token | None, verb: Token) -> bool:
    """``noun`` is the subject of ``verb``: its own, that of the verb it completes ("had
    to *leave*"), or the antecedent of a relative pronoun ("students, who had to leave")."""
    if noun is None:
        return True
    v = verb
    for _ in range(3):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.i == noun.i or noun in c.subtree for c in subjects):
            return True
        if (
            v.dep_ == "relcl"
            and v.head.i == noun.i
            and any(c.tag_ in ("WP", "WDT") for c in subjects)
        ):
            return True
        if subjects or v.dep_ != "xcomp" or v.head is v:
            return False
        v = v.head
    return False


def _wants(t: Token) -> bool:
    """ "hope to flee", "want to leave", "trying to escape"."""
    lx = _flex()
    if _lemma(t) not in ("flee", "leave", "escape", "evacuate", "get"):
        return False
    doc = t.doc
    if t.i >= 2 and doc[t.i - 1].lower_ == "to" and _lemma(doc[t.i - 2]) in lx.trapped_modals:
        return True
    return t.dep_ == "xcomp" and _lemma(t.head) in lx.trapped_modals


def _ordered(t: Token) -> bool:
    """ "told to flee", "ordered to leave": an evacuation order."""
    return t.dep_ == "xcomp" and _lemma(t.head) in _ORDER_VERBS


def _people_who(
    noun: Token | None,
    lemma: str | None,
    sent: Span,
    military: bool,
    previous: Reading | None,
    context: Sequence[Token],
) -> str | None:
    lx = _flex()
    if noun is None:
        if previous is not None and previous.people_who is not None:
            return previous.people_who
        if military:
            side = _sentence_side(None, sent)
            return f"{side}_military" if side in ("russian", "ukrainian") else None
        return "civilians"
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    mod_words = {_lemma(c) for c in mods} | {c.lower_ for c in mods}
    if lemma in _CHILD_NOUNS or mod_words & _CHILD_NOUNS:
        return "children"
    if "civilian" in mod_words or lemma == "civilian":
        return "civilians"
    if mod_words & ({"military", "soldier", "troop", "army"} | lx.military):
        military = True
    if military:
        party = _modifier_party(noun) or _holder_party(noun)
        if party is not None and party not in ("russia", "ukraine"):
            return party
        side = _side(noun, sent, context)
        return f"{side}_military" if side in ("russian", "ukrainian") else None
    if lemma is not None and lemma in lx.people:
        return lx.people[lemma]
    if lemma is not None and lemma.split("-")[-1] in lx.people:
        return lx.people[lemma.split("-")[-1]]
    people_mods = [lx.people[w] for w in sorted(mod_words) if w in lx.people]
    if people_mods:
        return people_mods[0]  # "three family members"
    if _is_demonym(noun):
        low = noun.lower_
        if low.startswith("ukrainian"):
            return "ukrainians"
        if low.startswith("russian"):
            return "russians"
        return "civilians"
    if previous is not None and previous.people_who is not None:
        return previous.people_who
    return None


def _holder_party(noun: Token) -> str | None:
    """The party whose troops these are when it is the subject of the clause that has,
    sends or deploys them ("Germany plans to have 4,800 troops", "the US put 8,500 troops
    on alert"); not through a reporting verb."""
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "dobj":
        return None
    verb = tok.head
    for k in range(3):
        if _lemma(verb) in _flex().reporting and not (k == 0 and _lemma(verb) == "put"):
            return None  # not through "said"; but "Britain put 4,000 troops on alert"
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return next((_party(t) for t in subj.subtree if _party(t)), None)
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _side_of(t: Token) -> str | None:
    lx = _flex()
    for key in (_lemma(t), t.lower_, t.lower_.removesuffix("’s").removesuffix("'s")):
        if key in lx.sides:
            return lx.sides[key]
    return None


def _modifier_party(noun: Token) -> str | None:
    """A party named on the noun itself ("NATO officers", "US troops")."""
    lx = _flex()
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            for key in (c.lower_, _lemma(c)):
                if key in lx.parties:
                    return lx.parties[key]
    return None


def _side(noun: Token, sent: Span, context: Sequence[Token]) -> str | None:
    """The side military people or equipment belong to."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            s = _side_of(c) or next(
                (_side_of(g) for g in c.children if g.dep_ in ("compound", "poss") and _side_of(g)),
                None,
            )
            if s:
                return s
    # "their troops", "its soldiers": the side of the clause's subject ("Russia admitted ...")
    if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in noun.children):
        s = _subject_side(sent.root)
        if s:
            return s
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    # the subject of the verb that lost them: "Moscow has lost 12,000 troops"
    for verb in (tok.head, *[t for t in context if t.pos_ == "VERB"]):
        if _lemma(verb) in ("lose", "suffer"):
            for c in verb.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    s = next((_side_of(t) for t in c.subtree if _side_of(t)), None)
                    if s:
                        return s
            break
    # the other side of whoever killed or wounded them: "Russian troops killed 20 soldiers"
    if tok.dep_ == "dobj" and _lemma(tok.head) in _flex().transitive_casualty:
        s = _subject_side(tok.head)
        if s in ("russian", "ukrainian"):
            return "ukrainian" if s == "russian" else "russian"
    # the other side of the agent: "eliminated by Russian troops"
    for verb in context:
        for c in verb.children:
            if c.dep_ == "agent":
                s = next((_side_of(t) for t in c.subtree if _side_of(t)), None)
                if s:
                    return "ukrainian" if s == "russian" else "russian"
    return _sentence_side(noun, sent)


def _sentence_side(noun: Token | None, sent: Span) -> str | None:
    """The side the sentence names, leaving out its speakers and its places."""
    lx = _flex()
    skip: set[int] = set()
    for t in sent:
        if t.dep_ == "nsubj" and _lemma(t.head) in lx.reporting:
            skip.update(x.i for x in t.subtree)
        if t.lower_ == "according" or (
            t.dep_ == "pobj"
            and t.head.lower_ in _LOCATIVE_PREPS
            and _lemma(t) not in lx.military_bodies  # "in the ranks of Ukraine's army"
        ):
            skip.update(x.i for x in t.subtree)
        if t.dep_ == "agent":
            skip.update(x.i for x in t.subtree)
    found = [(t, _side_of(t)) for t in sent if t.i not in skip and _side_of(t)]
    sides = {s for _, s in found}
    if len(sides) == 1:
        return sides.pop()
    if found and noun is not None:
        return min(found, key=lambda x: abs(x[0].i - noun.i))[1]
    return None


def _equipment_reading(
    noun: Token,
    phrase: Sequence[str],
    kind: str,
    context: Sequence[Token],
    sent: Span,
    previous: Reading | None,
) -> Reading | None:
    lx = _flex()
    lemma = phrase[-1]
    cues: list[tuple[int, str, Token]] = []
    for name, table in (("loss", lx.loss), ("supply", lx.supply), ("fire", lx.fire)):
        for t, _ in _cue(context, table):
            if t.i == noun.i or (
                t.dep_ in ("compound", "amod")
                and t.head.i == noun.i
                and t.tag_ not in ("VBN", "VBD")
            ):
                continue  # the noun's own modifiers name it, they do not act on it
            cues.append((context.index(t), name, t))
    cues.sort(key=lambda c: c[0])
    if len({c[1] for c in cues}) > 1:
        # the clause's verb beats a participle that describes the noun: "shot down 30
        # drones *launched* overnight" were lost; "30 drones launched at Kyiv" were fired
        main = [c for c in cues if not (c[2].dep_ == "acl" and c[2].head.i == noun.i)]
        cues = main or cues
    which, verb = (cues[0][1], cues[0][2]) if cues else (None, None)
    if (
        kind == "projectile"
        and which == "loss"
        and verb is not None
        and _lemma(verb) in ("hit", "strike", "blast")
    ):
        which = "fire"
    if which is None and previous is not None and previous.kind in ("equipment", "projectile"):
        return dataclasses.replace(previous, confidence=0.55, noun=lemma)
    if which == "loss":
        detail = _lookup_phrase(phrase, lx.equipment) or "lost_other"
        if lemma in ("drone", "uav", "shahed"):
            detail = "lost_drone"
        side = _side_of_owner(noun, verb, sent, context)
        who = f"{side}_military" if side else "russian_military"
        return Reading("equipment", detail, who, 0.8 if side else 0.6, kind=kind, noun=lemma)
    if which == "supply":
        return Reading(
            "force", "weapons_supplied", _recipient(sent) or "ukraine", 0.75, kind=kind, noun=lemma
        )
    if kind == "projectile":
        governor = noun.head if noun.dep_ == "dobj" else None
        firer = verb if which == "fire" else governor
        # the firer: the subject of the verb, or its agent ("bombs dropped by Russian
        # jets"), whose side is the projectile's own, not the other side as for losses
        side = _subject_side(firer) or _dependent_side(firer, "agent")
        side = side or _side(noun, sent, context)
        fired_by = f"{side}_military" if side else _subject_party(firer)
        return Reading(
            "force", "strikes", fired_by, 0.75 if which == "fire" else 0.55, kind=kind, noun=lemma
        )
    return _other_reading(noun, kind)


def _dependent_side(verb: Token | None, dep: str) -> str | None:
    """The side named by the first ``dep`` dependent of ``verb``: its subject ("Russia fired
    30 missiles", ``nsubj``) or the agent of a passive ("dropped by Russian jets", ``agent``)."""
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ == dep:
            return next((_side_of(t) for t in c.subtree if _side_of(t)), None)
    return None


def _subject_side(verb: Token | None) -> str | None:
    """The side named by the subject of ``verb`` ("Russia fired 30 missiles")."""
    return _dependent_side(verb, "nsubj")


def _subject_party(verb: Token | None) -> str | None:
    """A party other than the two sides that is the subject or agent of ``verb``
    ("Iran launched 300 drones")."""
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "agent"):
            party = next((_party(t) for t in c.subtree if _party(t)), None)
            if party not in (None, "russia", "ukraine"):
                return party
    return None


def _side_of_owner(
    noun: Token, verb: Token | None, sent: Span, context: Sequence[Token]
) -> str | None:
    """Whose equipment was lost: a modifier, the subject of "lost", else the other side
    of whoever destroyed it."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod"):
            s = _side_of(c)
            if s:
                return s
    if verb is not None and _lemma(verb) in ("lose", "loss", "abandon"):
        return _side(noun, sent, context)
    if verb is not None:
        for c in verb.children:
            if c.dep_ in ("nsubj", "agent"):
                s = next((_side_of(t) for t in c.subtree if _side_of(t)), None)
                if s:
                    return "ukrainian" if s == "russian" else "russian"
    return None


def _recipient(sent: Span) -> str | None:
    """The party money or weapons go to: "to Ukraine", "for Kyiv", "Ukraine aid", else
    Ukraine when the sentence names it."""
    for t in sent:
        if t.dep_ in ("prep", "dative") and t.lower_ in ("to", "for", "into"):
            for o in t.children:
                if o.dep_ == "pobj":
                    party = _party(o)
                    if party:
                        return party
    for t in sent:
        if t.dep_ in ("compound", "amod", "poss") and _party(t) == "ukraine":
            return "ukraine"
    if any(_party(t) == "ukraine" for t in sent):
        return "ukraine"
    return None


@functools.cache
def _ukraine_named() -> re.Pattern[str]:
    """The names the parties lexicon gives Ukraine ("Ukraine", "Ukrainian(s)", "Kyiv"), as
    word starts."""
    names = sorted((n for n, p in _flex().parties.items() if p == "ukraine"), key=len)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + ")", re.IGNORECASE)


def _article_recipient(doc: Doc) -> str | None:
    """Aid whose sentence names no recipient goes to Ukraine in an article that names it
    ("Germany has sent $17 billion", "the rest of the world contributed $75 billion"),
    as weapons supplied do."""
    return "ukraine" if _ukraine_named().search(doc_text(doc)) else None


def _other_recipient(span: Span) -> bool:
    """The amount's own clause gives it to someone who is no party: "gave $26 million to
    the laboratory", "grants of £250 for customers"."""
    lx = _flex()
    chain: list[Token] = []
    tok = span.root
    for _ in range(6):
        chain.append(tok)
        if tok.head is tok or tok.pos_ in ("VERB", "AUX"):
            break
        tok = tok.head
    for t in chain:
        for prep in t.children:
            if prep.dep_ not in ("prep", "dative") or prep.lower_ not in ("to", "for"):
                continue
            for o in prep.children:
                if (
                    o.dep_ == "pobj"
                    and o.pos_ in ("NOUN", "PROPN")
                    and _lemma(o) not in lx.not_recipients
                    and not any(_party(x) for x in o.subtree)
                ):
                    return True
    return False


def _party(t: Token) -> str | None:
    lx = _flex()
    if t.ent_type_ in ("GPE", "ORG", "NORP"):
        ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
        if ent is not None:
            name = ent.text.lower().removeprefix("the ").removesuffix("’s").removesuffix("'s")
            if name in lx.parties:
                return lx.parties[name]
    return lx.parties.get(t.lower_) or lx.parties.get(_lemma(t))


def _read_money(span: Span, sent: Span) -> Reading:
    lx = _flex()
    best: tuple[int, str] | None = None
    for t in sent:
        if span.start <= t.i < span.end:
            continue
        for key in (_lemma(t), t.lower_):
            if key in lx.money:
                d = t.i - span.end if t.i >= span.end else span.start - t.i
                if best is None or d < best[0]:
                    best = (d, lx.money[key])
                break
    own = _own_money_cue(span, sent)
    if own is not None:
        best = (0, own)
    detail = best[1] if best is not None else "other"
    who: str | None = None
    if detail == "aid":
        who = _recipient(sent)
        if who is None and not _other_recipient(span):
            who = _article_recipient(sent.doc)
    elif detail == "sanctions":
        who = _sanctioned(sent)
    else:
        who = _payer(sent, span)
    return Reading("money", detail, who, 0.8 if best is not None else 0.55, kind="money")


def _sanctioned(sent: Span) -> str | None:
    """Whom sanctions, frozen assets or fines hit: the party after "on"/"against" ("sanctions
    on Iran"), else Russia when the sentence names it; None for a fine in a sentence of
    no party ("a $250,000 fine")."""
    for t in sent:
        if t.dep_ == "prep" and t.lower_ in ("on", "against"):
            party = next((_party(o) for o in t.subtree if o.i != t.i and _party(o)), None)
            if party:
                return party
    return "russia" if any(_party(t) == "russia" for t in sent) else None


def _worth_of(span: Span, m: NumberMention) -> bool:
    """A large amount followed by "worth" is money though no currency is named ("tens of
    billions worth of hardware", "millions-worth of arms")."""
    doc = span.doc
    k = span.end
    if k < len(doc) and doc[k].text in ("-", "‐"):
        k += 1
    return m.value >= 1_000_000 and k < len(doc) and doc[k].lower_ == "worth"


def _market_price(span: Span, sent: Span) -> bool:
    """A share price, a per-share amount or a company's results are market data, not a
    fact of the war: "$6.10 per share", "shares were down $3.20", "the stock closed at
    $412.50", "net earnings fell to $1.7 billion" (figure_lexicon results_nouns)."""
    lx = _flex()
    doc = sent.doc
    k = span.end
    if k + 1 < sent.end and doc[k].lower_ in ("per", "a") and _lemma(doc[k + 1]) in lx.market:
        return True
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        if verb.dep_ == "pobj" and verb.head.lower_ in ("of", "at") and _results(verb.head.head):
            return True  # "a revenue outlook of $66 billion"
        verb = verb.head
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and (_lemma(c) in lx.market or _results(c)):
            return True
    return False


def _results(noun: Token) -> bool:
    """ "outlook", "revenue outlook", "net earnings": a company's results, not a state's
    ("Russia's oil revenue fell to $10 billion" is a fact of the sanctions)."""
    lx = _flex()
    words = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    if not any(_lemma(w) in lx.results or w.lower_ in lx.results for w in words):
        return False
    return not any(_party(t) for t in noun.subtree)


def _own_money_cue(span: Span, sent: Span) -> str | None:
    """The cue of the amount's own phrase, which beats a nearer verb: "spent $40 billion
    *in military aid*", "$2bn *worth of* weapons", "$300 million *of* assistance"."""
    lx = _flex()
    doc = sent.doc
    k = span.end
    if k < sent.end and doc[k].text in ("-", "‐"):
        k += 1  # "billions-worth"
    if k >= sent.end or doc[k].lower_ not in ("in", "of", "worth", "for"):
        return None
    for j in range(k + 1, min(k + 5, sent.end)):
        t = doc[j]
        for key in (_lemma(t), t.lower_):
            if key in lx.money and t.pos_ in ("NOUN", "PROPN"):
                return lx.money[key]
        if (t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "of") or t.is_punct:
            return None
    return None


def _payer(sent: Span, span: Span | None = None) -> str | None:
    """The party that pays a cost or a contract: a party named in the subject of the
    amount's clause ("India's defence budget was $80 billion"), else the first party the
    sentence names outside a "to"/"for" phrase ("the Army awarded a $50 million
    contract")."""
    skip: set[int] = set()
    for t in sent:
        if t.dep_ in ("prep", "dative") and t.lower_ in ("to", "for", "into", "against"):
            skip.update(x.i for x in t.subtree)
    if span is not None:
        skip.update(range(span.start, span.end))  # "U.S." of "one trillion U.S. dollars"
        verb = span.root
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                party = next((_party(t) for t in c.subtree if t.i not in skip and _party(t)), None)
                if party:
                    return party
    for t in sent:
        if t.i not in skip:
            party = _party(t)
            if party:
                return party
    return None


def _read_unit(m: NumberMention, sent: Span, doc: Doc) -> Reading | None:
    lx = _flex()
    kind = m.unit_kind
    unit = (m.unit or "").replace(" ", "_")
    if kind == "distance":
        return Reading("other", f"distance_{unit}", None, 0.85, kind="unit")
    if kind == "area":
        return Reading("other", f"area_{unit}", None, 0.8, kind="unit")
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    end = span.end if span is not None else sent.start
    window = [doc[k] for k in range(end, min(end + 5, sent.end))]
    if kind == "duration":
        # next to a war word ("two years of war"), or elsewhere in a war sentence ("reaches
        # the border in 200 seconds") unless it dates an event or frames a report
        near_war = any(_lemma(t) in lx.war_words or t.lower_ in lx.war_words for t in window)
        war_topic = any(_lemma(t) in lx.war_topic or t.lower_ in lx.war_topic for t in sent)
        if not near_war and (not war_topic or _time_frame(span, sent)):
            return None  # "72 hours to review the bill": not the war's length
        return Reading("other", unit, None, 0.7, kind="unit")
    if kind == "percent":
        if not any(
            _lemma(t) in lx.war_words
            or _lemma(t) in lx.percent_context
            or t.lower_ in lx.percent_context
            or (
                (_lemma(t) in lx.casualty or _lemma(t) in lx.displacement)
                and _lemma(t) not in _GENERIC_CUES
            )
            for t in sent
        ):
            return None  # "59 percent hold a favourable view": an opinion poll
        return Reading("other", "percent", None, 0.5, kind="unit")
    if kind == "height":
        return Reading("other", "height_storeys", None, 0.6, kind="unit")
    if kind == "mass" and span is not None:
        # a mass destroyed ("strikes destroyed 70,000 tonnes of fuel"); other masses (prices
        # per ton, trade deals, a tank's weight, weight lost) describe things
        unit_tok = span[-1]
        lost = [t for t, _ in _cue(_context(unit_tok, sent), lx.loss)]
        if any(_lemma(t) not in _GENERIC_CUES for t in lost):  # destroyed, not "lost"
            what = _of_pobj(unit_tok, span)
            detail = f"{_lemma(what)}_lost" if what is not None and what.is_alpha else "mass_lost"
            return Reading("other", detail, None, 0.6, kind="unit")
    return None  # masses and the like describe things, not the war


def _time_frame(span: Span | None, sent: Span) -> bool:
    """A duration that dates something ("eight years ago", "three months later"), frames a
    report ("over the past 24 hours", "for the first time in 17 months") or describes a noun
    ("a three-day visit")."""
    if span is None:
        return False
    lx = _flex()
    doc = sent.doc
    if any(doc[k].text in ("-", "‐") for k in range(span.start, span.end)):
        return True  # "a three-day visit", "a 17-month low": it describes a noun
    after = doc[span.end] if span.end < sent.end else None
    lasting = span.start > sent.start and doc[span.start - 1].lower_ in ("for", "within")
    if after is not None and after.lower_ in lx.duration_dating and not lasting:
        return True  # "eight years ago", "six months after the ruling"; not "for 40 seconds
        # before it was shot down"
    if after is not None and after.pos_ == "NOUN":
        return True  # "a 30 minute monologue" describes a noun
    before = [doc[k].lower_ for k in range(max(sent.start, span.start - 2), span.start)]
    return any(w in lx.duration_framing for w in before) or " ".join(before) == "time in"


def _other_reading(noun: Token, kind: str | None = None) -> Reading | None:
    lx = _flex()
    lemma = _lemma(noun)
    if lemma in lx.non_figure or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if noun.tag_ not in ("NNS", "NNPS") and lemma not in lx.invariant_plurals:
        return None  # a singular noun after a number is a unit or a label, not a count
    who = _count_party(noun)
    if who in ("russia", "ukraine") and (kind is not None or lemma in lx.war_words):
        # a side's equipment or military actions ("Russia carried out 22 assaults")
        who = "russian_military" if who == "russia" else "ukrainian_military"
    return Reading("other", _detail_word(noun), who, 0.45, kind=kind or "other", noun=lemma)


def _count_party(noun: Token) -> str | None:
    """Whose the counted things are: a party named in the noun's modifiers ("U.S. Air
    Force bombers", "American hostages"), else the subject of a verb that owns or performs
    them ("the U.S. has conducted 200 sorties"; figure_lexicon doer_verbs), not of one that
    acts on someone else's ("Russia shelled 30 towns")."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < noun.i:
            party = next((_party(t) for t in c.subtree if _party(t)), None)
            if party:
                return party
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "dobj" or _lemma(tok.head) not in _flex().doer_verbs:
        return None
    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    return next((_party(t) for t in subj.subtree if _party(t)), None)


def _detail_word(noun: Token) -> str:
    return noun.lower_ if noun.is_alpha else "count"


# --------------------------------------------------------------------------- claimants

_SPEAKER_MAX_TOKENS = 12
_SOURCE_PREPS = frozenset({"of", "from", "by", "at", "in", "for"})
_QUOTE_OPEN = frozenset("“«")
_QUOTE_CLOSE = frozenset("”»")


@dataclass
class _Claims:
    """Who asserts what in one article, read from its parse once: the speaker of every
    reporting clause ("X said", "X claims", "X cited Y as saying") and of every
    "according to X", resolved to a canonical actor through the shared actor table
    (pronouns and descriptions through the article's context)."""

    doc: Doc
    speakers: dict[int, str | None]  # claimant verb token -> its speaker's canonical name
    according: dict[int, str | None]  # sentence start token -> the "according to" source

    @classmethod
    def of(cls, doc: Doc) -> _Claims:
        lx = _flex()
        table = actor_table()
        ctx = ResolutionContext()
        countries = Counter(
            m.entry.country
            for m in table.match(doc_text(doc))
            if m.entry.is_country and m.entry.country
        )
        ctx.countries = tuple(c for c, _ in countries.most_common(2))
        speakers: dict[int, str | None] = {}
        according: dict[int, str | None] = {}
        ents = [e for e in doc.ents if e.label_ == "PERSON"]
        e_idx = 0
        text = doc_text(doc)
        cols = token_columns(doc)
        for sent in doc.sents:
            # The countries the sentence names, read when a phrase of it is first resolved.
            in_sent: list[tuple[str, ...]] = []

            def countries_in(
                _sent: Span = sent, _cache: list[tuple[str, ...]] = in_sent
            ) -> tuple[str, ...]:
                if not _cache:
                    _cache.append(
                        tuple(
                            dict.fromkeys(
                                m.entry.country
                                for m in table.match(text[_sent.start_char : _sent.end_char])
                                if m.entry.is_country and m.entry.country
                            )
                        )
                    )
                return _cache[0]

            def resolve(phrase: Span, speaker: bool) -> str | None:
                _in = countries_in()
                res = table.resolve_phrase(
                    phrase.text, ctx, position=phrase.start_char, sentence_countries=_in
                )
                if res is None or res.entry is None:
                    # a document and its source: "an announcement by the Pentagon"
                    behind = next(
                        (
                            t
                            for t in phrase
                            if t.dep_ == "pobj" and t.head.lower_ in ("by", "from", "of")
                        ),
                        None,
                    )
                    if behind is not None:
                        res = table.resolve_phrase(
                            _phrase(behind).text, ctx, position=behind.idx, sentence_countries=_in
                        )
                if res is None:
                    return None
                if res.entry is not None and res.entry.is_person and not res.entry.in_table:
                    # a person the table does not know: their name is the PERSON entity
                    # inside the phrase, not the title before it ("Raytheon CEO Greg Hayes")
                    name = next(
                        (e for e in phrase.ents if e.label_ == "PERSON" and len(e) > 1), None
                    )
                    if name is not None and name.text != phrase.text:
                        res = table.resolve_phrase(name.text, ctx, position=name.start_char) or res
                ctx.add(referent_for(res, phrase.start_char, speaker=speaker))
                return res.name if res.entry is not None else None

            for i in range(sent.start, sent.end):  # a Token only where one is needed
                while e_idx < len(ents) and ents[e_idx].start <= i:
                    if ents[e_idx].start == i:
                        resolve(ents[e_idx], False)
                    e_idx += 1
                if cols.lower[i] == "according" and i + 1 < sent.end:
                    src = _according_source(doc[i])
                    if src is not None and sent.start not in according:
                        according[sent.start] = resolve(src, True)
                elif cols.pos[i] in ("VERB", "AUX") and cols.lemma[i] in lx.claimant_verbs:
                    subj = _speaker_phrase(doc[i], lx)
                    if subj is not None:
                        speakers[i] = resolve(subj, True)
        return cls(doc, speakers, according)

    def claimant(self, m: NumberMention, sent: Span, para: tuple[int, int]) -> str | None:
        """The claimant of the figure ``m`` in ``sent`` (paragraph ``para``), or None."""
        span = self.doc.char_span(m.num_start, m.num_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span[-1]
        for anc in (tok, *tok.ancestors):  # the innermost reporting clause holding it
            if anc.i in self.speakers:
                return self.speakers[anc.i]
        if sent.start in self.according:
            return self.according[sent.start]
        root = sent.root
        if root.i in self.speakers:  # a reporting clause the parser hung beside the figure
            return self.speakers[root.i]
        # inside a quotation whose speaker stands elsewhere in the paragraph
        body = doc_text(self.doc)
        if not _inside_quote(body, para[0], m.num_start):
            return None
        best: tuple[int, str | None] | None = None
        for i, name in self.speakers.items():
            t = self.doc[i]
            if not (para[0] <= t.idx < para[1]) or _inside_quote(body, para[0], t.idx):
                continue
            d = abs(t.idx - m.num_start)
            if best is None or d < best[0]:
                best = (d, name)
        if best is not None:
            return best[1]
        return self._introducer(para[0])

    def _introducer(self, para_start: int) -> str | None:
        """The speaker who introduced a quotation running into this paragraph: the last
        reporting clause outside quotes of the paragraph before, when that paragraph
        quotes or ends with a colon ("..., he said: ...")."""
        body = doc_text(self.doc)
        if para_start < 2:
            return None
        prev_end = para_start - 1
        prev_start = body.rfind("\n", 0, prev_end) + 1
        text = body[prev_start:prev_end].rstrip()
        if not (text.endswith(":") or any(q in text for q in ("“", "”", '"'))):
            return None
        last: tuple[int, str | None] | None = None
        for i, name in self.speakers.items():
            t = self.doc[i]
            if (
                prev_start <= t.idx < prev_end
                and not _inside_quote(body, prev_start, t.idx)
                and (last is None or t.idx > last[0])
            ):
                last = (t.idx, name)
        return last[1] if last is not None else None


def _according_source(tok: Token) -> Span | None:
    """X of "according to X"."""
    doc = tok.doc
    to = doc[tok.i + 1]
    if to.lower_ != "to":
        return None
    objs = [c for c in to.children if c.dep_ == "pobj"] or [
        c for c in tok.children if c.dep_ == "pobj"
    ]
    if not objs:
        return None
    return _phrase(objs[0])


def _speaker_phrase(verb: Token, lx: _FigLex) -> Span | None:
    """The words for who speaks with ``verb``: its subject, the agent of a passive, the
    object of "X cited *Y* as saying", or the subject of the verb it is coordinated with."""
    if _lemma(verb) in lx.citing_verbs:
        as_saying = any(
            c.lower_ == "as" and any(_lemma(g) == "say" for g in c.subtree) for c in verb.children
        )
        if as_saying:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return _phrase(obj)
    for c in verb.children:
        if c.dep_ == "nsubj":
            return _phrase(c)
    for c in verb.children:
        if c.dep_ == "agent":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase(obj)
    if verb.dep_ == "conj" and verb.head is not verb and _lemma(verb.head) in lx.claimant_verbs:
        return next((_phrase(c) for c in verb.head.children if c.dep_ == "nsubj"), None)
    return None


def _phrase(head: Token) -> Span:
    """The noun phrase of ``head``, cut before a prepositional phrase that does not name a
    source ("testimony *before Judge X*", but "a statement *from the military*"), and
    before its relative clauses when it runs long."""
    doc = head.doc
    left, right = head.left_edge.i, head.right_edge.i
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ not in _SOURCE_PREPS:
            right = max(head.i, c.i - 1)
            break
    if right - left + 1 > _SPEAKER_MAX_TOKENS:
        right = head.i
        for c in head.rights:
            if (
                c.dep_ in ("appos", "compound", "flat")
                and c.right_edge.i - left < _SPEAKER_MAX_TOKENS
            ):
                right = c.right_edge.i
            else:
                break
    return doc[left : right + 1]


def _inside_quote(body: str, start: int, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened since ``start`` (a paragraph start)."""
    depth = 0
    straight = False
    for ch in body[start:pos]:
        if ch in _QUOTE_OPEN:
            depth += 1
        elif ch in _QUOTE_CLOSE:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def assign_claimants(
    figures: Sequence[Figure], attributions: Sequence[Attribution]
) -> list[Figure]:
    """Set each figure's ``claimant`` from the attribution that holds it.

    The innermost attribution with a speaker whose content span (``start``/``end``)
    contains the figure wins, unless the figure's own reading names an actor of the table
    where the attribution's speaker is only a description ("emergency services") or an
    outlet relaying someone ("Interfax cited the defence ministry as saying ..." gives the
    ministry); failing that the figure keeps the claimant ``extract_figures`` read from its
    own sentence; a figure with none takes an attribution whose speaker stands in its
    sentence ("..., local officials said, with a strike leaving two dead"); else
    ``claimant`` stays None (the article's own voice). An attribution whose speaker could
    not be resolved (``speaker`` None: "according to reports") decides nothing.
    """
    out: list[Figure] = []
    for fig in figures:
        holders = [
            a
            for a in attributions
            if a.start <= fig.start and fig.end <= a.end and a.speaker is not None
        ]
        claimant = fig.claimant
        if holders:
            speaker = min(holders, key=lambda a: (a.end - a.start, -a.start)).speaker
            claimant = _prefer(_untitled(speaker), claimant)
        elif claimant is None:
            chosen = _same_sentence(fig, attributions)
            claimant = _untitled(chosen.speaker) if chosen is not None else None
        out.append(dataclasses.replace(fig, claimant=claimant))
    return out


def _untitled(speaker: str | None) -> str | None:
    """A person's name without the title an unresolved speaker kept ("CEO Jane Doe" ->
    "Jane Doe", "Governor John Smith" -> "John Smith"); table actors stay as they are."""
    if speaker is None or actor_table().get(speaker) is not None:
        return speaker
    words = speaker.split()
    k = 0
    while k < len(words) - 2 and words[k].lower().rstrip(".") in _flex().titles:
        k += 1
    rest = words[k:]
    if (
        k
        and len(rest) <= 3
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in rest)
    ):
        return " ".join(rest)
    return speaker


def _prefer(speaker: str | None, own: str | None) -> str | None:
    """The holding attribution's speaker, unless the figure's own reading names a table
    actor where the attribution has only a description ("emergency services") or an outlet
    relaying someone else ("Interfax cited the defence ministry as saying")."""
    if own is None or speaker is None or own == speaker:
        return speaker or own
    table = actor_table()
    said, mine = table.get(speaker), table.get(own)
    if mine is None:
        return speaker
    if said is None:
        return own
    if said.kind == "media" and mine.kind != "media":
        return own
    return speaker


def _same_sentence(fig: Figure, attributions: Sequence[Attribution]) -> Attribution | None:
    """An attribution whose speaker stands in the figure's sentence."""
    offset = fig.sentence.find(fig.value_text)
    if offset < 0:
        return None
    s_start = fig.start - offset
    s_end = s_start + len(fig.sentence)
    best: Attribution | None = None
    best_distance = 0
    for a in attributions:
        if a.speaker_start is None or a.speaker_end is None:
            continue
        if not (s_start <= a.speaker_start and a.speaker_end <= s_end):
            continue
        distance = abs(a.speaker_start - fig.start)
        if best is None or distance < best_distance:
            best, best_distance = a, distance
    return best


__all__ = ["EXTRACTOR", "Reading", "assign_claimants", "extract_figures", "read_number"]
