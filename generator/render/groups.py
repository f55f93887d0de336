"""The groups each index list shows, built from the whole graph: people by initial, defectors by rank, what is not confirmed, sources by publisher, events by year, the unit tree.

Group labels are in the language of the edition a list is built for; keys (and so addresses) are the same in every edition.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..model.entry import Entry
from ..model.ranks import table as rank_table
from .language import Language

NON_MILITARY = ("political", "diplomatic", "judicial", "security", "police", "civilian")
NOT_CONFIRMED = ("disputed", "unconfirmed", "denied")


def date_key(date, newest_first: bool = False):
    """Known dates first (oldest or newest first), unknown dates last."""
    if date is None:
        return (1, 0, 0)
    earliest, latest = date.earliest.toordinal(), date.latest.toordinal()
    return (0, -earliest, -latest) if newest_first else (0, earliest, latest)


def name_key(entry: Entry):
    return (entry.title.casefold(), entry.id)


@dataclass
class Group:
    key: str
    label: str
    rows: list


def defectors_by_rank(site, lang: Language) -> list[Group]:
    """Defectors grouped by rank (highest first), then by category, then rank unknown."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for person in site.graph.of_kind("person"):
        if not person.data.get("defection"):
            continue
        d = person.data
        if d.get("rank"):
            groups[f"rank:{d['rank']}"].append(person)
        elif d.get("category") in NON_MILITARY:
            groups[f"category:{d['category']}"].append(person)
        else:
            groups["unknown"].append(person)
    order = [(f"rank:{r.name}", lang.rank(r.name)) for r in rank_table()]
    order += [(f"category:{c}", lang.gettext("{category} (no military rank)").format(category=lang.word("category", c).capitalize()))
              for c in NON_MILITARY]
    order.append(("unknown", lang.gettext("Rank unknown")))
    out = []
    for key, label in order:
        rows = sorted(groups.get(key, ()), key=lambda e: (date_key(e.data["defection"].get("date")), name_key(e)))
        if rows:
            out.append(Group(key, label, rows))
    return out


def defection_events(graph) -> dict[str, list[Entry]]:
    """Events that are the same fact as people's defections, by event id, with those people.

    A defection and the event it names are one fact when they have the same status and their dates,
    where both have one, agree; lists show such a pair once.
    """
    out: dict[str, list[Entry]] = defaultdict(list)
    for person in graph.of_kind("person"):
        defection = person.data.get("defection")
        if not defection or not defection.get("event"):
            continue
        event = graph.get(defection["event"])
        ours, theirs = defection.get("date"), event.data.get("date")
        same_date = not ours or not theirs or (ours.earliest, ours.latest) == (theirs.earliest, theirs.latest)
        if event.data.get("status") == defection["status"] and same_date:
            out[event.id].append(person)
    return dict(out)


def not_confirmed(site, lang: Language) -> list[Group]:
    """Claims, defections and events that are not confirmed, by status, newest first, each once.

    A defection and its event, when they are one fact (:func:`defection_events`), are listed once,
    as the defection, with the event linked and the event's sources and attributions added.
    """
    graph = site.graph
    folded = {id: graph.get(id) for id in defection_events(graph)}
    rows: dict[str, list[dict]] = defaultdict(list)
    for entry in sorted(graph.entries.values(), key=lambda e: e.id):
        d = entry.data
        if entry.kind == "person" and d.get("defection", {}).get("status") in NOT_CONFIRMED:
            defection = d["defection"]
            event = folded.get(defection.get("event"))
            extra = event.data if event else {}
            rows[defection["status"]].append({"kind": "defection", "text": None, "destination": defection.get("destination"), "about": entry,
                                              "event": event, "date": defection.get("date") or extra.get("date"),
                                              "reported": _union(defection.get("sources", ()), extra.get("sources", ())),
                                              "asserted": _union(defection.get("asserted_by", ()), extra.get("asserted_by", ()), "by"),
                                              "denied": _union(defection.get("denied_by", ()), extra.get("denied_by", ()), "by"),
                                              "note": defection.get("note")})
        if entry.kind == "event" and d.get("status") in NOT_CONFIRMED and entry.id not in folded:
            rows[d["status"]].append({"kind": "event", "text": d["title"], "about": entry, "date": d.get("date"),
                                      "reported": d.get("sources", ()), "asserted": d.get("asserted_by", ()), "denied": d.get("denied_by", ()),
                                      "note": None})
        for claim in d.get("claims", ()):
            if claim["status"] in NOT_CONFIRMED:
                rows[claim["status"]].append({"kind": "claim", "text": claim["claim"], "about": entry, "date": claim.get("date"),
                                              "reported": (), "asserted": claim.get("asserted_by", ()), "denied": claim.get("denied_by", ()),
                                              "note": claim.get("note")})
    out = []
    for status in NOT_CONFIRMED:
        items = sorted(rows.get(status, ()), key=lambda r: (date_key(r["date"], newest_first=True), name_key(r["about"]), r["text"] or ""))
        if items:
            out.append(Group(status, lang.word("status", status), items))
    return out


def _union(first, second, *fields: str) -> list:
    """Two lists of citations or attributions as one: an item of ``second`` only when no item of ``first``
    has its source (and the same ``fields``, such as who said it)."""
    seen = {(item["source"], *(item.get(f) for f in fields)) for item in first}
    return list(first) + [item for item in second if (item["source"], *(item.get(f) for f in fields)) not in seen]


def unit_tree(site) -> dict[str, list]:
    """Root units per side, each as a nested node with counts."""
    rel = site.relations

    def node(unit: Entry) -> dict:
        return {"unit": unit, "people": len(rel.people_in(unit.id)), "defectors": len(rel.defectors_from(unit.id)),
                "children": [node(c) for c in rel.children.get(unit.id, ())]}

    sides: dict[str, list] = {"government": [], "opposition": [], "other": []}
    for unit in site.graph.of_kind("unit"):
        if not unit.data.get("parent"):
            sides[unit.data.get("side") or "other"].append(node(unit))
    return sides


def people_az(site) -> list[Group]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for person in site.graph.of_kind("person"):
        # File accented initials under their base letter (É under E), not under "#".
        first = folded(person.title[:1]).upper()
        groups[first if "A" <= first <= "Z" else "#"].append(person)
    return [Group(k, k, sorted(groups[k], key=lambda e: (folded(e.title), name_key(e)))) for k in sorted(groups)]


def folded(text: str) -> str:
    """Accent-free, case-free form for alphabetical order ("Émile" sorts with "Emile", before "Ezra")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def bibliography(site) -> list[Group]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for source in site.graph.of_kind("source"):
        groups[source.data["publisher"]].append(source)
    return [Group(publisher, publisher, sorted(rows, key=lambda s: (date_key(s.data.get("date")), name_key(s))))
            for publisher, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold())]


def events_by_year(site, lang: Language) -> list[Group]:
    """Events oldest first, grouped by the year their date starts in; undated events last."""
    years: dict[str, list[Entry]] = defaultdict(list)
    for event in sorted(site.graph.of_kind("event"), key=lambda e: (date_key(e.data.get("date")), name_key(e))):
        date = event.data.get("date")
        years[str(date.earliest.year) if date else "undated"].append(event)
    return [Group(year, lang.gettext("Date unknown") if year == "undated" else year, rows) for year, rows in years.items()]
