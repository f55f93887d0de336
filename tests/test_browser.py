"""The built seed site in a real browser: the search box finds people by alias and Arabic name.

Drives the system Chromium through Playwright; the site is served from 127.0.0.1 and every
request to any other host is blocked and counted.
"""

from __future__ import annotations

import urllib.parse

import pytest
from conftest import static_server, type_search


@pytest.fixture(scope="module")
def server(seed_site):
    with static_server(seed_site) as url:
        yield url


def search(pg, base: str, query: str) -> list[str]:
    """Type ``query`` into the search box on the home page; the result links, best first."""
    pg.goto(base)
    results = type_search(pg, query)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs, f"no result for {query!r}: {pg.locator('.dfx-search__count').inner_text()}"
    return [urllib.parse.urlsplit(urllib.parse.urljoin(base, h)).path for h in hrefs]


@pytest.mark.parametrize("query, expected", [
    ("Ghazaleh", "/people/rustom-ghazali/"),       # only in the aliases: Rustum/Rustom/Rostom Ghazaleh
    ("Rostom Ghazaleh", "/people/rustom-ghazali/"),
    ("Manaf Tlas", "/people/manaf-tlass/"),         # alias of Manaf Tlass
    ("مناف طلاس", "/people/manaf-tlass/"),           # Arabic name
    ("رستم غزالي", "/people/rustom-ghazali/"),
])
def test_search_finds_person(page, server, query, expected):
    paths = search(page, server, query)
    assert paths[0] == expected, paths
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors


def test_search_result_and_index_pages_load_cleanly(page, server):
    paths = search(page, server, "مناف طلاس")
    assert paths[0] == "/people/manaf-tlass/", paths
    page.locator(".dfx-search__hit").first.click()
    page.wait_for_url("**/people/manaf-tlass/**")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1 .dfx-ar[lang=ar][dir=rtl]").inner_text() == "مناف طلاس"
    for url in ("people/rustom-ghazali/", "timeline/", "claims/unconfirmed/", "sources/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    assert page.outside == [], page.outside
    assert page.errors == [], page.errors
