"""Find and read entry files: where they are, what their place says (kind and id), size and encoding limits.

An entry ``<folder>/<id>.md`` may have its body in Arabic beside it, in ``<folder>/<id>.ar.md`` (Markdown
only), as mkdocs-static-i18n's "suffix" convention names a page's translation. The front-matter itself is
read by :mod:`.front_matter`.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, did_you_mean, printable
from ..model.entry import line_of
from ..model.kinds import KIND_OF_FOLDER, KINDS
from .front_matter import FENCE, Refused, read_yaml, split_front_matter

MAX_BYTES = 1_000_000
ID_RULE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_EXPECTED = "lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass"
LANGUAGE_SUFFIX = re.compile(r"(.*)\.([a-z]{2})\.md")  # <id>.<language>.md: a translation, in the suffix convention

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


@dataclass
class RawText:
    """An entry's Arabic text as read from its ``<id>.ar.md``: a body only (the fields live in the entry's file)."""

    path: str
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def reserved_ids(folder: str) -> set[str]:
    """Ids that name a generated page in ``folder``: its list page (index) and its folder of list pages."""
    kind = KINDS.get(KIND_OF_FOLDER.get(folder, ""))
    return {"index"} | ({kind.list_part} if kind and kind.list_part else set())


def valid_id(text: str, folder: str = "") -> bool:
    """Whether ``text`` keeps the id rule (and, given the kind's folder, names no generated page there)."""
    return len(text) <= 80 and ID_RULE.fullmatch(text) is not None and text not in reserved_ids(folder)


def discover(content: Path) -> tuple[list[Path], dict[Path, Path], list[Problem]]:
    """Every entry file under the four kind folders, sorted, and the Arabic text (``<id>.ar.md``) of each entry
    that has one; misplaced files, and texts that are not an entry's Arabic text, are problems."""
    files: list[Path] = []
    arabic: dict[Path, Path] = {}
    problems: list[Problem] = []
    if not content.is_dir():
        return [], {}, [Problem(str(content), 0, "", "content folder not found (expected a folder with people/, units/, events/, sources/)")]
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
                translation = LANGUAGE_SUFFIX.fullmatch(name)
                if translation is None:
                    files.append(path)
                    continue
                problem = _translation_problem(path, *translation.groups(), filenames, content)
                if problem is None:
                    arabic[base / f"{translation[1]}.md"] = path
                else:
                    problems.append(problem)
    return files, arabic, problems


def _translation_problem(path: Path, id: str, language: str, names: list[str], content: Path) -> Problem | None:
    """What keeps ``<id>.<language>.md`` from being the Arabic text of the entry ``<id>.md`` beside it (``names``), if anything."""
    shown, folder = _show(path, content), path.parent.name
    if language != "ar":
        return Problem(shown, 1, "", f"the file name ends in '.{language}.md': an entry's text is kept in English and Arabic only "
                                     f"(expected {id}.md for an entry, or {id}.ar.md for its Arabic text)")
    problem = id_problem(id, folder, shown)
    if problem is None and f"{id}.md" not in names:
        entries = [name[:-3] for name in names if name.endswith(".md") and "." not in name[:-3]]
        problem = Problem(shown, 1, "id", f"there is no entry {folder}/{id}.md for this Arabic text (expected the Arabic text "
                                          f"of an entry, named after an existing entry: {id}.ar.md for {id}.md){did_you_mean(id, entries)}")
    return problem


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


def id_problem(id: str, folder: str, shown: str) -> Problem | None:
    """What is wrong with the id a file name in ``folder`` gives, if anything."""
    if id == "index":
        return Problem(shown, 1, "id", f"the id '{id}' is reserved for the list page of its folder (expected another id, such as the person's full name)")
    if id in reserved_ids(folder):
        return Problem(shown, 1, "id", f"the id '{id}' is reserved for the folder of generated list pages {folder}/{id}/ "
                                       "(expected another id, such as the full name)")
    if not valid_id(id):
        return Problem(shown, 1, "id", f"the file name gives the id '{printable(id)}', which breaks the id rule (expected {ID_EXPECTED})")
    return None


def read_entry(path: Path, content: Path) -> RawEntry:
    """Read one file into a :class:`RawEntry`; problems are collected, not raised."""
    kind, id, shown = path_identity(path, content)
    entry = RawEntry(kind, id, shown, {}, {}, "", 1)
    problem = id_problem(id, path.parent.name, shown)
    if problem is not None:
        entry.problems.append(problem)
    text = read_text(path, content, shown)
    if isinstance(text, Problem):
        entry.problems.append(text)
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


def read_arabic(path: Path, content: Path) -> RawText:
    """Read an entry's Arabic text (``<id>.ar.md``) into a :class:`RawText`; problems are collected, not raised."""
    arabic = RawText(_show(path, content))
    text = read_text(path, content, arabic.path)
    if isinstance(text, Problem):
        arabic.problems.append(text)
        return arabic
    body = text.lstrip("\n")
    line = text.count("\n", 0, len(text) - len(body)) + 1
    if FENCE.match(body):
        arabic.problems.append(Problem(arabic.path, line, "", "starts with a front-matter block (expected Markdown only: an Arabic text holds only "
                                                              f"the body; its fields live in {path.parent.name}/{path.name[:-6]}.md)"))
    else:
        arabic.body, arabic.body_line = body, line
    return arabic


def read_text(path: Path, content: Path, shown: str) -> str | Problem:
    """A file's text (without a byte-order mark), or the problem that keeps it from being read: a link out of the
    content folder, not a regular file, too large, not UTF-8, a NUL byte."""
    try:
        # Files sit directly in their kind folder: unless it or the folder is a link, the file is inside.
        if path.is_symlink() or path.parent.is_symlink():
            real = path.resolve()
            if real.exists() and not real.is_relative_to(content.resolve()):
                return Problem(shown, 1, "", "is a link to a file outside the content folder (expected the entry file itself)")
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Problem(shown, 1, "", "is not a regular file (expected a text file)")
        if info.st_size > MAX_BYTES:
            return Problem(shown, 1, "", f"file is {info.st_size:,} bytes (expected at most {MAX_BYTES:,}: split long text into several entries)")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # never more, even if the file grows meanwhile
        if len(raw) > MAX_BYTES:
            return Problem(shown, 1, "", f"file is over {MAX_BYTES:,} bytes (expected at most {MAX_BYTES:,}: split long text into several entries)")
    except OSError as err:
        return Problem(shown, 1, "", f"cannot read the file ({err.strerror})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return Problem(shown, line, "", f"not valid UTF-8 (byte {raw[err.start]:#04x}; expected the file to be saved as UTF-8)")
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        return Problem(shown, text[: text.index("\x00")].count("\n") + 1, "", "the file contains a NUL byte (expected plain text)")
    return text
