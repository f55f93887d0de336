"""What search knows of each page: the documents of the search index, and the index as a script.

One document per page, as a list: ``[url, kind, name, Arabic name, aliases, description, status, date, more]``.
``url`` is relative to the site root; ``kind`` is an entry kind or ``page`` (a hand-written or
index page); ``description`` is what a result shows under the name (a person's rank, an event's
place, a source's publisher); ``status`` and ``date`` are a person's defection's or an event's;
``more`` is text that is searched but not shown (a page's headings).
The browser folds all of it with :mod:`.names` when it builds the index.
"""

from __future__ import annotations

import json

from ..model.entry import Entry
from ..model.kinds import KINDS
from ..model.rules import STATUSES
from ..render.language import N_, Language
from ..render.site import Site
from ..render.urls import page_url

FIELDS = ("url", "kind", "name", "ar", "aliases", "description", "status", "date", "more")
INDEX = "search/index.js"  # a script, not JSON: browsers load scripts from file:// too, and fetch() from there fails; each edition has its own
CALLBACK = "dfxSearchIndex"
# What the search box says of its results, in the reader's language (search.js fills in {query}, {count} and {shown}).
# (What it says before the index arrives, the page says: see overrides/partials/dfx-search.html.)
RESULT_WORDS = {
    "none": N_("No results for “{query}”"),
    "one": N_("1 result"),
    "many": N_("{count} results"),
    "more": N_("{count} results, the first {shown} shown"),
    "spelled": N_("Also spelled: "),
    "called": N_("Also called: "),
    "defection": N_("Defection "),
}


def entry_document(entry: Entry, directory_urls: bool, lang: Language) -> list:
    """An entry's document, with the words it shows in ``lang`` and the URL of its page in that edition."""
    d = entry.data
    if entry.kind == "person":
        description = lang.rank(d["rank"]) if d.get("rank") else lang.word("category", d["category"]).capitalize() if d.get("category") else ""
    elif entry.kind == "unit":
        description = lang.gettext(", ").join(x for x in (d.get("kind") and lang.word("unit_kind", d["kind"]), d.get("side") and lang.word("side", d["side"])) if x)
    else:
        description = d.get("place") or d.get("publisher") or ""
    return [page_url(lang.path(entry.page), directory_urls), entry.kind, entry.title, d.get("name_ar") or "", list(d.get("aliases") or ()),
            description, entry.status or "", lang.date(entry.date) if entry.date else "", ""]


def page_document(url: str, title: str, headings: list[str]) -> list:
    return [url, "page", title, "", [], "", "", "", " ".join(headings)]


def site_documents(site: Site, lang: Language) -> list[list]:
    """A document for every searchable page the generator makes in edition ``lang``: entries from their data, other pages by title.

    (The MkDocs plugin indexes the theme's pages itself, with their headings, and hand-written pages too.)
    """
    directory_urls = site.options.directory_urls
    return [entry_document(spec.context["e"], directory_urls, lang) if "e" in spec.context
            else page_document(page_url(path, directory_urls), spec.title, [])
            for path, spec in site.specs.items() if spec.search and spec.lang == lang.code]


def index_script(documents: list[list], lang: Language) -> str:
    """The documents, sorted by URL, as a script that hands them to the search code, with the words
    the box and its results show in ``lang``: ``{"labels": {"kind": ..., "status": ..., "words": ...}, "documents": {field: [value, ...]}}``.

    A column per field (every reader who searches downloads the index, and like values side by
    side compress a sixth smaller). JSON escaped for a script: no ``</`` (no way out of an inline
    script, were it ever inlined), and U+2028/U+2029 escaped for older engines.
    """
    rows = sorted(documents)
    labels = {"kind": {kind: lang.word("kind", kind) for kind in (*KINDS, "page")},
              "status": {status: lang.word("status", status) for status in STATUSES},
              "words": {key: lang.gettext(text) for key, text in RESULT_WORDS.items()}}
    index = {"labels": labels, "documents": {field: [row[i] for row in rows] for i, field in enumerate(FIELDS)}}
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"{CALLBACK}({text});\n"
