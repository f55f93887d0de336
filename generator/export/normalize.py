"""Entries as plain JSON-ready values, walked together with their kind's fields.

The walk follows each kind's fields (:data:`generator.model.kinds.KINDS`), so every date, rank,
reference and count is normalized the same way wherever it appears.
"""

from __future__ import annotations

from ..link.graph import Graph
from ..model.dates import Date
from ..model.entry import Entry
from ..model.kinds import KINDS
from ..model.ranks import by_name
from ..model.types import DateType, ListOf, RankType, Ref, Struct, Type


def date_value(date: Date | None) -> dict | None:
    """A date as given, with its parsed bounds and precision."""
    if date is None:
        return None
    return {
        "text": date.text,
        "earliest": date.earliest.isoformat(),
        "latest": date.latest.isoformat(),
        "precision": date.precision,
        "approximate": date.approximate,
        "uncertain": date.uncertain,
    }


def rank_value(name: str) -> dict:
    rank = by_name(name)
    return {"name": rank.name, "ar": rank.ar, "order": rank.order}


def ref_value(graph: Graph, target: str) -> dict:
    entry = graph.get(target)
    return {"id": entry.id, "kind": entry.kind, "name": entry.title}


def _walk(graph: Graph, type_: Type, value):
    if isinstance(type_, Struct):
        return {key: _walk(graph, type_.fields[key].type, v) for key, v in value.items()
                if key in type_.fields and type_.fields[key].published}
    if isinstance(type_, ListOf):
        return [_walk(graph, type_.item, v) for v in value]
    if isinstance(type_, DateType):
        return date_value(value)
    if isinstance(type_, RankType):
        return rank_value(value)
    if isinstance(type_, Ref):
        return ref_value(graph, value)
    return value


def entry_value(graph: Graph, entry: Entry) -> dict:
    """One entry, normalized: its fields, body, Arabic text of the body ("" if none) and who links to it."""
    out = {"id": entry.id, "kind": entry.kind, "file": entry.path, "page": entry.page}
    out.update(_walk(graph, KINDS[entry.kind].fields, entry.data))
    out["body"] = entry.body
    out["body_ar"] = entry.body_ar
    out["linked_from"] = [e.id for e in graph.linked_from(entry.id)]
    return out


def entries(graph: Graph, kind: str) -> list[Entry]:
    """Entries of ``kind`` sorted by id, so every export lists them in the same order."""
    return sorted((e for e in graph.entries.values() if e.kind == kind), key=lambda e: e.id)


def citations(entry: Entry) -> list[tuple[tuple, dict]]:
    """Every citation or attribution in an entry as ``(field path, citation)``."""
    d = entry.data
    out: list[tuple[tuple, dict]] = [(("sources",), c) for c in d.get("sources", ())]
    for i, position in enumerate(d.get("positions", ())):
        out += [(("positions", i, "sources"), c) for c in position.get("sources", ())]
    defection = d.get("defection") or {}
    out += [(("defection", "sources"), c) for c in defection.get("sources", ())]
    for side in ("asserted_by", "denied_by"):  # the attributions that hold a defection's or an event's status
        out += [(("defection", side), c) for c in defection.get(side, ())]
        out += [((side,), c) for c in d.get(side, ())]
    for i, claim in enumerate(d.get("claims", ())):
        for side in ("asserted_by", "denied_by"):
            out += [(("claims", i, side), c) for c in claim.get(side, ())]
    return out
