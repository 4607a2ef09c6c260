"""Outlets: which site an article comes from, and the names people know outlets by.

An article's outlet is its metadata's site name when there is one, else what
:func:`infer_outlet` reads from the text: a masthead line naming a known outlet, a byline
"by NAME, OUTLET:", a copyright line, or the web address the text names most (links to
social networks and similar hosts aside). Known outlets (``[[outlets]]`` of
``data/sources.toml``: names, aliases and hosts) get their usual name, so that "Mirror",
"The Mirror" and mirror.co.uk count as one outlet (:func:`canonical_outlet`).

This module loads no NLP model: the report reads outlets without loading reconciliation.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from importlib import resources
from typing import Any

from sitroom.records import Article

# What an outlet reconciliation could not tell is called.
UNKNOWN_OUTLET = "unknown outlet"

_DOMAIN = re.compile(
    r"\b(?:www\.)?((?:[a-z0-9-]+\.)+(?:co\.uk|com|org|net|ru|ua|news|info|co|uk|eu|io))\b",
    re.IGNORECASE,
)
_BYLINE_OUTLET = re.compile(r"^\s*by [^,]{2,60},\s*([^:]{2,60}):\s*$", re.IGNORECASE)
_COPYRIGHT_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?([A-Z][\w&.' -]{1,40}?)(?:\.|,|\s+all rights|$)",
    re.IGNORECASE,
)
_CONTENT_BY = re.compile(r"all content created by (?:the )?([A-Z][\w&.' -]{1,60}?)(?:,|$)")


@functools.cache
def _sources() -> dict[str, Any]:
    raw = resources.files("sitroom").joinpath("data/sources.toml").read_text("utf-8")
    return tomllib.loads(raw)


@functools.cache
def _social_hosts() -> frozenset[str]:
    """Hosts that never name an article's outlet (``data/sources.toml``), loaded once."""
    return frozenset(h.lower() for h in _sources()["social_hosts"])


def _name_key(name: str) -> str:
    key = " ".join(name.casefold().strip(" .,:;|-–—").split())
    return key.removeprefix("the ")


@functools.cache
def _outlet_names() -> tuple[dict[str, str], dict[str, str]]:
    """Known outlets (``[[outlets]]`` of ``data/sources.toml``): normalised name or alias ->
    outlet, and web host -> outlet."""
    names: dict[str, str] = {}
    hosts: dict[str, str] = {}
    for outlet in _sources().get("outlets", []):
        for alias in (outlet["name"], *outlet.get("aliases", ())):
            names[_name_key(alias)] = outlet["name"]
        for host in outlet.get("hosts", ()):
            hosts[host.lower()] = outlet["name"]
    return names, hosts


@functools.cache
def _outlet_mention() -> re.Pattern[str]:
    """A known outlet's name or alias of two or more words, or of one word of four or more
    letters, as words of a line (longest first)."""
    names = sorted(
        (a for a in _outlet_names()[0] if " " in a or len(a) >= 4), key=len, reverse=True
    )
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w.])(?:the )?({alternatives})(?![\w])", re.IGNORECASE)


def _host_outlet(host: str) -> str | None:
    """The known outlet of a web host or of a domain it is a subdomain of."""
    by_host = _outlet_names()[1]
    parts = host.lower().split(".")
    for k in range(len(parts) - 1):
        outlet = by_host.get(".".join(parts[k:]))
        if outlet:
            return outlet
    return None


def canonical_outlet(name: str) -> str:
    """An outlet's usual name for a name, alias or host of a known outlet ("Mirror",
    "mirror.co.uk" -> "Daily Mirror"); any other name unchanged."""
    return _outlet_names()[0].get(_name_key(name)) or _host_outlet(name.strip()) or name


def infer_outlet(article: Article) -> str | None:
    """The site an article comes from, read cheaply from what cleaning removed (a masthead
    line naming a known outlet, a byline "by NAME, OUTLET:", a copyright line) or from a web
    address in its text; known outlets get their usual name (:func:`canonical_outlet`)."""
    known = _outlet_names()[0]
    for removed in article.removed:
        if removed.rule in ("byline", "header"):
            outlet = known.get(_name_key(removed.line))
            if outlet:
                return outlet
            m = _BYLINE_OUTLET.match(removed.line)
            if m:
                return canonical_outlet(m.group(1).strip())
        if removed.rule == "copyright":
            named = _outlet_mention().search(removed.line)
            if named:  # "©2022 Bloomberg L.P.", "Copyright The Associated Press"
                return known[_name_key(named.group(1))]
            m = _CONTENT_BY.search(removed.line) or _COPYRIGHT_OUTLET.search(removed.line)
            if m:
                name = m.group(1).strip(" .,")
                if len(name) > 2 and not name.lower().startswith(("all ", "the author")):
                    return canonical_outlet(name)
    hosts = Counter(
        m.group(1).lower()
        for m in _DOMAIN.finditer(article.raw_text)
        if m.group(1).lower() not in _social_hosts()
        and not any(m.group(1).lower().endswith("." + s) for s in _social_hosts())
    )
    if hosts:
        host, _ = hosts.most_common(1)[0]
        return _host_outlet(host) or host
    return None


# A figure in the own voice of an article whose outlet is unknown is claimed by the article:
# "<article> (own voice)" (each such article is a voice of its own when claims are compared).
OWN_VOICE_SUFFIX = " (own voice)"


__all__ = ["OWN_VOICE_SUFFIX", "UNKNOWN_OUTLET", "canonical_outlet", "infer_outlet"]
