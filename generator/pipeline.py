"""The pipeline up to the linked graph: load, then check, then link.

Every command that reads the content, and the site build, start here; rendering, exporting and publishing read the
:class:`~generator.link.graph.Graph` it returns.
"""

from __future__ import annotations

from pathlib import Path

from .check.content import ContentCheck
from .link.graph import Graph


def build_graph(content: Path, jobs: int | None = None) -> Graph:
    """Load and check every entry under ``content``, and link them; raise :class:`~generator.errors.ContentError`.

    Files are loaded and checked in ``jobs`` processes (see :class:`~generator.check.content.ContentCheck`).
    """
    return GraphBuilder(content, jobs).build()


class GraphBuilder:
    """Builds the graph of a content folder again and again (a preview's), reading only what changed each time."""

    def __init__(self, content: Path, jobs: int | None = None):
        self._check = ContentCheck(Path(content), jobs)

    def build(self, changed: set[Path] = frozenset()) -> Graph:
        """The graph of the content as it is now; ``changed``: files known to have changed. Raises
        :class:`~generator.errors.ContentError`, after which the next build still reads only what changed."""
        entries, links = self._check.run(changed)
        return Graph(entries, links)
