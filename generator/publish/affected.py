"""Which pages an edit to the content changes, from the linked graph before and after it."""

from __future__ import annotations

from functools import cached_property

from ..link.graph import Graph
from ..render.language import LANGUAGES
from ..render.site import Site


class Edit:
    """What differs between two graphs of the same content: the entries added, removed and changed."""

    def __init__(self, old: Graph, new: Graph):
        self.old, self.new = old, new
        before, after = old.entries, new.entries
        moved = {id for id in before.keys() & after.keys() if before[id].page != after[id].page}  # a file moved to another kind's folder
        self.added = after.keys() - before.keys() | moved
        self.removed = before.keys() - after.keys() | moved
        # a file read again that did not change keeps an equal entry
        self.changed = self.added | self.removed | {id for id in before.keys() & after.keys()
                                                    if before[id] is not after[id] and before[id] != after[id]}

    @cached_property
    def text_only(self) -> bool:
        """Whether only the entries' texts changed: their fields, file names and links are as they were, so no other page
        shows anything new (an entry page shows its own text and no other's)."""
        if self.added or self.removed:
            return False
        for id in self.changed:
            a, b = self.old.entries[id], self.new.entries[id]
            if a.data != b.data or a.path != b.path or a.path_ar != b.path_ar:
                return False
        return self._links[0] == self._links[1]

    @cached_property
    def _links(self) -> tuple[dict, dict]:
        """The changed entries' links before and after the edit, by entry."""
        return _outgoing(self.old, self.changed), _outgoing(self.new, self.changed)

    @cached_property
    def relinked(self) -> set[str]:
        """The entries a changed entry links, or linked, in a way it no longer does or did not before: what the index pages
        say of them beyond their own fields (who cites a source) may have changed."""
        before, after = self._links
        return {target for id in self.changed for target, _ in set(before[id]) ^ set(after[id])}

    @cached_property
    def reach(self) -> set[str]:
        """The changed entries and every entry linked to or from one of them, before or after the edit: the entry
        pages that may show something of the edit (a name, a rank, a membership)."""
        out = set(self.changed)
        for graph in (self.old, self.new):
            for link in graph.links:
                if link.source.id in self.changed:
                    out.add(link.target)
                elif link.target in self.changed:
                    out.add(link.source.id)
        return out


def _outgoing(graph: Graph, ids: set[str]) -> dict[str, list]:
    out: dict[str, list] = {id: [] for id in ids}
    for link in graph.links:
        if link.source.id in out:
            out[link.source.id].append((link.target, link.via))
    return out


def affected_pages(edit: Edit, old: Site, new: Site, shown: dict[str, frozenset[str]]) -> set[str]:
    """The generated pages (source paths) of ``new`` whose content may differ from ``old``'s after ``edit``.

    An entry page shows its entry, what that links and what links it, and of any other entry its fields only;
    an index page shows what its spec holds, and of each entry it links (``shown``: what each page showed when it
    was last rendered) its fields and its links either way (who cites a source). So an entry page is rendered
    again when its entry is in the edit's reach or it showed a changed entry, and an index page when its spec
    changed (a list gained, lost or moved a row, the data changed version) or it showed a changed or relinked
    entry. An edit to texts alone changes no page but the entries' own, unless the site's options changed.
    """
    if edit.text_only and old.options == new.options:
        return set()
    entries, index = new.graph.entries, new.index_specs
    pages = {lang.path(entries[id].page) for id in edit.reach if id in entries for lang in LANGUAGES}
    relinked = edit.changed | edit.relinked
    for path, ids in shown.items():
        if path in index:
            if not ids.isdisjoint(relinked):
                pages.add(path)
        elif not ids.isdisjoint(edit.changed) and path in new.specs:
            pages.add(path)
    before = old.index_specs
    pages |= {path for path, spec in index.items() if before.get(path) != spec}
    return pages
