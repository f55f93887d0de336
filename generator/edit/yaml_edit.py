"""Edit an entry's YAML front-matter as text, keeping every byte that is not edited.

A change rewrites only the characters of the value it changes; everything
else (comments, blank lines, quoting, key order, indentation, the body) stays
byte for byte. Positions come from the event marks of the checker's own parser
(:func:`generator.load.front_matter.yaml_events`, libyaml where installed), so the editor accepts exactly what the checker accepts
and the spans are exactly the values the checker reads. Every
value written is a double-quoted YAML scalar with escapes, so text cannot
turn into YAML structure (``: ``, ``#``, ``---`` and line breaks stay data).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import yaml

from ..load.front_matter import FENCE, yaml_events

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class EditError(Exception):
    """The front-matter cannot be edited in place (it is then rewritten from its data)."""


# --- safe scalars ----------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _printable(ch: str) -> bool:
    """Characters YAML allows raw inside a double-quoted scalar on one line."""
    code = ord(ch)
    if 0x20 <= code <= 0x7E:
        return True
    if code in (0x85, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):  # YAML line breaks, BOM, non-characters
        return False
    return 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def quote(text: str) -> str:
    """``text`` as a one-line double-quoted YAML scalar (the style ``defections new`` writes)."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFF:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def scalar(value) -> str:
    """A YAML scalar for a plain Python value (text is always double-quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return quote(repr(value))
    if value is None:
        return "null"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return quote(value.isoformat())
    return quote(str(value))


def _key(name) -> str:
    name = str(name)
    return name if _PLAIN_KEY.fullmatch(name) else quote(name)


def emit_field(key, value, col: int, nl: str = "\n", seq: int = 2) -> str:
    """``key: value`` as block YAML lines at column ``col``, ending with a newline; list dashes ``seq`` columns in."""
    pad = " " * col
    if isinstance(value, dict) and value:
        return f"{pad}{_key(key)}:{nl}" + "".join(emit_field(k, v, col + 2, nl, seq) for k, v in value.items())
    if isinstance(value, list) and value:
        return f"{pad}{_key(key)}:{nl}" + "".join(emit_item(v, col + seq, nl, seq) for v in value)
    if value is None:
        return f"{pad}{_key(key)}:{nl}"
    if isinstance(value, (dict, list)):
        return f"{pad}{_key(key)}: {'{}' if isinstance(value, dict) else '[]'}{nl}"
    return f"{pad}{_key(key)}: {scalar(value)}{nl}"


def emit_item(value, col: int, nl: str = "\n", seq: int = 2) -> str:
    """One ``- item`` of a block sequence whose dash is at column ``col``."""
    pad = " " * col
    if isinstance(value, dict) and value:
        text = "".join(emit_field(k, v, col + 2, nl, seq) for k, v in value.items())
        return pad + "- " + text[col + 2:]
    if isinstance(value, list) and value:
        return f"{pad}-{nl}" + "".join(emit_item(v, col + 2, nl, seq) for v in value)
    if isinstance(value, (dict, list)):
        return f"{pad}- {'{}' if isinstance(value, dict) else '[]'}{nl}"
    return f"{pad}- {scalar(value)}{nl}"


def new_front(fields: dict, nl: str = "\n", seq: int = 2) -> str:
    """Front-matter text for a new entry: fields in the given order, two-space indents."""
    return "".join(emit_field(k, v, 0, nl, seq) for k, v in fields.items())


# --- where values are ----------------------------------------------------------------

@dataclass
class Node:
    kind: str  # "scalar", "map" or "seq"
    start: int  # index of the first character
    end: int  # index after the last character of the value itself (no trailing comment or blank line)
    flow: bool = False
    empty: bool = False  # an empty plain scalar (``key:`` with nothing after it)
    pairs: list[tuple["Node", "Node"]] = field(default_factory=list)
    items: list["Node"] = field(default_factory=list)
    key: str | None = None

    def get(self, key: str) -> tuple["Node", "Node"] | None:
        return next(((k, v) for k, v in self.pairs if k.key == key), None)


def parse(text: str) -> Node | None:
    """The node tree of a YAML document with character positions (``None`` for an empty one)."""
    stack: list[list] = []  # [node, pending key]
    root = None
    for event in yaml_events(text):
        if isinstance(event, yaml.AliasEvent):
            raise EditError("YAML aliases are not supported")
        if isinstance(event, yaml.ScalarEvent):
            start, end = event.start_mark.index, event.end_mark.index
            if event.style in ("|", ">"):
                while end > start and text[end - 1] in " \t\r\n":
                    end -= 1
            node = Node("scalar", start, end, empty=(not event.style and event.value == "" and start == end), key=event.value)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            stack.append([Node(kind, event.start_mark.index, event.start_mark.index, flow=bool(event.flow_style)), None])
            continue
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node = stack.pop()[0]
            if node.flow:
                node.end = event.end_mark.index
        else:
            continue
        if not stack:
            root = node
            continue
        parent, key = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif key is None:
            stack[-1][1] = node
            continue
        else:
            parent.pairs.append((key, node))
            stack[-1][1] = None
        if not parent.flow:
            parent.end = max(parent.end, node.end)
    return root


# --- the editor ------------------------------------------------------------------------

class FrontMatter:
    """One entry file's text, split into prefix, front-matter and the rest (closing fence and body)."""

    def __init__(self, text: str):
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(self.bom):]
        bounds = list(FENCE.finditer(text))
        if not bounds or bounds[0].start() != 0 or len(bounds) < 2:
            raise EditError("no front-matter")
        self.head = text[: bounds[0].end()]
        self.front = text[bounds[0].end(): bounds[1].start()]
        self.tail = text[bounds[1].start():]
        self.nl = "\r\n" if "\r\n" in self.front else "\n"
        self.seq = 2  # how far list dashes sit inside their key: as the file's first block list does, else 2
        try:
            root = self.root()
        except EditError:
            root = None  # edits fail too, and the caller rewrites the fields
        for key, value in root.pairs if root else ():
            if value.kind == "seq" and not value.flow and value.items:
                self.seq = max(0, value.start - self._bol(value.start) - (key.start - self._bol(key.start)))
                break

    @property
    def text(self) -> str:
        return self.bom + self.head + self.front + self.tail

    def root(self) -> Node | None:
        root = parse(self.front)
        if root is not None and not (root.kind == "map" and not root.flow) and not (root.kind == "scalar" and root.empty):
            raise EditError("the front-matter is not a block mapping")
        return root if root is not None and root.kind == "map" else None

    # positions
    def _eol(self, index: int) -> int:
        """Index of the newline ending the line that holds ``index`` (or the end of the text)."""
        at = self.front.find("\n", index)
        return len(self.front) if at < 0 else at

    def _bol(self, index: int) -> int:
        return self.front.rfind("\n", 0, index) + 1

    def _splice(self, start: int, end: int, text: str) -> None:
        self.front = self.front[:start] + text + self.front[end:]

    def _mapping(self, parents: tuple[str, ...]) -> Node | None:
        node = self.root()
        for key in parents:
            if node is None:
                return None
            pair = node.get(key)
            if pair is None or pair[1].kind != "map":
                return None
            node = pair[1]
        return node

    def _value_end(self, key: Node, value: Node) -> int:
        if value.empty:
            return self.front.index(":", key.end) + 1
        return value.end

    def _own_lines(self, key: Node) -> bool:
        return not self.front[self._bol(key.start): key.start].strip()

    # edits
    def set(self, path: tuple[str, ...], value, order: list[str]) -> None:
        """Set the field at ``path`` to ``value`` (a scalar, list or dict), adding it in ``order`` if absent."""
        mapping = self._mapping(path[:-1])
        if mapping is None or mapping.flow:
            raise EditError(f"{'.'.join(path[:-1])} is not a block mapping")
        pair = mapping.get(path[-1])
        if pair is None:
            self._insert(mapping, path[-1], value, order, len(path) - 1)
            return
        key, old = pair
        end = self._value_end(key, old)
        comment = self._comment(old, end)
        if isinstance(value, (list, dict)) and value:
            if not self._own_lines(key):
                raise EditError("key does not start its line")
            body = emit_field(path[-1], value, key.start - self._bol(key.start), self.nl, self.seq)
            if comment:  # the comment after a one-line value stays, after the key
                body = body.replace(self.nl, comment + self.nl, 1)
            self._splice(self._bol(key.start), min(self._eol(end) + 1, len(self.front)), body)
        elif old.kind == "scalar" and not old.empty:
            self._splice(old.start, old.end, scalar(value))
        elif old.empty:
            colon = self.front.index(":", key.end) + 1
            self._splice(colon, colon, " " + scalar(value))
        else:
            self._splice(key.end, self._eol(old.end), ": " + scalar(value) + comment)

    def _comment(self, old: Node, end: int) -> str:
        """The comment after a scalar or flow value on its last line, with the spaces before it, or ``""``."""
        tail = self.front[end: self._eol(end)].rstrip("\r")
        return tail if (old.kind == "scalar" or old.flow) and tail.lstrip().startswith("#") else ""

    def delete(self, path: tuple[str, ...]) -> None:
        mapping = self._mapping(path[:-1])
        if mapping is None or mapping.flow:
            raise EditError(f"{'.'.join(path[:-1])} is not a block mapping")
        pair = mapping.get(path[-1])
        if pair is None:
            return
        key, old = pair
        if not self._own_lines(key):
            raise EditError("key does not start its line")
        end = self._eol(self._value_end(key, old))
        self._splice(self._bol(key.start), min(end + 1, len(self.front)), "")

    def set_list(self, path: tuple[str, ...], items: list[tuple[int | None, object]], order: list[str]) -> None:
        """Set the list at ``path``: each item is ``(i, value)``, where ``i`` is the index of an old item
        to keep verbatim (with its comments) or ``None`` for a new ``value``."""
        if not items:
            self.delete(path)
            return
        mapping = self._mapping(path[:-1])
        pair = mapping.get(path[-1]) if mapping is not None else None
        old = pair[1] if pair else None
        if old is None or old.kind != "seq" or old.flow or not old.items:
            self.set(path, [value for _, value in items], order)
            return
        pieces, starts = [], []
        for n, item in enumerate(old.items):
            dash = self.front.rfind("-", 0, item.start)
            if dash < 0 or self.front[dash + 1: item.start].strip() or (n == 0 and dash != old.start):
                raise EditError("sequence item without a dash")
            starts.append(self._bol(dash))
        dash_col = self.front.index("-", starts[0]) - starts[0]
        ends = [self._eol(item.end) for item in old.items]
        texts = [self.front[(starts[0] if n == 0 else ends[n - 1] + 1): ends[n]].removesuffix("\r") for n in range(len(old.items))]
        for i, value in items:
            pieces.append(texts[i] + self.nl if i is not None else emit_item(value, dash_col, self.nl, self.seq))
        body = "".join(pieces)
        self._splice(starts[0], min(ends[-1] + 1, len(self.front)), body)

    def _insert(self, mapping: Node, key: str, value, order: list[str], depth: int) -> None:
        rank = {name: n for n, name in enumerate(order)}
        mine = rank.get(key, len(order))
        if mapping.pairs:
            col = mapping.pairs[0][0].start - self._bol(mapping.pairs[0][0].start)
            before = [(rank.get(k.key, -1), k, v) for k, v in mapping.pairs if rank.get(k.key, len(order)) < mine]
            if before:
                _, k, v = max(before, key=lambda t: t[0])
                at = min(self._eol(self._value_end(k, v)) + 1, len(self.front))
                if at == len(self.front) and not self.front.endswith("\n"):
                    self._splice(at, at, self.nl)
                    at = len(self.front)
            else:
                at = self._bol(mapping.pairs[0][0].start)
        else:
            if depth:
                raise EditError("cannot add to an empty nested mapping")
            col, at = 0, len(self.front)
            if self.front and not self.front.endswith("\n"):
                self._splice(at, at, self.nl)
                at = len(self.front)
        self._splice(at, at, emit_field(key, value, col, self.nl, self.seq))
