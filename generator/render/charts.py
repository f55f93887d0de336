"""The geometry of a horizontal stacked bar chart, measured at build time for ``charts.html.j2`` to draw.

One row per category (a year, a kind of body), each bar split by defection status, its total written
at its end, and an axis of round ticks. Sizes are SVG user units: the chart is :data:`WIDTH` wide
and its text :data:`FONT` high, so that scaled down into a phone's column it still reads at about
11 CSS pixels. Right to left, the chart is mirrored: labels on the right, bars growing leftwards.
Nothing here writes markup.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass

STATUSES = ("confirmed", "unconfirmed", "disputed", "denied")  # a bar's segments, from the axis out
WIDTH = 400  # the viewBox's width
FONT = 13  # the text's size
ROW = 26  # a row's height
BAR = 16  # a bar's thickness
GAP = 6  # between a label, or a total, and its bar
PAD = 2  # around the whole
CHAR = 0.6 * FONT  # a generous average width of a character: labels are estimated, not measured
MOST_TICKS = 5
LABELS = 0.45  # the most of the width the row labels may take


@dataclass(frozen=True)
class Segment:
    """One status's part of a bar."""

    status: str
    count: int
    x: float  # its left edge
    width: float


@dataclass(frozen=True)
class Row:
    """One category: its label, counts by status (every status), bar and total."""

    key: str
    label: str
    counts: dict[str, int]
    total: int
    segments: tuple[Segment, ...]
    y: float  # the top of its bar
    text_y: float  # the baseline of its label and total
    total_x: float  # where its total starts (text-anchor="start")


@dataclass(frozen=True)
class Tick:
    value: int
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    """What the template draws. Text anchors are logical: the svg's ``direction`` is ``rtl`` when :attr:`rtl`."""

    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    statuses: tuple[str, ...]  # those with a count, in :data:`STATUSES` order (the legend's and the table's columns)
    width: float
    height: float
    rtl: bool
    label_x: float  # where the row labels end (text-anchor="end")
    axis_x: float  # the zero line
    top: float  # the gridlines' ends
    bottom: float
    tick_y: float  # the tick labels' baseline
    font: int = FONT
    bar: int = BAR


def ticks(largest: int, most: int = MOST_TICKS) -> list[int]:
    """Round ticks from 0 to at least ``largest``: a step of 1, 2 or 5 × 10^k, at most ``most`` ticks, at least two."""
    for k in itertools.count():
        for step in (10**k, 2 * 10**k, 5 * 10**k):
            steps = math.ceil(largest / step)
            if steps < most:
                return [i * step for i in range(max(steps, 1) + 1)]
    raise AssertionError("unreachable")


def stacked_bars(rows: Iterable[tuple[str, str, dict[str, int]]], rtl: bool = False) -> Chart:
    """Measure a chart of ``rows``, each ``(key, label, {status: count})``, in the order given."""
    rows = [(key, label, {s: counts.get(s, 0) for s in STATUSES}) for key, label, counts in rows]
    totals = [sum(counts.values()) for _, _, counts in rows]
    scale_ticks = ticks(max(totals, default=0))
    top = scale_ticks[-1]
    labels = min(max((len(label) for _, label, _ in rows), default=0) * CHAR, WIDTH * LABELS)
    axis = PAD + labels + GAP
    digits = len(str(top)) * CHAR
    end = WIDTH - PAD - max(GAP + digits, digits / 2)  # room for the longest bar's total, and for the last tick's label
    unit = (end - axis) / top

    def at(x: float, width: float = 0) -> float:
        """``x`` (a left edge, with ``width``) as drawn: mirrored right to left."""
        return _round(WIDTH - x - width if rtl else x)

    out = []
    for i, ((key, label, counts), total) in enumerate(zip(rows, totals)):
        band, cursor, segments = PAD + i * ROW, axis, []
        for status in STATUSES:
            if counts[status]:
                width = counts[status] * unit
                segments.append(Segment(status, counts[status], at(cursor, width), _round(width)))
                cursor += width
        out.append(Row(key, label, counts, total, tuple(segments), _round(band + (ROW - BAR) / 2),
                       _round(band + ROW / 2 + FONT * 0.35), at(cursor + GAP)))
    bottom = PAD + len(rows) * ROW
    tick_y = bottom + FONT * 1.25
    return Chart(tuple(out), tuple(Tick(v, at(axis + v * unit), str(v)) for v in scale_ticks),
                 tuple(s for s in STATUSES if any(r.counts[s] for r in out)), WIDTH,
                 math.ceil(tick_y + FONT * 0.6 + PAD), rtl,  # room below the baseline for an Arabic font's deep descent
                 at(axis - GAP), at(axis), PAD, bottom, _round(tick_y))


def _round(x: float) -> float | int:
    """A coordinate to a tenth of a unit, whole numbers without their ".0"."""
    x = round(x, 1)
    return int(x) if x == int(x) else x
