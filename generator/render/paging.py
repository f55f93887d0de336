"""How a long list is paged: its groups as parts, each on the list's page or on a page of its own."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .groups import Group, folded
from .language import Language


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
    return re.sub(r"[^a-z0-9]+", "-", folded(text)).strip("-") or "other"


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


def numbered(lang: Language):
    """Names the runs of a cut group in ``lang``: "Colonel (2 of 3)"."""
    return lambda group, run, i, n: lang.gettext("{label} ({i} of {n})").format(label=group.label, i=i, n=n)


def parts(groups: list[Group], folder: str, per_page: int, run_label, slug=_slug, size=_one) -> list[Part]:
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


def by_year(groups: list[Group], date_of, lang: Language, newest_first: bool = False) -> list[Group]:
    """Each group split by the year its rows' dates start in (undated rows last), keeping row order."""
    out = []
    for g in groups:
        years: dict[str, list] = defaultdict(list)
        for row in g.rows:
            date = date_of(row)
            years[str(date.earliest.year) if date else "undated"].append(row)
        for year in sorted(years, key=lambda y: (y == "undated", -int(y) if newest_first and y != "undated" else y)):
            label = lang.gettext("{label}, {year}").format(label=g.label, year=year if year != "undated" else lang.gettext("date unknown"))
            out.append(Group(f"{g.key}-{year}", label, years[year]))
    return out
