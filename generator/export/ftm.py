"""FollowTheMoney entities (``entities.ftm.json``, one JSON entity per line).

People become ``Person``; units ``PublicBody`` (government bodies) or
``Organization``; positions ``Membership``; family ties ``Family``; events
``Event`` with ``involved``; sources ``Article``; and each citation a
``Documentation`` linking the article to the entry it supports (claims carry
their text, status and who asserts or denies them). Position citations are
``proof`` on the membership. Entity ids are hashes of our ids, so they are
stable from build to build.
"""

from __future__ import annotations

import json

from ..link.graph import Graph
from ..model.dates import Date, Point
from ..model.entry import Entry
from ..model.ranks import by_name
from .normalize import entries

NAMESPACE = "syrian-defections-archive"
NOT_PUBLIC_BODIES = ("militia", "armed-opposition", "other")


def _model():
    """The FtM model, imported on first use: it is slow to import and only exports need it."""
    try:
        from followthemoney import model
    except ModuleNotFoundError as err:  # an optional dependency (pyproject.toml)
        raise ModuleNotFoundError("the FollowTheMoney export needs the exports extra: pip install 'syrian-defections-archive[exports]'") from err

    return model


def _point(p: Point) -> str:
    return f"{p.year:04d}" + (f"-{p.month:02d}" if p.month else "") + (f"-{p.day:02d}" if p.day else "")


def ftm_date(date: Date | None) -> str | None:
    """A single FtM date (a prefix such as 2012-07); an interval gives what its bounds share."""
    if date is None:
        return None
    if not date.is_interval:
        return _point(date.start)
    first, last = date.earliest.isoformat(), date.latest.isoformat()
    for length in (10, 7, 4):
        if first[:length] == last[:length]:
            return first[:length]
    return None


def _span(entity, date: Date | None, single: str = "date") -> None:
    """A date as ``date``, or an interval as ``startDate``/``endDate``."""
    if date is None:
        return
    if date.is_interval:
        entity.add("startDate", _point(date.start))
        entity.add("endDate", _point(date.end))
    else:
        entity.add(single, _point(date.start))


class _Builder:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.model = _model()
        self.out: list = []

    def make(self, schema: str, *key: str):
        entity = self.model.make_entity(schema)
        entity.make_id(NAMESPACE, *key)
        self.out.append(entity)
        return entity

    def ref(self, id: str) -> str:
        """The FtM id of the entity made from entry ``id``."""
        entry = self.graph.get(id)
        return self.model.make_entity("Thing").make_id(NAMESPACE, entry.kind, entry.id)

    def names(self, entity, d: dict) -> None:
        entity.add("name", d.get("name") or d.get("title"))
        entity.add("alias", d.get("name_ar"))
        entity.add("alias", d.get("aliases", ()))

    def person(self, e: Entry) -> None:
        d = e.data
        p = self.make("Person", "person", e.id)
        self.names(p, d)
        p.add("wikidataId", d.get("wikidata"))
        if d.get("rank"):
            rank = by_name(d["rank"])
            p.add("title", [rank.name, rank.ar])
        p.add("birthDate", ftm_date(d.get("born")))
        p.add("position", [pos["title"] for pos in d.get("positions", ()) if pos.get("title")])
        if d.get("origin"):
            p.add("notes", f"Origin: {d['origin']}")
        if d.get("category"):
            p.add("keywords", d["category"])
        defection = d.get("defection")
        if defection:
            when = defection.get("date")
            text = f"Defection ({defection['status']}" + (f", {when.describe()}" if when else "") + ")"
            if defection.get("destination"):
                text += f"; went to {defection['destination']}"
            if defection.get("note"):
                text += f". {defection['note']}"
            p.add("notes", text)
            p.add("keywords", f"defection-{defection['status']}")
        for i, pos in enumerate(d.get("positions", ()), start=1):
            if not pos.get("unit"):
                continue
            m = self.make("Membership", "position", e.id, str(i))
            m.add("member", p.id)
            m.add("organization", self.ref(pos["unit"]))
            m.add("role", pos.get("title"))
            _span_bounds(m, pos.get("from"), pos.get("to"))
            m.add("proof", [self.ref(c["source"]) for c in pos.get("sources", ())])
        if defection and defection.get("joined"):
            m = self.make("Membership", "joined", e.id)
            m.add("member", p.id)
            m.add("organization", self.ref(defection["joined"]))
            m.add("role", "joined after defecting")
            if defection.get("date"):
                m.add("startDate", _point(defection["date"].start))
            m.add("status", defection["status"])
            m.add("proof", [self.ref(c["source"]) for c in defection.get("sources", ())])
        for r in d.get("relatives", ()):
            f = self.make("Family", "relative", e.id, r["person"])
            f.add("person", p.id)
            f.add("relative", self.ref(r["person"]))
            f.add("relationship", r["relation"])

    def unit(self, e: Entry) -> None:
        d = e.data
        public = d.get("side") == "government" and d.get("kind") not in NOT_PUBLIC_BODIES
        u = self.make("PublicBody" if public else "Organization", "unit", e.id)
        self.names(u, d)
        u.add("wikidataId", d.get("wikidata"))
        u.add("classification", d.get("kind"))
        u.add("keywords", d.get("side"))
        if d.get("parent"):
            u.add("parent", self.ref(d["parent"]))
        u.add("address", d.get("base"))

    def event(self, e: Entry) -> None:
        d = e.data
        v = self.make("Event", "event", e.id)
        v.add("name", d["title"])
        v.add("wikidataId", d.get("wikidata"))
        _span(v, d.get("date"))
        if d.get("date") and (d["date"].approximate or d["date"].uncertain):  # FtM dates cannot say "about"
            v.add("notes", f"Date: {d['date'].describe()} (recorded as {d['date'].text})")
        v.add("location", d.get("place"))
        v.add("involved", [self.ref(p["person"]) for p in d.get("participants", ())])
        v.add("involved", [self.ref(u) for u in d.get("units", ())])
        v.add("keywords", d.get("kind"))
        if d.get("status"):
            v.add("notes", f"Status: {d['status']}")
        if d.get("count"):
            v.add("notes", f"People taking part: {d['count']['text']}")
        roles = [f"{self.graph.get(p['person']).title}: {p['role']}" for p in d.get("participants", ()) if p.get("role")]
        v.add("description", "; ".join(roles) or None)

    def source(self, e: Entry) -> None:
        d = e.data
        a = self.make("Article", "source", e.id)
        a.add("name", d["title"])
        a.add("title", d["title"])
        a.add("wikidataId", d.get("wikidata"))
        a.add("publisher", d["publisher"])
        a.add("author", d.get("author"))
        a.add("publishedAt", ftm_date(d.get("date")))
        a.add("sourceUrl", [d.get("url"), d.get("archive_url")])
        a.add("language", d.get("language") or "en")
        a.add("keywords", d.get("kind"))
        a.add("retrievedAt", ftm_date(d.get("accessed")))
        a.add("description", "; ".join(x for x in (f"dateline: {d['dateline']}" if d.get("dateline") else None,
                                                   f"via: {d['via']}" if d.get("via") else None) if x) or None)

    def documentation(self, e: Entry) -> None:
        """One Documentation per citation of a person, unit or event (not positions: those are proof)."""
        d = e.data
        cited: list[tuple[str, str, dict, dict | None]] = [("sources", "source for the entry", c, None) for c in d.get("sources", ())]
        cited += [("defection", "source for the defection", c, None) for c in (d.get("defection") or {}).get("sources", ())]
        for i, claim in enumerate(d.get("claims", ()), start=1):
            cited += [(f"claim-{i}", "asserts the claim", c, claim) for c in claim.get("asserted_by", ())]
            cited += [(f"claim-{i}", "denies the claim", c, claim) for c in claim.get("denied_by", ())]
        held = d.get("defection") if e.kind == "person" else d  # who holds a defection's or an event's status
        what = "the defection" if e.kind == "person" else "the event"
        for side, verb in (("asserted_by", "asserts"), ("denied_by", "denies")):
            cited += [(f"status-{side}", f"{verb} {what}", c, None) for c in (held or {}).get(side, ())]
        for n, (where, role, c, claim) in enumerate(cited, start=1):
            doc = self.make("Documentation", "citation", e.id, where, str(n), c["source"])
            doc.add("document", self.ref(c["source"]))
            doc.add("entity", self.ref(e.id))
            doc.add("role", role)
            details = [f"by {c['by']}" if c.get("by") else None, f"basis: {c['basis']}" if c.get("basis") else None,
                       f"at {c['locator']}" if c.get("locator") else None,
                       f"quote: {c['quote']}" if c.get("quote") else None, c.get("note")]
            doc.add("description", "; ".join(x for x in details if x) or None)
            if claim:
                doc.add("summary", claim["claim"])
                doc.add("status", claim["status"])
                _span(doc, claim.get("date"))


def _span_bounds(entity, start: Date | None, end: Date | None) -> None:
    if start:
        entity.add("startDate", _point(start.start))
    if end:
        entity.add("endDate", _point(end.end or end.start))


def build_entities(graph: Graph) -> list:
    """Every entity, in a stable order, each checked against its FtM schema."""
    b = _Builder(graph)
    for e in entries(graph, "source"):
        b.source(e)
    for e in entries(graph, "unit"):
        b.unit(e)
    for e in entries(graph, "person"):
        b.person(e)
    for e in entries(graph, "event"):
        b.event(e)
    for kind in ("person", "unit", "event"):
        for e in entries(graph, kind):
            b.documentation(e)
    for entity in b.out:
        data = entity.to_dict()
        entity.schema.validate(data)
        missing = [p for p in entity.schema.required if not data["properties"].get(p)]
        if missing:
            raise ValueError(f"FtM {entity.schema.name} {entity.id} lacks {', '.join(missing)}")
    return b.out


def ftm_lines(graph: Graph) -> str:
    return "".join(json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in build_entities(graph))
