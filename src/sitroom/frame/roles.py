"""Entity framing roles (SemEval-2025 Task 10, subtask 1).

For an entity mention in an article: its main role (Protagonist, Antagonist, Innocent)
and its fine roles (Guardian, Instigator, Victim, ...; the taxonomy is the data file
``data/frame/roles_taxonomy.toml``). The classifier reads :func:`role_features`: the
mention's own words, the words just before and after it, its sentence and a window of
words around it (:func:`sitroom.frame.text.mention_features`), and role tokens: the
article's camp (:func:`article_stance`, from the ``[stance]`` terms of
``data/frame/roles_cues.toml``) crossed with the entity's side in the actor table, the
entity's form (common noun, described group, name, acronym; plural), how often the article
names it and whether the title does, the words right beside it and the cue classes on each
side of it. An inner cross-validation chooses the feature view (every token, or the role
tokens only), C of a multinomial logistic regression for the main role, and the threshold
of the one-vs-rest fine-role regressions, restricted to the fine roles of the chosen main
role (the best one always, others above the threshold). The full view is weighted by
TF-IDF; the role-token view reads each token's presence, 0 or 1, neither weighted nor
normalised (a mention has a handful of them). The trained model is ``data/frame/roles.npz``.
Both models predict the mentions of one entity in one article together
(:meth:`RoleHeads.predict`, :func:`same_entity`: the same words, or a surname with the one
full name ending with it): each gets the mean of their probabilities, as the annotators
mostly give one entity one role in an article (90% of such mentions share the majority).

Measured (``benchmarks/frame_roles.py``, nested article-grouped CV on the 607 labelled
mentions): main-role accuracy 0.725 against 0.705 for the majority class on the canonical
fold split (macro F1 0.420, fine exact match 0.155), 0.718-0.720 (mean 0.719) on three
other partitions of the articles; 0.723 and 0.713-0.720 without the pooling, 0.722 and
0.702-0.717 (mean 0.707) with TF-IDF on the role-token view. Barely above the majority.
The role of a mention mostly depends on what the article says its bearer did and how it
judges that, which lexical windows read poorly. Measured no better in the same nested CV
(canonical split, against 0.728 for the role tokens alone there): the entity's side
crossed with the article's gold narratives (subtask 2 labels, an oracle) 0.710, so the
article's camp is no shortcut; MiniLM similarities of the mention's sentence (entity
replaced by "they") to written descriptions of the 22 fine roles 0.692-0.695; VADER
sentiment of the sentence and window 0.717; cue words right before and after the mention
(patient or agent of harm or help), also summed over the entity's other occurrences,
0.717-0.728; the other annotated mentions of the article (count, order, their sides) 0.705;
the article's domain (climate or war) 0.704; nearest neighbours over the encoder vectors
0.67-0.72; averaging the encoder's and the sparse model's main-role probabilities 0.740 on
two splits (macro F1 0.439 against 0.486); the encoder plus MiniLM's vector of a [MASK] in
the entity's place within +-0.01 of the encoder alone.

An optional encoder model (:class:`EncoderRoleModel`, ``data/frame/roles_encoder.npz``,
about 0.1 MB) reads the ``embed`` extra's MiniLM run frozen over the whole article
(:func:`encoder_features`: the mention's contextual piece vectors, those of every other
occurrence of its string, its sentence and the article) with the same kind of regressions,
tuned by the same nested CV and pooled the same way: main-role accuracy 0.741 (macro F1
0.492 against 0.420), fine exact match 0.247 against 0.155 on the canonical split,
0.733-0.743 (mean 0.736) on the three other partitions where the sparse model gets
0.718-0.720 (without the pooling 0.738, and 0.726-0.740); still far below the 0.85 bar.
Fine-tuning MiniLM's top layers on CPU measured worse on the first fold (at or below the
majority) at 6-9 minutes a fold and was dropped. :func:`default_model` uses the encoder
heads when ``SITROOM_EMBEDDINGS=1`` and the extra is installed (:func:`use_encoder`), else
the sparse model, which needs no torch.

Mentions come in the task's form (:func:`read_mentions`): ``article_id<TAB>entity<TAB>
start<TAB>end`` with the end inclusive, offsets into the raw file text. A mention whose
offsets do not read its entity is looked for a few characters either side (the released
annotations hold spans shifted by one or two characters); when it is not there either,
:func:`locate` raises :class:`~sitroom.errors.MentionError` naming the file and line.

:func:`assign_roles` gives roles to the actors the actor table finds in a cleaned article
(``sitroom.extract.actors``, plain pattern matching, no spaCy), one per actor: the
probabilities of its mentions averaged, reported at its first mention.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from sitroom.errors import MentionError, ModelError
from sitroom.frame.text import (
    DATA_DIR,
    LinearHeads,
    SparseVectoriser,
    TokenVectors,
    cue_classes,
    documents_dir,
    encode_tokens,
    entity_sides,
    load_arrays,
    mention_features,
    mention_vectoriser,
    read_raw,
    save_arrays,
    sentence_bounds,
    token_encoder,
    words,
)
from sitroom.records import Article, EntityRole

MODEL_FILE = DATA_DIR / "roles.npz"
VERSION = "roles.v1"
SHIFT = 10  # characters either side searched for a mention whose offsets are off
C_GRID = (0.3, 1.0, 3.0)
# Feature views the inner CV chooses between: every token of :func:`role_features`; only
# the role tokens it adds to the mention's words (stance x side, form, frequency, title,
# neighbours, side-marked cues, cue words in the entity itself). A third view, those and
# the entity's own words ("roles+entity"), measured no better and is not tuned.
ROLE_PREFIXES: tuple[str, ...] = ("ST=", "CS=", "SXS=", "FORM=", "FREQ=", "INTITLE", "L1=")
ROLE_PREFIXES += ("R1=", "LCUE=", "RCUE=", "BYCUE", "ECUE=")
VIEWS = ("all", "roles")
FINE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@functools.cache
def role_taxonomy() -> dict[str, tuple[str, ...]]:
    """Main role -> its fine roles, from ``data/frame/roles_taxonomy.toml``."""
    try:
        raw = resources.files("sitroom").joinpath("data/frame/roles_taxonomy.toml").read_text()
        data = tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read the role taxonomy: {exc}") from exc
    return {main: tuple(fines) for main, fines in data["main"].items()}


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    """One entity mention of the task's files; ``end`` is exclusive here."""

    article: str  # file name, "EN_UA_300009.txt"
    entity: str
    start: int
    end: int
    line: int  # line of the mentions file, for messages
    given_end: int  # the inclusive end as written in the file, echoed in predictions
    main: str | None = None
    fine: tuple[str, ...] = ()

    def located(self, start: int, end: int) -> Mention:
        return Mention(
            self.article,
            self.entity,
            start,
            end,
            self.line,
            self.given_end,
            self.main,
            self.fine,
        )


def read_mentions(path: Path, *, labelled: bool = False) -> Iterator[Mention | MentionError]:
    """Mentions of a subtask-1 file (input form, or annotation form when ``labelled``);
    a malformed line is yielded as a :class:`MentionError` and reading goes on."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MentionError(f"cannot read the mentions file {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < (5 if labelled else 4):
            yield MentionError(
                f"{path}:{n}: expected article_id, entity, start, end"
                + (", main role" if labelled else "")
                + " separated by tabs"
            )
            continue
        try:
            start, end = int(parts[2]), int(parts[3])
        except ValueError:
            yield MentionError(f"{path}:{n}: start and end must be integers")
            continue
        if start < 0 or end < start:
            yield MentionError(f"{path}:{n}: bad offsets {start}-{end}")
            continue
        main = parts[4].strip() if labelled else None
        fine = tuple(p.strip() for p in parts[5:] if p.strip()) if labelled else ()
        if labelled:
            tax = role_taxonomy()
            if main not in tax or any(f not in tax[main] for f in fine):
                yield MentionError(f"{path}:{n}: roles not in the taxonomy: {main} {fine}")
                continue
        yield Mention(parts[0].strip(), parts[1], start, end + 1, n, end, main, fine)


def locate(text: str, mention: Mention, source: str = "") -> tuple[int, int, bool]:
    """(start, end, exact) of the mention in ``text``: its offsets when they read the
    entity, else the nearest occurrence within :data:`SHIFT` characters (``exact`` False).

    Raises :class:`MentionError` naming the file and line when neither holds.
    """
    where = f"{source or mention.article}:{mention.line}"
    entity = mention.entity
    if mention.end > len(text):
        raise MentionError(
            f"{where}: offsets {mention.start}-{mention.given_end} of {entity!r} lie outside "
            f"{mention.article} ({len(text)} characters)"
        )
    if text[mention.start : mention.end] == entity:
        return mention.start, mention.end, True
    best: int | None = None
    for pos in range(max(0, mention.start - SHIFT), mention.start + SHIFT + 1):
        if text.startswith(entity, pos) and (
            best is None or abs(pos - mention.start) < abs(best - mention.start)
        ):
            best = pos
    if best is None or not entity.strip():
        raise MentionError(
            f"{where}: offsets {mention.start}-{mention.given_end} read "
            f"{text[mention.start : mention.end]!r}, not {entity!r}, in {mention.article}"
        )
    return best, best + len(entity), False


def read_corpus_text(corpus: Path, article: str) -> str:
    """The raw text of ``article`` (with or without ``.txt``) in a corpus folder."""
    folder = documents_dir(corpus)
    for name in (article, f"{article}.txt"):
        path = folder / name
        if path.is_file():
            return read_raw(path)
    raise MentionError(f"no article {article!r} in {folder}")


def labelled_mentions(corpus: Path) -> tuple[list[Mention], dict[str, str]]:
    """The located, labelled mentions of ``subtask-1-annotations.txt`` and the raw texts
    of their articles; a mention that cannot be located is left out."""
    texts: dict[str, str] = {}
    out: list[Mention] = []
    path = corpus / "subtask-1-annotations.txt"
    for m in read_mentions(path, labelled=True):
        if isinstance(m, MentionError):
            continue
        if m.article not in texts:
            texts[m.article] = read_corpus_text(corpus, m.article)
        try:
            s, e, _ = locate(texts[m.article], m, str(path))
        except MentionError:
            continue
        out.append(m.located(s, e))
    return out, texts


# --------------------------------------------------------------------------- features


@functools.cache
def _stance_terms() -> dict[str, tuple[str, ...]]:
    """Stance class -> terms, from the ``[stance]`` table of ``data/frame/roles_cues.toml``."""
    try:
        data = tomllib.loads((DATA_DIR / "roles_cues.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read the role cue lexicon: {exc}") from exc
    return {k: tuple(v) for k, v in data.get("stance", {}).items()}


@functools.cache
def _stance_patterns() -> dict[str, re.Pattern[str]]:
    return {
        k: re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
        for k, terms in _stance_terms().items()
    }


@functools.lru_cache(maxsize=64)
def article_stance(text: str) -> tuple[str, ...]:
    """Article-level tokens: its camp (``ST=pk``, ``ST=west``, ``ST=mixed``) from the counts
    of each camp's terms, and ``CS=1`` when it uses climate-sceptic vocabulary."""
    counts = {k: len(p.findall(text)) for k, p in _stance_patterns().items()}
    pk, west = counts.get("pro_kremlin", 0), counts.get("western", 0)
    camp = "pk" if pk > west else "west" if west > pk else "mixed"
    out = [f"ST={camp}"]
    if counts.get("climate_sceptic", 0) >= 2:
        out.append("CS=1")
    return tuple(out)


PLURAL_NOUNS = frozenset({"people", "children", "men", "women", "folk", "youth", "staff"})


def _form(entity: str) -> list[str]:
    """The entity's form: a common noun ("civilians"), a described group ("Russian
    diplomats"), a multi-word name, an acronym or a one-word name; plural marked."""
    tokens = entity.split()
    if tokens and tokens[0].lower() in ("the", "a", "an", "some", "many"):
        tokens = tokens[1:]
    if not tokens:
        return ["FORM=none"]
    last = tokens[-1]
    out = []
    if all(t[:1].islower() for t in tokens):
        out.append("FORM=common")
    elif last[:1].islower():
        out.append("FORM=described")
    elif entity.isupper() and len(entity) <= 6:
        out.append("FORM=acronym")
    elif len(tokens) >= 2:
        out.append("FORM=multiword")
    else:
        out.append("FORM=name")
    if last[:1].islower() and (last.endswith("s") or last.lower() in PLURAL_NOUNS):
        out.append("FORM=plural")
    return out


def view(features: str, name: str) -> str:
    """The tokens of a :func:`role_features` string that the view ``name`` keeps."""
    if name == "all":
        return features
    if name in ("roles", "roles+entity"):
        keep = ROLE_PREFIXES + (("E=",) if name == "roles+entity" else ())
        return " ".join(t for t in features.split() if t.startswith(keep)) or "<none>"
    raise ModelError(f"unknown feature view {name!r}")


def role_features(text: str, start: int, end: int) -> str:
    """The feature string of a mention: :func:`~sitroom.frame.text.mention_features`, plus
    the article's stance crossed with the entity's side, the entity's form, how often the
    article names it, whether the title does, the words right beside it and the cue classes
    on each side of it."""
    base = mention_features(text, start, end)
    entity = text[start:end]
    feats = [base]
    sides = entity_sides(entity)
    stance = article_stance(text)
    feats += list(stance)
    feats += [f"SXS={side}|{s}" for side in sides for s in stance]
    feats += _form(entity)
    n = text.count(entity) if entity.strip() else 0
    feats.append(f"FREQ={'1' if n <= 1 else '2-3' if n <= 3 else '4+'}")
    title_end = text.find("\n")
    in_title = 0 <= start < (title_end if title_end >= 0 else len(text))
    if in_title or (entity.strip() and entity in text[: max(title_end, 0)]):
        feats.append("INTITLE")
    feats += [f"ECUE={c}" for c in cue_classes([w for w, _, _ in words(entity)])]
    before = [w for w, _, _ in words(text[max(0, start - 200) : start])][-6:]
    after = [w for w, _, _ in words(text[end : end + 200])][:6]
    if before:
        feats.append(f"L1={before[-1]}")
    if after:
        feats.append(f"R1={after[0]}")
    feats += [f"LCUE={c}" for c in cue_classes(before)]
    feats += [f"RCUE={c}" for c in cue_classes(after)]
    if before and before[-1] == "by" and cue_classes(before[-4:-1]):
        feats.append("BYCUE")
    return " ".join(feats)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class RolePrediction:
    main: str
    fine: tuple[str, ...]
    score: float  # probability of the main role


class RoleHeads:
    """What both role models do once they have a mention's features: a main-role head and
    a fine-role head, and the decision between them."""

    main: LinearHeads  # multinomial over the main roles
    fine: LinearHeads  # one-vs-rest over the fine roles
    fine_threshold: float

    def features(self, items: Sequence[tuple[str, int, int]]) -> Any:
        raise NotImplementedError

    def probabilities(self, items: Sequence[tuple[str, int, int]]) -> tuple[np.ndarray, np.ndarray]:
        x = self.features(items)
        return self.main.scores(x), self.fine.scores(x)

    def decide(self, p_main: np.ndarray, p_fine: np.ndarray) -> RolePrediction:
        return decide(p_main, p_fine, self.main.labels, self.fine.labels, self.fine_threshold)

    def predict(self, items: Sequence[tuple[str, int, int]]) -> list[RolePrediction]:
        """Roles of mentions given as (text, start, end exclusive); the mentions of one
        entity in one text (:func:`same_entity`) share the mean of their probabilities."""
        if not items:
            return []
        groups = same_entity([(text, text[start:end]) for text, start, end in items])
        pm, pf = self.probabilities(items)
        pm, pf = pool(pm, groups), pool(pf, groups)
        return [self.decide(pm[i], pf[i]) for i in range(len(items))]


def entity_key(entity: str) -> str:
    """The entity's words lower-cased, without a leading article or a possessive ("the
    West's" -> "west"), to tell mentions of one entity in an article."""
    tokens = entity.split()
    if tokens and tokens[0].lower() in ("the", "a", "an"):
        tokens = tokens[1:]
    tokens = [re.sub(r"['’]s$", "", t).strip(".,;:!?()\"'’“”").lower() for t in tokens]
    return " ".join(t for t in tokens if t) or entity.strip().lower()


def same_entity(mentions: Sequence[tuple[str, str]]) -> list[list[int]]:
    """Indices of ``mentions`` (document, entity as written) grouped by entity within each
    document: the same :func:`entity_key`, and a one-word name with the one longer name of
    the document that ends with it ("Putin" with "Vladimir Putin"; a surname shared by two
    longer names stays alone)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, (doc, entity) in enumerate(mentions):
        groups.setdefault((doc, entity_key(entity)), []).append(i)
    for doc, key in list(groups):
        if " " in key or not mentions[groups[(doc, key)][0]][1].lstrip()[:1].isupper():
            continue
        longer = [k for d, k in groups if d == doc and k.endswith(" " + key)]
        if len(longer) == 1:
            groups[(doc, longer[0])] += groups.pop((doc, key))
    return [sorted(idx) for idx in groups.values()]


def pool(p: np.ndarray, groups: Sequence[Sequence[int]]) -> np.ndarray:
    """Each row of ``p`` replaced by the mean of its group's rows."""
    out = np.array(p, dtype=np.float64, copy=True)
    for idx in groups:
        if len(idx) > 1:
            out[list(idx)] = p[list(idx)].mean(axis=0)
    return out


@dataclass
class RoleModel(RoleHeads):
    vectoriser: SparseVectoriser
    main: LinearHeads  # multinomial over the main roles
    fine: LinearHeads  # one-vs-rest over the fine roles
    fine_threshold: float
    c: float
    view: str = "all"
    scores: dict[str, Any] | None = None

    def features(self, items: Sequence[tuple[str, int, int]]) -> Any:
        return self.transform([role_features(t, s, e) for t, s, e in items])

    def transform(self, feats: Sequence[str]) -> Any:
        """The model's matrix of :func:`role_features` strings."""
        return self.vectoriser.transform(view(f, self.view) for f in feats)

    def save(self, path: Path = MODEL_FILE) -> None:
        meta = {
            "version": VERSION,
            "fine_threshold": self.fine_threshold,
            "c": self.c,
            "view": self.view,
            "scores": self.scores or {},
        }
        arrays = {"meta": np.array(json.dumps(meta))}
        arrays |= self.vectoriser.to_arrays("vec")
        arrays |= self.main.to_arrays("main") | self.fine.to_arrays("fine")
        save_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> RoleModel:
        arrays = load_arrays(path)
        try:
            meta = json.loads(str(arrays["meta"]))
            return cls(
                vectoriser=SparseVectoriser.from_arrays(arrays, "vec"),
                main=LinearHeads.from_arrays(arrays, "main"),
                fine=LinearHeads.from_arrays(arrays, "fine"),
                fine_threshold=float(meta["fine_threshold"]),
                c=float(meta["c"]),
                view=str(meta.get("view", "all")),
                scores=meta.get("scores"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ModelError(f"the role model {path} is malformed: {exc}") from exc


def decide(
    p_main: np.ndarray,
    p_fine: np.ndarray,
    main_labels: Sequence[str],
    fine_labels: Sequence[str],
    threshold: float,
) -> RolePrediction:
    """The most probable main role; its most probable fine role, and the others of the
    same main role whose probability reaches ``threshold``."""
    k = int(np.argmax(p_main))
    main = main_labels[k]
    allowed = [j for j, f in enumerate(fine_labels) if f in role_taxonomy().get(main, ())]
    fine: list[str] = []
    if allowed:
        best = max(allowed, key=lambda j: p_fine[j])
        fine = [fine_labels[j] for j in allowed if j == best or p_fine[j] >= threshold]
    return RolePrediction(main, tuple(sorted(fine)), float(p_main[k]))


# --------------------------------------------------------------------------- training


def _fit_main(x: Any, y: Sequence[str], labels: Sequence[str], c: float) -> LinearHeads:
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit(x, list(y))
    order = [list(lr.classes_).index(lab) for lab in labels]
    return LinearHeads(
        list(labels),
        np.asarray(lr.coef_[order], dtype=np.float32),
        np.asarray(lr.intercept_[order], dtype=np.float32),
        multinomial=True,
    )


def _fit_fine(
    x: Any, fines: Sequence[tuple[str, ...]], labels: Sequence[str], c: float
) -> LinearHeads:
    coef = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(labels), -20.0, dtype=np.float32)
    for j, lab in enumerate(labels):
        y = np.array([lab in f for f in fines], dtype=np.int8)
        if y.sum() < 2 or y.sum() == len(y):
            continue
        lr = LogisticRegression(C=c, solver="liblinear", max_iter=500)
        lr.fit(x, y)
        coef[j] = lr.coef_[0]
        intercept[j] = lr.intercept_[0]
    return LinearHeads(list(labels), coef, intercept)


def _labels() -> tuple[list[str], list[str]]:
    tax = role_taxonomy()
    return sorted(tax), sorted({f for fs in tax.values() for f in fs})


def _fit(
    feats: Sequence[str],
    mentions: Sequence[Mention],
    c: float,
    threshold: float,
    view_name: str = "all",
) -> RoleModel:
    main_labels, fine_labels = _labels()
    v = mention_vectoriser()
    if view_name == "roles":
        v.set_params(binary=True, use_idf=False, norm=None)
    x = v.fit_transform([view(f, view_name) for f in feats]).tocsr()
    return RoleModel(
        vectoriser=_stored_vectoriser(v),
        main=_fit_main(x, [m.main or "" for m in mentions], main_labels, c),
        fine=_fit_fine(x, [m.fine for m in mentions], fine_labels, c),
        fine_threshold=threshold,
        c=c,
        view=view_name,
    )


def _stored_vectoriser(v: Any) -> SparseVectoriser:
    """The fitted vectoriser as data; one of presence counts (the ``roles`` view: a handful
    of tokens a mention, each 0 or 1, neither weighted nor normalised, which measured better
    than TF-IDF there) is stored as TF-IDF with unit weights and no normalisation."""
    if v.use_idf:
        return SparseVectoriser.from_fitted(v)
    vocab = sorted(v.vocabulary_, key=v.vocabulary_.__getitem__)
    keys = ("ngram_range", "sublinear_tf", "lowercase", "token_pattern", "binary", "norm")
    settings = {k: getattr(v, k) for k in keys}
    settings["ngram_range"] = list(settings["ngram_range"])
    return SparseVectoriser(settings, vocab, np.ones(len(vocab), dtype=np.float32))


def _groups(mentions: Sequence[Mention]) -> np.ndarray:
    names = sorted({m.article for m in mentions})
    return np.array([names.index(m.article) for m in mentions])


def _splits(
    mentions: Sequence[Mention], folds: int, seed: int | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds that keep each article's mentions together (deterministic); ``seed`` numbers
    the articles in another random order first, for another partition into folds."""
    groups = _groups(mentions)
    if seed is not None:
        groups = np.random.RandomState(seed).permutation(groups.max() + 1)[groups]
    gkf = GroupKFold(n_splits=folds)
    return list(gkf.split(np.zeros(len(mentions)), groups=groups))


def tune(
    feats: Sequence[str], mentions: Sequence[Mention], *, folds: int = 3
) -> tuple[str, float, float]:
    """(feature view, C, fine threshold) by an inner article-grouped CV: view and C for
    main-role accuracy, then the threshold for the exact match of fine roles."""
    best = (-1.0, VIEWS[0], C_GRID[0], FINE_GRID[0])
    splits = _splits(mentions, folds)
    main_labels, fine_labels = _labels()
    for view_name in VIEWS:
        for c in C_GRID:
            preds: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            for tr, te in splits:
                sub = [mentions[i] for i in tr]
                model = _fit([feats[i] for i in tr], sub, c, 0.5, view_name)
                x = model.transform([feats[i] for i in te])
                pm, pf = model.main.scores(x), model.fine.scores(x)
                for k, i in enumerate(te):
                    preds[int(i)] = (pm[k], pf[k])
            acc = np.mean(
                [main_labels[int(np.argmax(preds[i][0]))] == m.main for i, m in enumerate(mentions)]
            )
            for t in FINE_GRID:
                exact = np.mean(
                    [
                        set(decide(preds[i][0], preds[i][1], main_labels, fine_labels, t).fine)
                        == set(m.fine)
                        for i, m in enumerate(mentions)
                    ]
                )
                score = float(acc) + 0.01 * float(exact)  # accuracy first, fine roles: ties
                if score > best[0] + 1e-9:
                    best = (score, view_name, c, t)
    return best[1], best[2], best[3]


def fit_model(mentions: Sequence[Mention], texts: dict[str, str]) -> RoleModel:
    feats = [role_features(texts[m.article], m.start, m.end) for m in mentions]
    view_name, c, t = tune(feats, mentions)
    return _fit(feats, mentions, c, t, view_name)


def fine_micro_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    """Micro F1 of the fine roles over all mentions (the task's second fine-role score)."""
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, pred, strict=True))
    n_pred = sum(len(set(p)) for p in pred)
    n_gold = sum(len(set(g)) for g in gold)
    if not tp:
        return 0.0
    precision, recall = tp / n_pred, tp / n_gold
    return 2 * precision * recall / (precision + recall)


def cross_validate(
    mentions: Sequence[Mention],
    texts: dict[str, str],
    *,
    folds: int = 5,
    seed: int | None = None,
) -> dict[str, Any]:
    """Article-grouped ``folds``-fold CV with the feature view, C and the fine threshold
    tuned inside each training part: main-role accuracy and macro F1, fine-role exact
    match and micro F1, and the majority-class baseline. ``seed`` picks another partition
    of the articles into folds (None: the canonical one)."""
    feats = [role_features(texts[m.article], m.start, m.end) for m in mentions]
    pred: list[RolePrediction | None] = [None] * len(mentions)
    chosen = []
    for tr, te in _splits(mentions, folds, seed):
        sub = [mentions[i] for i in tr]
        view_name, c, t = tune([feats[i] for i in tr], sub)
        chosen.append({"view": view_name, "c": c, "fine_threshold": t})
        model = _fit([feats[i] for i in tr], sub, c, t, view_name)
        x = model.transform([feats[i] for i in te])
        groups = _mention_groups([mentions[i] for i in te])
        pm, pf = pool(model.main.scores(x), groups), pool(model.fine.scores(x), groups)
        for k, i in enumerate(te):
            pred[int(i)] = model.decide(pm[k], pf[k])
    return _scores(mentions, pred, "sparse", folds, chosen)


def _mention_groups(mentions: Sequence[Mention]) -> list[list[int]]:
    """Located mentions grouped as :meth:`RoleHeads.predict` groups them (:func:`same_entity`:
    by article and :func:`entity_key`)."""
    return same_entity([(m.article, m.entity) for m in mentions])


def _scores(
    mentions: Sequence[Mention],
    pred: Sequence[RolePrediction | None],
    features: str,
    folds: int,
    chosen: list[dict[str, Any]],
) -> dict[str, Any]:
    """The CV scores of out-of-fold predictions, as :func:`cross_validate` reports them."""
    from sklearn.metrics import f1_score

    gold = [m.main or "" for m in mentions]
    got = [p.main if p else "" for p in pred]
    majority = max(set(gold), key=gold.count)
    exact = [set(m.fine) == set(p.fine if p else ()) for m, p in zip(mentions, pred, strict=True)]
    return {
        "features": features,
        "folds": folds,
        "mentions": len(mentions),
        "main_accuracy": round(float(np.mean([g == p for g, p in zip(gold, got, strict=True)])), 4),
        "main_macro_f1": round(float(f1_score(gold, got, average="macro")), 4),
        "fine_exact_match": round(float(np.mean(exact)), 4),
        "fine_micro_f1": round(
            fine_micro_f1([m.fine for m in mentions], [p.fine if p else () for p in pred]), 4
        ),
        "majority_baseline": round(gold.count(majority) / len(gold), 4),
        "chosen": chosen,
    }


# --------------------------------------------------------------------------- encoder model

ENCODER_FILE = DATA_DIR / "roles_encoder.npz"
ENCODER_VERSION = "roles-encoder.v1"
EMBED_ENV = "SITROOM_EMBEDDINGS"  # the switch of the narrative embedding model too
ENCODER_C_GRID = (0.3, 1.0, 3.0, 10.0)
# The pooled vectors of :func:`encoder_features`, in order, each L2-normalised.
ENCODER_PARTS = ("mention", "mention_mid", "entity", "entity_mid", "sentence", "article")


def occurrences(text: str, entity: str) -> list[int]:
    """Start offsets of every occurrence of ``entity`` in ``text`` (overlaps included)."""
    if not entity.strip():
        return []
    out: list[int] = []
    i = text.find(entity)
    while i >= 0:
        out.append(i)
        i = text.find(entity, i + 1)
    return out


def _unit(v: np.ndarray) -> np.ndarray:
    return np.asarray(v / max(float(np.linalg.norm(v)), 1e-9), dtype=np.float32)


def encoder_features(vectors: TokenVectors, text: str, start: int, end: int) -> np.ndarray:
    """The mention's vector over the frozen MiniLM's contextual piece vectors of its
    article (:func:`~sitroom.frame.text.encode_tokens`): the mean of its own pieces (last
    layer and a middle one), the same over every occurrence of its string in the article
    (what the article says of the entity throughout), its sentence's and the article's mean,
    each L2-normalised, concatenated in :data:`ENCODER_PARTS` order."""
    entity = text[start:end]
    spans = [(i, i + len(entity)) for i in occurrences(text, entity)] or [(start, end)]
    s0, s1 = sentence_bounds(text, start, end)
    parts = [
        vectors.pool(start, end, "last"),
        vectors.pool(start, end, "mid"),
        np.mean([vectors.pool(s, e, "last") for s, e in spans], axis=0),
        np.mean([vectors.pool(s, e, "mid") for s, e in spans], axis=0),
        vectors.pool(s0, s1, "last"),
        vectors.last.mean(axis=0) if len(vectors.last) else np.zeros(vectors.last.shape[1]),
    ]
    return np.concatenate([_unit(np.asarray(p)) for p in parts])


def encoder_matrix(items: Sequence[tuple[str, int, int]]) -> np.ndarray:
    """:func:`encoder_features` of mentions given as (text, start, end exclusive), each
    distinct text encoded once. Raises :class:`ModelError` without the ``embed`` extra."""
    cache: dict[str, TokenVectors] = {}
    rows = []
    for text, start, end in items:
        if text not in cache:
            cache[text] = encode_tokens(text)
        rows.append(encoder_features(cache[text], text, start, end))
    return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)


@dataclass
class EncoderRoleModel(RoleHeads):
    """Main and fine-role regressions over :func:`encoder_features` (the encoder stays
    frozen: only these heads are trained and stored, ``data/frame/roles_encoder.npz``)."""

    main: LinearHeads
    fine: LinearHeads
    fine_threshold: float
    c: float
    scores: dict[str, Any] | None = None
    view: str = "encoder"

    def features(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray:
        return encoder_matrix(items)

    def save(self, path: Path = ENCODER_FILE) -> None:
        meta = {
            "version": ENCODER_VERSION,
            "parts": list(ENCODER_PARTS),
            "fine_threshold": self.fine_threshold,
            "c": self.c,
            "scores": self.scores or {},
        }
        arrays = {"meta": np.array(json.dumps(meta))}
        arrays |= self.main.to_arrays("main") | self.fine.to_arrays("fine")
        save_arrays(path, arrays)

    @classmethod
    def load(cls, path: Path = ENCODER_FILE) -> EncoderRoleModel:
        arrays = load_arrays(path)
        try:
            meta = json.loads(str(arrays["meta"]))
            if meta.get("parts") != list(ENCODER_PARTS):
                raise ValueError(f"features {meta.get('parts')}, expected {list(ENCODER_PARTS)}")
            return cls(
                main=LinearHeads.from_arrays(arrays, "main"),
                fine=LinearHeads.from_arrays(arrays, "fine"),
                fine_threshold=float(meta["fine_threshold"]),
                c=float(meta["c"]),
                scores=meta.get("scores"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ModelError(f"the role model {path} is malformed: {exc}") from exc


def _fit_encoder(
    x: np.ndarray, mentions: Sequence[Mention], c: float, t: float
) -> EncoderRoleModel:
    main_labels, fine_labels = _labels()
    return EncoderRoleModel(
        main=_fit_main(x, [m.main or "" for m in mentions], main_labels, c),
        fine=_fit_fine(x, [m.fine for m in mentions], fine_labels, c),
        fine_threshold=t,
        c=c,
    )


def tune_encoder(
    x: np.ndarray, mentions: Sequence[Mention], *, folds: int = 3
) -> tuple[float, float]:
    """(C, fine threshold) of the encoder model by an inner article-grouped CV: C for
    main-role accuracy, then the threshold for the exact match of fine roles."""
    main_labels, fine_labels = _labels()
    best = (-1.0, ENCODER_C_GRID[0], FINE_GRID[0])
    splits = _splits(mentions, folds)
    for c in ENCODER_C_GRID:
        pm = np.zeros((len(mentions), len(main_labels)))
        pf = np.zeros((len(mentions), len(fine_labels)))
        for tr, te in splits:
            model = _fit_encoder(x[tr], [mentions[i] for i in tr], c, 0.5)
            pm[te], pf[te] = model.main.scores(x[te]), model.fine.scores(x[te])
        acc = float(
            np.mean([main_labels[int(np.argmax(pm[i]))] == m.main for i, m in enumerate(mentions)])
        )
        for t in FINE_GRID:
            exact = np.mean(
                [
                    set(decide(pm[i], pf[i], main_labels, fine_labels, t).fine) == set(m.fine)
                    for i, m in enumerate(mentions)
                ]
            )
            score = acc + 0.01 * float(exact)  # accuracy first, fine roles: ties
            if score > best[0] + 1e-9:
                best = (score, c, t)
    return best[1], best[2]


def mention_matrix(mentions: Sequence[Mention], texts: dict[str, str]) -> np.ndarray:
    """:func:`encoder_matrix` of labelled mentions (each article encoded once)."""
    return encoder_matrix([(texts[m.article], m.start, m.end) for m in mentions])


def fit_encoder_model(mentions: Sequence[Mention], x: np.ndarray) -> EncoderRoleModel:
    """The encoder model on every mention of ``x`` (:func:`mention_matrix`), tuned by inner CV."""
    c, t = tune_encoder(x, mentions)
    return _fit_encoder(x, mentions, c, t)


def cross_validate_encoder(
    mentions: Sequence[Mention], x: np.ndarray, *, folds: int = 5, seed: int | None = None
) -> dict[str, Any]:
    """:func:`cross_validate` for the encoder model over the rows of ``x``
    (:func:`mention_matrix`): C and the fine threshold tuned inside each training part."""
    pred: list[RolePrediction | None] = [None] * len(mentions)
    chosen = []
    for tr, te in _splits(mentions, folds, seed):
        sub = [mentions[i] for i in tr]
        c, t = tune_encoder(x[tr], sub)
        chosen.append({"c": c, "fine_threshold": t})
        model = _fit_encoder(x[tr], sub, c, t)
        groups = _mention_groups([mentions[i] for i in te])
        pm, pf = pool(model.main.scores(x[te]), groups), pool(model.fine.scores(x[te]), groups)
        for k, i in enumerate(te):
            pred[int(i)] = model.decide(pm[k], pf[k])
    return _scores(mentions, pred, "encoder", folds, chosen)


def use_encoder() -> bool:
    """Whether the encoder model is selected: ``SITROOM_EMBEDDINGS=1`` (the switch of the
    narrative embedding model), ``data/frame/roles_encoder.npz`` built and the ``embed``
    extra installed. Otherwise the sparse model runs, without torch."""
    if os.environ.get(EMBED_ENV, "") not in ("1", "true", "yes"):
        return False
    return ENCODER_FILE.is_file() and token_encoder() is not None


@functools.cache
def sparse_model() -> RoleModel:
    """The committed sparse model (``data/frame/roles.npz``), loaded once per process."""
    if not MODEL_FILE.is_file():
        raise ModelError(f"no role model at {MODEL_FILE}; build it with `sitroom train roles`")
    return RoleModel.load(MODEL_FILE)


@functools.cache
def encoder_model() -> EncoderRoleModel:
    """The committed encoder heads (``data/frame/roles_encoder.npz``), loaded once."""
    if not ENCODER_FILE.is_file():
        raise ModelError(
            f"no encoder role model at {ENCODER_FILE}; build it with "
            "`sitroom train roles --embeddings`"
        )
    return EncoderRoleModel.load(ENCODER_FILE)


def default_model() -> RoleModel | EncoderRoleModel:
    """The model ``sitroom roles`` and ``sitroom frame`` use: the encoder one when
    :func:`use_encoder`, else the sparse one (the default install, no torch)."""
    return encoder_model() if use_encoder() else sparse_model()


# --------------------------------------------------------------------------- sitroom actors


def actor_mentions(article: Article) -> list[tuple[str, str, int, int]]:
    """(canonical name, surface, start, end) of the actor-table actors named in the body:
    names and aliases, and surnames of people the article also names in full; demonyms
    ("Russian") are adjectives, not entities, and are left out."""
    from sitroom.extract.actors import actor_table

    body = article.body
    if not body.strip():
        return []
    matches = actor_table().match(body)
    named = {m.entry.name for m in matches if m.how == "alias"}
    out: list[tuple[str, str, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for m in matches:
        if m.how == "demonym" or (m.how == "surname" and m.entry.name not in named):
            continue
        if (m.start, m.end) in seen:  # an alias shared by several entries: keep the first
            continue
        seen.add((m.start, m.end))
        out.append((m.entry.name, body[m.start : m.end], m.start, m.end))
    return out


def assign_roles(
    article: Article, model: RoleModel | EncoderRoleModel | None = None
) -> tuple[EntityRole, ...]:
    """One :class:`EntityRole` per actor found in the article, at its first mention
    (offsets into ``article.body``), from the mean probabilities of all its mentions."""
    mentions = actor_mentions(article)
    if not mentions:
        return ()
    model = model or default_model()
    pm, pf = model.probabilities([(article.body, s, e) for _, _, s, e in mentions])
    by_actor: dict[str, list[int]] = {}
    for i, (name, _, _, _) in enumerate(mentions):
        by_actor.setdefault(name, []).append(i)
    roles: list[EntityRole] = []
    for name, idx in by_actor.items():
        p = model.decide(pm[idx].mean(axis=0), pf[idx].mean(axis=0))
        _, _, start, end = mentions[idx[0]]
        roles.append(EntityRole(name, start, end, p.main, p.fine, p.score))
    return tuple(sorted(roles, key=lambda r: r.start))
