"""One checked entry, and one reference from an entry to another."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .kinds import FOLDERS

if TYPE_CHECKING:
    from .body import BodyHTML


@dataclass
class Entry:
    """One validated entry: normalized front-matter plus its Markdown body, and its Arabic text if it has one (not changed after loading)."""

    kind: str
    id: str
    path: str
    data: dict
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict, repr=False)
    body_html: BodyHTML | None = field(default=None, repr=False)  # the body as the checker converted it; None if empty
    body_ar: str = ""  # the body in Arabic, from <id>.ar.md beside the entry's file; "" if none
    body_ar_line: int = 1  # the line of <id>.ar.md that body_ar starts at
    body_ar_html: BodyHTML | None = field(default=None, repr=False)  # body_ar as the checker converted it; None if empty
    path_ar: str | None = None  # <id>.ar.md as messages show it; None if the entry has none

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

    @property
    def private(self) -> bool:
        """A private individual: the do-no-harm rule keeps them from being found by name (search, search engines, feeds)."""
        return self.kind == "person" and self.data.get("standing") == "private"

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
    """``source`` points at ``target`` through ``via`` (a field path, ``("body",)`` or ``("body_ar",)``)."""

    source: Entry
    target: str
    via: tuple


def line_of(lines: dict[tuple, int], path: tuple) -> int:
    """The file line of the value at ``path``, or of its nearest parent (a shorthand citation has no line of its own)."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1
