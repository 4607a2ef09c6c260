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
    offset: int  # character offset of the (stripped) line in the raw text
    text: str  # the line, stripped of surrounding whitespace
    joins_previous: bool = False  # a wrapped continuation of the previous kept line's sentence


@dataclass(frozen=True, slots=True)
class CleanResult:
    title: str
    kept: tuple[KeptLine, ...]
    removed: tuple[RemovedLine, ...]

    @property
    def body(self) -> str:
        return self._assemble()[0]

    @property
    def offset_map(self) -> tuple[tuple[int, int], ...]:
        return self._assemble()[1]

    def _assemble(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        parts: list[str] = []
        mapping: list[tuple[int, int]] = []
        pos = 0
        for i, k in enumerate(self.kept):
            if i:
                parts.append(" " if k.joins_previous else "\n")
                pos += 1
            mapping.append((pos, k.offset))
            parts.append(k.text)
            pos += len(k.text)
        return "".join(parts), tuple(mapping)


def split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of ``text``; offsets index into ``text``."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def clean_text(text: str, title: str | None = None) -> CleanResult:
    kept: list[KeptLine] = []
    removed: list[RemovedLine] = []
    found_title = title
    for i, (offset, line) in enumerate(split_lines(text)):
        if not line.strip():
            continue
        if found_title is None:
            found_title = line.strip()
            removed.append(RemovedLine(i, "title", line))
            continue
        lead = len(line) - len(line.lstrip())
        kept.append(KeptLine(i, offset + lead, line.strip()))
    return CleanResult(found_title or "", tuple(kept), tuple(removed))
