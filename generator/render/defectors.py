"""The table of every defector, and the choices its filters offer (status, rank, unit, side, year).

Each row carries what its filters test as plain values (``assets/filter.js`` reads them); the choices
are the values that occur, labelled in the edition's language, in the order a reader expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.dates import Date
from ..model.entry import Entry
from ..model.kinds import SIDES, STATUSES
from ..model.ranks import by_name
from ..model.ranks import table as rank_table
from .groups import NON_MILITARY, date_key, name_key
from .language import Language

UNKNOWN = "unknown"  # the value of a filter for "not known" (no rank, no unit, no date)


@dataclass
class Row:
    person: Entry
    status: str
    rank: str  # a rank's name, "category:political", or UNKNOWN
    rank_order: int  # for sorting: the rank table's order, then the categories, then unknown
    units: list[Entry]  # every unit the person held a position in
    sides: list[str]
    year: str  # the year the defection's date starts in, or UNKNOWN
    date: Date | None  # the defection's date


@dataclass
class Choices:
    """A filter's values and their labels, in order."""

    name: str
    label: str
    options: list[tuple[str, str]] = field(default_factory=list)
    several: bool = False  # a row may hold several values (the units and sides of all its posts)


def defectors(site, lang: Language) -> tuple[list[Row], list[Choices]]:
    """Every person with a defection record, earliest defection first, and each filter's choices."""
    graph, ranks = site.graph, rank_table()
    order = {r.name: r.order for r in ranks}
    rows = []
    for person in graph.of_kind("person"):
        d, defection = person.data, person.data.get("defection")
        if not defection:
            continue
        if d.get("rank"):
            rank, rank_order = d["rank"], order[by_name(d["rank"]).name]
        elif d.get("category") in NON_MILITARY:
            rank, rank_order = f"category:{d['category']}", len(ranks) + NON_MILITARY.index(d["category"])
        else:
            rank, rank_order = UNKNOWN, len(ranks) + len(NON_MILITARY)
        units = list(dict.fromkeys(graph.get(p["unit"]) for p in d.get("positions", ()) if p.get("unit")))
        date = defection.get("date")
        rows.append(Row(person, defection["status"], rank, rank_order, units,
                        sorted({u.data["side"] for u in units if u.data.get("side")}, key=SIDES.index),
                        str(date.earliest.year) if date else UNKNOWN, date))
    rows.sort(key=lambda r: (date_key(r.date), name_key(r.person)))
    return rows, _choices(rows, lang)


def _choices(rows: list[Row], lang: Language) -> list[Choices]:
    _ = lang.gettext
    unknown = _("Not known")
    statuses = Choices("status", _("Status"), [(s, lang.word("status", s)) for s in STATUSES if any(r.status == s for r in rows)])
    ranks = Choices("rank", _("Rank"))
    for rank, _order in sorted({(r.rank, r.rank_order) for r in rows}, key=lambda x: x[1]):
        if rank == UNKNOWN:
            ranks.options.append((rank, unknown))
        elif rank.startswith("category:"):
            category = rank.split(":", 1)[1]
            ranks.options.append((rank, _("{category} (no military rank)").format(category=lang.word("category", category).capitalize())))
        else:
            ranks.options.append((rank, lang.rank(rank)))
    units = {u.id: u for r in rows for u in r.units}
    names = {id: (lang.code == "ar" and u.data.get("name_ar")) or u.title for id, u in units.items()}
    unit = Choices("unit", _("Unit"), sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0])), several=True)
    if any(not r.units for r in rows):
        unit.options.append((UNKNOWN, unknown))
    side = Choices("side", _("Side"), [(s, lang.word("side", s).capitalize()) for s in SIDES if any(s in r.sides for r in rows)], several=True)
    years = sorted({r.year for r in rows} - {UNKNOWN})
    year = Choices("year", _("Year"), [(y, y) for y in years] + ([(UNKNOWN, unknown)] if any(r.year == UNKNOWN for r in rows) else []))
    return [statuses, ranks, unit, side, year]
