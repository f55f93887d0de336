"""The offline copy: `defections offline`, its zip, and the site opened from file://.

The browser test drives the system Chromium through Playwright with every
non-file:// request aborted and counted.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, SITE_URL, Corpus, build_site, local_only, make_project, type_search

from generator.load import dating
from generator.publish import offline as core
from generator.render.sizes import human_size

pytestmark = pytest.mark.slow  # every test builds the offline copy
SEED_EPOCH = "1341792000"  # 2012-07-09 00:00:00 UTC


def run_archive(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real ``defections offline``; without ``env``, the content date comes from git."""
    base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run([sys.executable, "-m", "generator", "offline", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=300, env={**base, **(env or {})})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The offline copy of this repository, built the way a maintainer would (content date from git)."""
    out = tmp_path_factory.mktemp("archive") / "first.zip"
    result = run_archive("--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


def members(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


# --- layout, README, checksums ------------------------------------------------------------


def test_zip_layout_readme_and_checksums(built):
    files = members(built)
    tops = {name.split("/", 1)[0] for name in files}
    epoch = dating.content_epoch(REPO / "content", env={})
    assert tops == {core.copy_name(epoch)}
    top = tops.pop()
    inner = {name[len(top) + 1:]: data for name, data in files.items()}
    for needed in ("index.html", "README.txt", "SHA256SUMS", "search/index.js", "assets/dfx/search.js", "assets/dfx/names.js",
                   "assets/dfx/minisearch.js", "assets/dfx/minisearch.LICENSE.txt",
                   "people/manaf-tlass.html", "units/republican-guard.html", "sources/afp-manaf-tlass-defects.html"):
        assert needed in inner, needed
    assert not any(name.endswith("/") or name.endswith(".map") for name in inner)
    assert not any(name.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/")) for name in inner)  # the theme's unused search

    readme = inner["README.txt"].decode("utf-8")
    assert "index.html" in readme and "without a network connection" in readme
    commit = dating.source_commit(REPO)
    assert f"Source commit: {commit}" in readme and re.fullmatch(r"[0-9a-f]{40}|unknown", commit)
    assert core.day(epoch) in readme

    sums = dict(reversed(line.split("  ", 1)) for line in inner["SHA256SUMS"].decode("utf-8").splitlines())
    assert set(sums) == set(inner) - {"SHA256SUMS"}
    for name, data in inner.items():
        if name != "SHA256SUMS":
            assert hashlib.sha256(data).hexdigest() == sums[name], name
    assert list(sums) == sorted(sums)
    assert core.verify(built) == []

    with zipfile.ZipFile(built) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    stamp = time.gmtime(max(epoch, core.ZIP_EPOCH_MIN))
    assert {i.date_time for i in infos} == {(*stamp[:5], stamp[5] // 2 * 2)}  # zip times have 2-second steps
    assert {(i.external_attr >> 16) for i in infos} == {0o100644}

    # The offline pages use file URLs and load search from the copy itself.
    home = inner["index.html"].decode("utf-8")
    assert 'href="people/index.html"' in home
    assert 'src="assets/dfx/search.js"' in home and "search/index.js" in home and "unpkg.com" not in home
    assert inner["search/index.js"].startswith(b'dfxSearchIndex({"labels":{"kind":{"person":"Person"')
    assert b'"people/manaf-tlass.html"' in inner["search/index.js"]
    assert b"Take it with you" not in inner["index.html"]  # the archive does not link to itself


def test_rebuild_is_byte_identical(built, tmp_path):
    second = tmp_path / "second.zip"  # another name: the zip's top folder and bytes do not depend on it
    result = run_archive("--output", str(second))
    assert result.returncode == 0, result.stderr
    assert second.read_bytes() == built.read_bytes()


def test_default_name_from_source_date_epoch_and_home_page_link(tmp_path):
    """SOURCE_DATE_EPOCH names the zip; the online build then links and serves it with its size."""
    project = make_project(tmp_path / "project")
    result = run_archive("--config", str(project / "mkdocs.yml"), env={"SOURCE_DATE_EPOCH": SEED_EPOCH})
    assert result.returncode == 0, result.stderr
    zip_path = project / "dist" / "syrian-defections-archive-2012-07-09.zip"
    assert zip_path.is_file(), sorted(p.name for p in project.rglob("*.zip"))
    with zipfile.ZipFile(zip_path) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2012, 7, 9, 0, 0, 0)}
        top = "syrian-defections-archive-2012-07-09/"
        assert b"2012-07-09" in zf.read(top + "sitemap.xml") or b"<url>" not in zf.read(top + "sitemap.xml")
        header = zf.read(top + "sitemap.xml.gz")
        assert int.from_bytes(header[4:8], "little") == int(SEED_EPOCH)  # gzip header mtime
        assert gzip.decompress(header) == zf.read(top + "sitemap.xml")
    assert sorted(p.name for p in project.iterdir()) == ["content", "dist", "docs", "mkdocs.yml", "overrides"]

    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    served = site / "downloads" / zip_path.name
    assert served.read_bytes() == zip_path.read_bytes()
    home = (site / "index.html").read_text("utf-8")
    assert f'href="downloads/{zip_path.name}"' in home
    assert human_size(zip_path.stat().st_size) in home and "Take it with you" in home


def test_uncommitted_changes_are_refused_or_declared(tmp_path):
    """A copy built from a working tree that differs from its commit would name a commit that does not hold its
    content and call itself reproducible: refused, or with --allow-uncommitted, declared in the README."""
    project = make_project(tmp_path / "project", Corpus(tmp_path / "content").minimal().root)
    git = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "1341792000 +0000", "GIT_COMMITTER_DATE": "1341792000 +0000"}
    (project / ".gitignore").write_text("docs/draft.md\ndocs/ar/draft.md\n", "utf-8")  # ignored by git, yet the build would read them
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"]):
        subprocess.run(["git", "-C", str(project), *cmd], check=True, env=git, capture_output=True)
    commit = dating.source_commit(project)
    person = next((project / "content" / "people").glob("*.md"))
    person.write_text(person.read_text("utf-8") + "\nAn edit not yet committed.\n", "utf-8")
    (project / "content" / "sources" / "new-source.md").write_text('---\ntitle: "New"\npublisher: "Example"\n---\n', "utf-8")
    (project / "docs" / "draft.md").write_text("# Draft\n", "utf-8")
    (project / "docs" / "ar" / "draft.md").write_text("# مسودة\n", "utf-8")  # its twin in the Arabic edition
    out = tmp_path / "copy.zip"

    refused = run_archive("--config", str(project / "mkdocs.yml"), "--output", str(out))
    assert refused.returncode == 1 and not out.exists()
    assert "error: 4 file(s) the site is built from differ from the last commit:" in refused.stderr, refused.stderr
    assert f"content/people/{person.name}" in refused.stderr and "content/sources/new-source.md" in refused.stderr
    assert "docs/draft.md" in refused.stderr and "docs/ar/draft.md" in refused.stderr
    assert "--allow-uncommitted" in refused.stderr and "Traceback" not in refused.stderr

    built = run_archive("--config", str(project / "mkdocs.yml"), "--output", str(out), "--allow-uncommitted")
    assert built.returncode == 0, built.stderr
    readme = next(data for name, data in members(out).items() if name.endswith("/README.txt")).decode("utf-8")
    assert f"Source commit: {commit}, PLUS uncommitted changes to 4 file(s):" in readme
    assert f"  content/people/{person.name}" in readme and "  content/sources/new-source.md" in readme
    assert "reproducible" not in readme and "cannot be rebuilt from the commit" in readme
    home = next(data for name, data in members(out).items() if name.endswith("/index.html") and name.count("/") == 1).decode("utf-8")
    assert f"built from commit <code>{commit}</code>. It also holds uncommitted changes to 4 files" in home

    (project / "docs" / "draft.md").unlink()
    (project / "docs" / "ar" / "draft.md").unlink()
    subprocess.run(["git", "-C", str(project), "add", "-A"], check=True, env=git)
    subprocess.run(["git", "-C", str(project), "commit", "-qm", "second"], check=True, env=git)
    clean = run_archive("--config", str(project / "mkdocs.yml"), "--output", str(out))
    assert clean.returncode == 0, clean.stderr
    readme = next(data for name, data in members(out).items() if name.endswith("/README.txt")).decode("utf-8")
    assert f"Source commit: {dating.source_commit(project)}\nThe copy is reproducible" in readme
    home = next(data for name, data in members(out).items() if name.endswith("/index.html") and name.count("/") == 1).decode("utf-8")
    day = core.day(dating.content_epoch(project / "content"))
    assert f"as it stood on {day}, built from commit <code>{dating.source_commit(project)}</code>. The website" in home


@pytest.mark.parametrize("name", ["README.txt", "SHA256SUMS"])
def test_a_docs_file_the_offline_copy_adds_itself_is_refused_with_a_message(tmp_path, name):
    project = make_project(tmp_path / "project", Corpus(tmp_path / "content").minimal().root)
    (project / "docs" / name).write_text("the maintainers' own file\n", encoding="utf-8")
    out = tmp_path / "archive.zip"
    result = run_archive("--config", str(project / "mkdocs.yml"), "--output", str(out), env={"SOURCE_DATE_EPOCH": SEED_EPOCH})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"the docs folder has a file {name}, which the offline copy adds itself; rename it" in result.stderr, result.stderr
    assert not out.exists()


def test_core_helpers(tmp_path):
    assert human_size(999) == "999 bytes"
    assert human_size(715_300) == "715 KB"
    assert human_size(3_412_000) == "3.4 MB"
    content = tmp_path / "content"
    (content / "people").mkdir(parents=True)
    (content / "people" / "a.md").write_text("x")
    os.utime(content / "people" / "a.md", (1341792000, 1341792000))
    assert dating.content_epoch(content, env={}) == 1341792000  # not a git repository: newest mtime
    assert dating.content_epoch(content, env={"SOURCE_DATE_EPOCH": "5"}) == 5
    dist = tmp_path / "dist"
    dist.mkdir()
    assert core.latest_copy(dist) is None
    for name in ("syrian-defections-archive-2013-01-02.zip", "syrian-defections-archive-2012-12-31.zip", "other-2099-01-01.zip"):
        (dist / name).write_bytes(b"zip")
    assert core.latest_copy(dist).name == "syrian-defections-archive-2013-01-02.zip"
    assert core.download(core.latest_copy(dist)) == {"file": "downloads/syrian-defections-archive-2013-01-02.zip",
                                                         "name": "syrian-defections-archive-2013-01-02.zip", "size": "3 bytes"}


# --- the archive in a browser, from file://, with the network off --------------------------


@pytest.fixture(scope="module")
def unzipped(built, tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(built) as zf:
        zf.extractall(where)
    (top,) = where.iterdir()
    return top


def test_every_local_link_and_asset_exists(unzipped):
    """Every href/src in every page points at a file in the archive (file URLs, no directory URLs)."""
    from urllib.parse import unquote, urlsplit

    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 50
    missing, outside = [], set()
    for page in pages:
        for url in re.findall(r'(?:href|src)="([^"]*)"', page.read_text("utf-8")):
            parts = urlsplit(url.replace("&amp;", "&"))
            if parts.scheme in ("http", "https"):
                outside.add(url)
                continue
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                missing.append(f"{page.relative_to(unzipped)} -> {url}")
    assert missing == []
    # Plain outgoing links (a source's original article, Material's credit) are fine; nothing is loaded from them.
    for page in pages:
        assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="https?://', page.read_text("utf-8")), page


def test_offline_browsing_and_search(unzipped, browser):
    errors, local = [], set()

    def from_disk(url: str) -> bool:
        if url.startswith("file://"):
            local.add(url.split("?")[0].rsplit("/", 1)[-1])
            return True
        return False

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside = local_only(context, allowed=from_disk)
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(f"{page.url}: {m.text}"))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        page.on("requestfailed", lambda r: r.url.startswith("file://") and r.failure != "net::ERR_ABORTED"  # aborted: left the page
                and errors.append(f"failed: {r.url} {r.failure}"))

        home = (unzipped / "index.html").as_uri()
        page.goto(home)
        assert page.title() == "Syrian Defections Archive"

        def click_and_leave(link):
            """Click ``link`` and wait until the page it leads to has loaded.

            ``wait_for_load_state`` alone returns at once while the old page is still showing.
            """
            before = page.url
            link.click()
            page.wait_for_url(lambda url: url != before, wait_until="load", timeout=10_000)

        def follow(link_text: str, expect: str, *nav: str):
            page.goto(home)
            for step in nav:  # through an index page and, for a split list, its part
                click_and_leave(page.locator("article").get_by_role("link", name=step, exact=True).first)
            click_and_leave(page.locator("article").get_by_role("link", name=link_text).first)
            assert page.url.endswith(expect), page.url
            assert page.locator("article h1").count() == 1

        follow("Manaf Tlass", "/people/manaf-tlass.html", "People A–Z", "M")
        follow("Republican Guard", "/units/republican-guard.html", "units")
        follow("Defection of Brigadier General Manaf Tlass", "/events/manaf-tlass-defection.html", "events")
        follow("Top general in Assad's inner circle defects", "/sources/afp-manaf-tlass-defects.html", "sources", "Agence France-Presse")

        def search(query: str, expect: str, screenshot: str | None = None, start: str = home):
            page.goto(start)
            first = type_search(page, query).first
            first.wait_for(state="visible", timeout=1000)
            if screenshot:
                page.screenshot(path=screenshot)
            click_and_leave(first)
            assert re.split(r"[?#]", page.url)[0].endswith(expect), (query, page.url)
            assert page.locator("article h1").count() == 1

        search("Ghazaleh", "/people/rustom-ghazali.html", "/tmp/offline-search.png")
        search("مناف طلاس", "/people/manaf-tlass.html")
        # The Arabic edition, from the same copy: its own search leads to its own pages, and the switch to the twin.
        arabic = (unzipped / "ar" / "index.html").as_uri()
        page.goto(arabic)
        assert page.title() == "أرشيف الانشقاقات السورية" and page.locator("html").get_attribute("dir") == "rtl"
        search("Ghazaleh", "/ar/people/rustom-ghazali.html", start=arabic)
        search("مناف طلاس", "/ar/people/manaf-tlass.html", start=arabic)
        click_and_leave(page.locator("a.dfx-language"))
        assert page.url.endswith("/people/manaf-tlass.html") and "/ar/" not in page.url, page.url
    finally:
        context.close()
    assert outside == []
    assert errors == []
    # Search ran the way the archive intends: the engine, the folding and the index, all as scripts from the copy.
    assert {"search.js", "minisearch.js", "names.js", "index.js"} <= local, sorted(local)


def test_the_copy_carries_the_researchers_metadata_with_the_online_addresses(unzipped):
    """The copy's entry pages cite, link and describe the entry at its online address (directory URLs), as the
    online site does; its feeds and changes.json come from the same history; and it has no canonical links or
    sitemap addresses in the file-URL form, which exist nowhere."""
    html = (unzipped / "people" / "manaf-tlass.html").read_text("utf-8")
    online = SITE_URL + "people/manaf-tlass/"
    assert f'<meta name="citation_public_url" content="{online}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@graph"][0]["url"] == online and data["@graph"][1]["@id"] == online + "#entity"  # not relative to a file
    assert f'<bdi class="dfx-cite-entry__url">{online}</bdi>' in html
    assert 'rel="canonical"' not in html
    sitemap = unzipped / "sitemap.xml"
    assert not sitemap.exists() or "manaf-tlass.html" not in sitemap.read_text("utf-8")
    feed = feedparser.parse((unzipped / "feed.xml").read_bytes())
    assert not feed.bozo and feed.entries and all(e.link.startswith(SITE_URL) for e in feed.entries)
    assert 'href="feed.xml"' in (unzipped / "index.html").read_text("utf-8")
    changes = json.loads((unzipped / "data" / "changes.json").read_text("utf-8"))
    assert changes["commits"] and changes["version"]["commit"] == changes["commits"][0]["commit"]
