"""The index pages: every list the site has, each one page while short and paged when long (:mod:`.paging`)."""

from __future__ import annotations

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
from .paging import Part, by_year, parts
from .timeline import timeline


def index_pages(site) -> dict[str, PageSpec]:
    """Every generated page that is not an entry page, by source path.

    A list that grows with the archive (people by initial, defectors by rank, claims by status
    and year, sources by publisher, events and the timeline by year) is one page while it is
    short; past ``rows_per_page`` rows it becomes a small overview page with a page per group.
    """
    per_page = site.options.rows_per_page
    counts = {kind: len(site.graph.of_kind(kind)) for kind in KINDS}
    pages = {
        "index.md": PageSpec("home.html.j2", "Syrian Defections Archive", {"counts": counts}, toc=True),
        "units/index.md": PageSpec("units.html.j2", "Units", {"sides": unit_tree(site)}),
        "data/index.md": PageSpec("download.html.j2", "Download the data", {"files": site.options.downloads}, toc=True),
    }

    def split(overview: str, title: str, template: str, parts: list[Part], toc: bool = False, **context) -> None:
        inline = not parts or parts[0].path is None
        pages[overview] = PageSpec(template, title, {"parts": parts, "inline": inline, **context}, toc=toc and inline)
        for part in () if inline else parts:
            pages[part.path] = PageSpec(template, f"{title}: {part.label}", {"parts": parts, "part": part, "overview": overview, **context},
                                        toc=toc, search=False)

    split("people/index.md", "People A–Z", "people.html.j2",
          parts(people_az(site), "people/" + KINDS["person"].list_part, per_page, slug=lambda k: k.lower() if k != "#" else "other"))
    split("defectors/by-rank.md", "Defectors by rank", "by_rank.html.j2",
          parts(defectors_by_rank(site), "defectors/by-rank", per_page, slug=lambda k: k.replace(":", "-").replace(" ", "-").lower()))
    split("claims/unconfirmed.md", "Unconfirmed claims", "unconfirmed.html.j2",
          parts(by_year(not_confirmed(site), lambda r: r["date"], newest_first=True), "claims/unconfirmed", per_page))
    split("sources/index.md", "Sources", "sources.html.j2", parts(bibliography(site), "sources/" + KINDS["source"].list_part, per_page))
    split("events/index.md", "Events", "events.html.j2", parts(events_by_year(site), "events/" + KINDS["event"].list_part, per_page))
    line = timeline(site)
    years = [Group(key, key, [g for g in line["groups"] if g.key[:4] == key]) for key in dict.fromkeys(g.key[:4] for g in line["groups"])]
    months = parts(years, "timeline", per_page, size=lambda month: len(month.rows),
                    run_label=lambda year, run, i, n: run[0].label if len(run) == 1 else f"{run[0].label} – {run[-1].label}")
    split("timeline.md", "Timeline", "timeline.html.j2", months, toc=True, timeline=line)
    return pages
