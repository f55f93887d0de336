"""Shared fixtures: tiny content trees and real site builds in temporary folders."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
from generator.model.kinds import FOLDERS  # noqa: E402  (the one kind table)
# what holds a confirmed status in the minimal corpus (the confirmed rule, generator/model/rules.py)
OFFICIAL = {"source": "src-a", "by": "a ministry spokesman", "basis": "official"}


SITE_URL = re.search(r"^site_url: (\S+)$", (REPO / "mkdocs.yml").read_text("utf-8"), re.M)[1]  # where the site is published

class Corpus:
    """A content folder that tests fill entry by entry."""

    def __init__(self, root: Path):
        self.root = root
        for folder in FOLDERS.values():
            (root / folder).mkdir(parents=True, exist_ok=True)

    def add(self, kind: str, id: str, fields: dict | str, body: str = "") -> Path:
        """Write an entry; ``fields`` is a dict (dumped as YAML) or raw front-matter text."""
        front = fields if isinstance(fields, str) else yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
        path = self.root / FOLDERS[kind] / f"{id}.md"
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        return path

    def minimal(self) -> "Corpus":
        """One valid entry of each kind, linked together."""
        self.add("source", "src-a", {"title": "A report", "publisher": "Example Wire", "date": "2012-07-06", "dateline": "Amman"}, "A summary.\n")
        self.add("unit", "unit-a", {"name": "First Unit", "kind": "army", "side": "government", "sources": ["src-a"]})
        self.add("person", "person-a", {"name": "Person A", "rank": "Colonel", "positions": [{"unit": "unit-a", "title": "commander"}],
                                        "defection": {"status": "confirmed", "date": "2012-07", "asserted_by": [OFFICIAL], "sources": ["src-a"]}}, "Served in [[unit-a]] [@src-a, para 2].\n")
        self.add("event", "event-a", {"title": "Event A", "date": "2012-07-03~", "kind": "defection", "status": "confirmed", "asserted_by": [OFFICIAL],
                                      "participants": [{"person": "person-a", "role": "defector"}], "sources": ["src-a"]})
        return self


CHECKERS = {"test_validators.py"}  # modules that run the independent checkers (Nu HTML checker, hyperlink, axe-core)


def pytest_collection_modifyitems(config, items):
    """Mark what the fast lane (``scripts/test --fast``) leaves out: tests that drive Chromium
    (they use the ``browser`` fixture) and tests that run the independent checkers."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        if item.path.name in CHECKERS:
            item.add_marker(pytest.mark.checkers)


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    return Corpus(tmp_path / "content")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the real ``defections`` command."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO, capture_output=True, text=True, timeout=300)


def make_project(where: Path, content: Path | None = None, rows_per_page: int | None = None) -> Path:
    """A copy of the site project (mkdocs.yml, docs, overrides) around ``content`` (default: the seed content).

    ``rows_per_page`` sets the plugin's option, so that a small corpus can have split index lists.
    """
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    if rows_per_page is not None:
        config = where / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        patched = text.replace("  - defections:\n      content: content\n",
                               f"  - defections:\n      content: content\n      rows_per_page: {rows_per_page}\n")
        assert patched != text, "mkdocs.yml has no defections plugin with content: content"
        config.write_text(patched, encoding="utf-8")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, where / folder)
    shutil.copytree(content or REPO / "content", where / "content")
    if content is not None:  # the hand-written docs link to seed entries, which a test corpus may lack:
        # report those links instead of failing on them (anchors, absolute and unrecognized links still fail)
        config = where / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        patched = re.sub(r"(?m)^(validation:\n(?:[ \t]+.*\n|\n)*?  links:\n)", r"\1    not_found: info\n", text, count=1)
        assert patched != text, "mkdocs.yml has no validation: links: section"
        config.write_text(patched, encoding="utf-8")
    return where


def build_site(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Build with the real ``mkdocs build --strict`` (never ``-q``: it silences the warnings strict mode counts)."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out), *extra],
                          capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The real site built from the seed content, once per test session."""
    root = tmp_path_factory.mktemp("seed")
    project = make_project(root / "project")
    result = build_site(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def git(project: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="session")
def history_site(tmp_path_factory) -> Path:
    """A project with a known history: everything on 2 January 2026, person-a's text changed on 4 March
    and its Arabic text added on 5 April; then person-b written but not committed. Person A and the unit
    name their Wikidata item (the sandbox's), and Person A has an Arabic name; person-c is a private individual."""
    root = tmp_path_factory.mktemp("history")
    content = Corpus(root / "content").minimal()
    for path, extra in ((content.root / "people" / "person-a.md", "name_ar: الشخص أ\nwikidata: Q4115189\n"),
                        (content.root / "units" / "unit-a.md", "wikidata: Q4115189\n")):
        path.write_text(path.read_text("utf-8").replace("---\n", "---\n" + extra, 1), "utf-8")
    content.add("person", "person-c", {"name": "Private Soldier", "standing": "private", "sources": ["src-a"]})
    project = make_project(root / "project", content.root)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url: .*$", "site_url: https://example.org/archive/", config.read_text("utf-8"), count=1, flags=re.M), "utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Seed entries from the first article", when="2026-01-02T10:00:00+00:00")
    person = project / "content" / "people" / "person-a.md"
    person.write_text(person.read_text("utf-8") + "\nA second paragraph [@src-a, para 3].\n", "utf-8")
    git(project, "commit", "-q", "-am", "Person A: the second paragraph <b>from</b> the article", when="2026-03-04T23:30:00-05:00")
    (project / "content" / "people" / "person-a.ar.md").write_text("خدم في [[unit-a]] [@src-a، الفقرة 2].\n", "utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "Person A in Arabic", when="2026-04-05T12:00:00+00:00")
    Corpus(project / "content").add("person", "person-b", {"name": "Person B", "sources": ["src-a"]})
    result = build_site(project, root / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return root / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def static_server(folder: Path, path: str = "/"):
    """Serve ``folder`` over HTTP on a free localhost port, at ``path`` (the site's own, "/archive/", for a page such
    as the not-found page that links from there); yields the base URL."""
    root = folder
    if path.strip("/"):
        root = Path(tempfile.mkdtemp())
        (root / path.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        (root / path.strip("/")).symlink_to(Path(folder).resolve(), target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/" + path.strip("/") + ("/" if path.strip("/") else "")
    finally:
        httpd.shutdown()
        httpd.server_close()
        if root is not folder:
            shutil.rmtree(root)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's, installed by scripts/system-packages test
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (both installed by scripts/test)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh page that records, for the test to assert on: requests to anything but 127.0.0.1
    (blocked) in ``outside``, console and script errors in ``errors``, dialogs (dismissed) in ``dialogs``."""
    context = browser.new_context()
    pg = context.new_page()
    pg.set_default_timeout(10000)
    pg.outside, pg.errors, pg.dialogs = local_only(context), [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", dialog)
    yield pg
    context.close()


def local_only(context, allowed=lambda url: urllib.parse.urlsplit(url).hostname == "127.0.0.1") -> list[str]:
    """Block every request of ``context`` that ``allowed`` refuses; returns the list they are recorded in."""
    outside: list[str] = []

    def route(r):
        if allowed(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return outside


def type_search(page, query: str, timeout: float = 10000):
    """Type ``query`` into the site's search box and wait for its results; the result links.

    The query is filled in whole (the box searches on every change and shows the results of
    the latest query only). On a narrow screen the search button opens the box first. The
    caller asserts on what shows, or that nothing does.
    """
    toggle = page.locator(".dfx-search__toggle")
    if toggle.is_visible():
        toggle.click()
    box = page.locator(".dfx-search__input")
    box.fill(query)
    page.wait_for_function("q => document.querySelector('.dfx-search__count').dataset.query === q", arg=query, timeout=timeout)
    return page.locator(".dfx-search__hit")


def search_documents(site: Path) -> dict[str, list]:
    """The documents of a built site's search index (``search/index.js``, a column per field), by URL, each as a list."""
    script = (site / "search" / "index.js").read_text("utf-8")
    assert script.startswith('dfxSearchIndex({"labels":') and script.endswith("});\n"), script[:100]
    columns = json.loads(script[len("dfxSearchIndex("):-len(");\n")])["documents"]
    return {row[0]: list(row) for row in zip(*columns.values())}
