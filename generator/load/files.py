"""Read entry files: front-matter split, safe YAML with line numbers, size limits.

YAML is read event by event so that every value keeps the line it came from
and so that tags, anchors and aliases (the way "billion laughs" input
explodes) are refused before anything is built.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from ..errors import Problem, printable
from ..model.entry import line_of
from ..model.kinds import KIND_OF_FOLDER, KINDS

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
ID_RULE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_EXPECTED = "lowercase ASCII letters, digits and single hyphens, at most 80 characters, such as manaf-tlass"

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()  # only its stateless scalar constructors are used
_CONSTRUCT = yaml.constructor.SafeConstructor.yaml_constructors
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"0|-?[1-9][0-9]*")  # the only integers read as numbers


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
    bounds = list(frontmatter.YAMLHandler.FM_BOUNDARY.finditer(text))
    if not bounds or bounds[0].start() != 0 or len(bounds) < 2:
        entry.problems.append(Problem(shown, 1, "", "no front-matter (expected the file to start with a line '---', then YAML fields, then a closing '---')"))
        return entry
    opening, closing = bounds[0], bounds[1]
    front = text[opening.end() : closing.start()]
    first_line = text.count("\n", 0, opening.end()) + 1  # 0-based YAML lines start here
    entry.body = text[closing.end() :].lstrip("\n")
    entry.body_line = text.count("\n", 0, len(text) - len(entry.body)) + 1
    try:
        data = _build(front, first_line, entry.lines)
    except _Refused as err:
        entry.problems.append(Problem(shown, err.line, "", err.message))
        return entry
    except yaml.YAMLError as err:
        deep = _too_deep(front, first_line)
        if deep:  # the parser stopped at its own nesting limit before the walk met ours
            entry.problems.append(Problem(shown, deep, "", NESTED_TOO_DEEP))
            return entry
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        what = getattr(err, "problem", None) or str(err)
        bad = front.splitlines()[mark.line] if mark and mark.line < len(front.splitlines()) else ""
        if "\t" in bad[:len(bad) - len(bad.lstrip())] or (mark and bad[mark.column:mark.column + 1] == "\t"):
            what += "; the line is indented with a tab (indent with spaces only)"
        entry.problems.append(Problem(shown, line, "", f"invalid YAML: {what} (expected 'field: value' lines; quote text that contains ': ' or starts with a special character)"))
        return entry
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line = first_line + front[: len(front) - len(front.lstrip())].count("\n")  # where the YAML starts
        entry.problems.append(Problem(shown, line, "", "front-matter must be a set of 'field: value' lines (expected a YAML mapping)"))
        return entry
    entry.data = data
    return entry


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


NESTED_TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep (expected the shapes described in the contributor guide)"
# What can change the depth of flow collections ('[a, [b]]', '{a: {b: c}}'): a quoted scalar (skipped
# whole), a comment, or a bracket that opens a collection (after a space, an indicator or another
# bracket; elsewhere it is part of plain text) or closes one.
_FLOW = re.compile(r"""(?<![^\s\[{,:?-])(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[\[{])|(?<!\S)#[^\n]*|[\]}]""")


def _too_deep(text: str, first_line: int) -> int | None:
    """The line where flow collections in ``text`` nest deeper than :data:`MAX_DEPTH`, or None.

    Asked only of front-matter the parser refused: the event walk in :func:`_build` refuses deep
    nesting as it meets it, but a YAML scanner reads a run of opening brackets ahead of its events
    and may stop first with a limit and a message of its own (libyaml: 1,000 levels). This makes
    the refusal ours whatever the parser does.
    """
    if text.count("[") + text.count("{") < MAX_DEPTH:
        return None
    depth, opened_to = 1, -1  # the front-matter's own mapping; where the last opening bracket ends
    for match in _FLOW.finditer(text):
        char, start = match[0][0], match.start()
        if char in "[{":
            if start and text[start - 1] in "[{" and start != opened_to:
                continue  # after a bracket of plain text ('a[['): plain text too
            depth, opened_to = depth + 1, match.end()
            if depth > MAX_DEPTH:
                return first_line + text.count("\n", 0, start)
        elif char in "]}" and depth > 1:
            depth -= 1
    return None


def _scalar(event: yaml.ScalarEvent):
    if not event.implicit[0]:  # quoted: always text
        return event.value
    tag = _resolver.resolve(yaml.ScalarNode, event.value, (True, False))
    construct = _CONSTRUCT.get(tag)
    if construct is None or tag == _STR:  # also '<<' and '=', which SafeConstructor leaves undefined
        return event.value
    if tag == _INT and not _DECIMAL.fullmatch(event.value):
        return event.value  # YAML 1.1's other integers (0x7DC, 03734, 0b111, 2_012, 1:20:30): text, for the field to judge
    try:
        return construct(_constructor, yaml.ScalarNode(tag, event.value))
    except (ValueError, OverflowError, yaml.YAMLError):
        return event.value  # looks like a date or number but is not one (2012-13-01): keep the text for the field to judge


def _build(text: str, first_line: int, lines: dict[tuple, int]):
    """Build plain Python values from YAML events, recording each value's line.

    (The loop is :func:`yaml.parse` written out, dispatching on the event's exact type:
    front-matter of 10,000 entries is 700,000 events.)
    """
    stack: list[tuple] = []  # (container, path, pending_key)
    result, documents = None, 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            cls = type(event)
            if cls is _SCALAR or cls is _MAPPING or cls is _SEQUENCE:
                line = first_line + event.start_mark.line
                if event.anchor:
                    raise _Refused(line, f"YAML anchor '&{event.anchor}' is not accepted (expected plain values without anchors)")
                if event.tag and event.tag != "!" and not (cls is _SCALAR and event.implicit[1]):
                    shown = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
                    raise _Refused(line, f"YAML tag '{shown}' is not accepted (expected plain values; quote text instead of tagging it)")
                value = _scalar(event) if cls is _SCALAR else {} if cls is _MAPPING else []
                if not stack:
                    path: tuple = ()
                    result = value
                else:
                    container, parent, key = stack[-1]
                    if type(container) is list:
                        path = parent + (len(container),)
                        container.append(value)
                    elif key is _NO_KEY:
                        if cls is not _SCALAR:
                            raise _Refused(line, "a field name must be plain text (expected 'field: value')")
                        value = event.value
                        if value in container:
                            raise _Refused(line, f"field '{value}' is given twice (expected each field once)")
                        stack[-1] = (container, parent, value)
                        lines[parent + (value,)] = line
                        continue
                    else:
                        path = parent + (key,)
                        container[key] = value
                        stack[-1] = (container, parent, _NO_KEY)
                    lines.setdefault(path, line)
                if cls is not _SCALAR:
                    if len(stack) >= MAX_DEPTH:
                        raise _Refused(line, NESTED_TOO_DEEP)
                    stack.append((value, path, _NO_KEY))
            elif cls is _MAPPING_END or cls is _SEQUENCE_END:
                stack.pop()
            elif cls is _DOCUMENT_START:
                documents += 1
                if documents > 1:
                    line = first_line + text.count("\n", 0, event.start_mark.index)  # YAML also breaks lines at U+2028
                    raise _Refused(line, "the front-matter holds a second YAML document (it goes on after a '---' or '...' "
                                   "inside it) (expected one set of 'field: value' lines between the two '---' lines)")
            elif cls is _ALIAS:
                raise _Refused(first_line + event.start_mark.line, f"YAML alias '*{event.anchor}' is not accepted (expected plain values: write the value out)")
    finally:
        loader.dispose()
    return result


_SCALAR, _MAPPING, _SEQUENCE, _ALIAS = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent
_MAPPING_END, _SEQUENCE_END, _DOCUMENT_START = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
_NO_KEY = object()
