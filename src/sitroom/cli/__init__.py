"""The ``sitroom`` command line: thin adapters over the library.

Each submodule registers its commands on :data:`app`; they translate arguments,
call the library, and turn :class:`sitroom.errors.SitroomError` into clear messages
and exit codes at the edge.
"""

from __future__ import annotations

from sitroom.cli._app import app

# Importing the submodules registers their commands.
from sitroom.cli import corpus as _corpus  # noqa: F401  isort: skip
from sitroom.cli import extraction as _extraction  # noqa: F401  isort: skip
from sitroom.cli import framing as _framing  # noqa: F401  isort: skip
from sitroom.cli import briefing as _briefing  # noqa: F401  isort: skip

__all__ = ["app"]
