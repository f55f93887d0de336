"""What one page knows while it renders: links relative to it, its numbered citations, its headings."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..link.graph import Graph
from ..model.entry import Entry
from .snippets import Snippets, citation_mark
from .urls import relative


class PageContext:
    """Links and numbered citations for one page, in reading order."""

    def __init__(self, graph: Graph, page: str, directory_urls: bool, snippets: Snippets):
        self.graph, self.page, self.directory_urls, self.snippets = graph, page, directory_urls, snippets
        self.lang = snippets.lang
        self._names_ar = False
        self.refs: list[dict[str, Any]] = []
        self.headings: list[tuple[str, str]] = []
        self._numbers: dict[str, int] = {}
        self.linked: set[str] = set()  # the entries this page has linked so far
        self.shown: set[str] = set()  # the entries the page links or cites anywhere: what it shows of the graph

    def href(self, target) -> str:
        """Relative URL of an entry, an entry id, or a page path (of the English edition): its twin in this page's language."""
        if isinstance(target, Entry):
            self.shown.add(target.id)
            target = target.page
        elif target in self.graph.entries:
            self.shown.add(target)
            target = self.graph.get(target).page
        return relative(self.page, self.lang.path(target), self.directory_urls)

    def asset(self, path: str) -> str:
        """Relative URL of a file both editions share (a download, a script)."""
        return relative(self.page, path, self.directory_urls)

    def link(self, id: str) -> tuple[str, str]:
        entry = self.graph.get(id)
        self.linked.add(id)
        return self.href(entry), (self._names_ar and entry.data.get("name_ar")) or entry.title

    def cite(self, source_id: str, locator: str | None = None) -> tuple[str, int]:
        number = self._numbers.get(source_id)
        if number is None:
            number = self._numbers[source_id] = len(self.refs) + 1
            self.linked.add(source_id)
            self.shown.add(source_id)
            self.refs.append({"number": number, "source": self.graph.get(source_id), "locators": []})
        ref = self.refs[number - 1]
        if locator and locator not in ref["locators"]:
            ref["locators"].append(locator)
        return f"#ref-{number}", number

    def citation(self, citation: dict, inline: bool = False) -> Markup:
        """A citation mapping as a numbered superscript link; ``inline`` when its quotation and note are printed beside it."""
        href, number = self.cite(citation["source"], citation.get("locator"))
        locator = citation.get("locator")
        title = locator or self.graph.get(citation["source"]).title
        if inline:
            return citation_mark(href, number, title, locator)
        return citation_mark(href, number, title, locator, citation.get("quote"), citation.get("note"))

    def unlisted(self, entries: list[Entry]) -> list[Entry]:
        """Those of ``entries`` that the page has not linked yet."""
        return [e for e in entries if e.id not in self.linked]

    def h2(self, id: str, text: str) -> Markup:
        """A section heading with its permanent link, listed in the page's table of contents."""
        self.headings.append((id, text))
        return self.snippets.h2(id, text)

    def body(self, entry: Entry) -> Markup:
        """The entry's body in this page's language, or its English body (marked so) where it has none."""
        if self.lang.code == "ar" and entry.body_ar_html:
            self._names_ar = True  # links in an Arabic text name entries by their Arabic names
            try:
                return Markup(entry.body_ar_html.fill(self))
            finally:
                self._names_ar = False
        if not entry.body_html:
            return Markup("")
        html = Markup(entry.body_html.fill(self))
        if self.lang.source:
            return html
        note = self.lang.gettext("This text has not been written in Arabic yet; here it is in English.")
        return Markup('<p class="dfx-untranslated">{}</p><div lang="en" dir="ltr">{}</div>').format(note, html)
