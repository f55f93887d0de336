"""Import a CSV in the export's columns: create and update entries, all or nothing.

The CSV is the one ``defections export`` writes (``people.csv``, ``units.csv``,
``events.csv``, ``sources.csv``), edited in a spreadsheet. Rows are matched by
id. A cell that still says what the export wrote changes nothing, so an
unchanged export imports as no change at all; a changed cell rewrites only
its field (see :mod:`generator.yaml_edit`). Derived columns (date bounds,
counts, names of linked entries, ``cited_by``) are read-only.

The merged result is checked by the same :func:`generator.validate.load` as
``defections check``, on a temporary copy of the content folder, and problems
are reported per CSV line and column. Nothing is written unless every row is
valid, and the files are then replaced all together.
"""

from __future__ import annotations

import copy
import csv
import difflib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, did_you_mean
from ..export.tables import COLUMNS, SEP
from ..export.tables import rows as export_rows
from ..link.graph import Graph
from ..load.files import ID_EXPECTED, discover, read_entry, reserved_ids, valid_id
from ..model.kinds import FOLDERS, KINDS
from ..pipeline import build_graph
from .yaml_edit import EditError, FrontMatter, new_front

MAX_CSV_BYTES = 100_000_000


def undefuse(cell: str) -> str:
    """A cell as the export wrote it -> the value. The export puts an apostrophe before
    text that starts with a formula character or an apostrophe (``'=x``, ``''x``); drop it."""
    return cell[1:] if cell.startswith("'") else cell


# --- what each column is ---------------------------------------------------------------

@dataclass(frozen=True)
class Scalar:
    """One cell, one field (``path`` is ``(field,)`` or ``("defection", field)``)."""

    column: str
    path: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Items:
    """A list field written as items joined with `` | ``; ``citations`` lists source ids."""

    column: str
    path: tuple[str, ...]
    citations: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Pairs:
    """A list of two-field items written as two parallel columns (``relatives`` and ``relations``)."""

    column: str
    other: str
    path: tuple[str, ...]
    key: str
    value: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.other)


def _scalars(*names: str, prefix: str = "") -> list[Scalar]:
    return [Scalar(f"{prefix}_{n}" if prefix else n, (prefix, n) if prefix else (n,)) for n in names]


GROUPS: dict[str, list] = {
    "person": [
        *_scalars("name", "name_ar"), Items("aliases", ("aliases",)), *_scalars("rank", "category", "born", "origin"),
        Pairs("relatives", "relations", ("relatives",), "person", "relation"),
        *_scalars("status", "date", "destination", "joined", "event", "note", prefix="defection"),
        Items("defection_sources", ("defection", "sources"), citations=True), Items("sources", ("sources",), citations=True),
    ],
    "unit": [
        *_scalars("name", "name_ar"), Items("aliases", ("aliases",)), *_scalars("kind", "side", "parent", "base"),
        Items("sources", ("sources",), citations=True),
    ],
    "event": [
        *_scalars("title", "date", "kind", "place", "status", "count"),
        Pairs("participants", "participant_roles", ("participants",), "person", "role"),
        Items("units", ("units",)), Items("sources", ("sources",), citations=True),
    ],
    "source": [
        *_scalars("title", "publisher", "date", "author", "url", "archive_url", "accessed", "language", "kind", "dateline", "via"),
    ],
}

# read-only columns: what each is computed from
DERIVED: dict[str, dict[str, str]] = {
    "person": {"rank_ar": "rank", "defection_earliest": "defection_date", "defection_latest": "defection_date",
               "defection_precision": "defection_date"},
    "unit": {"parent_name": "parent"},
    "event": {"date_earliest": "date", "date_latest": "date", "date_precision": "date", "count_value": "count",
              "count_approximate": "count"},
    "source": {"date_earliest": "date", "date_latest": "date", "cited_by": "the entries that cite the source"},
}


# derived from other entries, so expected to go stale in a CSV exported before other imports: ignored without a note
SILENT = {"cited_by"}


def file_name(kind: str) -> str:
    return f"{FOLDERS[kind]}.csv"


def imported_columns(kind: str) -> list[str]:
    return [c for group in GROUPS[kind] for c in group.columns]


def _column_of_field(kind: str) -> dict[str, str]:
    """Checker field names (items stripped: ``relatives.relation``) -> CSV column."""
    out = {"id": "id"}
    for group in GROUPS[kind]:
        dotted = ".".join(group.path)
        if isinstance(group, Scalar):
            out[dotted] = group.column
        elif isinstance(group, Items):
            out[dotted] = out[dotted + ".source"] = group.column
        else:
            out[dotted] = out[f"{dotted}.{group.key}"] = group.column
            out[f"{dotted}.{group.value}"] = group.other
    if kind == "person":
        out["defection"] = "defection_status"
    return out


# --- reading the CSV -----------------------------------------------------------------

@dataclass
class Row:
    line: int
    cells: dict[str, str]
    id: str = ""
    problems: bool = False


@dataclass
class Table:
    shown: str
    kind: str
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def read_csv(path: Path, kind: str, shown: str, problems: list[Problem]) -> Table | None:
    """Parse the CSV; header problems (unknown columns, no id) are reported, and ``None`` means stop."""
    table = Table(shown, kind)

    def fail(line: int, message: str, column: str = "") -> None:
        problems.append(Problem(shown, line, f"column {column}" if column else "", message))

    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        fail(1, f"the file is {size:,} bytes (expected at most {MAX_CSV_BYTES:,})")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        fail(raw[: err.start].count(b"\n") + 1, f"not valid UTF-8 (byte {raw[err.start]:#04x}; expected the CSV saved as UTF-8, "
                                                 "as the export writes it: in a spreadsheet program choose 'CSV UTF-8')")
        return None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        fail(1, f"the file is empty (expected a header line with the columns of the export's {file_name(kind)}, starting with id)")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    expected = list(COLUMNS[file_name(kind)])
    try:
        header = next(reader)
        line = reader.line_num + 1
        table.header = [h.strip() for h in header]
        for n, name in enumerate(table.header):
            if name not in expected:
                fail(1, f"unknown column '{name}' (expected the columns of the export's {file_name(kind)}: "
                        f"{', '.join(expected)}){did_you_mean(name, expected)}", name or f"{n + 1}")
            elif table.header.index(name) != n:
                fail(1, f"column '{name}' is given twice (expected each column once)", name)
        if "id" not in table.header:
            fail(1, f"no id column (expected the columns of the export's {file_name(kind)}, with id to match rows to entries)")
            return None
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank line or a row of empty cells
            if len(cells) != len(table.header):
                fail(start, f"has {len(cells)} cells, but the header has {len(table.header)} columns (expected one cell per column)")
                table.rows.append(Row(start, {}, problems=True))
                continue
            table.rows.append(Row(start, {name: undefuse(value) for name, value in zip(table.header, cells) if name in expected}))
    except csv.Error as err:
        fail(reader.line_num or 1, f"cannot read the CSV: {err} (expected comma-separated cells, quoted with \" where needed)")
        return None
    return table


def items(cell: str, count: int | None = None) -> list[str]:
    """The items of a multi-valued cell: split on `` | ``, each trimmed and with a doubled ``||`` read as
    the ``|`` the export doubled; ``count`` for a parallel column."""
    if count is not None and count > 0 and (not cell.strip() or (count > 1 and re.fullmatch(r"[\s|]*", cell))):
        return [""] * count  # no item has a value (a spreadsheet may have trimmed ' | ' to '|')
    if not cell.strip():
        return []
    return [item.strip().replace("||", "|") for item in cell.split(SEP)]


# --- merging one row into one entry ----------------------------------------------------

def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value) -> str | None:
    return value.strip() if isinstance(value, str) else None


def _citation_id(value) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("source"))
    return _text(value)


class Merge:
    """The changes one row makes to one entry: ``edits`` (path, kind, value) and the merged ``data``."""

    def __init__(self, kind: str, data):
        self.kind, self._read, self._data = kind, data, None
        self.edits: list[tuple[tuple[str, ...], str, object]] = []

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = copy.deepcopy(self._read())
        return self._data

    def _put(self, path: tuple[str, ...], value) -> None:
        target = self.data
        for key in path[:-1]:
            if not isinstance(target.get(key), dict):
                target[key] = {}
            target = target[key]
        if value is None or value == []:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value

    def old(self, path: tuple[str, ...]):
        value = self.data
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    def scalar(self, path: tuple[str, ...], text: str) -> None:
        value: object = text or None
        if path == ("count",) and re.fullmatch(r"\d{1,9}", text):
            value = int(text)
        self._put(path, value)
        self.edits.append((path, "scalar", value))

    def items(self, path: tuple[str, ...], plan: list[tuple[int | None, object]]) -> None:
        self._put(path, [value for _, value in plan])
        self.edits.append((path, "list", plan))


def _plan_items(old: list, new: list[str], citations: bool) -> list[tuple[int | None, object]]:
    used: set[int] = set()
    plan: list[tuple[int | None, object]] = []
    long_form = bool(old) and isinstance(old[-1], dict)
    for value in new:
        match = next((i for i, o in enumerate(old) if i not in used and (_citation_id(o) if citations else _text(o)) == value), None)
        if match is not None:
            used.add(match)
            plan.append((match, old[match]))
        else:
            plan.append((None, {"source": value} if citations and long_form else value))
    return plan


def _plan_pairs(old: list, pairs: list[tuple[str, str]], key: str, name: str) -> list[tuple[int | None, object]]:
    used: set[int] = set()
    plan: list[tuple[int | None, object]] = []
    for first, second in pairs:
        same = [i for i, o in enumerate(old) if i not in used and isinstance(o, dict) and _text(o.get(key)) == first]
        exact = next((i for i in same if (_text(old[i].get(name)) or "") == second), None)
        if exact is not None:
            used.add(exact)
            plan.append((exact, old[exact]))
            continue
        item = dict(old[same[0]]) if same else {key: first}
        if same:
            used.add(same[0])
        if second:
            item[name] = second
        else:
            item.pop(name, None)
        plan.append((None, item))
    return plan


def merge_row(kind: str, row: Row, current: dict[str, str], data, fail) -> Merge:
    """What ``row`` changes in an entry whose export row is ``current`` and raw front-matter ``data()``
    (read only when a cell changed)."""
    merge = Merge(kind, data)
    cells = row.cells
    for group in GROUPS[kind]:
        present = [c for c in group.columns if c in cells]
        if not present:
            continue
        if isinstance(group, Scalar):
            new = cells[group.column].strip()
            if new != current.get(group.column, "").strip():
                merge.scalar(group.path, new)
        elif isinstance(group, Items):
            new_items = items(cells[group.column])
            if new_items != items(current.get(group.column, "")):
                merge.items(group.path, _plan_items(_as_list(merge.old(group.path)), new_items, group.citations))
        else:
            keys = items(cells.get(group.column, current.get(group.column, "")))
            old_keys = items(current.get(group.column, ""))
            values_cell = cells.get(group.other, current.get(group.other, ""))
            values = items(values_cell, len(keys))
            if len(values) != len(keys):
                fail(row.line, group.other, f"has {len(values)} item{'s' if len(values) != 1 else ''} but {group.column} has {len(keys)} "
                                            f"(expected one item per item of {group.column}, in the same order, separated by '{SEP}')")
                continue
            if keys != old_keys or values != items(current.get(group.other, ""), len(old_keys)):
                merge.items(group.path, _plan_pairs(_as_list(merge.old(group.path)), list(zip(keys, values)), group.key, group.value))
    return merge


def _order(kind: str, parents: tuple[str, ...]) -> list[str]:
    struct = KINDS[kind].fields
    for key in parents:
        struct = struct.fields[key].type
    return list(struct.fields)


def apply(kind: str, text: str, merge: Merge) -> str:
    """The entry file's text with ``merge`` applied, keeping every untouched byte."""
    doc = FrontMatter(text)
    top_order = _order(kind, ())
    try:
        nested = [edit for edit in merge.edits if len(edit[0]) == 2]
        for path, how, value in merge.edits:
            if len(path) == 1:
                try:
                    _edit(doc, _order(kind, ()), path, how, value)
                except EditError:  # a layout this editor cannot change in place: rewrite the one field
                    _whole(doc, merge, path[0], top_order)
        if nested:
            parent = nested[0][0][0]
            block = doc._mapping((parent,))
            if not merge.data.get(parent) or block is None or block.flow or not block.pairs:
                _whole(doc, merge, parent, top_order)
            else:
                try:
                    for path, how, value in nested:
                        _edit(doc, _order(kind, path[:-1]), path, how, value)
                except EditError:
                    _whole(doc, merge, parent, top_order)
    except EditError:
        # the last resort: rewrite all the fields (comments between them are lost)
        doc.front = ("\n" if doc.front.startswith("\n") else "") + new_front(merge.data, doc.nl, doc.seq)
    return doc.text


def _edit(doc: FrontMatter, order: list[str], path: tuple[str, ...], how: str, value) -> None:
    if how == "list":
        doc.set_list(path, value, order)
    elif value is None:
        doc.delete(path)
    else:
        doc.set(path, value, order)


def _whole(doc: FrontMatter, merge: Merge, key: str, order: list[str]) -> None:
    value = merge.data.get(key)
    if value is None or value == {} or value == []:
        doc.delete((key,))
        return
    if isinstance(value, dict) and key == "defection":  # rewritten whole: its fields in the model's order
        inner = {name: n for n, name in enumerate(_order(merge.kind, (key,)))}
        value = dict(sorted(value.items(), key=lambda kv: inner.get(kv[0], len(inner))))
    doc.set((key,), value, order)


def new_entry(kind: str, merge: Merge) -> str:
    """A new entry file: the fields in the model's order, in the style ``defections new`` writes, and no body."""
    data = merge.data
    ordered = {k: data[k] for k in _order(kind, ()) if k in data}
    if isinstance(ordered.get("defection"), dict):
        ordered["defection"] = {k: ordered["defection"][k] for k in _order(kind, ("defection",)) if k in ordered["defection"]}
    return "---\n" + new_front(ordered) + "---\n"


# --- the whole import ----------------------------------------------------------------

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
        columns = _column_of_field(kind)
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
    """Run the real checker on a temporary copy of ``content`` with ``changes`` applied."""
    files, _ = discover(content)
    changed = {change.path: change for change in changes}
    with tempfile.TemporaryDirectory(prefix="defections-import-") as tmp:
        copy_root = Path(tmp) / content.name
        link = True
        for folder in FOLDERS.values():
            (copy_root / folder).mkdir(parents=True, exist_ok=True)
        for path in files:
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
    """Write every change, all or nothing: stage temporary files, then rename them into place."""
    staged: list[tuple[Change, Path]] = []
    try:
        for change in changes:
            change.path.parent.mkdir(parents=True, exist_ok=True)
            for attempt in range(100):
                temp = change.path.with_name(f".{change.path.name}.import-{os.getpid()}-{attempt}.tmp")
                try:
                    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode(change.path))
                    break
                except FileExistsError:
                    continue
            else:
                raise OSError(f"cannot create a temporary file next to {change.path}")
            staged.append((change, temp))
            with os.fdopen(fd, "wb") as handle:
                handle.write(change.new)
                handle.flush()
                os.fsync(handle.fileno())
        for change, _ in staged:  # nobody changed the files since they were read
            now = change.path.read_bytes() if change.path.exists() else None
            if now != change.old:
                raise RuntimeError(f"{change.path} changed while importing; nothing was written, run the import again")
    except BaseException:
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise
    done: list[Change] = []
    try:
        for change, temp in staged:
            os.replace(temp, change.path)
            done.append(change)
    except BaseException:
        for change in done:  # put back what was already replaced
            if change.old is None:
                change.path.unlink(missing_ok=True)
            else:
                change.path.write_bytes(change.old)
        for _, temp in staged:
            temp.unlink(missing_ok=True)
        raise


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o666  # a new file: the umask applies
