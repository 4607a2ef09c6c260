"""Cleaning of flattened article text (placeholder: keeps every line until the rule chain lands).

``clean_text(text, title)`` splits the raw text into lines, finds the headline, and
returns the kept lines (with their offsets in the raw text) and the removed ones,
each with the rule that removed it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitroom.records import RemovedLine


@dataclass(frozen=True, slots=True)
class KeptLine:
    position: int  # index of the line in the raw text's line list
    offset: int  # character offset of the line in the raw text
    text: str


@dataclass(frozen=True, slots=True)
class CleanResult:
    title: str
    kept: tuple[KeptLine, ...]
    removed: tuple[RemovedLine, ...]

    @property
    def body(self) -> str:
        return "\n".join(k.text for k in self.kept)

    @property
    def line_offsets(self) -> tuple[int, ...]:
        return tuple(k.offset for k in self.kept)


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of ``text``; offsets index into ``text``."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        out.append((pos, stripped))
        pos += len(line)
    return out


def clean_text(text: str, title: str | None = None) -> CleanResult:
    lines = split_lines(text)
    kept: list[KeptLine] = []
    removed: list[RemovedLine] = []
    found_title = title
    for i, (offset, line) in enumerate(lines):
        if not line.strip():
            continue
        if found_title is None:
            found_title = line.strip()
            removed.append(RemovedLine(i, "title", line))
            continue
        kept.append(KeptLine(i, offset, line.strip()))
    return CleanResult(found_title or "", tuple(kept), tuple(removed))
