"""Problems only all entries together show: cycles and depth in the unit tree, and the confirmed rule across sources."""

from __future__ import annotations

import functools
import re

from ..errors import Problem, field_name
from ..model.entry import Entry
from ..model.rules import confirmed_problem

MAX_UNIT_LEVELS = 12  # a top unit and at most 11 below it: every walk up or down the tree stays short


def unit_tree_problems(entries: dict[str, Entry]) -> list[Problem]:
    """Problems that only the whole graph shows: unit parent cycles, and units nested too deep.

    Each unit is walked up once (a walk stops at a unit whose level is known), so this is linear.
    """
    problems = []
    order = {id: i for i, id in enumerate(entries)}
    level: dict[str, int | None] = {}  # 1 for a top unit; None on or below a cycle
    for entry in entries.values():
        if entry.kind != "unit" or entry.id in level:
            continue
        chain, on_chain, current = [], set(), entry
        while current is not None and current.id not in level and current.id not in on_chain:
            chain.append(current.id)
            on_chain.add(current.id)
            parent = current.data.get("parent")
            current = entries.get(parent) if parent else None
        if current is not None and current.id in on_chain:  # this walk went round a cycle: report it from its first unit
            cycle = chain[chain.index(current.id):]
            first = min(range(len(cycle)), key=lambda i: order[cycle[i]])
            cycle = cycle[first:] + cycle[:first]
            unit = entries[cycle[0]]
            problems.append(Problem(unit.path, unit.lines.get(("parent",), 1), "parent", f"units form a cycle: {' -> '.join(cycle + [cycle[0]])} "
                                    "(expected a unit's parents never to lead back to it)"))
            above = None
        else:
            above = 0 if current is None else level[current.id]
        for id in reversed(chain):
            above = None if above is None else above + 1
            level[id] = above
            if above == MAX_UNIT_LEVELS + 1:
                unit = entries[id]
                problems.append(Problem(unit.path, unit.lines.get(("parent",), 1), "parent", f"the unit is nested more than {MAX_UNIT_LEVELS} "
                                        f"levels deep (expected at most {MAX_UNIT_LEVELS} levels from a top unit down: give it a higher parent)"))
    return problems


@functools.lru_cache(maxsize=None)
def _name(name: str) -> re.Pattern:
    """A name as a whole word in any case (kept: re's own cache holds 512, and a preview checks again after every edit)."""
    return re.compile(rf"\b{re.escape(name)}\b", re.I)


def status_problems(entries: dict[str, Entry]) -> list[Problem]:
    """The confirmed rule again, with what only the whole archive shows.

    Each entry was held to it alone; here two articles of one publisher are one voice, and a
    voice that names the person the entry is about is that person's own announcement.
    """
    publisher_of = {e.id: " ".join(e.data["publisher"].casefold().split()) for e in entries.values() if e.kind == "source"}
    problems = []
    for entry in entries.values():
        data = entry.data
        names = [_name(n) for n in (data.get("name"), *data.get("aliases", ()))] if entry.kind == "person" else []
        held = [(("claims", i), claim) for i, claim in enumerate(data.get("claims", ()))]
        held += [(("defection",), data["defection"])] if "defection" in data else []
        held += [((), data)] if entry.kind == "event" else []
        for path, struct in held:
            if struct.get("status") != "confirmed":
                continue
            asserted = [{**a, "basis": "self"} if any(n.search(a["by"]) for n in names) else a
                        for a in struct.get("asserted_by", ())]
            message = confirmed_problem(asserted, publisher_of)
            if message:
                field = path + ("status",)
                problems.append(Problem(entry.path, entry.line(field), field_name(field), message +
                                        " (across the archive: one publisher's articles are one voice, and a voice naming the person is their own)"))
    return problems
