"""Reconciliation of thin corpora: what is missing is said, nothing fails."""

from __future__ import annotations

from sitroom.reconcile import reconcile

from .reconcile_records import article, facts, figure


def test_an_empty_corpus_says_there_is_nothing() -> None:
    s = reconcile([], {})
    assert s.missing == ["No articles were given, so there is nothing to report."]
    assert (s.period, s.series, s.contested, s.clusters, s.events, s.places) == (
        None,
        [],
        [],
        [],
        [],
        [],
    )


def test_one_article_without_figures_or_dates() -> None:
    a = article("a", "Officials met again on the border.", published=None)
    s = reconcile([a], {"a": facts(a)})
    assert s.period is None
    for line in (
        "Only one article was given: nothing can be compared across sources.",
        "No article gives a date, so the period covered is unknown.",
        "No figures were found.",
        "No attributed statements were found.",
        "No events were found.",
        "No places were found, so the map is empty.",
    ):
        assert line in s.missing


def test_articles_not_yet_extracted_are_counted_as_sources() -> None:
    a = article("a", "Officials said 100 soldiers were killed.")
    b = article("b", "Nothing else happened.")
    s = reconcile([a, b], {"a": facts(a, [figure(a, "100", 100)])})
    assert "1 article(s) have not been through extraction." in s.missing
    assert sorted(s.sources) == [("a.example", 1), ("b.example", 1)]
    assert len(s.series) == 1 and "No figure is reported by more than one claimant." in s.missing
