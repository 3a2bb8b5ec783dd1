"""Unmarking the stand's kept report sums (pos.services.report_pieces) of days a document was
written into, on the raw cursor of the writing transaction; light to import (checkout)."""

import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta


def pieces_holding(days: Iterable[date]) -> list[tuple[str, date]]:
    """The (level, start) of the day, month and year pieces that hold `days`, each once."""
    marks = set()
    for day in days:
        marks |= {("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1))}
    return sorted(marks)


def touch_stand(cursor: sqlite3.Cursor, days: Iterable[date | str]) -> None:
    """Unmark the day, month and year pieces holding `days` (each delete reads the index by
    source, level and start: a few microseconds of a checkout)."""
    dates = (d if isinstance(d, date) else date.fromisoformat(str(d)[:10]) for d in days)
    cursor.executemany(
        "DELETE FROM report_pieces WHERE source = 'stand' AND level = ? AND start = ?",
        [(level, start.isoformat()) for level, start in pieces_holding(dates)],
    )


def days_of(span: tuple[date, date]) -> list[date]:
    """Every day of `span`."""
    return [span[0] + timedelta(days=i) for i in range((span[1] - span[0]).days + 1)]


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def year_end(day: date) -> date:
    """The last day of `day`'s year."""
    return day.replace(month=12, day=31)
