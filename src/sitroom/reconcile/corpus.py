"""The corpus as reconciliation sees it: articles by name, their facts, dates, outlets and
citations.

A :class:`~sitroom.records.Citation` covers the *sentence* that holds a fact (its
``start``/``end`` are the sentence's offsets in the cleaned body, so that
``body[start:end] == sentence``); where the sentence cannot be found in the body, the fact's
own span stands in.

Dates: an article's date is the publication date that extraction inferred from the text,
else its metadata date. A fact's date is the date mention of its own sentence nearest to it
(a mention that opens a period, "since February 24", dates the start of a count, not the
claim, and is skipped), else the article's date (``date_source="published"``), else none.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sitroom.outlets import UNKNOWN_OUTLET, canonical_outlet, infer_outlet
from sitroom.records import Article, ArticleFacts, Citation, DateMention, Fact


@dataclass
class Corpus:
    """Articles and facts by article name, with the lookups every reconciler needs."""

    articles: dict[str, Article]
    facts: dict[str, ArticleFacts]
    originals: list[str]  # names of the non-duplicate articles, in input order
    outlets: dict[str, str] = field(default_factory=dict)
    dates: dict[str, dt.date | None] = field(default_factory=dict)
    speaker_sides: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Sequence[Article], facts: Mapping[str, ArticleFacts]) -> Corpus:
        by_name: dict[str, Article] = {}
        for a in articles:
            by_name.setdefault(a.name, a)
        originals = [n for n, a in by_name.items() if not a.duplicate_of]
        corpus = cls(articles=by_name, facts=dict(facts), originals=originals)
        for name, a in by_name.items():
            outlet = canonical_outlet(a.outlet) if a.outlet else infer_outlet(a)
            corpus.outlets[name] = outlet or UNKNOWN_OUTLET
            f = facts.get(name)
            corpus.dates[name] = (f.published.date if f else None) or a.published
        sides: dict[str, Counter[str]] = {}
        for f in facts.values():
            for att in f.attributions:
                if att.speaker and att.side:
                    sides.setdefault(att.speaker, Counter())[att.side] += 1
            for actor in f.actors:
                if actor.canonical and actor.side:
                    sides.setdefault(actor.canonical, Counter())[actor.side] += 1
        corpus.speaker_sides = {k: c.most_common(1)[0][0] for k, c in sides.items()}
        return corpus

    def facts_of(self, name: str) -> ArticleFacts | None:
        return self.facts.get(name)

    def outlet(self, name: str) -> str:
        return self.outlets.get(name, UNKNOWN_OUTLET)

    def date(self, name: str) -> dt.date | None:
        return self.dates.get(name)

    def side_of(self, speaker: str | None) -> str | None:
        return self.speaker_sides.get(speaker) if speaker else None

    def sentence_span(self, name: str, fact: Fact) -> tuple[int, int]:
        """Offsets of the sentence holding ``fact`` in the article's body."""
        return sentence_span(self.articles[name].body, fact)

    def cite(self, name: str, fact: Fact) -> Citation:
        article = self.articles[name]
        start, end = sentence_span(article.body, fact)
        sentence = article.body[start:end] if (start, end) != (fact.start, fact.end) else None
        return Citation(
            article=name,
            article_id=article.id,
            start=start,
            end=end,
            sentence=sentence if sentence is not None else fact.sentence,
            outlet=self.outlet(name),
            published=self.date(name),
        )

    def fact_date(self, name: str, fact: Fact) -> tuple[dt.date | None, str]:
        """The date a fact refers to: a date mention in its sentence, else the article's."""
        f = self.facts.get(name)
        if f is not None and f.dates:
            lo, hi = self.sentence_span(name, fact)
            best: DateMention | None = None
            for d in f.dates:
                if not (lo <= d.start and d.end <= hi):
                    continue
                if d.text.lower().startswith(("since", "from", "until", "till", "before")):
                    continue
                if best is None or abs(d.start - fact.start) < abs(best.start - fact.start):
                    best = d
            if best is not None:
                return (best.date_end or best.date), "text"
        published = self.date(name)
        if published is not None:
            return published, "published"
        return None, "none"


def sentence_span(body: str, fact: Fact) -> tuple[int, int]:
    """Offsets of ``fact.sentence`` in ``body`` around the fact's span; the fact's own span
    when the sentence text cannot be found there."""
    sent = fact.sentence
    if sent:
        lo = max(0, fact.end - len(sent))
        pos = body.find(sent, lo, fact.start + len(sent))
        if pos != -1 and pos <= fact.start and fact.end <= pos + len(sent):
            return pos, pos + len(sent)
        stripped = sent.strip()
        if stripped and stripped != sent:
            pos = body.find(stripped, max(0, fact.end - len(stripped)), fact.start + len(stripped))
            if pos != -1 and pos <= fact.start:
                return pos, pos + len(stripped)
    return fact.start, fact.end


__all__ = ["Corpus", "sentence_span"]
