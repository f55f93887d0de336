"""The pipeline up to the linked graph: load, then check, then link.

Every command that reads the content, and the site build, start here; rendering, exporting and publishing read the
:class:`~generator.link.graph.Graph` it returns.
"""

from __future__ import annotations

from pathlib import Path

from .check.content import check_content
from .link.graph import Graph


def build_graph(content: Path, jobs: int | None = None) -> Graph:
    """Load and check every entry under ``content``, and link them; raise :class:`~generator.errors.ContentError`.

    Files are loaded and checked in ``jobs`` processes (see :func:`~generator.check.content.check_content`).
    """
    entries, links = check_content(Path(content), jobs)
    return Graph(entries, links)
