"""The linked graph: every checked entry, every reference resolved in both directions, built once.

The last step before rendering and exporting; both read only this.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from ..model.entry import Entry, Link
from .relations import Relations


class Graph:
    """Every entry, every link, who links to each entry, and the relations pages show (:class:`Relations`)."""

    def __init__(self, entries: dict[str, Entry], links: list[Link]):
        self.entries = entries
        self.links = links
        incoming: dict[str, list[Link]] = defaultdict(list)
        for link in links:
            incoming[link.target].append(link)
        self.incoming = dict(incoming)
        self._kinds: dict[str, list[Entry]] = {}

    @cached_property
    def relations(self) -> Relations:
        """The relations pages show in the other direction, built on first use (checking needs none)."""
        return Relations(self.entries, self.links)

    def of_kind(self, kind: str) -> list[Entry]:
        """The entries of a kind, by title (a new list each time; the order is worked out once: the index pages ask 28 times)."""
        if kind not in self._kinds:
            self._kinds[kind] = sorted((e for e in self.entries.values() if e.kind == kind), key=lambda e: (e.title.casefold(), e.id))
        return list(self._kinds[kind])

    def get(self, id: str) -> Entry:
        return self.entries[id]

    def linked_from(self, id: str) -> list[Entry]:
        """Distinct entries that point here, in a stable order."""
        seen: dict[str, Entry] = {}
        for link in self.incoming.get(id, ()):
            if link.source.id != id:
                seen.setdefault(link.source.id, link.source)
        return sorted(seen.values(), key=lambda e: (e.kind, e.title.casefold(), e.id))

    def citing(self, source_id: str) -> list[Entry]:
        return [e for e in self.linked_from(source_id) if e.kind != "source"]
