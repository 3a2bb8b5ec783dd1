"""Unmarking the stand's kept report sums (pos.services.report_pieces) of days a document was
written into, on the raw cursor of the writing transaction; light to import (checkout)."""

import sqlite3
from collections.abc import Iterable
from datetime import date


def touch_stand(cursor: sqlite3.Cursor, days: Iterable[date | str]) -> None:
    """Unmark the day, month and year pieces holding `days` (each delete reads the index by
    source, level and start: a few microseconds of a checkout)."""
    marks = set()
    for d in days:
        day = d if isinstance(d, date) else date.fromisoformat(str(d)[:10])
        marks |= {("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1))}
    cursor.executemany(
        "DELETE FROM report_pieces WHERE source = 'stand' AND level = ? AND start = ?",
        [(level, start.isoformat()) for level, start in sorted(marks)],
    )
