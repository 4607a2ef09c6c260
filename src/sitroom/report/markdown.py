"""``brief.md``: the brief as Markdown, for notes and tickets.

The same content and order as the HTML page (from the same :class:`BriefView`):
tables for the figure series, lists for events and statements, and every citation as a
footnote (``[^12]``) whose definition at the end names the article and quotes the
sentence. Article text is escaped so that it can neither start Markdown constructs nor
carry raw HTML.
"""

from __future__ import annotations

import re

from sitroom.report.view import BriefView, Cite, quoted, side_label

_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md(text: object) -> str:
    """Escape text for inline Markdown (GFM): one line, no markup, no raw HTML (angle
    brackets become entities, which every renderer honours)."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", s)


def ref(c: Cite) -> str:
    return f"[^{c.number}]"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _overview(view: BriefView, title: str) -> list[str]:
    o = view.overview
    lines: list[str] = [f"# {md(title)}", ""]
    period = md(o.period) if o.period else "period not known"
    lines.append(
        f"**{period}** · {o.articles} article{'s' if o.articles != 1 else ''}"
        + (f" ({o.duplicates} duplicate{'s' if o.duplicates != 1 else ''})" if o.duplicates else "")
        + f" from {len(o.sources)} source{'s' if len(o.sources) != 1 else ''} · "
        + f"{o.counts['series']} figure series · {o.counts['contested']} contested claims · "
        + f"{o.counts['events']} events · {o.counts['places']} places · "
        + f"{o.counts['statements']} statements"
    )
    lines.append("")
    if o.missing:
        lines += ["## What this brief lacks", ""]
        lines += [f"- {md(note)}" for note in o.missing]
        lines.append("")
    return lines


def _figures(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Key figures", ""]
    if view.series:
        lines.append(
            "The headline is the most conservative value; a series is **contested** when "
            "claimants at about the same date differ by more than a quarter."
        )
        lines.append("")
        rows = []
        for s in view.series:
            name = md(s.name) + (" **(contested)**" if s.contested else "")
            span = md(s.low) if s.low == s.high else f"{md(s.low)} – {md(s.high)}"
            rows.append(
                [
                    name,
                    f"{md(s.headline.amount)} {ref(s.headline.cite)}",
                    span,
                    md(", ".join(s.claimants_shown)),
                    str(len(s.points)),
                ]
            )
        lines += _table(["Series", "Headline", "Range", "Claimants", "Values"], rows)
        lines.append("")
        for s in view.series:
            lines += [f"### {md(s.name)}" + (" (contested)" if s.contested else ""), ""]
            if s.note:
                lines += [f"_{md(s.note)}_", ""]
            rows = []
            for p in s.points:
                value = md(p.amount) + (" (headline)" if p.headline else "")
                who = md(p.claimant) + (f" ({md(side_label(p.side))})" if p.side else "")
                date = md(p.date) + (
                    " (published)" if p.date and p.date_source == "published" else ""
                )
                rows.append([value, f"“{md(p.value_text)}”", who, date or "—", ref(p.cite)])
            lines += _table(["Value", "As written", "Claimant", "Date", "Source"], rows)
            lines.append("")
    else:
        lines += [md(view.empty["figures"]), ""]
    return lines


def _timeline(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Timeline of events", ""]
    t = view.timeline
    if t.rows:
        if t.total > t.dated or len(t.rows) < t.dated:
            lines += [
                f"{t.dated} dated events of {t.total}; {len(t.rows)} listed here, all in events.csv.",
                "",
            ]
        day = None
        for e in t.rows:
            if e.date != day:
                day = e.date
                lines += ["", f"**{md(e.date_label)}**", ""]
            who = " → ".join(md(x) for x in (e.actor, e.target) if x)
            where = f" at {md(e.place)}" if e.place else ""
            head = f"{md(e.style.label)}" + (f" ({who})" if who else "") + where
            note = " (date of publication)" if e.date_source == "published" else ""
            lines.append(f"- {head}: {md(e.sentence)} {ref(e.cite)}{note}")
        lines.append("")
    elif t.total:
        lines += [f"{md(view.empty['undated'])} {t.total} events are in events.csv.", ""]
    else:
        lines += [md(view.empty["timeline"]), ""]
    return lines


def _places(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Places", ""]
    if view.places:
        rows = []
        for p in view.places:
            types = ", ".join(s.label for s in p.event_types) or "—"
            rows.append(
                [
                    md(p.name),
                    md(p.kind),
                    md(p.country or "—"),
                    str(p.mentions),
                    md(types),
                    ref(p.cite) if p.cite else "—",
                ]
            )
        lines += _table(["Place", "Kind", "Country", "Mentions", "Event types", "Source"], rows)
        if view.places_total > len(view.places):
            lines += [
                "",
                f"{view.places_total - len(view.places)} more places are in places.geojson.",
            ]
        lines.append("")
    else:
        lines += [md(view.empty["map"]), ""]
    return lines


def _statements(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Who said what", ""]
    if view.sides:
        for g in view.sides:
            lines += [f"### {md(g.label)}", ""]
            for sp in g.speakers:
                lines.append(
                    f"- **{md(sp.name)}** ({sp.total} statement{'s' if sp.total != 1 else ''})"
                )
                for st in sp.statements:
                    content = md(quoted(st.content)) if st.direct else md(st.content)
                    lines.append(f"  - _{md(st.cue)}_: {content} {ref(st.cite)}")
                if sp.more:
                    lines.append(f"  - and {sp.more} more")
            if g.more_speakers:
                lines.append(f"- and {g.more_speakers} more speakers")
            lines.append("")
        if view.unresolved_statements:
            lines += [
                f"{view.unresolved_statements} statements whose speaker could not be resolved are in facts.jsonl.",
                "",
            ]
    else:
        lines += [md(view.empty["statements"]), ""]
    return lines


def _contested(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Contested claims", ""]
    if view.contested:
        for c in view.contested:
            lines += [f"### {md(c.subject)}", ""]
            header = [
                md(c.first.speaker)
                + (f" ({md(side_label(c.first.side))})" if c.first.side else ""),
                md(c.second.speaker)
                + (f" ({md(side_label(c.second.side))})" if c.second.side else ""),
            ]
            row = [
                f"{md(quoted(c.first.content))} {ref(c.first.cite)}",
                f"{md(quoted(c.second.content))} {ref(c.second.cite)}",
            ]
            lines += _table(header, [row])
            if c.reason:
                lines += ["", f"_Found by: {md(c.reason)}_"]
            lines.append("")
    else:
        lines += [md(view.empty["contested"]), ""]
    return lines


def _clusters(view: BriefView) -> list[str]:
    lines: list[str] = []
    lines += ["## Stories across outlets", ""]
    if view.clusters:
        for i, c in enumerate(view.clusters, 1):
            meta = [f"{len(c.articles)} articles"]
            if c.period:
                meta.append(md(c.period))
            if c.places:
                meta.append(md(", ".join(c.places)))
            if c.reason:
                meta.append(md(c.reason))
            lines.append(f"{i}. **{md(c.title)}** ({' · '.join(meta)})")
            for a in c.articles:
                source = md(a.outlet or a.name) + (f", {md(a.published)}" if a.published else "")
                lines.append(f"   - {md(a.title)} ({source})")
        lines.append("")
    else:
        lines += [md(view.empty["clusters"]), ""]
    return lines


def _framing(view: BriefView) -> list[str]:
    lines: list[str] = ["## Framing by outlet", ""]
    if not view.framing:
        return [*lines, md(view.empty["framing"]), ""]
    rows = []
    for r in view.framing:
        narratives = "; ".join(f"{md(n)} ({k})" for n, k in r.narratives) or "none"
        techniques = (
            "; ".join(f"{md(n.replace('_', ' '))} ({k})" for n, k in r.techniques) or "none"
        )
        top = md(r.most_overstated.title) if r.most_overstated else "—"
        rows.append(
            [
                md(r.outlet),
                str(r.articles),
                narratives,
                techniques,
                f"{r.overstatement:.2f}",
                top,
            ]
        )
    lines += _table(
        [
            "Outlet",
            "Articles",
            "Narratives",
            "Persuasion",
            "Headline overstatement",
            "Most overstated",
        ],
        rows,
    )
    lines.append("")
    return lines


def _sources(view: BriefView) -> list[str]:
    lines: list[str] = []
    o = view.overview
    lines += ["## Sources", ""]
    if o.sources:
        lines += _table(["Outlet or site", "Articles"], [[md(n), str(k)] for n, k in o.sources])
        lines.append("")
    else:
        lines += [md(view.empty["articles"]), ""]
    return lines


def _references(view: BriefView) -> list[str]:
    lines: list[str] = []
    if view.cites:
        lines += ["## References", ""]
        for c in view.cites:
            where = md(c.citation.article)
            if c.title:
                where += f", _{md(c.title)}_"
            extra = ", ".join(md(x) for x in (c.citation.outlet, c.citation.published) if x)
            if extra:
                where += f" ({extra})"
            lines.append(
                f"[^{c.number}]: {where}, characters {c.citation.start}–{c.citation.end}: "
                f"“{md(c.citation.sentence)}”"
            )
        lines.append("")
    return lines


def render_markdown(view: BriefView, title: str = "Situation brief") -> str:
    """The whole brief as GitHub-flavoured Markdown."""
    lines = _overview(view, title)
    lines += _figures(view)
    lines += _timeline(view)
    lines += _places(view)
    lines += _statements(view)
    lines += _contested(view)
    lines += _clusters(view)
    lines += _framing(view)
    lines += _sources(view)
    lines += _references(view)
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["md", "render_markdown"]
