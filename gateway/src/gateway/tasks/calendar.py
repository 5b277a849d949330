"""Deadline rules of the program year, as pure functions of dates (the days and months come
from settings, since the calendar is set by circulars that change)."""

from __future__ import annotations

import datetime as dt


def month_day(text: str) -> tuple[int, int]:
    """'05-20' → (5, 20); refuses what is not a day of a (leap) year."""
    month, day = (int(part) for part in text.split("-"))
    dt.date(2000, month, day)  # raises ValueError for 02-30 and the like
    return month, day


def on(year: int, md: tuple[int, int]) -> dt.date:
    month, day = md
    if (month, day) == (2, 29):
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def plan_due(fiscal_year: int, md: tuple[int, int]) -> dt.date:
    """A year's plan is filed in the year before it."""
    return on(fiscal_year - 1, md)


def settlement_due(fiscal_year: int, md: tuple[int, int]) -> dt.date:
    """Final settlement of a year's project: by the set day of the next year."""
    return on(fiscal_year + 1, md)


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def progress_due(
    today: dt.date, start_on: dt.date | None, last_period: str | None, day: int
) -> dt.date | None:
    """The due day of the first monthly report not yet filed, if it is due by this month's.

    Reports are for months (`period` 'YYYY-MM'), each due on `day` of its month; the first is the
    start month's. None when every month up to this one is reported (or the project has not
    started)."""
    if last_period:
        year, month = (int(p) for p in last_period[:7].split("-"))
        year, month = _month_after(year, month)
    elif start_on is not None:
        year, month = start_on.year, start_on.month
    else:
        year, month = today.year, today.month
    if (year, month) > (today.year, today.month):
        return None
    return dt.date(year, month, min(day, 28))


def add_days(when: dt.date, days: int) -> dt.date:
    return when + dt.timedelta(days=days)
