"""The small HTML pieces every page repeats, as Jinja globals.

They are Python rather than template macros because a 10,000-entry site calls
them hundreds of thousands of times, and a Jinja macro call costs ten times a
function call. Each returns :class:`~markupsafe.Markup` and escapes every value
it is given, exactly as the autoescaping templates do (with :func:`escape`, since
``Markup.format`` is a pure-Python formatter and several times slower).
"""

from __future__ import annotations

from markupsafe import Markup, escape

STATUS_LABELS = {
    "confirmed": "Confirmed",
    "unconfirmed": "Unconfirmed",
    "disputed": "Disputed",
    "denied": "Denied",
}


def badge(status: str | None) -> Markup:
    """A status as a coloured label."""
    if not status:
        return Markup('<span class="dfx-status dfx-status--none">No status</span>')
    return Markup(f'<span class="dfx-status dfx-status--{escape(status)}">{escape(STATUS_LABELS[status])}</span>')


def link(p, entry) -> Markup:
    """A link from page ``p`` to ``entry``, named by its title."""
    return Markup(f'<a href="{escape(p.href(entry))}">{escape(entry.title)}</a>')


def ar(text: str) -> Markup:
    """Arabic text, marked right to left."""
    return Markup(f'<span class="dfx-ar" lang="ar" dir="rtl">{escape(text)}</span>')


def cites(p, citations) -> Markup:
    """Numbered citation marks for a list of citation mappings."""
    return Markup("").join(p.citation(c) for c in citations or ())


def h2(id: str, text: str) -> Markup:
    """A section heading with its permanent link (templates call it through the page, which lists it in its contents)."""
    id = escape(id)
    return Markup(f'<h2 id="{id}">{escape(text)}<a class="headerlink" href="#{id}" title="Permanent link">&para;</a></h2>')


def h3(id: str, text: str) -> Markup:
    """A subsection heading with its permanent link (not listed in the page's contents)."""
    id = escape(id)
    return Markup(f'<h3 id="{id}">{escape(text)}<a class="headerlink" href="#{id}" title="Permanent link">&para;</a></h3>')


def citation_mark(href: str, number: int, title: str) -> Markup:
    """A numbered citation mark linking to the page's list of sources, titled with the locator or the source."""
    return Markup(f'<sup class="dfx-cite"><a href="{escape(href)}" title="{escape(title)}">[{number}]</a></sup>')


BASIS_LABELS = {
    "official": "official, on the record",
    "named": "named source",
    "anonymous": "unnamed source",
    "self": "own announcement",
    "outlet": "the outlet itself",
}

GLOBALS = {"basis_labels": BASIS_LABELS, "badge": badge, "link": link, "ar": ar, "cites": cites, "h3": h3, "status_labels": STATUS_LABELS}
