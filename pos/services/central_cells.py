"""Checking an export's cells, a whole column at a time where it can (C loops): every cell is
hostile until checked (numbers within bounds, text within its column's length and free of
control characters)."""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pos.core.text import unquote_cell
from pos.i18n import _

_CONTROL = re.compile("[\x00-\x1f\x7f]")
# A cell (in a column joined by _SEP, and _SEP first) that starts with neither a letter, digit
# nor underscore, and is not empty (an empty cell has no quote to take off). Without `^|` the
# search jumps from separator to separator (ten times faster).
_SEP = "\x1f"
_ODD_START = re.compile("\x1f[^\\w\x1f]")


Cell = Callable[[str], Any]
# Each cell reader's column-wise twin: the whole column checked in a few passes over C loops
# (a region's year is tens of millions of cells), or None when a cell is wrong; the cell
# reader then runs cell by cell to say which one and why.
MANY: dict[Cell, Callable[[list[str]], list[Any] | None]] = {}


class CellError(ValueError):
    """A cell that is not what its column holds; the message says why."""


def text_cell(limit: int, required: bool = True) -> Cell:
    def read(raw: str) -> str | None:
        # Most cells start with a letter or digit: no quote to take off (a year of a region's
        # exports is tens of millions of cells).
        value = raw if raw[:1].isalnum() or not raw else unquote_cell(raw)[0]
        if not value:
            if required:
                raise CellError(_("is empty"))
            return None
        if len(value) > limit:
            raise CellError(_("is longer than {n} characters").format(n=limit))
        if _CONTROL.search(value):
            raise CellError(_("holds control characters"))
        return value

    def many(column: list[str]) -> list[Any] | None:
        values: list[Any] = column
        if _ODD_START.search(_SEP + _SEP.join(column)):  # some cell may hold a quote to take off
            values = [c if c[:1].isalnum() or not c else unquote_cell(c)[0] for c in column]
        if values and max(map(len, values)) > limit:
            return None
        joined = "".join(values)
        if not joined.isprintable() and _CONTROL.search(joined):  # isprintable: a C loop
            return None
        if not all(values):
            if required:
                return None
            values = [v or None for v in values]
        return values

    MANY[read] = many
    return read


def int_cell(low: int, high: int, required: bool = True) -> Cell:
    def read(raw: str) -> int | None:
        if raw == "" and not required:
            return None
        digits = raw[1:] if raw[:1] == "-" else raw
        if not (digits.isascii() and digits.isdigit() and len(raw) <= 20):
            raise CellError(_("is not a whole number"))
        value = int(raw)
        if not low <= value <= high:
            raise CellError(_("is not between {low} and {high}").format(low=low, high=high))
        return value

    def many(column: list[str]) -> list[Any] | None:
        if low < 0 or not all(column):
            return None  # signs and empty cells: cell by cell
        if not ("".join(column).isascii() and all(map(str.isdigit, column))):
            return None
        try:
            values = list(map(int, column))
        except ValueError:  # thousands of digits: Python refuses to convert them
            return None
        if values and (min(values) < low or max(values) > high):
            return None
        return values

    MANY[read] = many
    return read


def time_cell(raw: str) -> datetime:
    try:
        if len(raw) > 32:
            raise ValueError(raw)
        return datetime.fromisoformat(raw)
    except ValueError as e:
        raise CellError(_("is not a date and time")) from e


def time_column(column: list[str]) -> list[Any] | None:
    try:
        if column and max(map(len, column)) > 32:
            return None
        return list(map(datetime.fromisoformat, column))
    except ValueError:
        return None


def flag_cell(raw: str) -> bool:
    if raw not in ("True", "False", "1", "0"):
        raise CellError(_("is not True or False"))
    return raw in ("True", "1")


def choice_cell(*allowed: str) -> Cell:
    def read(raw: str) -> str:
        if raw not in allowed:
            raise CellError(_("is not one of {values}").format(values=", ".join(allowed)))
        return raw

    MANY[read] = lambda column: column if set(column) <= set(allowed) else None
    return read


MANY[time_cell] = time_column
MANY[flag_cell] = lambda column: (
    [c in ("True", "1") for c in column] if set(column) <= {"True", "False", "1", "0"} else None
)
