"""What each column of an imported CSV is: the field it writes, or what it is derived from (then read-only).

The columns are the export's (:data:`generator.export.tables.COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.kinds import FOLDERS


@dataclass(frozen=True)
class Scalar:
    """One cell, one field (``path`` is ``(field,)`` or ``("defection", field)``)."""

    column: str
    path: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Items:
    """A list field written as items joined with `` | ``; ``citations`` lists source ids."""

    column: str
    path: tuple[str, ...]
    citations: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column,)


@dataclass(frozen=True)
class Pairs:
    """A list of two-field items written as two parallel columns (``relatives`` and ``relations``)."""

    column: str
    other: str
    path: tuple[str, ...]
    key: str
    value: str

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.column, self.other)


def _scalars(*names: str, prefix: str = "") -> list[Scalar]:
    return [Scalar(f"{prefix}_{n}" if prefix else n, (prefix, n) if prefix else (n,)) for n in names]


GROUPS: dict[str, list] = {
    "person": [
        *_scalars("name", "name_ar"), Items("aliases", ("aliases",)), *_scalars("rank", "category", "born", "origin", "wikidata"),
        Pairs("relatives", "relations", ("relatives",), "person", "relation"),
        *_scalars("status", "date", "destination", "joined", "event", "note", prefix="defection"),
        Items("defection_sources", ("defection", "sources"), citations=True), Items("sources", ("sources",), citations=True),
    ],
    "unit": [
        *_scalars("name", "name_ar"), Items("aliases", ("aliases",)), *_scalars("kind", "side", "parent", "base", "wikidata"),
        Items("sources", ("sources",), citations=True),
    ],
    "event": [
        *_scalars("title", "date", "kind", "place", "status", "count", "wikidata"),
        Pairs("participants", "participant_roles", ("participants",), "person", "role"),
        Items("units", ("units",)), Items("sources", ("sources",), citations=True),
    ],
    "source": [
        *_scalars("title", "publisher", "date", "author", "url", "archive_url", "accessed", "language", "kind", "dateline", "via", "wikidata"),
    ],
}

# read-only columns: what each is computed from
DERIVED: dict[str, dict[str, str]] = {
    "person": {"rank_ar": "rank", "defection_earliest": "defection_date", "defection_latest": "defection_date",
               "defection_precision": "defection_date"},
    "unit": {"parent_name": "parent"},
    "event": {"date_earliest": "date", "date_latest": "date", "date_precision": "date", "count_value": "count",
              "count_approximate": "count"},
    "source": {"date_earliest": "date", "date_latest": "date", "cited_by": "the entries that cite the source"},
}


# derived from other entries, so expected to go stale in a CSV exported before other imports: ignored without a note
SILENT = {"cited_by"}


def file_name(kind: str) -> str:
    return f"{FOLDERS[kind]}.csv"


def imported_columns(kind: str) -> list[str]:
    return [c for group in GROUPS[kind] for c in group.columns]


def column_of_field(kind: str) -> dict[str, str]:
    """Checker field names (items stripped: ``relatives.relation``) -> CSV column."""
    out = {"id": "id"}
    for group in GROUPS[kind]:
        dotted = ".".join(group.path)
        if isinstance(group, Scalar):
            out[dotted] = group.column
        elif isinstance(group, Items):
            out[dotted] = out[dotted + ".source"] = group.column
        else:
            out[dotted] = out[f"{dotted}.{group.key}"] = group.column
            out[f"{dotted}.{group.value}"] = group.other
    if kind == "person":
        out["defection"] = "defection_status"
    return out
