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


def _heading(level: int):
    def heading(id: str, text: str) -> Markup:
        id = escape(id)
        return Markup(f'<h{level} id="{id}">{escape(text)}<a class="headerlink" href="#{id}" title="Permanent link">&para;</a></h{level}>')

    heading.__doc__ = f"A level-{level} section heading with its permanent link."
    return heading


h2, h3 = _heading(2), _heading(3)

BASIS_LABELS = {
    "official": "official, on the record",
    "named": "named source",
    "anonymous": "unnamed source",
    "self": "own announcement",
    "outlet": "the outlet itself",
}

GLOBALS = {"basis_labels": BASIS_LABELS, "badge": badge, "link": link, "ar": ar, "cites": cites, "h2": h2, "h3": h3, "status_labels": STATUS_LABELS}
