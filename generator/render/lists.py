"""Index pages built from the whole graph: sections, rank list, claims, timeline."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from ..model.entry import Entry
from ..model.kinds import KINDS
from ..model.ranks import table as rank_table

NON_MILITARY = ("political", "diplomatic", "judicial", "security", "police", "civilian")
NOT_CONFIRMED = ("disputed", "unconfirmed", "denied")
INDEX_META = {"search": {"exclude": True}}
NO_TOC = {"hide": ["toc"]}


def _date_key(date, newest_first: bool = False):
    """Known dates first (oldest or newest first), unknown dates last."""
    if date is None:
        return (1, 0, 0)
    earliest, latest = date.earliest.toordinal(), date.latest.toordinal()
    return (0, -earliest, -latest) if newest_first else (0, earliest, latest)


def _name_key(entry: Entry):
    return (entry.title.casefold(), entry.id)


@dataclass
class Group:
    key: str
    label: str
    rows: list


def defectors_by_rank(site) -> list[Group]:
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
    order = [(f"rank:{r.name}", r.name) for r in rank_table()]
    order += [(f"category:{c}", f"{c.capitalize()} (no military rank)") for c in NON_MILITARY]
    order.append(("unknown", "Rank unknown"))
    out = []
    for key, label in order:
        rows = sorted(groups.get(key, ()), key=lambda e: (_date_key(e.data["defection"].get("date")), _name_key(e)))
        if rows:
            out.append(Group(key, label, rows))
    return out


def not_confirmed(site) -> list[Group]:
    """Claims, defections and events that are not confirmed, by status, newest first."""
    rows: dict[str, list[dict]] = defaultdict(list)
    for entry in sorted(site.graph.entries.values(), key=lambda e: e.id):
        d = entry.data
        if entry.kind == "person" and d.get("defection", {}).get("status") in NOT_CONFIRMED:
            defection = d["defection"]
            text = f"{entry.title} defected" + (f" ({defection['destination']})" if defection.get("destination") else "")
            rows[defection["status"]].append({"kind": "defection", "text": text, "about": entry, "date": defection.get("date"),
                                              "reported": defection.get("sources", ()), "asserted": defection.get("asserted_by", ()),
                                              "denied": defection.get("denied_by", ()), "note": defection.get("note")})
        if entry.kind == "event" and d.get("status") in NOT_CONFIRMED:
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
        items = sorted(rows.get(status, ()), key=lambda r: (_date_key(r["date"], newest_first=True), _name_key(r["about"]), r["text"]))
        if items:
            out.append(Group(status, status.capitalize(), items))
    return out


def timeline(site) -> dict:
    """Dated defections and events in date order, grouped by month, with monthly counts."""
    items = []
    for entry in site.graph.entries.values():
        if entry.kind == "person" and entry.data.get("defection", {}).get("date"):
            items.append({"entry": entry, "date": entry.data["defection"]["date"], "what": "defection", "status": entry.data["defection"]["status"]})
        elif entry.kind == "event" and entry.data.get("date"):
            items.append({"entry": entry, "date": entry.data["date"], "what": entry.data.get("kind") or "event", "status": entry.data.get("status")})
    # Group first, then date: an entry known only to the year (or to a span of months) goes in its
    # year's group, which comes before that year's months ("2012" < "2012-01"); grouping by date
    # alone split the year group around the months a span starts in.
    for item in items:
        item["group"] = item["date"].month_key or f"{item['date'].earliest.year}"
    items.sort(key=lambda i: (i["group"], _date_key(i["date"]), _name_key(i["entry"])))
    groups: list[Group] = []
    for item in items:
        key = item["group"]
        if not groups or groups[-1].key != key:
            label = _month_label(key) if "-" in key else f"{key} (month not known)"
            groups.append(Group(key, label, []))
        groups[-1].rows.append(item)
    per_month: dict[str, int] = defaultdict(int)
    for item in items:
        if item["entry"].kind == "person" and item["date"].month_key:
            per_month[item["date"].month_key] += 1
    wider = sum(1 for i in items if i["entry"].kind == "person" and not i["date"].month_key)
    return {"groups": groups, "chart": _chart(per_month), "undated_months": wider}


def _month_label(key: str) -> str:
    return datetime.date(int(key[:4]), int(key[5:7]), 1).strftime("%B %Y")


CHART_BARS = 48  # the most bars: a longer span of months is charted by year, a longer span of years by decade


def _chart(per_month: dict[str, int]) -> dict | None:
    """Bars from the first to the last month with a dated defection: one a month, a year or a decade.

    The finest of those that needs at most :data:`CHART_BARS` bars; dates lie within the archive's
    years (:data:`dates.FIRST_YEAR` to :data:`dates.LAST_YEAR`), so decades need at most 20.
    """
    if not per_month:
        return None
    first, last = min(per_month), max(per_month)
    year, month = int(first[:4]), int(first[5:7])
    months = []
    if (int(last[:4]) - year) * 12 + int(last[5:7]) - month < CHART_BARS:
        while f"{year:04d}-{month:02d}" <= last:
            key = f"{year:04d}-{month:02d}"
            months.append({"key": key, "label": _month_label(key), "short": datetime.date(year, month, 1).strftime("%b %y"),
                           "count": per_month.get(key, 0)})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        unit = "month"
    else:
        span = 1 if int(last[:4]) - year < CHART_BARS else 10
        per_bin: dict[int, int] = defaultdict(int)
        for key, count in per_month.items():
            per_bin[int(key[:4]) // span * span] += count
        for start in range(year // span * span, int(last[:4]) + 1, span):
            label = str(start) if span == 1 else f"{start}s"
            months.append({"key": label, "label": label, "short": label, "count": per_bin.get(start, 0)})
        unit = "year" if span == 1 else "decade"
    top = max(m["count"] for m in months)
    width, height, gap = 28, 160, 6
    for i, m in enumerate(months):
        m["x"] = 40 + i * (width + gap)
        m["h"] = round(m["count"] / top * height) if top else 0
        m["y"] = 20 + height - m["h"]
    return {"months": months, "unit": unit, "top": top, "width": 40 + len(months) * (width + gap) + 10, "height": height + 70,
            "bar": width, "base": 20 + height}


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
        first = _folded(person.title[:1]).upper()
        groups[first if "A" <= first <= "Z" else "#"].append(person)
    return [Group(k, k, sorted(groups[k], key=lambda e: (_folded(e.title), _name_key(e)))) for k in sorted(groups)]


def _folded(text: str) -> str:
    """Accent-free, case-free form for alphabetical order ("Émile" sorts with "Emile", before "Ezra")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def bibliography(site) -> list[Group]:
    groups: dict[str, list[Entry]] = defaultdict(list)
    for source in site.graph.of_kind("source"):
        groups[source.data["publisher"]].append(source)
    return [Group(publisher, publisher, sorted(rows, key=lambda s: (_date_key(s.data.get("date")), _name_key(s))))
            for publisher, rows in sorted(groups.items(), key=lambda kv: kv[0].casefold())]


@dataclass
class Part:
    """One group of a list, or one run of a long group: on its own page (``path``) or on the list's page."""

    key: str
    label: str
    path: str | None  # None: shown on the list's own page, under the heading #anchor
    anchor: str
    rows: list
    count: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _folded(text)).strip("-") or "other"


def _one(row) -> int:
    return 1


def _runs(rows: list, per_page: int, size) -> list[list]:
    """``rows`` cut, in order, into runs of at most ``per_page`` (one row larger than that stays whole)."""
    out, run, n = [], [], 0
    for row in rows:
        if run and n + size(row) > per_page:
            out.append(run)
            run, n = [], 0
        run.append(row)
        n += size(row)
    return out + [run] if run else out


def _numbered(group: Group, run: list, i: int, n: int) -> str:
    return f"{group.label} ({i} of {n})"


def _parts(groups: list[Group], folder: str, per_page: int, slug=_slug, size=_one, run_label=_numbered) -> list[Part]:
    """The groups of a list as the parts it is shown in.

    A list of at most ``per_page`` rows stays on one page, a section per group. A longer one
    gets a page per group under ``folder``, named by the group's slug (made unique in order),
    and a group longer than ``per_page`` is cut into numbered pages, so no page outgrows it.
    ``size`` counts the rows a row stands for (a timeline month holds several); ``run_label``
    names the runs of a cut group.
    """
    inline = sum(size(row) for g in groups for row in g.rows) <= per_page
    out, taken = [], {"index"}  # <folder>/index.md would have the URL of the folder itself

    def unique(name: str) -> str:
        stem, n = name, 1
        while name in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name)
        return name

    for g in groups:
        runs = [g.rows] if inline else _runs(g.rows, per_page, size)
        name = unique(slug(g.key))
        for i, rows in enumerate(runs, 1):
            anchor = name if i == 1 else unique(f"{name}-{i}")
            label = g.label if len(runs) == 1 else run_label(g, rows, i, len(runs))
            out.append(Part(g.key, label, None if inline else f"{folder}/{anchor}.md", anchor, rows, sum(map(size, rows))))
    return out


def _by_year(groups: list[Group], date_of, newest_first: bool = False) -> list[Group]:
    """Each group split by the year its rows' dates start in (undated rows last), keeping row order."""
    out = []
    for g in groups:
        years: dict[str, list] = defaultdict(list)
        for row in g.rows:
            date = date_of(row)
            years[str(date.earliest.year) if date else "undated"].append(row)
        for year in sorted(years, key=lambda y: (y == "undated", -int(y) if newest_first and y != "undated" else y)):
            label = f"{g.label}, {year}" if year != "undated" else f"{g.label}, date unknown"
            out.append(Group(f"{g.key}-{year}", label, years[year]))
    return out


def events_by_year(site) -> list[Group]:
    """Events oldest first, grouped by the year their date starts in; undated events last."""
    years: dict[str, list[Entry]] = defaultdict(list)
    for event in sorted(site.graph.of_kind("event"), key=lambda e: (_date_key(e.data.get("date")), _name_key(e))):
        date = event.data.get("date")
        years[str(date.earliest.year) if date else "undated"].append(event)
    return [Group(year, "Date unknown" if year == "undated" else year, rows) for year, rows in years.items()]


def index_pages(site) -> dict[str, tuple[str, dict, dict]]:
    """Every generated page that is not an entry page: ``{path: (template, meta, context)}``.

    A list that grows with the archive (people by initial, defectors by rank, claims by status
    and year, sources by publisher, events and the timeline by year) is one page while it is
    short; past ``rows_per_page`` rows it becomes a small overview page with a page per group.
    """
    per_page = site.options.rows_per_page
    counts = {kind: len(site.graph.of_kind(kind)) for kind in KINDS}
    pages = {
        "index.md": ("home.md.j2", {"title": "Syrian Defections Archive"}, {"counts": counts}),
        "units/index.md": ("units.md.j2", {"title": "Units", **INDEX_META, **NO_TOC}, {"sides": unit_tree(site)}),
        "data/index.md": ("download.md.j2", {"title": "Download the data", **INDEX_META}, {"files": site.options.downloads}),
    }

    def split(overview: str, title: str, template: str, parts: list[Part], toc: bool = False, **context) -> None:
        inline = not parts or parts[0].path is None
        toc_meta = {} if toc and inline else NO_TOC
        pages[overview] = (template, {"title": title, **INDEX_META, **toc_meta}, {"parts": parts, "inline": inline, **context})
        for part in () if inline else parts:
            pages[part.path] = (template, {"title": f"{title}: {part.label}", **INDEX_META, **({} if toc else NO_TOC)},
                                {"parts": parts, "part": part, "overview": overview, **context})

    split("people/index.md", "People A–Z", "people.md.j2",
          _parts(people_az(site), "people/" + KINDS["person"].list_part, per_page, slug=lambda k: k.lower() if k != "#" else "other"))
    split("defectors/by-rank.md", "Defectors by rank", "by_rank.md.j2",
          _parts(defectors_by_rank(site), "defectors/by-rank", per_page, slug=lambda k: k.replace(":", "-").replace(" ", "-").lower()))
    split("claims/unconfirmed.md", "Unconfirmed claims", "unconfirmed.md.j2",
          _parts(_by_year(not_confirmed(site), lambda r: r["date"], newest_first=True), "claims/unconfirmed", per_page))
    split("sources/index.md", "Sources", "sources.md.j2", _parts(bibliography(site), "sources/" + KINDS["source"].list_part, per_page))
    split("events/index.md", "Events", "events.md.j2", _parts(events_by_year(site), "events/" + KINDS["event"].list_part, per_page))
    line = timeline(site)
    years = [Group(key, key, [g for g in line["groups"] if g.key[:4] == key]) for key in dict.fromkeys(g.key[:4] for g in line["groups"])]
    months = _parts(years, "timeline", per_page, size=lambda month: len(month.rows),
                    run_label=lambda year, run, i, n: run[0].label if len(run) == 1 else f"{run[0].label} – {run[-1].label}")
    split("timeline.md", "Timeline", "timeline.md.j2", months, toc=True, timeline=line)
    return pages
