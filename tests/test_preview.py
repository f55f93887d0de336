"""``defections serve``: after each kind of edit the preview's folder equals a full build of the same files, an edit
re-renders only the pages it changes, a broken file becomes an error page, and the browser reloads by itself."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, SITE_URL, build_site, git, make_project
from generator.publish.preview import Preview

MOUNT = re.sub(r"^https?://[^/]+", "", SITE_URL)  # the preview serves the site at its own path, as mkdocs serve does
NEW_PERSON = """---
name: "Test Person"
category: "military"
rank: "Colonel"
positions:
  - unit: "republican-guard"
sources:
  - source: "afp-manaf-tlass-defects"
    locator: "para 3"
---
A person added while the preview runs, who serves in the [[republican-guard]].
"""

NEW_UNIT = """---
name: "Test Unit"
kind: "intelligence"
side: "government"
parent: "military-intelligence"
sources:
  - source: "afp-manaf-tlass-defects"
---
The same file, moved to units/ and rewritten as a unit.
"""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file the build wrote, by path, but the marker of a folder ``mkdocs build`` replaces."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".defections-output"}


def assert_same_as_full_build(preview: Preview, project: Path, out: Path) -> None:
    preview.settle()
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    served, full = tree(preview.site_dir), tree(out)
    assert served.keys() == full.keys(), (sorted(served.keys() - full.keys()), sorted(full.keys() - served.keys()))
    differ = [path for path in full if served[path] != full[path]]
    assert not differ, differ
    shutil.rmtree(out)


def edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text("utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def remove(path: Path) -> Path:
    path.unlink()
    return path


def move(path: Path, to: Path, text: str) -> tuple[Path, Path]:
    path.unlink()
    to.write_text(text, "utf-8")
    return path, to


def append(path: Path, text: str) -> Path:
    path.write_text(path.read_text("utf-8") + text, "utf-8")
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    """The seed project in a repository of its own (history, feeds, a data version that notices uncommitted edits), with
    lists short enough to be split into pages."""
    project = make_project(tmp_path / "project", rows_per_page=4)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "The seed entries", when="2026-01-02T10:00:00+00:00")
    return project


@pytest.fixture
def preview(project, tmp_path) -> Preview:
    shown = Preview(project / "mkdocs.yml", tmp_path / "preview")
    shown.build()
    assert not shown.problems
    yield shown
    shown.settle()


def test_every_kind_of_edit_leaves_what_a_full_build_makes(project, preview, tmp_path):
    content, full = project / "content", tmp_path / "full"
    edits = [
        ("a body", lambda: append(content / "people/manaf-tlass.md", "\nA paragraph the preview must show.\n")),
        ("an Arabic text", lambda: append(content / "people/manaf-tlass.ar.md", "\nفقرة جديدة.\n")),
        ("a name", lambda: edit(content / "people/manaf-tlass.md", 'name: "Manaf Tlass"', 'name: "Manaf Tlass Renamed"')),
        ("a rank", lambda: edit(content / "people/manaf-tlass.md", 'rank: "Brigadier General"', 'rank: "Colonel"')),
        ("a unit", lambda: edit(content / "people/manaf-tlass.md", 'unit: "republican-guard"', 'unit: "military-intelligence"')),
        ("a status", lambda: edit(content / "people/manaf-tlass.md", 'status: "confirmed"', 'status: "unconfirmed"')),
        ("a source's title", lambda: edit(content / "sources/afp-manaf-tlass-defects.md", "title: \"", "title: \"Edited: ")),
        ("a unit's parent", lambda: edit(content / "units/air-force-intelligence-idlib-unit.md", 'parent: "air-force-intelligence"',
                                         'parent: "military-intelligence"')),
        ("a link in a body", lambda: append(content / "people/manaf-tlass.md", "\nHe is named beside [[riad-hijab]] here.\n")),
        ("an Arabic text removed", lambda: remove(content / "people/riad-hijab.ar.md")),
        ("an Arabic text added", lambda: write(content / "people/riad-hijab.ar.md", arabic)),
        ("a new entry", lambda: write(content / "people/test-person.md", NEW_PERSON)),
        ("an entry moved to another kind", lambda: move(content / "people/test-person.md", content / "units/test-person.md", NEW_UNIT)),
        ("an entry removed", lambda: remove(content / "units/test-person.md")),
    ]
    arabic = (content / "people/riad-hijab.ar.md").read_text("utf-8")
    for what, change in edits:
        changed = change()
        preview.update(set(changed) if isinstance(changed, tuple) else {changed})
        assert not preview.problems, (what, preview.problems)
        assert_same_as_full_build(preview, project, full)
    # a broken file, then the same file fixed: the pages are those of the fixed file
    preview.update({edit(content / "people/riad-hijab.md", "---\n", "---\nname: [\n")})
    assert preview.problems
    preview.update({edit(content / "people/riad-hijab.md", "---\nname: [\n", "---\n")})
    assert not preview.problems
    assert_same_as_full_build(preview, project, full)


def test_a_text_edit_renders_its_own_pages_only(project, preview):
    # the first edit since the last commit also changes the data's version the download page states
    preview.update({append(project / "content/people/riad-hijab.md", "\nAn edit not yet committed.\n")})
    assert "no commit has yet" in (preview.site_dir / "data/index.html").read_text("utf-8")
    before = {p: p.stat().st_mtime_ns for p in preview.site_dir.rglob("*.html")}
    page = preview.site_dir / "people/manaf-tlass/index.html"
    preview.update({append(project / "content/people/manaf-tlass.md", "\nA marker of the text edit.\n")})
    assert "A marker of the text edit." in page.read_text("utf-8")
    rewritten = sorted(p.relative_to(preview.site_dir).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t)
    assert rewritten == ["ar/people/manaf-tlass/index.html", "people/manaf-tlass/index.html"]
    assert preview.last["pages"] == 2


def test_a_name_edit_reaches_the_lists_and_the_pages_that_link_it(project, preview):
    preview.update({edit(project / "content/people/manaf-tlass.md", 'name: "Manaf Tlass"', 'name: "Manaf Tlass Renamed"')})
    site = preview.site_dir
    for page in ("people/manaf-tlass/index.html", "people/mustafa-tlass/index.html", "defectors/index.html",
                 "sources/afp-manaf-tlass-defects/index.html"):
        assert "Manaf Tlass Renamed" in (site / page).read_text("utf-8"), page
    assert "Manaf Tlass Renamed" not in (site / "people/riad-hijab/index.html").read_text("utf-8")
    assert 2 < preview.last["pages"] < len(list(site.rglob("*.html"))) / 2  # the pages it reaches, not the site


def test_a_broken_file_is_an_error_page_until_it_is_fixed(project, preview):
    person = project / "content/people/manaf-tlass.md"
    good = person.read_text("utf-8")
    page = preview.site_dir / "people/manaf-tlass/index.html"
    last_good = page.read_bytes()
    preview.update({edit(person, 'rank: "Brigadier General"', 'rank: "Generalissimo of Everything"')})
    [problem] = preview.problems
    assert (problem.path, problem.field) == ("content/people/manaf-tlass.md", "rank") and problem.line == 6
    assert preview.errors_for("people/manaf-tlass/") == [problem] == preview.errors_for("ar/people/manaf-tlass/")
    assert preview.errors_for("people/riad-hijab/") == []
    assert page.read_bytes() == last_good  # the last good site stays in place
    person.write_text(good, "utf-8")
    preview.update({person})
    assert not preview.problems and preview.errors_for("people/manaf-tlass/") == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def wait_for(check, timeout: float = 60, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def server(project, tmp_path):
    """``defections serve`` on a free port; yields (the site's address, the server process). Once it is stopped, its
    temporary folder (under ``tmp_path / "tmp"``) is gone."""
    port, temporary = free_port(), tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)})
    url = f"http://127.0.0.1:{port}{MOUNT}"
    try:
        wait_for(lambda: _up(url), what="the first build")
        assert len(list(temporary.iterdir())) == 1  # the preview writes in a folder of its own
        yield url, process
    finally:
        process.terminate()
        process.wait(30)
    assert process.returncode == 0 and list(temporary.iterdir()) == []  # stopped cleanly, its folder removed


def _up(url: str) -> bool:
    try:
        return "Building the preview" not in fetch(url)[1]
    except OSError:
        return False


def test_serve_shows_edits_and_errors_over_http(project, server):
    url, process = server
    person = project / "content/people/manaf-tlass.md"
    good = person.read_text("utf-8")
    append(person, "\nA sentence served by the preview.\n")
    wait_for(lambda: "A sentence served by the preview." in fetch(url + "people/manaf-tlass/")[1], 10, "the edit")
    edit(person, 'rank: "Brigadier General"', 'rank: "Generalissimo of Everything"')
    status, html = wait_for(lambda: (lambda r: r if r[0] == 500 else None)(fetch(url + "people/manaf-tlass/")), 10, "the error page")
    assert "<code>content/people/manaf-tlass.md</code>, line 6, field <code>rank</code>" in html
    assert "Generalissimo of Everything" in html  # the message quotes the value, escaped
    assert fetch(url + "people/riad-hijab/")[0] == 200  # every other page as it was
    base = url.split(MOUNT)[0]
    assert fetch(base + "/.preview/wait?v=abc")[0] == 400 and fetch(url + "people/%00/")[0] == 400
    assert fetch(url + "../../../../etc/passwd")[0] in (400, 404)
    wrong_host = urllib.request.Request(url, headers={"Host": "attacker.example:80"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(wrong_host, timeout=10)
    assert refused.value.code == 403  # a page of another site, its name pointed at this machine, cannot read the preview
    person.write_text(good, "utf-8")
    wait_for(lambda: fetch(url + "people/manaf-tlass/")[0] == 200, 10, "the fixed page")
    assert "A sentence served by the preview." not in fetch(url + "people/manaf-tlass/")[1]
    process.terminate()
    output = process.communicate(timeout=30)[0]
    assert "content/people/manaf-tlass.md:6: rank:" in output  # the terminal says it too


def test_the_browser_reloads_an_edited_page_by_itself(project, server, page):
    url, _ = server
    page.goto(url + "people/manaf-tlass/")
    append(project / "content/people/manaf-tlass.md", "\nA sentence the open page shows without a click.\n")
    page.wait_for_function("document.body && document.body.innerText.includes('A sentence the open page shows without a click.')", timeout=15000)
    assert page.outside == [] and page.errors == []


@pytest.mark.parametrize("value", ["nonsense", "127.0.0.1:", "127.0.0.1:99999"])
def test_serve_refuses_a_bad_address(value):
    result = subprocess.run([sys.executable, "-m", "generator", "serve", "-a", value], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "expected HOST:PORT" in result.stderr


def test_a_new_file_with_problems_is_an_error_page_at_its_address(project, preview):
    new = write(project / "content/people/test-person.md", NEW_PERSON.replace('rank: "Colonel"', 'rank: "Grand Vizier"'))
    preview.update({new})
    assert [(p.path, p.field) for p in preview.problems] == [("content/people/test-person.md", "rank")]
    assert preview.errors_for("people/test-person/") == preview.problems == preview.errors_for("ar/people/test-person/")
    assert not (preview.site_dir / "people/test-person").exists()


def test_a_change_outside_the_content_rebuilds_the_site(project, preview):
    about = append(project / "docs/about.md", "\nA sentence added to a hand-written page.\n")
    preview.update({about})
    assert not preview.problems
    assert "A sentence added to a hand-written page." in (preview.site_dir / "about/index.html").read_text("utf-8")
    assert preview.last == {}  # a whole build, not an edit's pages


def test_a_commit_rebuilds_the_site_with_the_new_history(project, preview, tmp_path):
    append(project / "content/people/manaf-tlass.md", "\nA paragraph committed while the preview runs.\n")
    git(project, "commit", "-q", "-am", "Manaf Tlass: a paragraph from the article", when="2026-02-03T10:00:00+00:00")
    assert preview.update({project / ".git/COMMIT_EDITMSG"})
    assert "Manaf Tlass: a paragraph from the article" in (preview.site_dir / "people/manaf-tlass/index.html").read_text("utf-8")
    assert_same_as_full_build(preview, project, tmp_path / "full")
    assert not preview.update({project / ".git/index"})  # git at work without a new commit: nothing to show


def test_a_template_that_does_not_build_keeps_the_last_site(project, preview):
    main = project / "overrides/main.html"
    good = main.read_text("utf-8")
    served = preview.site_dir
    preview.update({write(main, good + "{% if %}\n")})
    [problem] = preview.problems
    assert problem.path == "mkdocs.yml" and "TemplateSyntaxError" in problem.message
    assert preview.site_dir == served and (served / "people/manaf-tlass/index.html").is_file()  # the last good site, still served
    assert preview.errors_for("") == [problem] and preview.errors_for("people/manaf-tlass/") == []
    preview.update({write(main, good)})
    assert not preview.problems and (preview.site_dir / "people/manaf-tlass/index.html").is_file()
