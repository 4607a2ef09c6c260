"""The framing stage: how each article frames the war.

Public API:

* :func:`frame_articles` -> one :class:`~sitroom.records.Framing` per article: narratives
  and subnarratives (SemEval-2025 Task 10 taxonomy, :mod:`sitroom.frame.narratives`),
  persuasion techniques per paragraph (:mod:`sitroom.frame.persuasion`), headline
  overstatement (:mod:`sitroom.frame.overstatement`) and the framing roles of the actors
  the actor table finds (:mod:`sitroom.frame.roles`);
* :func:`frame_article` for one article.

The models are the committed artefacts under ``sitroom/data/frame/`` (rebuilt by
``sitroom train``); they run with the default install (scikit-learn, no torch). A model
that is missing raises :class:`~sitroom.errors.ModelError` with the command that builds
it. An empty article gets ``Other``, no persuasion, a zero overstatement and no roles.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence

from sitroom.frame import narratives, roles
from sitroom.frame.text import article_text
from sitroom.records import Article, Framing, Overstatement, PersuasionSpan

__all__ = ["frame_article", "frame_articles"]

log = logging.getLogger(__name__)
NO_OVERSTATEMENT = Overstatement(0.0, (), ())


def _persuasion(article: Article) -> tuple[PersuasionSpan, ...]:
    try:
        from sitroom.frame.persuasion import detect_persuasion
    except ImportError as exc:  # the persuasion module is optional while it is being built
        _missing("persuasion", exc)
        return ()
    return tuple(detect_persuasion(article))


def _overstatement(article: Article) -> Overstatement:
    try:
        from sitroom.frame.overstatement import score_headline
    except ImportError as exc:
        _missing("overstatement", exc)
        return NO_OVERSTATEMENT
    return score_headline(article)


@functools.cache
def _missing(part: str, exc: Exception) -> None:
    log.warning("framing without %s: %s", part, exc)


def frame_articles(articles: Sequence[Article]) -> list[Framing]:
    """Framing of each article, in order."""
    texts = [article_text(a) for a in articles]
    nonempty = [i for i, t in enumerate(texts) if t.strip()]
    labels: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    if nonempty:
        predicted = narratives.classify([texts[i] for i in nonempty])
        labels = dict(zip(nonempty, predicted, strict=True))
    out: list[Framing] = []
    for i, article in enumerate(articles):
        narrs, subs = labels.get(i, ((narratives.OTHER,), (narratives.OTHER,)))
        empty = i not in labels
        out.append(
            Framing(
                article=article.name,
                narratives=narrs,
                subnarratives=subs,
                persuasion=() if empty or not article.body.strip() else _persuasion(article),
                headline_overstatement=NO_OVERSTATEMENT if empty else _overstatement(article),
                entity_roles=roles.assign_roles(article),
            )
        )
    return out


def frame_article(article: Article) -> Framing:
    return frame_articles([article])[0]
