"""What the charts count: defections by year, defectors by the kind of body they served in.

Like :mod:`.groups`, each function takes ``(site, lang)`` and labels in ``lang``; each returns rows
``(key, label, {status: count})`` for :func:`.charts.stacked_bars`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .language import Language

MOST_YEARS = 40  # a longer span of years (a typo in a date?) is counted by decade
UNDATED, UNRECORDED = "unknown", "not-recorded"  # the keys of the rows of what is not known


def _defections(site):
    """``(person, defection)`` of every person with a defection record."""
    for person in site.graph.of_kind("person"):
        if person.data.get("defection"):
            yield person, person.data["defection"]


def defections_by_year(site, lang: Language) -> list[tuple[str, str, dict[str, int]]]:
    """Defections by the year their date starts in, every year from the first to the last (decades, keyed
    ``"2010s"``, over :data:`MOST_YEARS`), then those with no date (key :data:`UNDATED`) if any."""
    years: dict[int, Counter] = defaultdict(Counter)
    undated: Counter = Counter()
    for _person, defection in _defections(site):
        date = defection.get("date")
        (years[date.earliest.year] if date else undated)[defection["status"]] += 1
    rows = []
    if years:
        first, last = min(years), max(years)
        span = 1 if last - first < MOST_YEARS else 10
        for start in range(first // span * span, last + 1, span):
            counts = sum((years[y] for y in range(start, start + span) if y in years), Counter())
            rows.append((str(start), str(start), dict(counts)) if span == 1 else
                        (f"{start}s", lang.gettext("{decade}s").format(decade=start), dict(counts)))
    if undated:
        rows.append((UNDATED, lang.gettext("Date unknown"), dict(undated)))
    return rows


def defectors_by_body(site, lang: Language) -> list[tuple[str, str, dict[str, int]]]:
    """Defectors by the kind of each government unit they held a position in (each kind once a person), most
    first; those with no such position last (key :data:`UNRECORDED`). A post on another side, such as a
    command in the armed opposition after defecting, is not where they defected from."""
    kinds: dict[str, Counter] = defaultdict(Counter)
    for person, defection in _defections(site):
        units = (site.graph.get(p["unit"]) for p in person.data.get("positions", ()) if p.get("unit"))
        units = (u for u in units if u.data.get("side") == "government")
        for kind in {u.data["kind"] for u in units if u.data.get("kind")} or {UNRECORDED}:
            kinds[kind][defection["status"]] += 1
    rows = sorted(((k, lang.word("unit_kind", k).capitalize(), dict(c)) for k, c in kinds.items() if k != UNRECORDED),
                  key=lambda row: (-sum(row[2].values()), row[0]))  # ties in the same order in every edition
    if UNRECORDED in kinds:
        rows.append((UNRECORDED, lang.gettext("Not recorded"), dict(kinds[UNRECORDED])))
    return rows
