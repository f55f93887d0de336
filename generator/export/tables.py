"""CSV tables: one row per fact, ids as keys, list values joined with " | ".

Files are UTF-8 with a byte-order mark so that spreadsheet programs show
Arabic correctly. The column names are a stable interface: later tools import
CSVs in these columns, so rename nothing; add new columns at the end.

Formula injection (OWASP "CSV Injection"): a text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return would run as a formula in a
spreadsheet program, so it is written with a leading apostrophe (``'=...``),
which spreadsheets show as text. Text that itself starts with an apostrophe
gets one more, so that ``defections import`` can drop exactly one and get the
text back. Ids, dates and numbers never start so; the JSON, FtM and
bibliography exports carry the text unchanged.
"""

from __future__ import annotations

import csv
import io

from ..link.graph import Graph
from ..model.dates import Date
from ..model.entry import Entry
from ..model.ranks import by_name
from ..model.rules import BASES
from .normalize import entries

SEP = " | "

_DATE_BOUNDS = "as written in the content (EDTF subset: ~ approximate, ? uncertain, A/B between)"

COLUMNS: dict[str, dict[str, str]] = {
    "people.csv": {
        "id": "the person's id (the file name in content/people/)",
        "name": "the name most sources use, in Latin script",
        "name_ar": "the name in Arabic script",
        "aliases": "other spellings and transliterations",
        "rank": "canonical English rank",
        "rank_ar": "the rank in Arabic",
        "category": "kind of office held: military, security, police, political, diplomatic, judicial or civilian",
        "born": f"date of birth, {_DATE_BOUNDS}",
        "origin": "home town or region",
        "relatives": "ids of relatives",
        "relations": "what each relative is to this person, in the same order as relatives",
        "defection_status": "confirmed, unconfirmed, disputed or denied (empty if no defection is recorded)",
        "defection_date": f"date of the defection, {_DATE_BOUNDS}",
        "defection_earliest": "earliest day the defection date allows (YYYY-MM-DD)",
        "defection_latest": "latest day the defection date allows (YYYY-MM-DD)",
        "defection_precision": "precision of the defection date: day, month, year or interval",
        "defection_destination": "where the person went",
        "defection_joined": "id of the unit or body joined after defecting",
        "defection_event": "id of the event entry for the defection",
        "defection_note": "note on the defection record",
        "defection_sources": "ids of the sources for the defection",
        "sources": "ids of the sources that support the entry as a whole",
        "wikidata": "the Wikidata item (Q and a number)",
    },
    "units.csv": {
        "id": "the unit's id (the file name in content/units/)",
        "name": "the name in English",
        "name_ar": "the name in Arabic script",
        "aliases": "other names and spellings",
        "kind": "kind of body, such as army, intelligence, militia or ministry",
        "side": "government, opposition or other",
        "parent": "id of the unit it belongs to",
        "parent_name": "name of the parent unit",
        "base": "where it is based",
        "sources": "ids of the sources that support the entry as a whole",
        "wikidata": "the Wikidata item (Q and a number)",
    },
    "events.csv": {
        "id": "the event's id (the file name in content/events/)",
        "title": "short title",
        "date": f"date, {_DATE_BOUNDS}",
        "date_earliest": "earliest day the date allows (YYYY-MM-DD)",
        "date_latest": "latest day the date allows (YYYY-MM-DD)",
        "date_precision": "day, month, year or interval",
        "kind": "defection, mass-defection, defection-claim, denial, attack, announcement or other",
        "place": "where it happened",
        "status": "confirmed, unconfirmed, disputed or denied",
        "count": "number of people taking part, as written (20, ~20 or 20+)",
        "count_value": "the number in count",
        "count_approximate": "true if count is approximate, else false",
        "participants": "ids of the people involved",
        "participant_roles": "each participant's role, in the same order as participants (empty where none is given)",
        "units": "ids of the units involved",
        "sources": "ids of the sources that support the entry as a whole",
        "wikidata": "the Wikidata item (Q and a number)",
    },
    "sources.csv": {
        "id": "the source's id (the file name in content/sources/)",
        "title": "headline or title",
        "publisher": "the outlet that published it",
        "date": f"date of publication, {_DATE_BOUNDS}",
        "date_earliest": "earliest day the date allows (YYYY-MM-DD)",
        "date_latest": "latest day the date allows (YYYY-MM-DD)",
        "author": "author or authors",
        "url": "where it was published",
        "archive_url": "an archived copy",
        "accessed": "when the URL was last read",
        "language": "BCP 47 language tag",
        "kind": "article, report, video, statement, interview, social-media or other",
        "dateline": "the place the report was filed from",
        "via": "the wire service it came through",
        "cited_by": "ids of the entries that cite it",
        "wikidata": "the Wikidata item (Q and a number)",
    },
    "claims.csv": {
        "id": "entry id, '#claim-' and the claim's number within the entry",
        "entry": "id of the entry the claim is about",
        "entry_kind": "person, unit or event",
        "claim": "what is claimed",
        "status": "confirmed, unconfirmed, disputed or denied",
        "date": f"when the claimed thing happened, {_DATE_BOUNDS}",
        "date_earliest": "earliest day the date allows (YYYY-MM-DD)",
        "date_latest": "latest day the date allows (YYYY-MM-DD)",
        "asserted_by": "who asserts it, as the sources name them",
        "asserted_sources": "id of the source of each assertion, in the same order as asserted_by",
        "denied_by": "who denies it, as the sources name them",
        "denied_sources": "id of the source of each denial, in the same order as denied_by",
        "note": "why the status is what it is",
        "asserted_basis": f"what kind of voice each assertion is ({', '.join(BASES)}; empty if not given), in the same order as asserted_by",
        "denied_basis": "what kind of voice each denial is, in the same order as denied_by",
    },
    "positions.csv": {
        "id": "person id, '#position-' and the position's number within the entry",
        "person": "id of the person",
        "person_name": "name of the person",
        "unit": "id of the unit or body served in",
        "unit_name": "name of that unit",
        "title": "the post held",
        "from": f"when the post began, {_DATE_BOUNDS}",
        "from_earliest": "earliest day the start date allows (YYYY-MM-DD)",
        "to": f"when the post ended, {_DATE_BOUNDS}",
        "to_latest": "latest day the end date allows (YYYY-MM-DD)",
        "sources": "ids of the sources for this position",
    },
}


def _text(date: Date | None) -> str:
    return date.text if date else ""


def _earliest(date: Date | None) -> str:
    return date.earliest.isoformat() if date else ""


def _latest(date: Date | None) -> str:
    return date.latest.isoformat() if date else ""


def _join(values) -> str:
    """Items joined with :data:`SEP`; a ``|`` inside an item is doubled, so that no item can read as two."""
    return SEP.join((v or "").replace("|", "||") for v in values)


def _sources(citations) -> str:
    return _join(c["source"] for c in citations or ())


def _person(graph: Graph, e: Entry) -> dict:
    d = e.data
    f = d.get("defection") or {}
    return {
        "id": e.id, "name": d["name"], "name_ar": d.get("name_ar"), "aliases": _join(d.get("aliases", ())),
        "rank": d.get("rank"), "rank_ar": by_name(d["rank"]).ar if d.get("rank") else "", "category": d.get("category"),
        "born": _text(d.get("born")), "origin": d.get("origin"),
        "relatives": _join(r["person"] for r in d.get("relatives", ())), "relations": _join(r["relation"] for r in d.get("relatives", ())),
        "defection_status": f.get("status"), "defection_date": _text(f.get("date")),
        "defection_earliest": _earliest(f.get("date")), "defection_latest": _latest(f.get("date")),
        "defection_precision": f["date"].precision if f.get("date") else "",
        "defection_destination": f.get("destination"), "defection_joined": f.get("joined"), "defection_event": f.get("event"),
        "defection_note": f.get("note"), "defection_sources": _sources(f.get("sources")), "wikidata": d.get("wikidata"), "sources": _sources(d.get("sources")),
    }


def _unit(graph: Graph, e: Entry) -> dict:
    d = e.data
    return {
        "id": e.id, "name": d["name"], "name_ar": d.get("name_ar"), "aliases": _join(d.get("aliases", ())), "kind": d.get("kind"),
        "side": d.get("side"), "parent": d.get("parent"), "parent_name": graph.get(d["parent"]).title if d.get("parent") else "",
        "base": d.get("base"), "wikidata": d.get("wikidata"), "sources": _sources(d.get("sources")),
    }


def _event(graph: Graph, e: Entry) -> dict:
    d = e.data
    count = d.get("count") or {}
    return {
        "id": e.id, "title": d["title"], "date": _text(d.get("date")), "date_earliest": _earliest(d.get("date")),
        "date_latest": _latest(d.get("date")), "date_precision": d["date"].precision if d.get("date") else "",
        "kind": d.get("kind"), "place": d.get("place"), "status": d.get("status"),
        "count": count.get("text"), "count_value": count.get("value"),
        "count_approximate": ("true" if count["approximate"] else "false") if count else "",
        "participants": _join(p["person"] for p in d.get("participants", ())),
        "participant_roles": _join(p.get("role") for p in d.get("participants", ())),
        "units": _join(d.get("units", ())), "wikidata": d.get("wikidata"), "sources": _sources(d.get("sources")),
    }


def _source(graph: Graph, e: Entry) -> dict:
    d = e.data
    return {
        "id": e.id, "title": d["title"], "publisher": d["publisher"], "date": _text(d.get("date")),
        "date_earliest": _earliest(d.get("date")), "date_latest": _latest(d.get("date")), "author": d.get("author"),
        "url": d.get("url"), "archive_url": d.get("archive_url"), "accessed": _text(d.get("accessed")),
        "language": d.get("language"), "kind": d.get("kind"), "dateline": d.get("dateline"), "via": d.get("via"),
        "wikidata": d.get("wikidata"), "cited_by": _join(c.id for c in graph.citing(e.id)),
    }


def _claims(graph: Graph) -> list[dict]:
    rows = []
    for e in sorted(graph.entries.values(), key=lambda e: e.id):
        for i, c in enumerate(e.data.get("claims", ()), start=1):
            rows.append({
                "id": f"{e.id}#claim-{i}", "entry": e.id, "entry_kind": e.kind, "claim": c["claim"], "status": c["status"],
                "date": _text(c.get("date")), "date_earliest": _earliest(c.get("date")), "date_latest": _latest(c.get("date")),
                "asserted_by": _join(a["by"] for a in c.get("asserted_by", ())), "asserted_sources": _sources(c.get("asserted_by")),
                "denied_by": _join(a["by"] for a in c.get("denied_by", ())), "denied_sources": _sources(c.get("denied_by")),
                "note": c.get("note"),
                "asserted_basis": _join(a.get("basis") for a in c.get("asserted_by", ())),
                "denied_basis": _join(a.get("basis") for a in c.get("denied_by", ())),
            })
    return rows


def _positions(graph: Graph) -> list[dict]:
    rows = []
    for e in entries(graph, "person"):
        for i, p in enumerate(e.data.get("positions", ()), start=1):
            rows.append({
                "id": f"{e.id}#position-{i}", "person": e.id, "person_name": e.title, "unit": p.get("unit"),
                "unit_name": graph.get(p["unit"]).title if p.get("unit") else "", "title": p.get("title"),
                "from": _text(p.get("from")), "from_earliest": _earliest(p.get("from")),
                "to": _text(p.get("to")), "to_latest": _latest(p.get("to")), "sources": _sources(p.get("sources")),
            })
    return rows


def rows(graph: Graph) -> dict[str, list[dict]]:
    """Every table's rows, keyed by file name."""
    return {
        "people.csv": [_person(graph, e) for e in entries(graph, "person")],
        "units.csv": [_unit(graph, e) for e in entries(graph, "unit")],
        "events.csv": [_event(graph, e) for e in entries(graph, "event")],
        "sources.csv": [_source(graph, e) for e in entries(graph, "source")],
        "claims.csv": _claims(graph),
        "positions.csv": _positions(graph),
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str | int:
    """A CSV cell: nothing for None, text that a spreadsheet would run as a formula defused."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def to_csv(name: str, table: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS[name]), lineterminator="\r\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: cell(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def csv_files(graph: Graph) -> dict[str, bytes]:
    return {name: to_csv(name, table) for name, table in rows(graph).items()}
