"""``archive.json``: every entry, normalized, in one deterministic document."""

from __future__ import annotations

import json

from .. import __version__
from ..link.graph import Graph
from ..model.kinds import FOLDERS, KINDS
from .normalize import entries, entry_value

SCHEMA_VERSION = "1"


def archive_document(graph: Graph, built: str | None = None, version: dict | None = None) -> dict:
    """``version``: the commit and date the data is made from (:func:`generator.export.changes.data_version`)."""
    doc: dict = {
        "version": {"generator": __version__, "schema": SCHEMA_VERSION, **(version or {})},
        "counts": {FOLDERS[kind]: len(entries(graph, kind)) for kind in KINDS},
    }
    if built:
        doc["built"] = built
    for kind in KINDS:
        doc[FOLDERS[kind]] = [entry_value(graph, e) for e in entries(graph, kind)]
    return doc


def archive_json(graph: Graph, built: str | None = None, version: dict | None = None) -> str:
    return json.dumps(archive_document(graph, built, version), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
