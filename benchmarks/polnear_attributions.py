"""Attributions on PolNeAR dev: source and content spans against the manual annotation.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates every attribution relation of
US political news (2016) as brat standoff: a Source, a Cue and a Content span per
relation. This script cleans each dev article with sitroom (the same path as
``sitroom extract``), parses it, runs :func:`sitroom.extract.attributions.extract_attributions`
alone, maps the spans of the predicted speakers and contents from the cleaned body back to
the raw text (``Article.raw_offset``) and scores them against the annotation.

Scoring (our own scorer, one-to-one greedy matching per article, largest overlap first):

* a predicted **content** is the statement's ``start``/``end``; a predicted **source**
  is its ``speaker_start``/``speaker_end`` (statements that continue a previous quote
  carry no speaker span of their own and are left out of the source rows; a speaker
  resolved from a pronoun points at the pronoun, as PolNeAR's Source does);
* gold spans are PolNeAR's Content and Source spans (a discontinuous span is taken
  from its first to its last character), one of each per relation, identical spans of
  several relations counted once;
* **exact**: both spans are equal after trimming whitespace, punctuation and quotation
  marks at either end (and a leading "that" on contents);
* **overlap**: the spans share at least one character, each span matched at most once
  (the "partial match" of the attribution literature).

PolNeAR marks sources of every kind (including "I", "we", pronouns with no antecedent
in the article and nested sources of beliefs), and its content spans follow its own
guidelines (contents include the complementiser "that", and belief verbs count), so
recall here is a floor for sitroom's war-news use, not a target. The last row counts
recall over the relations whose source is neither first nor second person nor missing
(the author's and reader's own voice is no attribution in the SCHEMA's sense).
Other scheme differences remain in it: cues that are nouns or perception and intention
verbs ("his claim that", "polls show", "wants to"), headlines ("Pence: X"), and split
quotes that PolNeAR joins into one content across the cue (sitroom gives one statement
per piece, as the seeds' gold does; overlap still matches one of them). Articles with several
annotators keep the first annotation file (sorted by name).

    .venv/bin/python benchmarks/polnear_attributions.py [--split dev] [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitroom.extract.attributions import extract_attributions
from sitroom.ingest import build_article, read_file
from sitroom.nlp import get_nlp, parse
from sitroom.records import Article

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared/corpus/polnear"
_TRIM = " \t\n,.;:!?\"'“”‘’()[]—–-"

Span = tuple[int, int]


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_ann(path: Path) -> tuple[list[Span], list[Span]]:
    """Gold (sources, contents) of one brat file, each span deduplicated."""
    spans: dict[str, tuple[str, Span]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            nums = [int(x) for x in re.findall(r"\d+", offsets)]
            if nums:
                spans[parts[0]] = (kind, (min(nums), max(nums)))
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    sources: set[Span] = set()
    contents: set[Span] = set()
    for rel in relations:
        for role, bucket in (("Source", sources), ("Content", contents)):
            ref = rel.get(role)
            if ref in spans and spans[ref][0] == role:
                bucket.add(spans[ref][1])
    return sorted(sources), sorted(contents)


_FIRST_SECOND_PERSON = {"i", "we", "you", "me", "us", "my", "our", "your"}


def third_person_contents(path: Path) -> list[Span]:
    """Gold contents whose relation has a third-person source: PolNeAR also annotates the
    author's and the reader's own voice ("I think", "we know") and sourceless beliefs,
    which the SCHEMA's attributions (a statement of a named or described source) leave
    out; recall over this subset is the fairer floor."""
    spans: dict[str, tuple[str, Span, str]] = {}
    out: set[Span] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            nums = [int(x) for x in re.findall(r"\d+", offsets)]
            if nums:
                text = parts[2] if len(parts) > 2 else ""
                spans[parts[0]] = (kind, (min(nums), max(nums)), text)
    for line in lines:
        parts = line.split("\t")
        if not (line.startswith("E") and len(parts) >= 2):
            continue
        rel = dict(p.split(":", 1) for p in parts[1].split() if ":" in p)
        src, content = spans.get(rel.get("Source", "")), spans.get(rel.get("Content", ""))
        if src is None or content is None or content[0] != "Content":
            continue
        if src[2].strip().lower() in _FIRST_SECOND_PERSON or not src[2].strip():
            continue
        out.add(content[1])
    return sorted(out)


def trimmed(text: str, span: Span, *, content: bool) -> Span:
    s, e = span
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    if content:
        m = re.match(r"that\s+", text[s:e], re.IGNORECASE)
        if m:
            s += m.end()
    return s, e


def match(
    pred: Iterable[Span], gold: Iterable[Span], text: str, *, content: bool
) -> tuple[int, int]:
    """(exact matches, overlap matches), each one-to-one."""
    p = sorted(set(pred))
    g = sorted(set(gold))
    pt = {x: trimmed(text, x, content=content) for x in p}
    gt = {x: trimmed(text, x, content=content) for x in g}
    gold_exact = {gt[x] for x in g}
    exact = sum(1 for x in p if pt[x] in gold_exact)
    pairs = []
    for a in p:
        for b in g:
            ov = min(a[1], b[1]) - max(a[0], b[0])
            if ov > 0:
                pairs.append((ov, a, b))
    pairs.sort(reverse=True)
    used_p: set[Span] = set()
    used_g: set[Span] = set()
    for _, a, b in pairs:
        if a not in used_p and b not in used_g:
            used_p.add(a)
            used_g.add(b)
    return exact, len(used_p)


def articles(split: str, limit: int | None) -> list[tuple[Article, Path]]:
    out: list[tuple[Article, Path]] = []
    texts = sorted((POLNEAR / split / "text").glob("*.txt"))
    anns = sorted((POLNEAR / split / "attributions").glob("*.ann"))
    for path in texts[:limit] if limit else texts:
        ann = next((a for a in anns if a.name.startswith(path.stem + "_")), None)
        if ann is None:
            continue
        for item in read_file(path):
            if isinstance(item, Exception):
                raise SystemExit(f"{path}: {item}")
            out.append((build_article(item), ann))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["train", "dev"])
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)

    items = articles(args.split, args.limit)
    if not items:
        print(f"no PolNeAR articles under {POLNEAR / args.split}", file=sys.stderr)
        return 1
    get_nlp()
    t0 = time.perf_counter()
    docs = list(parse(a.body for a, _ in items))
    parse_s = time.perf_counter() - t0
    extract_attributions(items[0][0], docs[0])  # tables load once, outside the timing

    rows = {
        k: Counts()
        for k in (
            "source exact",
            "source overlap",
            "content exact",
            "content overlap",
            "content overlap, 3rd-person sources",
        )
    }
    extract_s = 0.0
    n_statements = 0
    for (article, ann), doc in zip(items, docs, strict=True):
        raw = article.raw_text
        t0 = time.perf_counter()
        attributions, _ = extract_attributions(article, doc)
        extract_s += time.perf_counter() - t0
        n_statements += len(attributions)
        gold_sources, gold_contents = read_ann(ann)
        contents = {
            (article.raw_offset(a.start), article.raw_offset(a.end - 1) + 1) for a in attributions
        }
        sources = {
            (article.raw_offset(a.speaker_start), article.raw_offset(a.speaker_end - 1) + 1)
            for a in attributions
            if a.speaker_start is not None and a.speaker_end is not None
        }
        for name, pred, gold, is_content in (
            ("source", sources, gold_sources, False),
            ("content", contents, gold_contents, True),
        ):
            exact, overlap = match(pred, gold, raw, content=is_content)
            for kind, tp in (("exact", exact), ("overlap", overlap)):
                c = rows[f"{name} {kind}"]
                c.tp += tp
                c.n_pred += len(set(pred))
                c.n_gold += len(set(gold))
        third = third_person_contents(ann)
        _, overlap = match(contents, third, raw, content=True)
        c = rows["content overlap, 3rd-person sources"]
        c.tp += overlap
        c.n_gold += len(third)
        c.n_pred += len(contents)  # precision is not meaningful on a subset of the gold

    print(f"PolNeAR {args.split}: {len(items)} articles, {n_statements} statements predicted")
    print(f"{'spans':<36}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}")
    for name, c in rows.items():
        p = "-" if "3rd" in name else f"{c.precision:.3f}"
        f = "-" if "3rd" in name else f"{c.f1:.3f}"
        print(f"{name:<36}{p:>8}{c.recall:>8.3f}{f:>8}{c.tp:>7}{c.n_pred:>7}{c.n_gold:>7}")
    print(
        f"time: parse (sitroom.nlp.parse) {parse_s:.2f}s, attributions {extract_s:.2f}s "
        f"({extract_s / max(parse_s, 1e-9):.1%} of the parse)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
