"""Find and read entry files: where they are, what their place says (kind and id), size and encoding limits.

The front-matter itself is read by :mod:`.front_matter`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, printable
from ..model.entry import line_of
from ..model.kinds import KIND_OF_FOLDER, KINDS
from .front_matter import Refused, read_yaml, split_front_matter

MAX_BYTES = 1_000_000
ID_RULE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_EXPECTED = "lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass"

@dataclass
class RawEntry:
    """An entry as read from disk, before validation."""

    kind: str
    id: str
    path: str
    data: dict
    lines: dict[tuple, int]
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: tuple) -> int:
        return line_of(self.lines, path)


def reserved_ids(folder: str) -> set[str]:
    """Ids that name a generated page in ``folder``: its list page (index) and its folder of list pages."""
    kind = KINDS.get(KIND_OF_FOLDER.get(folder, ""))
    return {"index"} | ({kind.list_part} if kind and kind.list_part else set())


def valid_id(text: str, folder: str = "") -> bool:
    """Whether ``text`` keeps the id rule (and, given the kind's folder, names no generated page there)."""
    return len(text) <= 80 and ID_RULE.fullmatch(text) is not None and text not in reserved_ids(folder)


def discover(content: Path) -> tuple[list[Path], list[Problem]]:
    """Every ``*.md`` under the four kind folders, sorted; misplaced files are problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    if not content.is_dir():
        return [], [Problem(str(content), 0, "", "content folder not found (expected a folder with people/, units/, events/, sources/)")]
    for folder in sorted(KIND_OF_FOLDER):
        base = content / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if not name.endswith(".md"):
                    continue
                if Path(dirpath) != base:
                    problems.append(Problem(_show(path, content), 0, "", f"entry files belong directly in {folder}/, not in a sub-folder"))
                    continue
                files.append(path)
    return files, problems


def _show(path: Path, content: Path) -> str:
    text, base = str(path), str(content)
    if text.startswith(base + os.sep):  # the usual case, without pathlib's parsing
        shown = os.path.join(content.name, text[len(base) + 1 :])
    else:
        try:
            shown = str(Path(content.name) / path.relative_to(content))
        except ValueError:
            shown = str(path)
    return printable(shown)


def path_identity(path: Path, content: Path) -> tuple[str, str, str]:
    """What a file's place says about it: ``(kind, id, path as shown in messages)``."""
    return KIND_OF_FOLDER.get(path.parent.name, ""), path.name[:-3], _show(path, content)


def read_entry(path: Path, content: Path) -> RawEntry:
    """Read one file into a :class:`RawEntry`; problems are collected, not raised."""
    kind, id, shown = path_identity(path, content)
    entry = RawEntry(kind, id, shown, {}, {}, "", 1)
    if entry.id == "index":
        entry.problems.append(Problem(shown, 1, "id", f"the id '{entry.id}' is reserved for the list page of its folder "
                                                      "(expected another id, such as the person's full name)"))
    elif entry.id in reserved_ids(path.parent.name):
        entry.problems.append(Problem(shown, 1, "id", f"the id '{entry.id}' is reserved for the folder of generated list pages "
                                                      f"{path.parent.name}/{entry.id}/ (expected another id, such as the full name)"))
    elif not valid_id(entry.id):
        entry.problems.append(Problem(shown, 1, "id", f"the file name gives the id '{printable(entry.id)}', which breaks the id rule (expected {ID_EXPECTED})"))
    try:
        # Files sit directly in their kind folder: unless it or the folder is a link, the file is inside.
        if path.is_symlink() or path.parent.is_symlink():
            real = path.resolve()
            if real.exists() and not real.is_relative_to(content.resolve()):
                entry.problems.append(Problem(shown, 1, "", "is a link to a file outside the content folder (expected the entry file itself)"))
                return entry
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            entry.problems.append(Problem(shown, 1, "", "is not a regular file (expected a text file)"))
            return entry
        if info.st_size > MAX_BYTES:
            entry.problems.append(Problem(shown, 1, "", f"file is {info.st_size:,} bytes (expected at most {MAX_BYTES:,}: split long text into several entries)"))
            return entry
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # never more, even if the file grows meanwhile
        if len(raw) > MAX_BYTES:
            entry.problems.append(Problem(shown, 1, "", f"file is over {MAX_BYTES:,} bytes (expected at most {MAX_BYTES:,}: split long text into several entries)"))
            return entry
    except OSError as err:
        entry.problems.append(Problem(shown, 1, "", f"cannot read the file ({err.strerror})"))
        return entry
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        entry.problems.append(Problem(shown, line, "", f"not valid UTF-8 (byte {raw[err.start]:#04x}; expected the file to be saved as UTF-8)"))
        return entry
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        entry.problems.append(Problem(shown, text[: text.index("\x00")].count("\n") + 1, "", "the file contains a NUL byte (expected plain text)"))
        return entry
    split = split_front_matter(text)
    if split is None:
        entry.problems.append(Problem(shown, 1, "", "no front-matter (expected the file to start with a line '---', then YAML fields, then a closing '---')"))
        return entry
    front, first_line, entry.body, entry.body_line = split
    try:
        data = read_yaml(front, first_line, entry.lines)
    except Refused as err:
        entry.problems.append(Problem(shown, err.line, "", err.message))
        return entry
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line = first_line + front[: len(front) - len(front.lstrip())].count("\n")  # where the YAML starts
        entry.problems.append(Problem(shown, line, "", "front-matter must be a set of 'field: value' lines (expected a YAML mapping)"))
        return entry
    entry.data = data
    return entry


