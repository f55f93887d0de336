"""A page: what it is before rendering (:class:`PageSpec`), what rendering makes of it (:class:`Page`), its front-matter."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import escape

from ..model.entry import Entry
from .language import Language

if TYPE_CHECKING:
    from .metadata import EntryMetadata


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
    lang: str = "en"  # the edition it belongs to (a code of generator.render.language.LANGUAGES)
    metadata: EntryMetadata | None = None  # an entry page's: its citation_* tags and JSON-LD, for the page's <head>

    def meta(self) -> dict:
        """The page's front-matter values, in the MkDocs convention that Material and Zensical read.

        The one place that knows those keys: ``hide``, ``robots``, and ``lang`` (the edition).
        """
        meta: dict = {"title": self.title, "lang": self.lang}
        if self.description is not None:
            meta["description"] = self.description
        if not self.toc:
            meta["hide"] = ["toc"]
        if self.robots:
            meta["robots"] = self.robots
        if self.metadata:
            meta["citation"] = [list(tag) for tag in self.metadata.citation_tags()]
            linked_data = self.metadata.linked_data()
            if linked_data:
                meta["linked_data"] = linked_data
        return meta


@dataclass
class Page:
    """One rendered page: its spec, its content as HTML, and its permalinked h2 headings in order."""

    path: str
    spec: PageSpec
    html: str
    headings: list[tuple[str, str]]  # (id, text)
    shown: frozenset[str] = frozenset()  # the entries it links or cites: what an edit to them may change on it

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


def entry_title(entry: Entry, lang: Language) -> str:
    """An entry's page title: in Arabic, the Arabic name first where it has one, the Latin name beside it."""
    name_ar = entry.data.get("name_ar")
    return f"{name_ar} ({entry.title})" if lang.code == "ar" and name_ar else entry.title


def describe_entry(entry: Entry, lang: Language) -> str:
    """A one-line plain-text description for meta tags."""
    text = summarize(entry, lang)
    title = entry_title(entry, lang)
    return f"{title}: {text}" if text else title


def summarize(entry: Entry, lang: Language) -> str:
    """What an entry is, in a few words: rank and defection, kind and side, date and place, publisher and date."""
    d, _ = entry.data, lang.gettext
    if entry.kind == "person":
        parts = [lang.rank(d["rank"]) if d.get("rank") else lang.word("category", d["category"]).capitalize() if d.get("category") else ""]
        defection = d.get("defection")
        if defection:
            status = lang.word("status", defection["status"]).lower()
            when = defection.get("date")
            parts.append(_("defection {status}, {date}").format(status=status, date=lang.date(when)) if when
                         else _("defection {status}").format(status=status))
        return _("; ").join(p for p in parts if p)
    if entry.kind == "unit":
        return _(", ").join(x for x in (d.get("kind") and lang.word("unit_kind", d["kind"]), d.get("side") and lang.word("side", d["side"])) if x)
    if entry.kind == "event":
        return _(", ").join(x for x in (d.get("date") and lang.date(d["date"]), d.get("place"), d.get("status") and lang.word("status", d["status"]).lower()) if x)
    return _(", ").join(x for x in (d["publisher"], d.get("date") and lang.date(d["date"])) if x)
