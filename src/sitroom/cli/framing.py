"""Commands: frame, roles, train."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from sitroom.cli._app import app, fail, report_problem
from sitroom.errors import MentionError, SitroomError


@app.command()
def frame(
    paths: list[str] = typer.Argument(..., help="Files or folders of articles, or - for stdin."),
    format: str = typer.Option("jsonl", "--format", help="Output format (jsonl)."),
) -> None:
    """Characterise how each article frames the war; print one JSON object per article.

    Needs no database. Each object holds: article (file name without extension),
    narratives and subnarratives (SemEval-2025 Task 10 labels, Other when none applies),
    persuasion (technique, paragraph, start, end per detected technique), headline_overstatement
    (score, headline_terms, body_hedges) and entity_roles (the actors found, with their
    main and fine roles).
    The narratives come from the TF-IDF model of the default install; with the embed
    extra and SITROOM_EMBEDDINGS=1, from the sentence-embedding model (slower).
    """
    from sitroom.frame import frame_articles
    from sitroom.ingest import clean_paths
    from sitroom.records import Article

    if format != "jsonl":
        fail(f"unsupported format {format!r} (jsonl)")
    articles: list[Article] = []
    problems = 0
    for item in clean_paths(paths):
        if isinstance(item, SitroomError):
            report_problem(item)
            problems += 1
        else:
            articles.append(item)
    try:
        framings = frame_articles(articles)
    except SitroomError as exc:
        fail(str(exc))
    out = sys.stdout
    for framing in framings:
        out.write(json.dumps(framing.to_dict(), ensure_ascii=False) + "\n")
    if not articles and problems:
        raise typer.Exit(1)


@app.command()
def roles(
    mentions: Path = typer.Option(
        ..., "--mentions", help="Mentions: article_id<TAB>entity<TAB>start<TAB>end (inclusive)."
    ),
    corpus: Path = typer.Option(
        ..., "--corpus", help="Folder of the articles (or holding documents/)."
    ),
) -> None:
    """Predict the framing role of each entity mention (SemEval-2025 Task 10, subtask 1).

    Prints article_id, entity, start, end, main role and fine roles, tab-separated, one
    line per mention, in the input's order. Offsets count characters of the raw file text,
    end inclusive. A mention whose offsets are a few characters off its entity is placed
    on the nearest occurrence (with a note); one whose offsets do not read its entity at
    all is reported as an error naming the file and line and skipped; the rest go on.
    The exit code is 1 when any mention was skipped.
    """
    from sitroom.frame.roles import default_model, locate, read_corpus_text, read_mentions

    try:
        model = default_model()
        items = list(read_mentions(mentions))
    except SitroomError as exc:
        fail(str(exc))
    texts: dict[str, str] = {}
    ready: list[tuple[str, int, int]] = []
    kept = []
    errors = 0
    for item in items:
        if isinstance(item, MentionError):
            report_problem(item)
            errors += 1
            continue
        try:
            if item.article not in texts:
                texts[item.article] = read_corpus_text(corpus, item.article)
            start, end, exact = locate(texts[item.article], item, str(mentions))
        except MentionError as exc:
            err = MentionError(f"{mentions}:{item.line}: {exc.message}")
            report_problem(err if "no article" in exc.message else exc)
            errors += 1
            continue
        if not exact:
            typer.secho(
                f"note {mentions}:{item.line}: {item.entity!r} found at {start}-{end - 1}, "
                f"not at {item.start}-{item.given_end}; predicted there",
                err=True,
                fg=typer.colors.YELLOW,
            )
        ready.append((texts[item.article], start, end))
        kept.append(item)
    out = sys.stdout
    for item, pred in zip(kept, model.predict(ready), strict=True):
        fields = [item.article, item.entity, str(item.start), str(item.given_end), pred.main]
        out.write("\t".join([*fields, *pred.fine]) + "\n")
    if errors:
        raise typer.Exit(1)


@app.command()
def train(
    task: str = typer.Argument("all", help="narratives, roles, persuasion or all (in that order)."),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the models (default: sitroom/data/frame/)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the folds (training is deterministic)."),
    cv: bool = typer.Option(
        False, "--cv", help="Also measure cross-validated scores and store them with the model."
    ),
    embeddings: bool = typer.Option(
        False,
        "--embeddings",
        help="Also train the MiniLM-based narrative and entity-role models (needs the embed "
        "extra; about 6 CPU minutes for roles).",
    ),
) -> None:
    """Train the framing models from the shared labelled corpora.

    narratives and roles read ../shared/corpus/semeval2025_en (SemEval-2025 Task 10),
    persuasion ../shared/corpus/semeval2023_t3_en (SemEval-2023 Task 3); $SITROOM_SHARED
    moves ../shared. Prints one JSON summary per task. A few minutes on two cores.
    The default models use TF-IDF features and need no torch; --embeddings adds
    narratives_embed.npz and roles_encoder.npz, which `sitroom frame` and `sitroom roles`
    use when SITROOM_EMBEDDINGS=1 (and the embed extra is installed).
    """
    from sitroom.frame.text import DATA_DIR
    from sitroom.frame.train import TASKS
    from sitroom.frame.train import train as run_train

    if task not in (*TASKS, "all"):
        fail(f"unknown task {task!r} (narratives, roles, persuasion, all)")
    try:
        for result in run_train(task, out or DATA_DIR, seed=seed, cv=cv, embeddings=embeddings):
            typer.echo(json.dumps(result, ensure_ascii=False))
    except (SitroomError, OSError) as exc:
        fail(str(exc))
