"""Load, validate and link a content folder into an :class:`Archive`.

Every problem in every file is collected before anything fails, so a
contributor sees them all in one run.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import sys
import threading
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import privacy
from .body import BodyProblem, BodyRenderer, Template
from ..errors import ContentError, Problem, did_you_mean, field_name
from ..load.files import RawEntry, discover, path_identity, read_entry
from .syntax import raw_html_lines, references
from ..model.entry import Archive, Entry, Link
from ..model.kinds import KINDS
from ..model.rules import confirmed_problem
from ..model.types import CONTROL_CHARS, INVALID, article, control_char_name

CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

MAX_BODY_CHARS = 20_000
MAX_BODY_BRACKETS = 500
RECURSION_HEADROOM = 250  # stack frames kept free while converting a body: a build calls the checker from deeper down


class _Context:
    """What a type needs while checking one entry."""

    def __init__(self, raw: RawEntry, kinds: dict[str, str], problems: list[Problem]):
        self.raw, self.kinds, self.problems = raw, kinds, problems
        self.entry: Entry | None = None
        self.pending: list[tuple[str, tuple]] = []

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.raw.path, self.raw.line(path), field_name(path), message))

    def reference(self, path: tuple, target: str, kinds: tuple[str, ...]):
        kind = self.kinds.get(target)
        wanted = " or ".join(article(k) for k in kinds)
        if kind is None:
            hint = did_you_mean(target, [i for i, k in self.kinds.items() if k in kinds])
            self.problem(path, f"no entry has the id '{target}' (expected the id of {wanted}){hint}")
            return INVALID
        if kind not in kinds:
            self.problem(path, f"'{target}' is {article(kind)}, not {wanted} (expected the id of {wanted})")
            return INVALID
        self.pending.append((target, path))
        return target


PARALLEL_FROM = 1000  # files; below this, starting worker processes costs more than it saves


def load(content: Path, jobs: int | None = None) -> Archive:
    """Read, validate and link every entry under ``content``; raise :class:`ContentError`.

    Files are read and checked in ``jobs`` processes (default: one per available CPU once there
    are :data:`PARALLEL_FROM` files); the result is the same whatever the number.
    """
    content = Path(content)
    files, problems = discover(content)
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
    work = [(path, path in duplicates) for path in files]
    if jobs is None:
        jobs = available_cpus() if len(files) >= PARALLEL_FROM else 1
    links: list[Link] = []
    entries: dict[str, Entry] = {}
    with _collector_paused():
        if jobs > 1 and len(files) > 1 and available_cpus() > 1:
            results = _in_processes(content, kinds, work, jobs)
        else:
            results = _check_files(content, kinds, work)
        for found, entry, targets in results:
            problems.extend(found)
            if entry is not None:
                entries[entry.id] = entry
                links.extend(Link(entry, target, via) for target, via in targets)
    problems.extend(_graph_problems(entries, links))
    problems.extend(privacy.problems(entries, links))  # the do-no-harm rule across entries
    problems.extend(_status_problems(entries))
    if problems:
        raise ContentError(problems)
    archive = Archive(entries, links)
    incoming = defaultdict(list)
    for link in links:
        incoming[link.target].append(link)
    archive.incoming = dict(incoming)
    return archive


@contextlib.contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector (in this process and the workers it forks).

    Loading makes millions of objects that live on and form no cycles; the collector would
    walk the growing archive again and again for nothing (0.5 s of 4 at 10,000 entries).
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

    Workers are forked: a fork needs no re-import of the program that called :func:`load`.
    Forking is only safe on Linux and while this process runs a single thread (``mkdocs
    serve`` runs server threads; there the files are checked in this process).
    """
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return len(os.sched_getaffinity(0))


# (problems, entry or None, (target id, field path) of each of its links); links are
# plain tuples so that a worker process returns them quickly
_Result = tuple[list[Problem], "Entry | None", list[tuple[str, tuple]]]


def _check_files(content: Path, kinds: dict[str, str], work: list[tuple[Path, bool]]) -> list[_Result]:
    """Read and check each ``(file, is_duplicate)`` into a :data:`_Result`."""
    renderer = BodyRenderer()
    results = []
    for path, duplicate in work:
        raw = read_entry(path, content)
        problems, entry, targets = list(raw.problems), None, []
        if not raw.problems and not duplicate:
            entry, targets = _check_entry(raw, kinds, problems, renderer)
        results.append((problems, entry, targets))
    return results


def _in_processes(content: Path, kinds: dict[str, str], work: list[tuple[Path, bool]], jobs: int) -> list[_Result]:
    """:func:`_check_files` split over ``jobs`` forked processes, results in file order."""
    size = -(-len(work) // (jobs * 4))  # a few chunks per process, so that one slow chunk does not hold up the rest
    chunks = [work[i : i + size] for i in range(0, len(work), size)]
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=multiprocessing.get_context("fork")) as pool:
        parts = pool.map(_check_files, [content] * len(chunks), [kinds] * len(chunks), chunks)
        return [result for part in parts for result in part]


def _body_problems(raw: RawEntry, renderer: BodyRenderer) -> tuple[list[Problem], list[tuple[int, str, bool]], Template | None]:
    """Problems with the body as text, every ``(line offset, id, is_citation)`` it refers to, and the converted body.

    The body is converted here, once, for the site to fill in on its page; whatever the
    converter links is checked (and a body it cannot convert is refused now, not at build).
    """
    body, problems, template = raw.body, [], None

    def problem(offset: int, message: str) -> None:
        problems.append(Problem(raw.path, raw.body_line + offset, "body", message))

    if len(body) > MAX_BODY_CHARS:
        problem(0, f"the body is {len(body):,} characters long (expected at most {MAX_BODY_CHARS:,}: split long text into several entries)")
        return problems, [], None
    if body.count("[") > MAX_BODY_BRACKETS:
        problem(0, f"the body has {body.count('['):,} '[' characters (expected at most {MAX_BODY_BRACKETS:,} links, citations and footnotes)")
        return problems, [], None
    bad = CONTROL_CHARS.search(body)
    if bad:
        problem(body.count("\n", 0, bad.start()), f"contains the invisible control character {control_char_name(bad[0])} (expected visible text)")
        return problems, [], None
    for offset in raw_html_lines(body):
        problem(offset, "raw HTML is not allowed (expected Markdown: see 'Writing the body' in the contributor guide)")
    for match in CHARACTER_REFERENCE.finditer(body):
        code = int(match[1], 16) if match[1] else int(match[2])
        if code > 0x10FFFF or CONTROL_CHARS.match(chr(code)):
            problem(body.count("\n", 0, match.start()), f"writes the invisible control character U+{code:04X} as the character reference "
                                                         f"'{match[0]}' (expected visible text)")
            return problems, [], None
    refs = []
    if body.strip():
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit - RECURSION_HEADROOM, 100))
        try:
            template = renderer.compile(body)
        except BodyProblem as err:
            problem(err.line(body), str(err))
        except RecursionError:
            problem(0, "the Markdown is nested too deeply to convert (expected fewer levels of lists, quotations or definitions)")
        except Exception as err:  # a converter bug must become a problem report, not a traceback
            problem(0, f"the Markdown could not be converted ({type(err).__name__}) (expected ordinary Markdown)")
        finally:
            sys.setrecursionlimit(limit)
        # What the converter linked, and nothing else (a '[@id]' in code or a link definition is text):
        # each once, at the line where it is written.
        written, lines = {}, body.split("\n")
        for offset, target, is_cite in references(body):
            written.setdefault((target, is_cite), offset)
        for target, is_cite in dict.fromkeys((target, is_cite) for target, is_cite, _ in renderer.refs):
            offset = written.get((target, is_cite))
            if offset is None:  # written over two lines, say: the first line that names it
                offset = next((i for i, line in enumerate(lines) if target in line), 0)
            refs.append((offset, target, is_cite))
    return problems, refs, template


def _check_entry(raw: RawEntry, kinds: dict[str, str], problems: list[Problem], renderer: BodyRenderer) -> tuple[Entry | None, list[tuple[str, tuple]]]:
    """The checked entry (None if invalid) and the ``(target, field path)`` of its links."""
    ctx = _Context(raw, kinds, problems)
    data = KINDS[raw.kind].fields.check(raw.data, ctx, ())
    found, refs, template = _body_problems(raw, renderer)
    problems.extend(found)
    body_refs = []
    for offset, target, is_cite in refs:
        wanted = ("source",) if is_cite else tuple(KINDS)
        kind = kinds.get(target)
        if kind is None or kind not in wanted:
            what = "a source" if is_cite else "an entry"
            hint = did_you_mean(target, [i for i, k in kinds.items() if k in wanted])
            problems.append(Problem(raw.path, raw.body_line + offset, "body", f"'{target}' is not the id of {what} (expected [[id]] or [@source-id] with an existing id){hint}"))
        else:
            body_refs.append(target)
    if data is INVALID:
        return None, []
    entry = Entry(raw.kind, raw.id, raw.path, data, raw.body, raw.body_line, raw.lines, template)
    targets = ctx.pending + [(target, ("body",)) for target in body_refs]
    if raw.kind != "source" and not any(kinds[t] == "source" for t, _ in ctx.pending) and not any(kinds[t] == "source" for t in body_refs):
        problems.append(Problem(raw.path, 1, "sources", "no citation anywhere in the entry (expected at least one source in sources, a claim, a position or the defection)"))
    return entry, targets


MAX_UNIT_LEVELS = 12  # a top unit and at most 11 below it: every walk up or down the tree stays short


def _graph_problems(entries: dict[str, Entry], links: list[Link]) -> list[Problem]:
    """Problems that only the whole graph shows: unit parent cycles, and units nested too deep.

    Each unit is walked up once (a walk stops at a unit whose level is known), so this is linear.
    """
    problems = []
    order = {id: i for i, id in enumerate(entries)}
    level: dict[str, int | None] = {}  # 1 for a top unit; None on or below a cycle
    for entry in entries.values():
        if entry.kind != "unit" or entry.id in level:
            continue
        chain, on_chain, current = [], set(), entry
        while current is not None and current.id not in level and current.id not in on_chain:
            chain.append(current.id)
            on_chain.add(current.id)
            parent = current.data.get("parent")
            current = entries.get(parent) if parent else None
        if current is not None and current.id in on_chain:  # this walk went round a cycle: report it from its first unit
            cycle = chain[chain.index(current.id):]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            cycle = cycle[first:] + cycle[:first]
            unit = entries[cycle[0]]
            problems.append(Problem(unit.path, unit.lines.get(("parent",), 1), "parent", f"units form a cycle: {' -> '.join(cycle + [cycle[0]])} "
                                    "(expected a unit's parents never to lead back to it)"))
            above = None
        else:
            above = 0 if current is None else level[current.id]
        for id in reversed(chain):
            above = None if above is None else above + 1
            level[id] = above
            if above == MAX_UNIT_LEVELS + 1:
                unit = entries[id]
                problems.append(Problem(unit.path, unit.lines.get(("parent",), 1), "parent", f"the unit is nested more than {MAX_UNIT_LEVELS} "
                                        f"levels deep (expected at most {MAX_UNIT_LEVELS} levels from a top unit down: give it a higher parent)"))
    return problems


def _status_problems(entries: dict[str, Entry]) -> list[Problem]:
    """The confirmed rule again, with what only the whole archive shows.

    Each entry was held to it alone; here two articles of one publisher are one voice, and a
    voice that names the person the entry is about is that person's own announcement.
    """
    publisher_of = {e.id: " ".join(e.data["publisher"].casefold().split()) for e in entries.values() if e.kind == "source"}
    problems = []
    for entry in entries.values():
        data = entry.data
        names = [re.compile(rf"\b{re.escape(n)}\b", re.I) for n in (data.get("name"), *data.get("aliases", ()))] if entry.kind == "person" else []
        held = [(("claims", i), claim) for i, claim in enumerate(data.get("claims", ()))]
        held += [(("defection",), data["defection"])] if "defection" in data else []
        held += [((), data)] if entry.kind == "event" else []
        for path, struct in held:
            if struct.get("status") != "confirmed":
                continue
            asserted = [{**a, "basis": "self"} if any(n.search(a["by"]) for n in names) else a
                        for a in struct.get("asserted_by", ())]
            message = confirmed_problem(asserted, publisher_of)
            if message:
                field = path + ("status",)
                problems.append(Problem(entry.path, entry.line(field), field_name(field), message +
                                        " (across the archive: one publisher's articles are one voice, and a voice naming the person is their own)"))
    return problems
