"""Quality of sitroom's dates extraction on span-form dates gold (tests/gold/dates_semeval.jsonl).

Scores, per split of the gold (``dev``/``heldout``; the seeds gold has no split):

* publication date: articles within one day, mean absolute error, missing answers, and
  window coverage (the gold day inside the predicted window) with the mean window width;
* date expressions: a predicted mention matches a gold one when their raw-text spans
  overlap; precision/recall of the spans, and the share of matched pairs whose resolved
  interval equals the gold one (``date`` and ``date_end``).

Per-article lines are printed for the dev split only unless ``--show-heldout`` is given:
the held-out split stays unread while rules are written.

    .venv/bin/python benchmarks/dates_quality.py \
        --gold tests/gold/dates_semeval.jsonl --corpus ../shared/corpus/semeval2025_en/documents
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.evaluate import glob_escape
from sitroom.extract.dates import extract_dates, infer_publication_date
from sitroom.ingest import build_article, read_file
from sitroom.nlp import parse
from sitroom.records import Article


@dataclass
class Split:
    errors: list[int | None] = field(default_factory=list)
    covered: int = 0
    windows: int = 0
    no_window: int = 0
    window_early: int = 0  # the window ends before the gold day
    window_late: int = 0  # the window starts after it
    widths: list[int] = field(default_factory=list)
    metadata: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    resolved_ok: int = 0
    lines: list[str] = field(default_factory=list)

    def summary(self, name: str) -> str:
        known = [e for e in self.errors if e is not None]
        n = len(self.errors)
        within = sum(1 for e in known if e <= 1)
        mae = statistics.mean(known) if known else float("nan")
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        width = statistics.mean(self.widths) if self.widths else float("nan")
        return (
            f"{name}: {n} articles (metadata date on {self.metadata}); published within 1 day "
            f"{within}/{n}, mean error {mae:.2f} d, missing {n - len(known)}; window covers "
            f"gold {self.covered}/{self.windows} (mean width {width:.1f} d; none {self.no_window}, "
            f"ends early {self.window_early}, starts late {self.window_late})\n"
            f"{' ' * len(name)}  expressions P {p:.3f} R {r:.3f} (tp {self.tp}, fp {self.fp}, "
            f"fn {self.fn}); resolved interval correct on {self.resolved_ok}/{self.tp} matched"
        )


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _load(gold_path: Path, corpus: Path) -> list[tuple[dict[str, Any], Article]]:
    out = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        files = sorted(corpus.glob(f"{glob_escape(record['article'])}.*"))
        for item in read_file(files[0]):
            if isinstance(item, Exception):
                raise item
            out.append((record, build_article(item)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--show-heldout", action="store_true")
    ap.add_argument(
        "--gold-published",
        action="store_true",
        help="resolve expressions against the gold publication day (scores normalisation alone)",
    )
    args = ap.parse_args()
    items = _load(args.gold, args.corpus)
    splits: dict[str, Split] = {}
    t0 = time.perf_counter()
    docs = list(parse([a.body for _, a in items]))
    t1 = time.perf_counter()
    for (gold, article), doc in zip(items, docs, strict=True):
        split = splits.setdefault(gold.get("split", "all"), Split())
        pub = infer_publication_date(article, doc)
        gday = _day(gold.get("published"))
        mentions = extract_dates(article, doc, gday if args.gold_published else pub.date)
        split.metadata += article.published is not None
        gpub, gwin = _day(gold.get("published")), gold.get("published_window")
        if gpub is None:
            err: int | None = None if pub.date is None else 0
            split.errors.append(0 if pub.date is None else None)
        else:
            err = abs((pub.date - gpub).days) if pub.date else None
            split.errors.append(err)
            split.windows += 1
            if pub.window:
                split.covered += pub.window[0] <= gpub <= pub.window[1]
                split.window_early += pub.window[1] < gpub
                split.window_late += pub.window[0] > gpub
                split.widths.append((pub.window[1] - pub.window[0]).days + 1)
            else:
                split.no_window += 1
        wtxt = f"{pub.window[0]}..{pub.window[1]}" if pub.window else "-"
        split.lines.append(
            f"  {article.name:14} gold {gpub} {gwin} pred {pub.date} [{wtxt}] err {err} "
            f"({pub.source}: {pub.evidence})"
        )
        if "dates" not in gold:
            continue  # no date expressions annotated (the seeds gold): nothing to score
        golds = [
            (g["text_span"][0], g["text_span"][1], _day(g["date"]), _day(g.get("date_end")))
            for g in gold["dates"]
        ]
        used: set[int] = set()
        for m in mentions:
            rs, re_ = article.raw_offset(m.start), article.raw_offset(m.end - 1) + 1
            hit = next(
                (i for i, g in enumerate(golds) if i not in used and rs < g[1] and g[0] < re_),
                None,
            )
            if hit is None:
                split.fp += 1
                split.lines.append(f"    FP {m.text!r} -> {m.date} {m.date_end}")
                continue
            used.add(hit)
            split.tp += 1
            g = golds[hit]
            same = m.date == g[2] and (m.date_end or m.date) == (g[3] or g[2])
            split.resolved_ok += same
            if not same:
                split.lines.append(
                    f"    WRONG {m.text!r} -> {m.date} {m.date_end}; gold {g[2]} {g[3]}"
                )
        for i, g in enumerate(golds):
            if i not in used:
                split.fn += 1
                raw = article.raw_text[g[0] : g[1]]
                split.lines.append(f"    FN {raw!r} gold {g[2]} {g[3]}")
    t2 = time.perf_counter()
    for name, split in splits.items():
        print(split.summary(name))
        if name != "heldout" or args.show_heldout:
            print("\n".join(split.lines))
    print(f"parse {t1 - t0:.2f} s, dates {t2 - t1:.3f} s for {len(items)} articles")


if __name__ == "__main__":
    main()
