"""What one page knows while it renders: links relative to it, its numbered citations, its headings."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..link.graph import Graph
from ..model.entry import Entry
from . import snippets
from .urls import relative


class PageContext:
    """Links and numbered citations for one page, in reading order."""

    def __init__(self, graph: Graph, page: str, directory_urls: bool):
        self.graph, self.page, self.directory_urls = graph, page, directory_urls
        self.refs: list[dict[str, Any]] = []
        self.headings: list[tuple[str, str]] = []
        self._numbers: dict[str, int] = {}

    def href(self, target) -> str:
        """Relative URL of an entry, an entry id, or a page path."""
        if isinstance(target, Entry):
            target = target.page
        elif target in self.graph.entries:
            target = self.graph.get(target).page
        return relative(self.page, target, self.directory_urls)

    def link(self, id: str) -> tuple[str, str]:
        entry = self.graph.get(id)
        return self.href(entry), entry.title

    def cite(self, source_id: str, locator: str | None = None) -> tuple[str, int]:
        number = self._numbers.get(source_id)
        if number is None:
            number = self._numbers[source_id] = len(self.refs) + 1
            self.refs.append({"number": number, "source": self.graph.get(source_id), "locators": []})
        ref = self.refs[number - 1]
        if locator and locator not in ref["locators"]:
            ref["locators"].append(locator)
        return f"#ref-{number}", number

    def citation(self, citation: dict) -> Markup:
        """A citation mapping as a numbered superscript link."""
        href, number = self.cite(citation["source"], citation.get("locator"))
        return snippets.citation_mark(href, number, citation.get("locator") or self.graph.get(citation["source"]).title)

    def h2(self, id: str, text: str) -> Markup:
        """A section heading with its permanent link, listed in the page's table of contents."""
        self.headings.append((id, text))
        return snippets.h2(id, text)

    def body(self, entry: Entry) -> Markup:
        return Markup(entry.body_html.fill(self)) if entry.body_html else Markup("")
