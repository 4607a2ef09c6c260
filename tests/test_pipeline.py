"""The stages end to end over a store (sitroom.pipeline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import ModelError
from sitroom.pipeline import build_brief, frame_articles
from sitroom.store import open_store


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Shelling reported\nOfficials said on Monday that 12 people were killed in Kharkiv.\n",
        encoding="utf-8",
    )
    return folder


def test_a_missing_framing_model_leaves_a_brief_without_framing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitroom.frame

    def missing(_articles: object) -> list[object]:
        raise ModelError("no narrative model at narratives.npz (run: sitroom train narratives)")

    monkeypatch.setattr(sitroom.frame, "frame_articles", missing)
    store = open_store(f"sqlite:///{tmp_path}/s.db")
    run = build_brief([_corpus(tmp_path)], store, tmp_path / "out")
    assert Path(run.files.html).exists()
    assert not run.situation.framing
    assert any("framing not run" in p and "sitroom train" in p for p in run.problems)


def test_framing_problems_are_optional() -> None:
    assert frame_articles([]) == {}
