"""sitroom: turn a stream of war reporting into an evidence-linked situation picture."""

from __future__ import annotations

__version__ = "0.1.0"
