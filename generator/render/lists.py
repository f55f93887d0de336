"""The index pages: every list the site has, each one page while short and paged when long (:mod:`.paging`)."""

from __future__ import annotations

import dataclasses

from ..model.kinds import KINDS
from .groups import (
    Group,
    bibliography,
    defectors_by_rank,
    events_by_year,
    not_confirmed,
    people_az,
    unit_tree,
)
from .page import PageSpec
from .language import Language
from .paging import Part, by_year, numbered, parts
from .chart_data import defectors_by_body
from .charts import stacked_bars
from .defectors import defectors
from .timeline import timeline


def index_pages(site, lang: Language) -> dict[str, PageSpec]:
    """Every generated page that is not an entry page, by source path (of the English edition), in ``lang``.

    A list that grows with the archive (people by initial, defectors by rank, claims by status
    and year, sources by publisher, events and the timeline by year) is one page while it is
    short; past ``rows_per_page`` rows it becomes a small overview page with a page per group.
    """
    per_page, _, label = site.options.rows_per_page, lang.gettext, numbered(lang)
    counts = {kind: len(site.graph.of_kind(kind)) for kind in KINDS}
    pages = {
        "index.md": PageSpec("home.html.j2", _("Syrian Defections Archive"), {"counts": counts}, toc=True, lang=lang.code),
        "units/index.md": PageSpec("units.html.j2", _("Units"), {"sides": unit_tree(site)}, lang=lang.code),
        "defectors/index.md": _defectors_page(site, lang),
        "data/index.md": PageSpec("download.html.j2", _("Download the data"), {"files": site.options.downloads, "version": site.options.data_version}, toc=True, lang=lang.code),
    }

    def split(overview: str, title: str, template: str, parts: list[Part], toc: bool = False, **context) -> None:
        inline = not parts or parts[0].path is None
        pages[overview] = PageSpec(template, title, {"parts": parts, "inline": inline, **context}, toc=toc and inline, lang=lang.code)
        # a part's page holds its own rows and the others' names and places only, as it shows:
        # so its spec changes exactly when the page does (what a preview compares)
        others = [dataclasses.replace(part, rows=[], count=0) for part in parts]
        for part in () if inline else parts:
            pages[part.path] = PageSpec(template, f"{title}: {part.label}", {"parts": others, "part": part, "overview": overview},
                                        toc=toc, search=False, lang=lang.code)

    split("people/index.md", _("People A–Z"), "people.html.j2",
          parts(people_az(site), "people/" + KINDS["person"].list_part, per_page, label, slug=lambda k: k.lower() if k != "#" else "other"))
    split("defectors/by-rank.md", _("Defectors by rank"), "by_rank.html.j2",
          parts(defectors_by_rank(site, lang), "defectors/by-rank", per_page, label, slug=lambda k: k.replace(":", "-").replace(" ", "-").lower()))
    split("claims/unconfirmed.md", _("Unconfirmed claims"), "unconfirmed.html.j2",
          parts(by_year(not_confirmed(site, lang), lambda r: r["date"], lang, newest_first=True), "claims/unconfirmed", per_page, label))
    split("sources/index.md", _("Sources"), "sources.html.j2", parts(bibliography(site), "sources/" + KINDS["source"].list_part, per_page, label))
    split("events/index.md", _("Events"), "events.html.j2", parts(events_by_year(site, lang), "events/" + KINDS["event"].list_part, per_page, label))
    line = timeline(site, lang)
    years = [Group(key, key, [m for m in line["groups"] if m.key[:4] == key]) for key in dict.fromkeys(m.key[:4] for m in line["groups"])]
    months = parts(years, "timeline", per_page, size=lambda month: len(month.rows),
                   run_label=lambda year, run, i, n: run[0].label if len(run) == 1 else f"{run[0].label} – {run[-1].label}")
    split("timeline.md", _("Timeline"), "timeline.html.j2", months, toc=True, timeline=line)
    return pages


def _defectors_page(site, lang: Language) -> PageSpec:
    """Every defector in one filterable table, and a chart of the kinds of body they served in."""
    rows, choices = defectors(site, lang)
    body = defectors_by_body(site, lang)
    chart = stacked_bars(body, rtl=lang.dir == "rtl") if body else None
    return PageSpec("defectors.html.j2", lang.gettext("Defectors"), {"rows": rows, "choices": choices, "body_chart": chart}, lang=lang.code)
