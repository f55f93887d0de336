"""The timeline: dated defections and events grouped by month, and the chart of defections over time."""

from __future__ import annotations

from collections import defaultdict

from .groups import Group, date_key, name_key
from .language import Language


def timeline(site, lang: Language) -> dict:
    """Dated defections and events in date order, grouped by month, with monthly counts, labelled in ``lang``."""
    items = []
    for entry in site.graph.entries.values():
        if entry.kind == "person" and entry.data.get("defection", {}).get("date"):
            items.append({"entry": entry, "date": entry.data["defection"]["date"], "what": lang.word("item", "defection"), "status": entry.data["defection"]["status"]})
        elif entry.kind == "event" and entry.data.get("date"):
            items.append({"entry": entry, "date": entry.data["date"], "what": lang.word("event_kind", entry.data["kind"]) if entry.data.get("kind") else lang.word("item", "event"), "status": entry.data.get("status")})
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
    per_month: dict[str, int] = defaultdict(int)
    for item in items:
        if item["entry"].kind == "person" and item["date"].month_key:
            per_month[item["date"].month_key] += 1
    wider = sum(1 for i in items if i["entry"].kind == "person" and not i["date"].month_key)
    return {"groups": groups, "chart": _chart(per_month, lang), "undated_months": wider}


def _month_label(key: str, lang: Language, short: bool = False) -> str:
    words = lang.date_words
    month = (words.short_months if short else words.months)[int(key[5:7])]
    return f"{month} {key[2:4] if short else key[:4]}"


CHART_BARS = 48  # the most bars: a longer span of months is charted by year, a longer span of years by decade


def _chart(per_month: dict[str, int], lang: Language) -> dict | None:
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
            months.append({"key": key, "label": _month_label(key, lang), "short": _month_label(key, lang, short=True),
                           "count": per_month.get(key, 0)})
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        unit = "month"
    else:
        span = 1 if int(last[:4]) - year < CHART_BARS else 10
        per_bin: dict[int, int] = defaultdict(int)
        for key, count in per_month.items():
            per_bin[int(key[:4]) // span * span] += count
        for start in range(year // span * span, int(last[:4]) + 1, span):
            label = str(start) if span == 1 else lang.gettext("{decade}s").format(decade=start)
            months.append({"key": label, "label": label, "short": label, "count": per_bin.get(start, 0)})
        unit = "year" if span == 1 else "decade"
    top = max(m["count"] for m in months)
    width, height, gap = 28, 160, 6
    for i, m in enumerate(months):
        m["x"] = 40 + i * (width + gap)
        m["h"] = round(m["count"] / top * height) if top else 0
        m["y"] = 20 + height - m["h"]
    return {"months": months, "unit": unit, "top": top, "width": 40 + len(months) * (width + gap) + 10, "height": height + 100,
            "bar": width, "base": 20 + height}
