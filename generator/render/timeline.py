"""The timeline: dated defections and events grouped by month, and the chart of defections by year."""

from __future__ import annotations

from .chart_data import UNDATED, defections_by_year
from .charts import stacked_bars
from .groups import Group, date_key, defection_events, name_key
from .language import Language


def timeline(site, lang: Language) -> dict:
    """Dated defections and events in date order, grouped by month, and the chart of defections by year, labelled in ``lang``."""
    graph = site.graph
    # A defection that is one fact with a dated event is shown once, as that event, with the person named beside it.
    defectors = {id: people for id, people in defection_events(graph).items() if graph.get(id).data.get("date")}
    items = []
    for entry in graph.entries.values():
        defection = entry.data.get("defection") if entry.kind == "person" else None
        if defection and defection.get("date") and defection.get("event") not in defectors:
            items.append({"entry": entry, "date": defection["date"], "what": lang.word("item", "defection"),
                          "status": defection["status"], "people": ()})
        elif entry.kind == "event" and entry.data.get("date"):
            items.append({"entry": entry, "date": entry.data["date"], "what": lang.word("event_kind", entry.data["kind"]) if entry.data.get("kind") else lang.word("item", "event"),
                          "status": entry.data.get("status"), "people": defectors.get(entry.id, ())})
    # Group first, then date: an entry known only to the year (or to a span of months) goes in its
    # year's group, which comes before that year's months ("2012" < "2012-01"); grouping by date
    # alone split the year group around the months a span starts in.
    for item in items:
        item["group"] = item["date"].month_key or f"{item['date'].earliest.year}"
    items.sort(key=lambda i: (i["group"], date_key(i["date"]), name_key(i["entry"])))
    groups: list[Group] = []
    for item in items:
        key = item["group"]
        if not groups or groups[-1].key != key:
            label = _month_label(key, lang) if "-" in key else lang.gettext("{year} (month not known)").format(year=key)
            groups.append(Group(key, label, []))
        groups[-1].rows.append(item)
    rows = defections_by_year(site, lang)
    dated = [row for row in rows if row[0] != UNDATED]
    chart = stacked_bars(rows, rtl=lang.dir == "rtl") if dated else None
    return {"groups": groups, "chart": chart, "decades": bool(dated) and dated[0][0].endswith("s")}


def _month_label(key: str, lang: Language) -> str:
    return f"{lang.date_words.months[int(key[5:7])]} {key[:4]}"
