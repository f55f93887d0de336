"""Import a CSV in the export's columns: create and update entries, all or nothing.

The CSV is the one ``defections export`` writes (``people.csv``, ``units.csv``,
``events.csv``, ``sources.csv``), edited in a spreadsheet. Rows are matched by
id. A cell that still says what the export wrote changes nothing, so an
unchanged export imports as no change at all; a changed cell rewrites only
its field (see :mod:`generator.edit.yaml_edit`). Derived columns (date bounds,
counts, names of linked entries, ``cited_by``) are read-only.

The merged result is checked by the same :func:`generator.pipeline.build_graph` as
``defections check``, on a temporary copy of the content folder, and problems
are reported per CSV line and column. Nothing is written unless every row is
valid, and the files are then replaced all together.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem
from ..export.tables import rows as export_rows
from ..link.graph import Graph
from ..load.files import ID_EXPECTED, discover, read_entry, reserved_ids, valid_id
from ..model.kinds import FOLDERS
from ..pipeline import build_graph
from ..publish.output import replace_files
from .csv_columns import (
    DERIVED,
    SILENT,
    column_of_field,
    file_name,
)
from .csv_merge import apply, merge_row, new_entry
from .csv_read import Row, read_csv


@dataclass
class Change:
    path: Path  # the file to write
    shown: str  # as the checker shows it: content/people/x.md
    old: bytes | None  # None for a new file
    new: bytes


@dataclass
class Result:
    problems: list[Problem]
    changes: list[Change]
    unchanged: int = 0
    notes: list[Problem] = field(default_factory=list)  # derived cells that were ignored although they were edited


def _export_cells(graph: Graph, kind: str) -> dict[str, dict[str, str]]:
    return {r["id"]: {k: "" if v is None else str(v) for k, v in r.items()} for r in export_rows(graph)[file_name(kind)]}


def plan(csv_path: Path, kind: str, content: Path, shown_csv: str | None = None) -> Result:
    """Everything the import of ``csv_path`` would write, or every problem with it; writes nothing."""
    shown = shown_csv or str(csv_path)
    content = Path(content)
    problems: list[Problem] = []

    def fail(line: int, column: str, message: str) -> None:
        problems.append(Problem(shown, line, f"column {column}" if column else "", message))

    table = read_csv(Path(csv_path), kind, shown, problems)
    if table is None:
        return Result(problems, [])
    try:
        graph = build_graph(content)
    except ContentError as err:
        problems.append(Problem(shown, 1, "", f"cannot import into {content}: it has {len(err.problems)} problem(s), listed here "
                                             "(expected content that passes defections check: fix it first)"))
        return Result(problems + err.problems, [])
    current = _export_cells(graph, kind)
    folder = content / FOLDERS[kind]
    real = folder.resolve()  # where the files would really be written, links followed
    if not real.is_relative_to(content.resolve()):
        fail(1, "", f"cannot write into {content.name}/{FOLDERS[kind]}: it is a link to {real}, outside the content folder "
                    f"(expected {FOLDERS[kind]}/ to be a folder inside {content.name}/)")
        return Result(problems, [])
    seen: dict[str, int] = {}
    changes: list[Change] = []
    by_shown: dict[str, Row] = {}
    for row in table.rows:
        if row.problems:
            continue
        entry_id = row.cells.get("id", "").strip()
        row.id = entry_id
        if not entry_id:
            fail(row.line, "id", f"empty (expected the id of {'an' if kind == 'event' else 'a'} {kind}: {ID_EXPECTED})")
            row.problems = True
            continue
        if not valid_id(entry_id, FOLDERS[kind]):
            reserved = entry_id in reserved_ids(FOLDERS[kind])
            fail(row.line, "id", f"'{entry_id}' is reserved for pages the site generates in {FOLDERS[kind]}/ (expected another id)" if reserved
                 else f"'{entry_id}' breaks the id rule (expected {ID_EXPECTED})")
            row.problems = True
            continue
        if entry_id in seen:
            fail(row.line, "id", f"'{entry_id}' is given twice, also on line {seen[entry_id]} (expected each id once)")
            row.problems = True
            continue
        seen[entry_id] = row.line
        other = graph.entries.get(entry_id)
        if other is not None and other.kind != kind:
            fail(row.line, "id", f"'{entry_id}' is already the id of {'an' if other.kind == 'event' else 'a'} {other.kind} "
                                 f"({other.path}) (expected ids unique across all kinds)")
            row.problems = True
            continue
        path = folder / f"{entry_id}.md"
        entry_shown = str(Path(content.name) / FOLDERS[kind] / f"{entry_id}.md")
        by_shown[entry_shown] = row
        if row.problems:
            continue
        if other is None:
            merge = merge_row(kind, row, {}, dict, lambda line, col, msg: _row_fail(fail, row, line, col, msg))
            if row.problems:
                continue
            changes.append(Change(path, entry_shown, None, new_entry(kind, merge).encode("utf-8")))
            continue
        merge = merge_row(kind, row, current[entry_id], lambda: read_entry(path, content).data,
                          lambda line, col, msg: _row_fail(fail, row, line, col, msg))
        if row.problems or not merge.edits:
            continue
        old_bytes = path.read_bytes()
        text = old_bytes.decode("utf-8")
        new_text = apply(kind, text, merge)
        if new_text != text:
            changes.append(Change(path, entry_shown, old_bytes, new_text.encode("utf-8")))
    new_graph = graph
    if changes:
        new_graph, check = _check(content, changes)
        columns = column_of_field(kind)
        for problem in check:
            row = by_shown.get(problem.path)
            if row is None:
                problems.append(problem)
                continue
            base = re.sub(r"\[\d+\]", "", problem.field)
            index = re.search(r"\[(\d+)\]", problem.field)
            column = columns.get(base)
            if column is None:
                problems.append(Problem(shown, row.line, problem.field, problem.message))
                continue
            where = f"{column}, item {index[1]}" if index and column != "defection_status" else column
            problems.append(Problem(shown, row.line, f"column {where}", problem.message))
            row.problems = True
    notes: list[Problem] = []
    if new_graph is not None and not problems:
        after = _export_cells(new_graph, kind)
        for row in table.rows:
            if not row.id:
                continue
            before, now = current.get(row.id, {}), after.get(row.id, {})
            for column, source in DERIVED[kind].items():
                cell = (row.cells.get(column) or "").strip()
                if column in SILENT or not cell or cell in (before.get(column, "").strip(), now.get(column, "").strip()):
                    continue
                wanted = now.get(column, "")
                notes.append(Problem(shown, row.line, f"column {column}", f"ignored '{cell}': derived from {source}, not imported "
                                                                          f"(the export will write {repr(wanted) if wanted else 'nothing'}; "
                                                                          f"change {source} instead)"))
    unchanged = sum(1 for r in table.rows if r.id and not r.problems) - len(changes)
    return Result(sorted(problems), [] if problems else changes, max(unchanged, 0), notes)


def _row_fail(fail, row: Row, line: int, column: str, message: str) -> None:
    row.problems = True
    fail(line, column, message)


def _check(content: Path, changes: list[Change]) -> tuple[Graph | None, list[Problem]]:
    """Run the real checker on a temporary copy of ``content`` (entries and their Arabic texts) with ``changes`` applied."""
    files, arabic, _ = discover(content)
    changed = {change.path: change for change in changes}
    with tempfile.TemporaryDirectory(prefix="defections-import-") as tmp:
        copy_root = Path(tmp) / content.name
        link = True
        for folder in FOLDERS.values():
            (copy_root / folder).mkdir(parents=True, exist_ok=True)
        for path in files + list(arabic.values()):
            if path in changed:
                continue
            target = copy_root / path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            if link:  # a hard link is much faster than a copy, and only ever read
                try:
                    os.link(path, target)
                    continue
                except OSError:
                    link = False
            shutil.copyfile(path, target)
        for change in changes:  # new files, never written through a link
            (copy_root / change.path.relative_to(content)).write_bytes(change.new)
        try:
            return build_graph(copy_root), []
        except ContentError as err:
            return None, err.problems


# --- output ------------------------------------------------------------------------------

def diff(change: Change) -> str:
    """A git-style unified diff of one change."""
    old = change.old.decode("utf-8").splitlines(keepends=True) if change.old is not None else []
    new = change.new.decode("utf-8").splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(old, new, "/dev/null" if change.old is None else f"a/{change.shown}", f"b/{change.shown}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write(changes: list[Change]) -> None:
    """Write every change, all or nothing (see :func:`~generator.publish.output.replace_files`)."""
    replace_files([(change.path, change.old, change.new) for change in changes])
