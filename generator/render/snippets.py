"""The small HTML pieces every page repeats, as Jinja globals, in one language.

They are Python rather than template macros because a 10,000-entry site calls
them hundreds of thousands of times, and a Jinja macro call costs ten times a
function call. Each returns :class:`~markupsafe.Markup` and escapes every value
it is given, exactly as the autoescaping templates do (with :func:`escape`, since
``Markup.format`` is a pure-Python formatter and several times slower).

Content is written in English (names also in Arabic script): on a page of another
language, every English value from the content is marked ``lang="en"`` and isolated
in a ``<bdi>``, so a reader's tools pronounce it right and its punctuation and numbers
never scramble the line around it (:meth:`Snippets.en`).
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from ..model.ranks import by_name
from .language import Language


class Snippets:
    """The pieces, with their words in ``lang``."""

    def __init__(self, lang: Language):
        self.lang = lang
        self._permalink = escape(lang.gettext("Permanent link"))
        self._badges = {status: Markup(f'<span class="dfx-status dfx-status--{escape(status)}">{escape(lang.word("status", status))}</span>')
                        for status in ("confirmed", "unconfirmed", "disputed", "denied")}
        self._no_status = Markup(f'<span class="dfx-status dfx-status--none">{escape(lang.gettext("No status"))}</span>')
        self.globals = {"badge": self.badge, "link": self.link, "ar": ar, "en": self.en, "cites": cites, "h3": self.h3,
                        "word": self.word, "rank_name": self.rank_name, "entry_name": self.entry_name,
                        "other_name": self.other_name}

    def en(self, text) -> Markup:
        """English text from the content, as it sits on a page of this language."""
        if self.lang.source:
            return escape(text)
        return Markup(f'<bdi lang="en">{escape(text)}</bdi>')

    def word(self, field: str, value: str) -> str:
        """An enumerated value's word (escaped by the template)."""
        return self.lang.word(field, value)

    def badge(self, status: str | None) -> Markup:
        """A status as a coloured label."""
        return self._badges[status] if status else self._no_status

    def link(self, p, entry) -> Markup:
        """A link from page ``p`` to ``entry``, named by its name in this language."""
        p.linked.add(entry.id)
        return Markup(f'<a href="{escape(p.href(entry))}">{self.entry_name(entry)}</a>')

    def entry_name(self, entry) -> Markup:
        """An entry's name: in Arabic, its Arabic name where it has one."""
        if self.lang.code == "ar" and entry.data.get("name_ar"):
            return Markup(f'<bdi>{escape(entry.data["name_ar"])}</bdi>')
        return self.en(entry.title)

    def other_name(self, entry) -> Markup:
        """An entry's name in the other script, beside the one :meth:`entry_name` gives ("" when it has no Arabic name)."""
        if not entry.data.get("name_ar"):
            return Markup("")
        return self.en(entry.title) if self.lang.code == "ar" else ar(entry.data["name_ar"])

    def rank_name(self, name: str) -> Markup:
        """A rank: in English with its Arabic name beside it, in Arabic by its Arabic name."""
        if self.lang.code == "ar":
            return escape(self.lang.rank(name))
        return Markup(f"{escape(name)} ({ar(by_name(name).ar)})")

    def h2(self, id: str, text: str) -> Markup:
        """A section heading with its permanent link (templates call it through the page, which lists it in its contents)."""
        id = escape(id)
        return Markup(f'<h2 id="{id}">{escape(text)}<a class="headerlink" href="#{id}" title="{self._permalink}">&para;</a></h2>')

    def h3(self, id: str, text: str) -> Markup:
        """A subsection heading with its permanent link (not listed in the page's contents)."""
        id = escape(id)
        return Markup(f'<h3 id="{id}">{escape(text)}<a class="headerlink" href="#{id}" title="{self._permalink}">&para;</a></h3>')


def ar(text: str) -> Markup:
    """Arabic text, marked right to left."""
    return Markup(f'<span class="dfx-ar" lang="ar" dir="rtl">{escape(text)}</span>')


def cites(p, citations) -> Markup:
    """Numbered citation marks for a list of citation mappings."""
    return Markup("").join(p.citation(c) for c in citations or ())


def citation_mark(href: str, number: int, title: str, locator: str | None = None, quote: str | None = None, note: str | None = None) -> Markup:
    """A numbered citation mark linking to the page's list of sources, titled with the locator or the source.

    The citation's locator, quotation and note ride along as data for the popover (``assets/citations.js``),
    which shows them with the source's title, publisher and date from the list.
    """
    extra = "".join(f' data-{name}="{escape(value)}"' for name, value in (("locator", locator), ("quote", quote), ("note", note)) if value)
    return Markup(f'<sup class="dfx-cite"><a href="{escape(href)}" title="{escape(title)}"{extra}>[{number}]</a></sup>')


def json_data(value) -> Markup:
    """``value`` as JSON inside a ``<script type="application/json">`` or ``application/ld+json`` data block: keys
    sorted, non-ASCII kept as it is, and ``<``, ``>`` and ``&`` written as escapes, so that no value can end the
    element or open a comment in it (the browser does not decode entities there)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
