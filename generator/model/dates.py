"""Dates in a subset of EDTF level 1: ``2012``, ``2012-07``, ``2012-07-03``.

A trailing ``~`` marks an approximate date, ``?`` an uncertain one and ``%``
both; ``START/END`` is an interval meaning "some time between".
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

_DATE = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?(?P<q>[~?%])?")  # ASCII digits only
MONTHS = [calendar.month_name[m] for m in range(13)]
SHORT_MONTHS = [calendar.month_abbr[m] for m in range(13)]
# The years a date may name: births of the oldest officials to well past the conflict. A year
# outside them is a typo (0212, 1012, 9999), and every consumer of dates can rely on the range.
FIRST_YEAR, LAST_YEAR = 1900, 2099
EXPECTED = "a date such as 2012, 2012-07, 2012-07-03, 2012-07~ (approximate), 2012? (uncertain) or 2011-12-16/2012-01-06 (between)"


class DateError(ValueError):
    """The text is not a date in the accepted subset."""


class OutOfRange(DateError):
    """The text is a date, in a year outside :data:`FIRST_YEAR` to :data:`LAST_YEAR`."""


@dataclass(frozen=True)
class DateWords:
    """The words a date is written with in one language (``about``: "about {date}", ...)."""

    months: list[str]
    short_months: list[str]
    about: str = "about {date}"
    uncertain: str = "{date} (uncertain)"
    between: str = "between {start} and {end}"


ENGLISH = DateWords(MONTHS, SHORT_MONTHS)


@dataclass(frozen=True)
class Point:
    """A single date with year, month or day precision."""

    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def earliest(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> datetime.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return datetime.date(self.year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def plain(self, short: bool = False, words: DateWords = ENGLISH) -> str:
        names = words.short_months if short else words.months
        if self.day:
            return f"{self.day} {names[self.month]} {self.year}"
        if self.month:
            return f"{names[self.month]} {self.year}"
        return str(self.year)

    def describe(self, short: bool = False, words: DateWords = ENGLISH) -> str:
        text = self.plain(short, words)
        if self.approximate:
            text = words.about.format(date=text)
        if self.uncertain:
            text = words.uncertain.format(date=text)
        return text


@dataclass(frozen=True)
class Date:
    """A date as written in content, with its parsed bounds."""

    text: str
    start: Point
    end: Point | None = None

    @property
    def earliest(self) -> datetime.date:
        return self.start.earliest

    @property
    def latest(self) -> datetime.date:
        return (self.end or self.start).latest

    @property
    def is_interval(self) -> bool:
        return self.end is not None

    @property
    def precision(self) -> str:
        return "interval" if self.end else self.start.precision

    @property
    def approximate(self) -> bool:
        return any(p.approximate for p in self.points)

    @property
    def uncertain(self) -> bool:
        return any(p.uncertain for p in self.points)

    @property
    def points(self) -> tuple[Point, ...]:
        return (self.start,) if self.end is None else (self.start, self.end)

    @property
    def sort_key(self) -> tuple[datetime.date, datetime.date]:
        return (self.earliest, self.latest)

    @property
    def month_key(self) -> str | None:
        """``YYYY-MM`` when the whole date falls in one month, else ``None``."""
        if self.earliest.replace(day=1) == self.latest.replace(day=1):
            return self.earliest.strftime("%Y-%m")
        return None

    def describe(self, words: DateWords = ENGLISH) -> str:
        """Human text that keeps the precision: "July 2012", "about 21 June 2012"."""
        if self.end is None:
            return self.start.describe(words=words)
        return words.between.format(start=self.start.describe(True, words), end=self.end.describe(True, words))

    def __str__(self) -> str:
        return self.text


def _point(text: str) -> Point:
    match = _DATE.fullmatch(text)
    if not match:
        raise DateError(f"'{text}' is not a date")
    year, month, day = (int(match[k]) if match[k] else None for k in "ymd")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRange(f"'{text}' is outside the years the archive records, {FIRST_YEAR} to {LAST_YEAR} (a typo in the year?)")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' has no month {month:02d}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateError(f"'{text}' has no day {day:02d} in {MONTHS[month]} {year}")
    qualifier = match["q"] or ""
    return Point(year, month, day, approximate=qualifier in "~%" and bool(qualifier), uncertain=qualifier in "?%" and bool(qualifier))


def parse_date(value) -> Date:
    """Parse a date from content: a string, a YAML date or a bare year."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DateError(f"expected a date, got {type(value).__name__}")
    text = value.strip()
    if "/" in text:
        first, _, second = text.partition("/")
        try:
            start, end = _point(first), _point(second)
        except OutOfRange:
            raise
        except DateError as err:  # 03/07/2012 is a day written the wrong way, not an interval
            raise DateError(f"'{text}' is not an interval of two dates: {err} ('/' separates the start and the end; "
                            "write a day as year-month-day, 2012-07-03)") from None
        if end.latest < start.earliest:
            raise DateError(f"'{text}' ends before it starts")
        return Date(text, start, end)
    return Date(text, _point(text))
