"""Experiment: can a learned line classifier find the furniture that the named rules miss?

Usage::

    .venv/bin/python benchmarks/clean_learned.py [--train-on all|kept] [--c 0.3]

Reads only the ``dev`` split of ``benchmarks/labels/clean_labels.jsonl``. Every labelled line
that is not the headline is one example: hand-made features of the line and of its place
(length, sentence punctuation, capitalisation, list/quote/handle/link/date markers, keyword
families of page furniture, position from the start and the end, whether the named rules
removed its neighbours and how much of what follows, blank lines around it, whether it is
printed twice, its length against the article's longest line, whether paragraphs stand
around it), and 1 when it is furniture. A logistic regression is cross-validated (5 folds
grouped by article); the table gives, per probability threshold, what the classifier would
remove among the lines the named rules keep (``removed``, ``furn`` of them furniture) and the
dev set's precision and recall with it. ``sitroom.clean`` ships no learned rule: on the dev
labels no threshold removes kept lines at a useful precision (see the report of the third
cleaning session), so this script is kept as the measurement, not as a model builder.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from clean_quality import CORPUS, load_labels  # noqa: E402
from sitroom.clean import (  # noqa: E402
    Line,
    _article_started,
    is_paragraph,
    is_title_case,
    rule_removals,
)

_KEYWORDS = tuple(
    re.compile(p)
    for p in (
        r"\b(?:you|your|you're|yours)\b",
        r"\b(?:we|our|us)\b",
        r"\b(?:video|photo|image|picture|watch|listen|podcast|footage|pictured)\b",
        r"\b(?:read|related|more|also|see|click|here|full story|latest)\b",
        r"\b(?:subscribe|newsletter|donat\w*|support|sign|follow|join|free|articles?|website|"
        r"translate|channel|share|comment\w*|email)\b",
        r"\b(?:getty|reuters|afp|ap|file|courtesy|handout|credit|via|images?)\b",
        r"\b(?:said|says|told|according|added|stated)\b",
    )
)
_SENTENCE_END = re.compile(r"[.!?…‼][\"'”’)\]»]*$")
_TERMINAL = re.compile(r"[.!?…‼:;][\"'”’)\]»]*$")
_MONTH_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b"
)
_HANDLE_OR_LINK = re.compile(r"@\w|https?://|www\.|\.com\b")
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def features(lines: Sequence[Line], removed: Mapping[int, str], i: int) -> list[float]:
    line, text, low, n = lines[i], lines[i].text, lines[i].low, len(lines)
    words = _WORDS.findall(text)
    after = n - 1 - i
    longest = max((lines[k].words for k in range(n) if k not in removed), default=1)
    nxt = lines[i + 1] if i + 1 < n else None
    return [
        math.log1p(line.words),
        float(line.words <= 3),
        float(4 <= line.words <= 12),
        float(line.words > 25),
        float(_SENTENCE_END.search(text) is not None),
        float(text.endswith("?")),
        float(text.endswith(":")),
        float(_TERMINAL.search(text) is None),
        float(text.endswith(("…", "..."))),
        sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0,
        float(is_title_case(text)),
        float(text.isupper()),
        float(text[0] in "-•*–·"),
        float(text[0] in "\"'“‘"),
        sum(ch.isdigit() for ch in text) / len(text),
        float(_HANDLE_OR_LINK.search(low) is not None),
        float(_MONTH_DATE.search(low) is not None),
        *(float(k.search(low) is not None) for k in _KEYWORDS),
        i / n,
        after / n,
        float(not any(k not in removed for k in range(i + 1, n))),
        float(i > 0 and (i - 1) in removed),
        float(nxt is not None and (i + 1) in removed),
        sum(1 for k in range(i + 1, n) if k in removed) / after if after else 1.0,
        float(min(line.gap, 2)),
        float(min(nxt.gap, 2)) if nxt is not None else 2.0,
        float(sum(1 for other in lines if other.low == low) > 1),
        line.words / longest,
        float(i > 0 and is_paragraph(lines[i - 1])),
        float(nxt is not None and is_paragraph(nxt)),
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("--train-on", choices=("all", "kept"), default="all")
    args = ap.parse_args()
    xs, ys, groups, kept, by_rules = [], [], [], [], []
    for g, item in enumerate(i for i in load_labels() if i.split == "dev"):
        text = (CORPUS / item.path).read_text(encoding="utf-8")
        lines, removed, _ = rule_removals(text)
        index = {line.position: k for k, line in enumerate(lines)}
        for position, _digest, gold in item.lines:
            k = index[position]
            if gold == "title" or removed.get(k) == "title":
                continue
            xs.append(features(lines, removed, k))
            ys.append(gold == "furniture")
            groups.append(g)
            by_rules.append(k in removed)
            kept.append(k not in removed and _article_started(lines, removed, k))
    x, y = np.array(xs), np.array(ys, int)
    kept_a, rules_a = np.array(kept, bool), np.array(by_rules, bool)
    tp0, fp0 = int(y[rules_a].sum()), int((y[rules_a] == 0).sum())
    print(
        f"dev lines {len(y)}, furniture {y.sum()}; the named rules remove {tp0} furniture and "
        f"{fp0} other lines; candidates (kept, after the text started) {kept_a.sum()}, "
        f"furniture among them {y[kept_a].sum()}"
    )
    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, np.array(groups)):
        sel = train if args.train_on == "all" else train[kept_a[train]]
        mean, scale = x[sel].mean(axis=0), x[sel].std(axis=0)
        scale[scale == 0] = 1.0
        clf = LogisticRegression(C=args.c, max_iter=2000, class_weight="balanced")
        clf.fit((x[sel] - mean) / scale, y[sel])
        oof[test] = clf.predict_proba((x[test] - mean) / scale)[:, 1]
    print(f"{'threshold':>10}{'removed':>9}{'furn':>6}{'prec':>7}{'dev prec':>10}{'dev rec':>9}")
    for t in (0.99, 0.98, 0.97, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5):
        hit = kept_a & (oof >= t)
        tp, fp = int(y[hit].sum()), int((y[hit] == 0).sum())
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(
            f"{t:>10.2f}{tp + fp:>9}{tp:>6}{prec:>7.3f}{(tp0 + tp) / (tp0 + fp0 + tp + fp):>10.3f}"
            f"{(tp0 + tp) / y.sum():>9.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
