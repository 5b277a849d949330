"""The program's calendar: days are Vietnamese days (UTC+7, no daylight saving since 1975).

A fixed offset rather than a tz database entry, so slim images without tzdata agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """The instant in UTC; a value without an offset is read as UTC (SQLite hands timestamps back
    without one; they are stored in UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Vietnam (a request at 23:30 UTC is already the next day there)."""
    return (now or datetime.now(UTC)).astimezone(VIETNAM).date()


def day_start(day: date) -> datetime:
    """The instant a Vietnamese day begins, in UTC (for `at >= start` range filters)."""
    return datetime.combine(day, time.min, VIETNAM).astimezone(UTC)
