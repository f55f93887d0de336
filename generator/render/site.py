"""Render the linked archive into pages: front-matter values plus finished HTML.

Every value from front-matter reaches a page through an autoescaping Jinja
template; bodies arrive already converted and sanitized by the checker (:mod:`generator.model.body`)
and only their links and citations are filled in here.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..link.graph import Graph
from ..model.entry import Entry
from ..model.kinds import KINDS
from ..model.ranks import by_name
from . import snippets
from .lists import index_pages
from .sizes import human_size
from .urls import page_url, relative


@dataclass
class Options:
    """How pages are built: URL style and what the site links to."""

    directory_urls: bool = True
    site_name: str = "Syrian Defections Archive"
    offline_copy: dict | None = None  # {"file", "name", "size"} of the newest offline copy, to link from the home page
    rows_per_page: int = 100  # the most rows an index page lists before the list is split
    downloads: list = field(default_factory=list)  # the data files the download page lists (generator.export.listing)


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
        elif target in self.site.graph.entries:
            target = self.site.graph.get(target).page
        return relative(self.page, target, self.site.options.directory_urls)

    def link(self, id: str) -> tuple[str, str]:
        entry = self.site.graph.get(id)
        return self.href(entry), entry.title

    def cite(self, source_id: str, locator: str | None = None) -> tuple[str, int]:
        number = self._numbers.get(source_id)
        if number is None:
            number = self._numbers[source_id] = len(self.refs) + 1
            self.refs.append({"number": number, "source": self.site.graph.get(source_id), "locators": []})
        ref = self.refs[number - 1]
        if locator and locator not in ref["locators"]:
            ref["locators"].append(locator)
        return f"#ref-{number}", number

    def citation(self, citation: dict) -> Markup:
        """A citation mapping as a numbered superscript link."""
        href, number = self.cite(citation["source"], citation.get("locator"))
        title = citation.get("locator") or self.site.graph.get(citation["source"]).title
        return Markup(f'<sup class="dfx-cite"><a href="{escape(href)}" title="{escape(title)}">[{number}]</a></sup>')

    def body(self, entry: Entry) -> Markup:
        return Markup(entry.body_html.fill(self)) if entry.body_html else Markup("")


class _Environment(jinja2.Environment):
    """Templates read front-matter values as ``d.name``: look such a key up first.

    Jinja tries an attribute before a key, so every ``d.name`` on a plain dict raised and
    caught an AttributeError, and an absent field a KeyError too (1.8 million lookups at
    10,000 entries). Keys never shadow dict methods: no field is called ``get``, ``items``...
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            if attribute in obj:
                return obj[attribute]
            if not hasattr(dict, attribute):  # an absent field
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


class Site:
    """Builds every page of the site from an :class:`Graph`."""

    def __init__(self, graph: Graph, options: Options | None = None):
        self.graph = graph
        self.options = options or Options()
        self.relations = graph.relations
        self.env = _Environment(
            loader=jinja2.PackageLoader("generator.render", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.ChainableUndefined,
            auto_reload=False,  # a Site lives for one build; serve makes a new one after a template changes
        )
        self.env.globals.update(
            site=self,
            graph=graph,
            rel=self.relations,
            **snippets.GLOBALS,
            kinds=KINDS,
            rank=by_name,
        )
        self.env.filters["when"] = lambda d: d.describe() if d else "unknown"
        self.env.filters["size"] = human_size

    @cached_property
    def specs(self) -> dict[str, tuple[str, dict, dict]]:
        """Every page of the site, not yet rendered: ``{source path: (template, meta, context)}``, in a stable order."""
        out = {}
        for entry in sorted(self.graph.entries.values(), key=lambda e: e.page):
            meta = {"title": entry.title, "description": describe_entry(entry), "search": {"boost": 2}, "hide": ["toc"]}
            if entry.kind == "person" and entry.data.get("standing") == "private":
                # do no harm: a private individual is not found by name, on the site or by search engines
                meta["search"] = {"exclude": True}
                meta["robots"] = "noindex"
            out[entry.page] = (f"{entry.kind}.md.j2", meta, {"e": entry, "d": entry.data})
        generated = index_pages(self)
        for directory_urls in (True, False):  # the checker's reserved ids keep entries off generated addresses: make sure
            urls: dict[str, str] = {}
            for page in [*out, *generated]:
                url = page_url(page, directory_urls)
                if urls.setdefault(url, page) is not page:
                    raise ValueError(f"the pages {urls[url]} and {page} have the same address {url!r}")
        return dict(sorted({**out, **generated}.items()))

    def page(self, path: str) -> Page:
        """One page, rendered."""
        template, meta, context = self.specs[path]
        html = self.env.get_template(template).render(p=PageContext(self, path), **context)
        return Page(path, meta, html)

    def summary(self, path: str) -> str:
        """A page's heading and, for an entry, the lead that search indexes: names, aliases, Arabic name, description."""
        _, meta, context = self.specs[path]
        entry = context.get("e")
        return self.env.get_template("summary.j2").render(meta=meta, e=entry, lead=summarize(entry) if entry else "")

    def pages(self) -> dict[str, str]:
        """Every page of the site as Markdown (front-matter and HTML): ``{source path: text}``, in a stable order."""
        return {path: self.page(path).text for path in self.specs}


@dataclass
class Page:
    """One rendered page: its front-matter values and its content as HTML."""

    path: str
    meta: dict
    html: str

    @property
    def text(self) -> str:
        """The page as a Markdown file, for MkDocs-like publishers."""
        return front_matter(self.meta) + self.html

    @property
    def toc(self) -> list[dict]:
        """The page's permalinked h2 headings, as MkDocs table-of-contents tokens (names are escaped HTML)."""
        return [{"level": 2, "id": m["id"], "name": TAG.sub("", m["name"]).strip(), "children": []}
                for m in HEADING.finditer(self.html)]


HEADING = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<name>.*?)<a class="headerlink"')
TAG = re.compile(r"<[^>]+>")


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
