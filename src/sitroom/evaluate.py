"""Scoring extraction against gold annotations, as ``../shared/gold/SCHEMA.md`` defines it.

Predictions and gold are both in the SCHEMA's JSON form (what ``ArticleFacts.to_dict``
and ``sitroom extract --format jsonl`` write), so a saved JSONL file of predictions can
be scored as well as a live run.

Matching is one-to-one and greedy, best pairs first:

* figures: same article, ``value`` within 0.5% and the same ``category``; on matched
  pairs ``detail``, ``who``, ``qualifier`` and ``claimant`` are scored as accuracies;
* attributions: same article, same canonical ``speaker`` (case-insensitive) and content
  token overlap (Jaccard) of at least 0.5;
* places: same article, coordinates within 25 km (``city``, ``site``) or 150 km
  (``region``, ``water``) of the gold ones; for gold places without coordinates, the same
  normalised name or the same country code for countries;
* publication date: absolute error in days against ``published``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitroom.errors import GoldError

FIGURE_FIELDS = ("detail", "who", "qualifier", "claimant")
PLACE_RADIUS_KM = {"city": 25.0, "site": 25.0, "region": 150.0, "water": 150.0, "other": 150.0}
_TOKEN = re.compile(r"\w+", re.UNICODE)

Record = Mapping[str, Any]


@dataclass
class TypeScore:
    """Counts and matched pairs for one fact type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[tuple[str, Record]] = field(default_factory=list)  # (article, gold record)
    spurious: list[tuple[str, Record]] = field(default_factory=list)  # (article, prediction)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    figures: TypeScore = field(default_factory=TypeScore)
    attributions: TypeScore = field(default_factory=TypeScore)
    places: TypeScore = field(default_factory=TypeScore)
    figure_fields: dict[str, list[bool]] = field(
        default_factory=lambda: {f: [] for f in FIGURE_FIELDS}
    )
    field_errors: list[tuple[str, str, Any, Any, str]] = field(default_factory=list)
    published_errors: dict[str, int | None] = field(default_factory=dict)
    articles: int = 0

    def field_accuracy(self, name: str) -> float:
        values = self.figure_fields[name]
        return sum(values) / len(values) if values else 0.0

    @property
    def published_mae(self) -> float | None:
        errors = [e for e in self.published_errors.values() if e is not None]
        return sum(errors) / len(errors) if errors else None

    @property
    def published_missing(self) -> int:
        return sum(1 for e in self.published_errors.values() if e is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "figures": self.figures.to_dict(),
            "attributions": self.attributions.to_dict(),
            "places": self.places.to_dict(),
            "figure_fields": {
                name: {
                    "accuracy": round(self.field_accuracy(name), 4),
                    "n": len(self.figure_fields[name]),
                }
                for name in FIGURE_FIELDS
            },
            "published": {
                "mean_abs_error_days": (
                    round(self.published_mae, 3) if self.published_mae is not None else None
                ),
                "missing": self.published_missing,
                "errors": self.published_errors,
            },
        }


# --------------------------------------------------------------------------- loading


def load_gold(path: Path, corpus_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """Read a gold JSONL file into ``{article: record}``.

    Gold written by this project for articles whose text may not be committed stores
    offsets instead of text: any field ``X_span: [start, end]`` (end exclusive, offsets
    into the article file's raw text) is read from the file in ``corpus_dir`` into ``X``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read the gold file ({exc.strerror})") from exc
    gold: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict) or "article" not in record:
            raise GoldError(f"{path}:{number}: a gold record needs an 'article' field")
        gold[str(record["article"])] = record
    if corpus_dir is not None:
        for name, record in gold.items():
            _materialise_spans(record, name, corpus_dir)
    if not gold:
        raise GoldError(f"{path}: no gold records")
    return gold


def _materialise_spans(record: dict[str, Any], name: str, corpus_dir: Path) -> None:
    text: str | None = None
    for key in ("figures", "attributions", "places"):
        for fact in record.get(key) or []:
            for span_key in [k for k in fact if k.endswith("_span")]:
                if text is None:
                    files = sorted(corpus_dir.glob(f"{glob_escape(name)}.*"))
                    if not files:
                        raise GoldError(f"{corpus_dir}: no file for gold article {name!r}")
                    text = files[0].read_text(encoding="utf-8")
                start, end = fact[span_key]
                fact[span_key[: -len("_span")]] = text[start:end]


# --------------------------------------------------------------------------- scoring


def score(predictions: Mapping[str, Record], gold: Mapping[str, Record]) -> EvalReport:
    """Score predictions (``{article: record}``) against gold (``{article: record}``).

    Articles in gold but missing from predictions count all their facts as misses.
    """
    report = EvalReport()
    for article, g in gold.items():
        report.articles += 1
        p = predictions.get(article, {})
        _score_figures(article, p.get("figures") or [], g.get("figures") or [], report)
        _match(
            article,
            p.get("attributions") or [],
            g.get("attributions") or [],
            _attribution_similarity,
            report.attributions,
        )
        _match(
            article, p.get("places") or [], g.get("places") or [], _place_similarity, report.places
        )
        report.published_errors[article] = _date_error(p.get("published"), g.get("published"))
    return report


def _score_figures(
    article: str, predicted: Sequence[Record], gold: Sequence[Record], report: EvalReport
) -> None:
    pairs = _match(article, predicted, gold, _figure_similarity, report.figures)
    for pred, ref in pairs:
        for name in FIGURE_FIELDS:
            ok = _norm_field(pred.get(name)) == _norm_field(ref.get(name))
            report.figure_fields[name].append(ok)
            if not ok:
                report.field_errors.append(
                    (article, name, pred.get(name), ref.get(name), str(ref.get("value_text")))
                )


def _match(
    article: str,
    predicted: Sequence[Record],
    gold: Sequence[Record],
    similarity: Callable[[Record, Record], float | None],
    counts: TypeScore,
) -> list[tuple[Record, Record]]:
    """Greedy one-to-one matching by similarity (None = cannot match)."""
    candidates: list[tuple[float, int, int]] = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            s = similarity(p, g)
            if s is not None:
                candidates.append((s, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    for _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((predicted[i], gold[j]))
    counts.tp += len(pairs)
    counts.fp += len(predicted) - len(pairs)
    counts.fn += len(gold) - len(pairs)
    counts.misses.extend((article, g) for j, g in enumerate(gold) if j not in used_g)
    counts.spurious.extend((article, p) for i, p in enumerate(predicted) if i not in used_p)
    return pairs


def _figure_similarity(p: Record, g: Record) -> float | None:
    try:
        pv, gv = float(p["value"]), float(g["value"])
    except (KeyError, TypeError, ValueError):
        return None
    if p.get("category") != g.get("category"):
        return None
    tolerance = 0.005 * abs(gv)
    if abs(pv - gv) > tolerance:
        return None
    # Prefer the pair whose quotes overlap most when one value appears several times.
    return 1.0 + jaccard(str(p.get("quote") or p.get("sentence") or ""), str(g.get("quote") or ""))


def _attribution_similarity(p: Record, g: Record) -> float | None:
    ps, gs = p.get("speaker"), g.get("speaker")
    if not ps or not gs or str(ps).casefold() != str(gs).casefold():
        return None
    j = jaccard(str(p.get("content") or ""), str(g.get("content") or ""))
    return j if j >= 0.5 else None


def _place_similarity(p: Record, g: Record) -> float | None:
    g_lat, g_lon = g.get("lat"), g.get("lon")
    if g_lat is not None and g_lon is not None:
        p_lat, p_lon = p.get("lat"), p.get("lon")
        if p_lat is None or p_lon is None:
            return None
        radius = PLACE_RADIUS_KM.get(str(g.get("kind")), 25.0)
        d = haversine_km(float(p_lat), float(p_lon), float(g_lat), float(g_lon))
        return 1.0 - d / radius if d <= radius else None
    if normalise_name(p.get("name")) == normalise_name(g.get("name")):
        return 1.0
    if (
        g.get("kind") == "country"
        and p.get("kind") == "country"
        and g.get("country")
        and p.get("country") == g.get("country")
    ):
        return 1.0
    return None


def _date_error(predicted: Any, gold: Any) -> int | None:
    if not gold:
        return 0 if not predicted else None
    if not predicted:
        return None
    try:
        return abs((date.fromisoformat(str(predicted)) - date.fromisoformat(str(gold))).days)
    except ValueError:
        return None


# --------------------------------------------------------------------------- helpers


def tokens(text: str) -> set[str]:
    return {t.casefold() for t in _TOKEN.findall(text)}


def jaccard(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    return len(ta & tb) / len(ta | tb)


def normalise_name(name: Any) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _norm_field(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip().casefold()


def format_report(report: EvalReport) -> str:
    """A plain-text table of the scores."""
    lines = [
        f"articles: {report.articles}",
        "",
        f"{'type':<14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}",
    ]
    for name in ("figures", "attributions", "places"):
        s: TypeScore = getattr(report, name)
        lines.append(
            f"{name:<14}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
        )
    lines += ["", "figure fields on matched pairs:"]
    for name in FIGURE_FIELDS:
        lines.append(
            f"  {name:<12}{report.field_accuracy(name):>8.3f}  (n={len(report.figure_fields[name])})"
        )
    mae = report.published_mae
    lines += [
        "",
        "publication date: mean absolute error "
        + (f"{mae:.2f} days" if mae is not None else "n/a")
        + f", missing {report.published_missing} of {len(report.published_errors)}",
    ]
    for article, err in sorted(report.published_errors.items()):
        lines.append(f"  {article:<28}{'missing' if err is None else str(err) + ' d':>10}")
    return "\n".join(lines)


def read_predictions(lines: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Predictions from JSONL text (one ``sitroom extract`` object per line)."""
    out: dict[str, dict[str, Any]] = {}
    for line in lines:
        if line.strip():
            record = json.loads(line)
            out[str(record["article"])] = record
    return out


def evaluate_corpus(
    gold_path: Path, corpus_dir: Path
) -> tuple[EvalReport, dict[str, dict[str, Any]]]:
    """Clean and extract the gold articles found in ``corpus_dir`` and score them.

    Returns the report and the predictions (``{article: record}``).
    """
    from sitroom.extract import extract
    from sitroom.ingest import build_article, read_file

    gold = load_gold(gold_path, corpus_dir)
    articles = []
    for name in gold:
        candidates = sorted(corpus_dir.glob(f"{glob_escape(name)}.*"))
        if not candidates:
            raise GoldError(f"{corpus_dir}: no file for gold article {name!r}")
        for item in read_file(candidates[0]):
            if isinstance(item, Exception):
                raise GoldError(f"{candidates[0]}: {item}")
            articles.append(build_article(item))
    predictions = {facts.article: facts.to_dict() for facts in extract(articles)}
    return score(predictions, gold), predictions


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)
