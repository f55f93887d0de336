"""Read an imported CSV: its header checked against the export's columns, its rows as cells."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, did_you_mean
from ..export.tables import COLUMNS, SEP
from .csv_columns import file_name

MAX_CSV_BYTES = 100_000_000


def undefuse(cell: str) -> str:
    """A cell as the export wrote it -> the value. The export puts an apostrophe before
    text that starts with a formula character or an apostrophe (``'=x``, ``''x``); drop it."""
    return cell[1:] if cell.startswith("'") else cell


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
