"""Checking in several processes gives exactly what checking in one does: entries, links, pages, problems."""

from __future__ import annotations

import re

import sys
import threading

import pytest

from generator.check import content as check_content
from generator.pipeline import build_graph
from generator.errors import ContentError
from generator.export import export_files, listing
from generator.render.site import Options, Site

from conftest import REPO
from test_check import EXPECTED, lay_over

sys.path.insert(0, str(REPO / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402


def _pages(archive) -> dict[str, str]:
    return Site(archive, Options(downloads=listing(export_files(archive)))).pages()


def _links(archive) -> list[tuple]:
    return [(link.source.id, link.target, link.via) for link in archive.links]


def test_a_corpus_loads_the_same_in_one_process_and_in_three(tmp_path):
    make_corpus(120, tmp_path / "content", seed=3)
    for path in sorted((tmp_path / "content" / "people").glob("*.md"))[::7]:  # some with an Arabic text, linking what the entry links
        linked = re.search(r"\[\[([a-z0-9-]+)", path.read_text("utf-8")) or re.search(r"unit: ['\"]?([a-z0-9-]+)", path.read_text("utf-8"))
        path.with_suffix(".ar.md").write_text(f"خدم في [[{linked[1] if linked else path.stem}]].\n", encoding="utf-8")
    one = build_graph(tmp_path / "content", jobs=1)
    three = build_graph(tmp_path / "content", jobs=3)
    assert list(three.entries) == list(one.entries)
    assert sum(1 for link in one.links if link.via == ("body_ar",)) > 1
    for id, entry in one.entries.items():
        other = three.entries[id]
        assert (other.data, other.body, other.lines, other.body_html) == (entry.data, entry.body, entry.lines, entry.body_html), id
        assert (other.body_ar, other.body_ar_line, other.body_ar_html, other.path_ar) == (entry.body_ar, entry.body_ar_line, entry.body_ar_html, entry.path_ar)
    assert _links(three) == _links(one)
    assert {k: _links_of(v) for k, v in three.incoming.items()} == {k: _links_of(v) for k, v in one.incoming.items()}
    assert _pages(three) == _pages(one)


def _links_of(links) -> list[tuple]:
    return [(link.source.id, link.target, link.via) for link in links]


def test_every_problem_is_reported_the_same_in_one_process_and_in_four(corpus):
    corpus.minimal()
    for case in EXPECTED:
        lay_over(case, corpus.root)
    reports = []
    for jobs in (1, 4):
        with pytest.raises(ContentError) as err:
            build_graph(corpus.root, jobs=jobs)
        reports.append([str(p) for p in err.value.problems])
    assert reports[0] == reports[1]
    assert len(reports[0]) == sum(len(lines) for lines in EXPECTED.values())


def test_no_worker_process_is_forked_beside_other_threads(tmp_path, monkeypatch):
    """``mkdocs serve`` builds beside server threads, where forking is unsafe: check in this process."""
    make_corpus(30, tmp_path / "content", seed=4)
    alone = build_graph(tmp_path / "content", jobs=1)

    def refuse(*args, **kwargs):
        raise AssertionError("a worker process was started while other threads ran")

    monkeypatch.setattr(check_content, "_in_processes", refuse)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        beside = build_graph(tmp_path / "content", jobs=2)
    finally:
        stop.set()
        other.join()
    assert _links(beside) == _links(alone)
