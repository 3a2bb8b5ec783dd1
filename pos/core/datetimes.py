"""Dates and times as people read them at the stand (screens, receipts, reports)."""

from datetime import date, datetime

DATE_FORMAT = "%d-%m-%Y"
DATETIME_FORMAT = "%d-%m-%Y %H:%M"


def format_datetime(at: datetime) -> str:
    """'31-12-2024 17:05': day first, minutes, no seconds."""
    return at.strftime(DATETIME_FORMAT)


def format_date(day: date) -> str:
    """'31-12-2024'."""
    return day.strftime(DATE_FORMAT)
