"""A body as the checker converted it: sanitized HTML whose links and citations are tokens that each page fills in.

Contributor Markdown is converted once, when it is checked (:mod:`generator.check.markdown`);
:meth:`BodyHTML.fill` puts it on a page, sanitizing last whatever the values hold.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Protocol

import nh3

# Admonitions: the boxes a body may draw (`!!! note "Title"`), each a type the theme styles. Any other
# word would become a class of the site's own (md-dialog, md-header) and draw the site's chrome.
ADMONITION_TYPES = ("note", "info", "tip", "warning", "danger", "quote")
ALLOWED_TAGS = {
    "p", "a", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "sup", "sub", "div", "span", "dl", "dt", "dd", "abbr", "del", "ins",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
# The only classes a body keeps: what the converter itself writes (links, citations, footnotes,
# admonitions of the documented types). A class of the site's theme would draw its chrome.
ALLOWED_CLASSES = {
    "a": {"dfx-link", "footnote-ref", "footnote-backref"},
    "sup": {"dfx-cite"},
    "div": {"admonition", "footnote", *ADMONITION_TYPES},
    "p": {"admonition-title"},
}


class Page(Protocol):
    """What the body needs from the page it is rendered into."""

    def link(self, id: str) -> tuple[str, str]: ...  # (href, display name)

    def cite(self, source_id: str, locator: str | None) -> tuple[str, int]: ...  # (href, number)


# Control characters: the checker refuses them in bodies, so contributors cannot forge a token.
# (Not STX/ETX: Python-Markdown uses those for its own placeholders.)
TOKEN = re.compile("\x0e([0-9]+)\x0f")


def token_for(index: int) -> str:
    """The token that stands for value ``index`` (:data:`TOKEN` reads it back)."""
    return f"\x0e{index}\x0f"


@dataclass(frozen=True)
class BodyHTML:
    """A converted body: HTML with tokens, and its references in the order the converter met them.

    Reference ``i`` is ``(id, is_citation, locator)``; token ``2i`` is its href, token ``2i + 1`` its
    text. The converter puts a token only where its placement check allows (:mod:`generator.check.markdown`): an href token as the
    whole ``href`` of a link it made, a text token in text.
    """

    html: str
    refs: tuple[tuple[str, bool, str | None], ...]

    def fill(self, page: Page) -> str:
        """The body's HTML on ``page``, resolving references in the converter's order (which numbers citations).

        Every value is escaped for an attribute (the stricter context), and the filled HTML is
        sanitized last: what reaches the page has passed the sanitizer whatever the values hold.
        """
        values = []
        for id, is_cite, locator in self.refs:
            href, text = page.cite(id, locator) if is_cite else page.link(id)
            values += [html.escape(href), html.escape(str(text))]
        return sanitize(TOKEN.sub(lambda m: values[int(m[1])], self.html))


def sanitize(html: str) -> str:
    """Keep only the tags and attributes a body needs; only http(s), mailto and relative links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
