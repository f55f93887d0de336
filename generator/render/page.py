"""A page: what it is before rendering (:class:`PageSpec`), what rendering makes of it (:class:`Page`), its front-matter."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from markupsafe import escape

from ..model.entry import Entry


@dataclass(frozen=True)
class PageSpec:
    """One page before it is rendered: its template and context, and what a publisher needs to know of it."""

    template: str
    title: str
    context: dict
    description: str | None = None  # one line of plain text, for meta tags
    toc: bool = False  # whether the page shows a table of contents (of its h2 headings)
    search: bool = True  # False: left out of the site's search index (a private individual, a part of a split list)
    robots: str | None = None  # "noindex": search engines are asked not to index it

    def meta(self) -> dict:
        """The page's front-matter values, in the MkDocs convention that Material and Zensical read.

        The one place that knows those keys: ``hide``, ``robots``.
        """
        meta: dict = {"title": self.title}
        if self.description is not None:
            meta["description"] = self.description
        if not self.toc:
            meta["hide"] = ["toc"]
        if self.robots:
            meta["robots"] = self.robots
        return meta


@dataclass
class Page:
    """One rendered page: its spec, its content as HTML, and its permalinked h2 headings in order."""

    path: str
    spec: PageSpec
    html: str
    headings: list[tuple[str, str]]  # (id, text)

    @property
    def contents(self) -> list[tuple[str, str]]:
        """The table of contents: ``(id, name as escaped HTML)`` of each h2 heading."""
        return [(id, str(escape(text))) for id, text in self.headings]

    @property
    def text(self) -> str:
        """The page as a Markdown file, for MkDocs-like publishers."""
        return front_matter(self.spec.meta()) + self.html


def page_meta(meta: dict) -> dict:
    """Front-matter values as MkDocs themes need them: titles and descriptions HTML-escaped, as they print them raw."""
    return {key: html.escape(value, quote=True) if key in ("title", "description") else value for key, value in meta.items()}


def front_matter(meta: dict) -> str:
    """YAML front-matter for MkDocs (see :func:`page_meta`)."""
    lines = ["---"]
    for key, value in page_meta(meta).items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def describe_entry(entry: Entry) -> str:
    """A one-line plain-text description for meta tags."""
    text = summarize(entry)
    return f"{entry.title}: {text}" if text else entry.title


def summarize(entry: Entry) -> str:
    """What an entry is, in a few words: rank and defection, kind and side, date and place, publisher and date."""
    d = entry.data
    if entry.kind == "person":
        parts = [d.get("rank") or (d.get("category") or "").capitalize()]
        defection = d.get("defection")
        if defection:
            when = defection.get("date")
            parts.append(f"defection {defection['status']}" + (f", {when.describe()}" if when else ""))
        text = "; ".join(p for p in parts if p)
    elif entry.kind == "unit":
        text = ", ".join(x for x in (d.get("kind"), d.get("side")) if x)
    elif entry.kind == "event":
        text = ", ".join(x for x in (d["date"].describe() if d.get("date") else None, d.get("place"), d.get("status")) if x)
    else:
        text = ", ".join(x for x in (d["publisher"], d["date"].describe() if d.get("date") else None) if x)
    return text
