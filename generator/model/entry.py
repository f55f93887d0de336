"""Validated entries and the linked archive graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..load.files import line_of
from .kinds import FOLDERS

if TYPE_CHECKING:
    from ..check.body import Template


@dataclass
class Entry:
    """One validated entry: normalized front-matter plus its Markdown body (not changed after loading)."""

    kind: str
    id: str
    path: str
    data: dict
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict, repr=False)
    body_html: Template | None = field(default=None, repr=False)  # the converted body; None if empty

    @cached_property
    def title(self) -> str:
        return self.data.get("name") or self.data.get("title") or self.id

    @cached_property
    def folder(self) -> str:
        return FOLDERS[self.kind]

    @cached_property
    def page(self) -> str:
        """The page's source path, relative to the site root."""
        return f"{self.folder}/{self.id}.md"

    def line(self, path: tuple) -> int:
        return line_of(self.lines, path)

    @property
    def status(self) -> str | None:
        if self.kind == "person":
            return (self.data.get("defection") or {}).get("status")
        return self.data.get("status")

    @property
    def date(self):
        if self.kind == "person":
            return (self.data.get("defection") or {}).get("date")
        return self.data.get("date")

    def __hash__(self) -> int:
        return hash(self.id)


@dataclass(frozen=True)
class Link:
    """``source`` points at ``target`` through ``via`` (a field path or 'body')."""

    source: Entry
    target: str
    via: tuple


@dataclass
class Archive:
    """Every entry, with every reference resolved in both directions."""

    entries: dict[str, Entry]
    links: list[Link]
    incoming: dict[str, list[Link]] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Entry]:
        return sorted((e for e in self.entries.values() if e.kind == kind), key=lambda e: (e.title.casefold(), e.id))

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
