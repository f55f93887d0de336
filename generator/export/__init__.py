"""Data exports built from the same :class:`~generator.link.graph.Graph` as the site.

:func:`export_files` maps file names (relative to the ``data/`` folder of the
site, or to ``defections export --output``) to their content. Nothing here
imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from ..link.graph import Graph
from ..load.dating import Change, content_epoch, utc_timestamp
from ..model.kinds import KINDS
from .bibliography import bibtex, csl_json
from .changes import changes_json, content_version, data_version
from .document import SCHEMA_VERSION, archive_json
from .ftm import ftm_lines
from .schemas import schema_files, schema_path
from .tables import COLUMNS, csv_files

__all__ = ["FORMATS", "FILES", "COLUMNS", "SCHEMA_VERSION", "export_files", "build_time", "listing", "data_version", "content_version"]

FORMATS = ("json", "csv", "ftm", "csl", "bibtex", "schema", "changes")

# file name -> (format, description), in the order the download page lists them
FILES: dict[str, tuple[str, str]] = {
    "archive.json": ("json", "Every entry, normalized: canonical ranks, dates as written with their earliest and latest days and precision, "
                             "claims with who asserts and denies them, and every reference resolved to an id and a name. The most complete export."),
    "people.csv": ("csv", "One row per person, with the defection record."),
    "units.csv": ("csv", "One row per unit or body."),
    "events.csv": ("csv", "One row per event."),
    "sources.csv": ("csv", "One row per source, with the entries that cite it."),
    "claims.csv": ("csv", "One row per claim about a person, unit or event, with who asserts and who denies it."),
    "positions.csv": ("csv", "One row per post a person held."),
    "entities.ftm.json": ("ftm", "FollowTheMoney entities, one JSON object per line: Person, PublicBody or Organization, Membership, Family, "
                                 "Event, Article, and Documentation linking each source to what it supports. For Aleph, OpenAleph and other FtM tools."),
    "sources.csl.json": ("csl", "The sources as CSL-JSON, for Zotero, Pandoc and other citation managers."),
    "sources.bib": ("bibtex", "The sources as BibTeX (UTF-8; best with biblatex and biber)."),
    **{schema_path(kind): ("schema", f"JSON Schema for {kind} front-matter, for editors that validate YAML.") for kind in KINDS},
    "changes.json": ("changes", "What changed, commit by commit, newest first: each commit's date, message and the entries' files it added, "
                                "changed or removed, so a copy of the data can be brought up to date from the version it has. With the data's version "
                                "(the newest commit and its date), which archive.json also records."),
}


def export_files(graph: Graph, formats=None, built: str | None = None, base_url: str | None = None,
                 history: dict[str, tuple[Change, ...]] | None = None, version: dict | None = None) -> dict[str, str | bytes]:
    """Every export file of ``formats`` (default: all) as ``{name: content}``, sorted by name.

    ``built`` is an ISO timestamp recorded in ``archive.json`` (see :func:`build_time`);
    ``base_url`` the site's URL, used for the schemas' ``$id``; ``history`` the content's history
    (:func:`generator.load.dating.history`), for ``changes.json``, which is left out without it;
    ``version`` the data's version (:func:`data_version`), which ``archive.json`` and ``changes.json`` record.
    """
    formats = FORMATS if formats is None else tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown export format {', '.join(unknown)} (expected some of: {', '.join(FORMATS)})")
    out: dict[str, str | bytes] = {}
    if "json" in formats:
        out["archive.json"] = archive_json(graph, built, version)
    if "csv" in formats:
        out.update(csv_files(graph))
    if "ftm" in formats:
        out["entities.ftm.json"] = ftm_lines(graph)
    if "csl" in formats:
        out["sources.csl.json"] = csl_json(graph)
    if "bibtex" in formats:
        out["sources.bib"] = bibtex(graph)
    if "schema" in formats:
        out.update(schema_files(base_url))
    if "changes" in formats and history is not None:
        out["changes.json"] = changes_json(history, version)
    return dict(sorted(out.items()))


def build_time(content: Path | str) -> str:
    """When the content last changed, as an ISO timestamp (see :func:`generator.load.dating.content_epoch`)."""
    return utc_timestamp(content_epoch(Path(content)))


def listing(files: dict[str, str | bytes]) -> list[dict]:
    """What a download page lists of ``files``: each file's name, path under ``data/``, format,
    description, size in bytes and, for a CSV, its columns, in :data:`FILES` order."""
    out = []
    for name, (fmt, description) in FILES.items():
        if name not in files:
            continue
        data = files[name]
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        out.append({"name": name, "path": f"data/{name}", "format": fmt, "description": description, "bytes": size, "columns": COLUMNS.get(name)})
    return out
