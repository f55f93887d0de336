"""The benchmark's corpus maker stays valid: deterministic, checks clean, builds with the real site."""

from __future__ import annotations

import pytest

import shutil
import sys
from pathlib import Path

from generator.pipeline import build_graph

from conftest import REPO, build_site, make_project

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

N = 60


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.md"))}


@pytest.mark.slow
def test_corpus_is_deterministic_valid_and_builds(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    counts = make_corpus(N, first, seed=7)
    make_corpus(N, second, seed=7)
    assert _snapshot(first) == _snapshot(second), "same seed must give the same bytes"
    assert sum(counts.values()) == N
    assert counts["person"] >= counts["event"] >= counts["unit"] > 0 and counts["source"] > 0

    other = tmp_path / "c"
    make_corpus(N, other, seed=8)
    assert _snapshot(other) != _snapshot(first), "a different seed gives a different corpus"

    archive = build_graph(first)  # raises ContentError with every problem if the corpus is invalid
    assert len(archive.entries) == N
    statuses = {e.data["defection"]["status"] for e in archive.of_kind("person") if e.data.get("defection")}
    assert statuses == {"confirmed", "unconfirmed", "disputed", "denied"}
    assert any(e.data.get("parent") for e in archive.of_kind("unit"))
    assert {e.data.get("side") for e in archive.of_kind("unit")} >= {"government", "opposition"}
    text = "".join(_snapshot(first)[k].decode() for k in _snapshot(first))
    for marker in ("[[", "[@", "denied_by", "asserted_by", "name_ar", "aliases", "relatives", "participants"):
        assert marker in text, marker

    project = make_project(tmp_path / "project", content=first)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    person = archive.of_kind("person")[0]
    assert (tmp_path / "site" / "people" / person.id / "index.html").is_file()
    assert (tmp_path / "site" / "search" / "index.js").is_file()


@pytest.mark.slow
def test_the_serve_timings_see_each_edit_reach_the_served_page(tmp_path):
    """benchmarks/preview.py times defections serve and mkdocs serve from saving an edit to serving it; it must keep working."""
    import preview
    import run

    content = tmp_path / "content"
    make_corpus(30, content, seed=5)
    served = run.project(tmp_path / "project", with_plugin=True)
    shutil.copytree(content, served / "content")
    edited = preview.defector(served / "content")
    original = edited.read_text("utf-8")
    env = {**run.ENV, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    live = preview.preview(served, env)
    assert 0 < live["body_s"] < 60 and 0 < live["link_page_s"] <= live["link_list_s"] < 60 and 0 < live["broken_s"] < 60
    assert live["link_pages"] > 2 and live["link_all_s"] > 0
    result = preview.mkdocs_serve(served, env)
    assert 0 < result["body_s"] < 120
    assert result["rebuild_s"] is not None and result["rebuild_s"] > 0  # MkDocs logged a second build
    assert edited.read_text("utf-8") == original  # each timing puts the file back