"""Recall of the site's search, measured in Chromium: the query set in tests/search/queries.yaml
run through the search code of a built site, online or from an unzipped offline copy.

Used by tests/test_search.py (seed content) and benchmarks/run.py (the synthetic corpus).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search" / "queries.yaml"
TOP = 5


def queries(part: str) -> list[tuple[str, str, object]]:
    """``(class, query, expected)`` for ``seed`` or ``corpus``, in file order."""
    data = yaml.safe_load(QUERIES.read_text("utf-8"))[part]
    return [(cls, query, expected) for cls, rows in data.items() for query, expected in rows]


def top_results(page, query_list: list[str]) -> list[list[dict]]:
    """The first results (url, kind, name) for each query, from the page's own search code."""
    return page.evaluate("""async ([qs, top]) => {
        const out = [];
        for (const q of qs) {
            out.push((await window.dfxSearch(q)).slice(0, top).map(r => ({url: r.doc.url, kind: r.doc.kind, name: r.doc.name})));
        }
        return out;
    }""", [query_list, TOP])


def page_of(url: str) -> str:
    """The page a URL of either style names: ``people/x/`` or ``people/x.html`` -> ``people/x``; ``people/index.html``
    -> ``people``; the home page -> ``""``."""
    path = url.removesuffix(".html").rstrip("/")
    return "" if path == "index" else path.removesuffix("/index")


def found_seed(expected, results: list[dict]) -> bool:
    wanted = {expected} if isinstance(expected, str) else set(expected)
    return any(page_of(r["url"]) in wanted for r in results)


def found_corpus(expected: str, results: list[dict], fold) -> bool:
    """A person whose name has every word of ``expected`` (folded), among the results."""
    wanted = set(fold(expected))
    return any(r["kind"] == "person" and wanted <= set(fold(r["name"])) for r in results)


def recall(rows: list[tuple[str, str, object]], hits: list[bool]) -> tuple[dict, list]:
    """``({"all": (found, asked, share), class: (...), ...}, [missed (class, query, expected), ...])``."""
    by_class: dict = defaultdict(lambda: [0, 0])
    missed = []
    for (cls, query, expected), hit in zip(rows, hits):
        by_class[cls][0] += hit
        by_class[cls][1] += 1
        if not hit:
            missed.append((cls, query, expected))
    total = [sum(v[0] for v in by_class.values()), sum(v[1] for v in by_class.values())]
    return {cls: (f, n, f / n) for cls, (f, n) in [("all", total), *by_class.items()]}, missed


def table(shares: dict) -> str:
    """The recall of each class as aligned text lines."""
    return "\n".join(f"{cls:28} {found:3}/{asked:3}  {share:.3f}" for cls, (found, asked, share) in shares.items())
