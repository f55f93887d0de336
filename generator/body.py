"""Contributor Markdown to safe HTML: ``[[id]]`` links, ``[@id]`` citations, sanitized.

The body is converted here, not by MkDocs, so that contributor text is never
read as the site's own Markdown, never run through Jinja, and always passes
through the sanitizer before it reaches a page.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Protocol

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .markup import CITE, WIKILINK

EXTENSIONS = ["tables", "footnotes", "admonition", "sane_lists", "def_list", "abbr", "fenced_code"]
ALLOWED_TAGS = {
    "p", "a", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "sup", "sub", "div", "span", "dl", "dt", "dd", "abbr", "del", "ins",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class", "id"},
    "abbr": {"title"},
    "div": {"class"},
    "span": {"class"},
    "sup": {"id", "class"},
    "li": {"id"},
    "p": {"class"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


class Page(Protocol):
    """What the body needs from the page it is rendered into."""

    def link(self, id: str) -> tuple[str, str]: ...  # (href, display name)

    def cite(self, source_id: str, locator: str | None) -> tuple[str, int]: ...  # (href, number)


class _WikiLink(InlineProcessor):
    def __init__(self, renderer: "BodyRenderer"):
        super().__init__(WIKILINK.pattern)
        self.renderer = renderer

    def handleMatch(self, m, data):
        href, name = self.renderer.page.link(m.group(1))
        el = etree.Element("a", {"href": href, "class": "dfx-link"})
        el.text = (m.group(2) or "").strip() or name
        return el, m.start(0), m.end(0)


class _Citation(InlineProcessor):
    def __init__(self, renderer: "BodyRenderer"):
        super().__init__(CITE.pattern)
        self.renderer = renderer

    def handleMatch(self, m, data):
        locator = (m.group(2) or "").strip() or None
        href, number = self.renderer.page.cite(m.group(1), locator)
        sup = etree.Element("sup", {"class": "dfx-cite"})
        a = etree.SubElement(sup, "a", {"href": href})
        a.text = f"[{number}]"
        if locator:
            a.set("title", locator)
        return sup, m.start(0), m.end(0)


class _Headings(Treeprocessor):
    """The page owns the h1: shift the body's headings down one level."""

    def run(self, root):
        for el in root.iter():
            if el.tag in ("h1", "h2", "h3", "h4", "h5"):
                el.tag = "h" + str(int(el.tag[1]) + 1)


class BodyRenderer:
    """Renders bodies one after another, reusing one Markdown instance."""

    def __init__(self):
        self.page: Page | None = None
        self.md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        # Priorities above 'link' (160) so that [[..]] and [@..] are not read as links.
        self.md.inlinePatterns.register(_WikiLink(self), "dfx_wikilink", 175)
        self.md.inlinePatterns.register(_Citation(self), "dfx_citation", 174)
        self.md.treeprocessors.register(_Headings(self.md), "dfx_headings", 5)
        # Raw HTML is refused by the checker; drop any that slips through rather than pass it on.
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")

    def render(self, text: str, page: Page) -> str:
        self.page = page
        try:
            self.md.reset()
            html = self.md.convert(text)
        finally:
            self.page = None
        return sanitize(html)


def sanitize(html: str) -> str:
    """Keep only the tags and attributes a body needs; only http(s), mailto and relative links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )

