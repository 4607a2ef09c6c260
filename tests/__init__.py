"""sitroom tests (a package, so test modules import shared constants from .conftest)."""
