"""Merge one CSV row into one entry: the fields its changed cells write, and the front-matter text after those edits.

Only what a cell changes is edited (:mod:`.yaml_edit`), so comments, order and untouched
fields of the file stay as they were.
"""

from __future__ import annotations

import copy
import re

from ..export.tables import SEP
from ..model.kinds import KINDS
from .csv_columns import GROUPS, Items, Scalar
from .csv_read import Row, items
from .yaml_edit import EditError, FrontMatter, new_front


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
