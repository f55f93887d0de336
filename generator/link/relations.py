"""Relations the pages show in the other direction: who served where, who took part in what."""

from __future__ import annotations

from collections import defaultdict

from ..model.entry import Entry, Link


class Relations:
    """Every relation the pages show in the other direction, computed once."""

    def __init__(self, entries: dict[str, Entry], links: list[Link]):
        self.entries = entries
        self.children: dict[str, list[Entry]] = defaultdict(list)
        self.members: dict[str, list[tuple[Entry, dict]]] = defaultdict(list)
        self.joined: dict[str, list[Entry]] = defaultdict(list)
        self.events_of: dict[str, list[tuple[Entry, str | None]]] = defaultdict(list)
        self.relatives_of: dict[str, list[tuple[Entry, str, bool]]] = defaultdict(list)
        self.sources_of: dict[str, set[str]] = defaultdict(set)
        for link in links:
            if entries[link.target].kind == "source":
                self.sources_of[link.source.id].add(link.target)
        for entry in sorted(entries.values(), key=lambda e: (e.title.casefold(), e.id)):
            data = entry.data
            if entry.kind == "unit" and data.get("parent"):
                self.children[data["parent"]].append(entry)
            elif entry.kind == "person":
                for position in data.get("positions", ()):
                    if "unit" in position:
                        self.members[position["unit"]].append((entry, position))
                joined = (data.get("defection") or {}).get("joined")
                if joined:
                    self.joined[joined].append(entry)
                for relative in data.get("relatives", ()):
                    self.relatives_of[entry.id].append((entries[relative["person"]], relative["relation"], True))
                    self.relatives_of[relative["person"]].append((entry, relative["relation"], False))
            elif entry.kind == "event":
                for participant in data.get("participants", ()):
                    self.events_of[participant["person"]].append((entry, participant.get("role")))
                for unit in data.get("units", ()):
                    self.events_of[unit].append((entry, None))
        for entry in entries.values():
            event = (entry.data.get("defection") or {}).get("event") if entry.kind == "person" else None
            if event and all(e.id != event for e, _ in self.events_of[entry.id]):
                self.events_of[entry.id].append((entries[event], "defector"))
        for events in self.events_of.values():
            events.sort(key=lambda pair: (_date_key(pair[0]), pair[0].title.casefold()))

    def parent_chain(self, unit: Entry) -> list[Entry]:
        """The unit's parents, nearest first."""
        chain, parent = [], unit.data.get("parent")
        while parent:
            chain.append(self.entries[parent])
            parent = self.entries[parent].data.get("parent")
        return chain

    def defectors_from(self, unit_id: str) -> list[Entry]:
        """People with a position in the unit who have a defection record."""
        seen: dict[str, Entry] = {}
        for person, _ in self.members.get(unit_id, ()):
            if person.data.get("defection"):
                seen.setdefault(person.id, person)
        return list(seen.values())

    def people_in(self, unit_id: str) -> list[Entry]:
        seen: dict[str, Entry] = {}
        for person, _ in self.members.get(unit_id, ()):
            seen.setdefault(person.id, person)
        return list(seen.values())


def _date_key(entry: Entry):
    date = entry.date
    return (0, date.sort_key) if date else (1, ())
