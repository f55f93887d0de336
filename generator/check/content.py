"""Check a whole content folder: every entry and its Arabic text loaded and checked (in worker processes when there are many), then what only all entries together show.

Every problem in every file is collected before anything fails, so a
contributor sees them all in one run.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import ContentError, Problem
from ..load.files import discover, path_identity, read_arabic, read_entry
from ..model.entry import Entry, Link
from . import privacy
from .across import status_problems, unit_tree_problems
from .entry import check_entry
from .markdown import BodyConverter

PARALLEL_FROM = 1000  # files; below this, starting worker processes costs more than it saves


class ContentCheck:
    """The content folder checked, and kept so that it can be checked again after an edit (a preview's).

    :meth:`run` reads again only the files that changed since the last run (or that it is told changed),
    and the files whose links may now resolve differently; the checks across entries run every time.
    The result is always what checking the whole folder afresh gives. Files are read and checked in ``jobs``
    processes (default: one per available CPU once :data:`PARALLEL_FROM` files are to be read); the result is
    the same whatever the number.
    """

    def __init__(self, content: Path, jobs: int | None = None):
        self.content, self.jobs = Path(content), jobs
        self._kinds: dict[str, str] = {}
        self._done: dict[Path, tuple[tuple, _Result]] = {}  # file -> (its stamp, its result) of the last run

    def run(self, changed: set[Path] = frozenset()) -> tuple[dict[str, Entry], list[Link]]:
        """Check the content as it is now; ``changed``: files known to have changed, whatever their stamps say."""
        content = self.content
        files, arabic, problems = discover(content)
        kinds: dict[str, str] = {}
        first_seen: dict[str, str] = {}
        duplicates: set[Path] = set()
        for path in files:
            kind, id, shown = path_identity(path, content)
            if id in first_seen:
                duplicates.add(path)
                problems.append(Problem(shown, 1, "id", f"the id '{id}' is already used by {first_seen[id]} (expected ids unique across all kinds)"))
            else:
                first_seen[id] = shown
                kinds[id] = kind
        moved = {id for id in kinds.keys() | self._kinds.keys() if kinds.get(id) != self._kinds.get(id)}
        changed = {Path(p) for p in changed}
        work, stamps, results = [], {}, {}
        for path in files:
            stamp = stamps[path] = (_stamp(path), _stamp(arabic.get(path)), path in duplicates)
            done = self._done.get(path)
            if done is None or done[0] != stamp or path in changed or arabic.get(path) in changed or (moved and _may_move(done[1], moved)):
                work.append((path, arabic.get(path), path in duplicates))
            else:
                results[path] = done[1]
        jobs = self.jobs
        if jobs is None:
            jobs = available_cpus() if len(work) >= PARALLEL_FROM else 1
        with _collector_paused():
            if jobs > 1 and len(work) > 1 and available_cpus() > 1:
                fresh = _in_processes(content, kinds, work, jobs)
            else:
                fresh = _check_files(content, kinds, work)
            results.update(zip((path for path, _, _ in work), fresh))
            self._kinds, self._done = kinds, {path: (stamps[path], results[path]) for path in files}
            links: list[Link] = []
            entries: dict[str, Entry] = {}
            for path in files:
                found, entry, targets = results[path]
                problems.extend(found)
                if entry is not None:
                    entries[entry.id] = entry
                    links.extend(Link(entry, target, via) for target, via in targets)
        problems.extend(unit_tree_problems(entries))
        problems.extend(privacy.problems(entries, links))  # the do-no-harm rule across entries
        problems.extend(status_problems(entries))
        if problems:
            raise ContentError(problems)
        return entries, links


def _stamp(path: Path | None) -> tuple | None:
    """What tells a file changed: its size, modification time and inode (``None``: no such file)."""
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _may_move(result: _Result, moved: set[str]) -> bool:
    """Whether a file's result may differ now that the ids ``moved`` came, went or changed kind: it had problems
    (an unknown id may be known now), or it links one of them."""
    found, entry, targets = result
    return bool(found) or entry is None or any(target in moved for target, _ in targets)


@contextlib.contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector (in this process and the workers it forks).

    Loading makes millions of objects that live on and form no cycles; the collector would
    walk the growing graph of entries again and again for nothing (0.5 s of 4 at 10,000 entries).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def available_cpus() -> int:
    """CPUs this process may use for checking, or 1 where worker processes are not safe to start.

    Workers are forked: a fork needs no re-import of the program that checks.
    Forking is only safe on Linux and while this process runs a single thread (``mkdocs
    serve`` runs server threads; there the files are checked in this process).
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


# (problems, entry or None, (target id, field path) of each of its links); links are
# plain tuples so that a worker process returns them quickly
_Result = tuple[list[Problem], "Entry | None", list[tuple[str, tuple]]]


def _check_files(content: Path, kinds: dict[str, str], work: list[tuple[Path, Path | None, bool]]) -> list[_Result]:
    """Read and check each ``(file, its Arabic text or None, is_duplicate)`` into a :data:`_Result`."""
    converter = BodyConverter()
    results = []
    for path, arabic_path, duplicate in work:
        raw = read_entry(path, content)
        arabic = read_arabic(arabic_path, content) if arabic_path else None
        problems, entry, targets = raw.problems + (arabic.problems if arabic else []), None, []
        if not raw.problems and not duplicate:
            entry, targets = check_entry(raw, kinds, problems, converter, None if arabic is None or arabic.problems else arabic)
        results.append((problems, entry, targets))
    return results


def _in_processes(content: Path, kinds: dict[str, str], work: list[tuple[Path, Path | None, bool]], jobs: int) -> list[_Result]:
    """:func:`_check_files` split over ``jobs`` forked processes, results in file order."""
    size = -(-len(work) // (jobs * 4))  # a few chunks per process, so that one slow chunk does not hold up the rest
    chunks = [work[i : i + size] for i in range(0, len(work), size)]
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork")) as pool:
        parts = pool.map(_check_files, [content] * len(chunks), [kinds] * len(chunks), chunks)
        return [result for part in parts for result in part]
