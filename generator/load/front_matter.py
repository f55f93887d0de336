"""An entry file's front-matter: where it is, and its YAML read safely, with the line of every value.

YAML is read event by event so that every value keeps the line it came from and so that tags,
anchors and aliases (the way "billion laughs" input explodes) are refused before anything is
built. The CSV import's editor (:mod:`generator.edit.yaml_edit`) reads the same events from the
same parser, so check and import accept exactly the same files.
"""

from __future__ import annotations

import re

import yaml

MAX_DEPTH = 12
# A fence line: three or more hyphens (the front-matter opens at the file's first line, closes at the next fence).
FENCE = re.compile(r"^-{3,}\s*$", re.MULTILINE)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()  # only its stateless scalar constructors are used
_CONSTRUCT = yaml.constructor.SafeConstructor.yaml_constructors
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_DECIMAL = re.compile(r"0|-?[1-9][0-9]*")  # the only integers read as numbers


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """``(front-matter, its first line, body, the body's first line)``, or None when the text does not open with a fence."""
    bounds = FENCE.finditer(text)
    opening, closing = next(bounds, None), next(bounds, None)
    if opening is None or opening.start() != 0 or closing is None:
        return None
    front = text[opening.end() : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    return front, text.count("\n", 0, opening.end()) + 1, body, text.count("\n", 0, len(text) - len(body)) + 1


def yaml_events(text: str):
    """The YAML parser's events for ``text``, from the parser the checker uses (libyaml where installed)."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


class Refused(Exception):
    """Front-matter that is not read: ``line`` (in the file) and what is wrong, for the contributor."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def read_yaml(front: str, first_line: int, lines: dict[tuple, int]):
    """The values of ``front`` (front-matter whose first line is ``first_line``); each value's line goes in ``lines``.

    Raises :class:`Refused` for YAML that is invalid or uses what is not accepted.
    """
    try:
        return _build(front, first_line, lines)
    except yaml.YAMLError as err:
        deep = _too_deep(front, first_line)
        if deep:  # the parser stopped at its own nesting limit before the walk met ours
            raise Refused(deep, NESTED_TOO_DEEP) from None
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        what = getattr(err, "problem", None) or str(err)
        bad = front.splitlines()[mark.line] if mark and mark.line < len(front.splitlines()) else ""
        if "\t" in bad[:len(bad) - len(bad.lstrip())] or (mark and bad[mark.column:mark.column + 1] == "\t"):
            what += "; the line is indented with a tab (indent with spaces only)"
        raise Refused(line, f"invalid YAML: {what} (expected 'field: value' lines; quote text that contains ': ' or starts with a special character)") from None


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
                    raise Refused(line, f"YAML anchor '&{event.anchor}' is not accepted (expected plain values without anchors)")
                if event.tag and event.tag != "!" and not (cls is _SCALAR and event.implicit[1]):
                    shown = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
                    raise Refused(line, f"YAML tag '{shown}' is not accepted (expected plain values; quote text instead of tagging it)")
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
                            raise Refused(line, "a field name must be plain text (expected 'field: value')")
                        value = event.value
                        if value in container:
                            raise Refused(line, f"field '{value}' is given twice (expected each field once)")
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
                        raise Refused(line, NESTED_TOO_DEEP)
                    stack.append((value, path, _NO_KEY))
            elif cls is _MAPPING_END or cls is _SEQUENCE_END:
                stack.pop()
            elif cls is _DOCUMENT_START:
                documents += 1
                if documents > 1:
                    line = first_line + text.count("\n", 0, event.start_mark.index)  # YAML also breaks lines at U+2028
                    raise Refused(line, "the front-matter holds a second YAML document (it goes on after a '---' or '...' "
                                   "inside it) (expected one set of 'field: value' lines between the two '---' lines)")
            elif cls is _ALIAS:
                raise Refused(first_line + event.start_mark.line, f"YAML alias '*{event.anchor}' is not accepted (expected plain values: write the value out)")
    finally:
        loader.dispose()
    return result


_SCALAR, _MAPPING, _SEQUENCE, _ALIAS = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent
_MAPPING_END, _SEQUENCE_END, _DOCUMENT_START = yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.DocumentStartEvent
_NO_KEY = object()
