"""Where pages live and how one page links to another, for both URL styles.

Online the site uses directory URLs (``people/manaf-tlass/``); the offline
archive uses file URLs (``people/manaf-tlass.html``) so it works from file://.
"""

from __future__ import annotations

import posixpath


def page_url(page: str, directory_urls: bool) -> str:
    """The site-relative URL of the page whose source is ``page`` (``people/x.md``)."""
    stem = page[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_page: str, to_page: str, directory_urls: bool, anchor: str = "") -> str:
    """A relative link from one page to another (or to an asset path)."""
    here = page_url(from_page, directory_urls)
    there = to_page if not to_page.endswith(".md") else page_url(to_page, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    start = base.rstrip("/") or "."
    target = there or "."
    rel = posixpath.relpath(target, start)
    if (there.endswith("/") or not there) and not rel.endswith("/"):
        rel += "/"
    if rel == "./":
        rel = "./" if directory_urls else rel
    return rel + (f"#{anchor}" if anchor else "")
