"""Unmarking the stand's kept report sums (pos.services.report_pieces) of days a document was
written into, on the raw cursor of the writing transaction; light to import (checkout)."""

import sqlite3
from collections.abc import Iterable
from datetime import date


def touch_stand(cursor: sqlite3.Cursor, days: Iterable[date | str]) -> None:
    """Unmark the day, month and year pieces holding `days` (one indexed delete per day)."""
    for day in {d if isinstance(d, date) else date.fromisoformat(str(d)[:10]) for d in days}:
        cursor.execute(
            "DELETE FROM report_pieces WHERE source = 'stand' AND ((level = 'd' AND start = ?) "
            "OR (level = 'm' AND start = ?) OR (level = 'y' AND start = ?))",
            (
                day.isoformat(),
                day.replace(day=1).isoformat(),
                day.replace(month=1, day=1).isoformat(),
            ),
        )
