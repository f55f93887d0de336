"""Render the linked archive into Markdown pages (HTML blocks inside Markdown).

Every value from front-matter reaches a page through an autoescaping Jinja
template; bodies arrive already converted and sanitized by :mod:`.body`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from .body import BodyRenderer
from .indexes import index_pages
from .model import Archive, Entry
from .ranks import by_name
from .relations import Relations
from .schema import FOLDERS
from .urls import relative

STATUS_LABELS = {
    "confirmed": "Confirmed",
    "unconfirmed": "Unconfirmed",
    "disputed": "Disputed",
    "denied": "Denied",
}
KIND_LABELS = {"person": "People", "unit": "Units", "event": "Events", "source": "Sources"}


@dataclass
class Options:
    """How pages are built: URL style and what the site links to."""

    directory_urls: bool = True
    site_name: str = "Syrian Defections Archive"
    archive_download: dict | None = None  # {"file": ..., "size": ...} of the offline archive
    extra: dict = field(default_factory=dict)


class PageContext:
    """Links and numbered citations for one page, in reading order."""

    def __init__(self, site: "Site", page: str):
        self.site, self.page = site, page
        self.refs: list[dict[str, Any]] = []
        self._numbers: dict[str, int] = {}

    def href(self, target) -> str:
        """Relative URL of an entry, an entry id, or a page path."""
        if isinstance(target, Entry):
            target = target.page
        elif target in self.site.archive.entries:
            target = self.site.archive.get(target).page
        return relative(self.page, target, self.site.options.directory_urls)

    def link(self, id: str) -> tuple[str, str]:
        entry = self.site.archive.get(id)
        return self.href(entry), entry.title

    def cite(self, source_id: str, locator: str | None = None) -> tuple[str, int]:
        number = self._numbers.get(source_id)
        if number is None:
            number = self._numbers[source_id] = len(self.refs) + 1
            self.refs.append({"number": number, "source": self.site.archive.get(source_id), "locators": []})
        ref = self.refs[number - 1]
        if locator and locator not in ref["locators"]:
            ref["locators"].append(locator)
        return f"#ref-{number}", number

    def citation(self, citation: dict) -> Markup:
        """A citation mapping as a numbered superscript link."""
        href, number = self.cite(citation["source"], citation.get("locator"))
        title = citation.get("locator") or self.site.archive.get(citation["source"]).title
        return Markup('<sup class="dfx-cite"><a href="{}" title="{}">[{}]</a></sup>').format(href, title, number)

    def body(self, entry: Entry) -> Markup:
        return Markup(self.site.body.render(entry.body, self)) if entry.body.strip() else Markup("")


class Site:
    """Builds every page of the site from an :class:`Archive`."""

    def __init__(self, archive: Archive, options: Options | None = None):
        self.archive = archive
        self.options = options or Options()
        self.relations = Relations(archive)
        self.body = BodyRenderer()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.ChainableUndefined,
        )
        self.env.globals.update(
            site=self,
            archive=archive,
            rel=self.relations,
            status_labels=STATUS_LABELS,
            kind_labels=KIND_LABELS,
            folders=FOLDERS,
            rank=by_name,
        )
        self.env.filters["when"] = lambda d: d.describe() if d else "unknown"

    def render(self, template: str, page: str, meta: dict, **context) -> str:
        ctx = PageContext(self, page)
        text = self.env.get_template(template).render(p=ctx, **context)
        return front_matter(meta) + text

    def entry_page(self, entry: Entry) -> str:
        meta = {"title": entry.title, "description": describe_entry(entry, self.relations), "search": {"boost": 2}}
        return self.render(f"{entry.kind}.md.j2", entry.page, meta, e=entry, d=entry.data)

    def pages(self) -> dict[str, str]:
        """Every page of the site: ``{source path: Markdown text}``, in a stable order."""

        out = {entry.page: self.entry_page(entry) for entry in sorted(self.archive.entries.values(), key=lambda e: e.page)}
        out.update(index_pages(self))
        return dict(sorted(out.items()))


def front_matter(meta: dict) -> str:
    """YAML front-matter for MkDocs; titles and descriptions HTML-escaped, as MkDocs themes print them raw."""
    lines = ["---"]
    for key, value in meta.items():
        if key in ("title", "description"):
            value = html.escape(value, quote=True)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def describe_entry(entry: Entry, relations: Relations) -> str:
    """A one-line plain-text description for meta tags."""
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
    return f"{entry.title}: {text}" if text else entry.title
