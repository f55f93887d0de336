"""Where pages live and how one page links to another, for both URL styles.

Online the site uses directory URLs (``people/manaf-tlass/``); the offline
copy uses file URLs (``people/manaf-tlass.html``) so it works from file://.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)
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


@lru_cache(maxsize=None)
def _folders(page: str, directory_urls: bool) -> tuple[str, ...]:
    """The folders a page's URL sits in (``people/x/`` -> people, x; ``people/x.html`` -> people)."""
    here = page_url(page, directory_urls)
    return tuple(here.split("/")[:-1])


def relative(from_page: str, to_page: str, directory_urls: bool, anchor: str = "") -> str:
    """A relative link from one page to another (or to an asset path)."""
    base = _folders(from_page, directory_urls)
    there = (page_url(to_page, directory_urls) if to_page.endswith(".md") else to_page).split("/")
    common, limit = 0, min(len(base), len(there) - 1)  # the last part of `there` is a file name, or "" for a folder
    while common < limit and base[common] == there[common]:
        common += 1
    rel = "../" * (len(base) - common) + "/".join(there[common:])
    return (rel or "./") + (f"#{anchor}" if anchor else "")
