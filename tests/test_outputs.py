"""Output folders (issue 15, classes 7 and 10): ``generate``, ``export``, ``archive`` and the
site build replace only a new or empty folder or one they wrote before (it holds our marker),
never the user's work; what they write is readable as the umask says; staging folders left
by killed runs are cleaned up, and nothing else is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Corpus, build_site, make_project, run_cli

MARKER = ".defections-output"  # the file that marks a folder as ours (generator.output.MARKER)


def tree(root: Path) -> dict[str, tuple]:
    return {str(p.relative_to(root)): (p.lstat().st_mtime_ns, p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.fixture
def repo(tmp_path) -> Path:
    """A project folder as a contributor has it: mkdocs.yml, .git, docs/ with edits, content/, notes."""
    root = tmp_path / "repo"
    Corpus(root / "content").minimal()
    (root / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    (root / ".git" / "objects").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# About\n\nAn edit not yet committed.\n", encoding="utf-8")
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("my work\n", encoding="utf-8")
    (root / "empty-docs" / "docs").mkdir(parents=True)
    (root / "empty-docs" / "mkdocs.yml").write_text("site_name: Y\n", encoding="utf-8")
    return root


def output_args(command: str, where: str) -> list[str]:
    return [command, where] if command == "generate" else [command, "--output", where]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["generate", "export"])
@pytest.mark.parametrize("where", ["docs", ".git", ".git/objects/new", "notes", "empty-docs", "empty-docs/docs"])
def test_folders_that_hold_work_are_refused_and_left_alone(repo, command, where):
    before = tree(repo)
    result = run_cli(*output_args(command, where), "--content", "content", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"error: {where}: ") and "(expected" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert tree(repo) == before


@pytest.mark.slow
@pytest.mark.parametrize("command", ["generate", "export"])
def test_new_empty_and_earlier_output_folders_are_replaced(repo, command):
    (repo / "empty").mkdir()
    for where in ("out", "empty", "out"):  # the second run into out replaces its own earlier output
        result = run_cli(*output_args(command, where), "--content", "content", cwd=repo)
        assert result.returncode == 0, result.stderr
        assert (repo / where / MARKER).is_file()
    leftovers = sorted(p.name for p in repo.iterdir() if p.name.startswith((".out", ".empty")))
    assert leftovers == []


def test_the_site_build_refuses_to_replace_work(repo, tmp_path):
    project = make_project(tmp_path / "project", repo / "content")
    for where in (repo / ".git", repo / "notes"):
        before = tree(repo)
        result = build_site(project, where)
        assert result.returncode != 0
        assert f"{where}: " in result.stderr and "(expected" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert tree(repo) == before


def test_the_archive_refuses_to_replace_a_file_it_did_not_write(repo, tmp_path):
    project = make_project(tmp_path / "project", repo / "content")
    target = repo / "notes" / "todo.txt"
    before = tree(repo)
    result = subprocess.run([sys.executable, "-m", "generator", "offline", "--config", str(project / "mkdocs.yml"),
                             "--output", str(target)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {target}: exists and is not an earlier output of defections"), result.stderr
    assert tree(repo) == before


# --- class 10: modes and leftovers -----------------------------------------------------------

@pytest.mark.slow
def test_outputs_are_as_readable_as_the_umask_says(repo, tmp_path):
    """mkdtemp makes its folder 0700: a web server running as another user got 403 on the whole site."""
    project = make_project(tmp_path / "project", repo / "content")
    old = os.umask(0o022)
    try:
        results = [run_cli("generate", "out", "--content", "content", cwd=repo),
                   run_cli("export", "--output", "data", "--content", "content", cwd=repo),
                   build_site(project, repo / "site")]
    finally:
        os.umask(old)
    for result in results:
        assert result.returncode == 0, result.stderr
    for folder in (repo / "out", repo / "data", repo / "site"):
        modes = {oct(p.stat().st_mode & 0o777) for p in (folder, *folder.rglob("*")) if p.is_dir()}
        assert modes == {"0o755"}, (folder, modes)
        assert {oct(p.stat().st_mode & 0o777) for p in folder.rglob("*") if p.is_file()} == {"0o644"}, folder


def test_staging_folders_of_killed_runs_are_cleaned_up_and_nothing_else(repo):
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    leftovers = {
        f".out.{ended.pid}-abcd_123": True,  # a killed run's: our name, our marker, its process is gone
        f".out.{os.getpid()}-abcd_123": False,  # a run still going on
        f".out.{ended.pid}-efgh4567": False,  # no marker: not ours
        f".notes.{ended.pid}-abcd_123": False,  # beside another output folder
        f".out.{ended.pid}-abcd_123-x": False,  # not our name
    }
    for name, stale in leftovers.items():
        (repo / name).mkdir()
        (repo / name / "page.md").write_text("half-written\n", encoding="utf-8")
        if "efgh" not in name:
            (repo / name / MARKER).write_text("marker\n", encoding="utf-8")
    result = run_cli("generate", "out", "--content", "content", cwd=repo)
    assert result.returncode == 0, result.stderr
    for name, stale in leftovers.items():
        assert (repo / name).exists() != stale, name
