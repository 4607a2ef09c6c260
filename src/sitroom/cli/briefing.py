"""Commands: briefing."""

from __future__ import annotations

from sitroom.cli._app import app  # noqa: F401
