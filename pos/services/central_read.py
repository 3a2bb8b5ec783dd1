"""Reading one verified day export (its manifest and CSV files) into rows for the central database.

Every cell is hostile until checked: numbers within bounds, text within its column's length and
free of control characters, every document number the stand's own. Anything wrong refuses the
whole export, with the file, row and column named.
"""

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.core.text import unquote_cell
from pos.i18n import _
from pos.services.export_verify import MANIFEST, verify_export

FORMAT = "lapak-day-export/1"
MAX_CSV_BYTES = 64 * 1024 * 1024  # a day of 2,000 sales is about 1 MB
MAX_MONEY = 10**13  # Rp10 trillion: far above any sale, far below BIGINT
MAX_QTY = 1_000_000
_CONTROL = re.compile("[\x00-\x1f\x7f]")
# A cell (in a column joined by _SEP) that starts with neither a letter, digit nor underscore,
# and is not empty (an empty cell has no quote to take off).
_SEP = "\x1f"
_ODD_START = re.compile("(?:^|\x1f)[^\\w\x1f]")


class BadExport(PosError):
    """An export folder that is refused whole: its problems, each naming where it is."""

    def __init__(self, folder: Path, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.folder = folder
        self.problems = problems


@dataclass
class DayImport:
    """One stand's day read from an export folder: the rows to import and their sums."""

    folder: Path
    stand: str
    day: date
    manifest_sha256: str
    app_version: str
    sales: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    payments: list[tuple[Any, ...]] = field(default_factory=list)
    refunds: list[tuple[Any, ...]] = field(default_factory=list)
    refund_lines: list[tuple[Any, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the import could not take from it

    # The day's sums, added up once all its rows are read (add_up).
    sales_count: int = 0  # completed sales
    total: int = 0
    discount_total: int = 0
    refunds_total: int = 0

    def add_up(self) -> None:
        """Sum the completed sales and the refunds (not the voids) of the rows read."""
        completed = [s for s in self.sales if s[6] == "completed"]
        self.sales_count = len(completed)
        self.total = sum(s[7] for s in completed)
        self.discount_total = sum(s[8] for s in completed)
        self.refunds_total = sum(r[11] for r in self.refunds if r[3] == "refund")

    @property
    def rows(self) -> int:
        return (
            len(self.sales) + len(self.lines) + len(self.payments) + len(self.refunds)
            + len(self.refund_lines)
        )  # fmt: skip


# --- cells -------------------------------------------------------------------------------

Cell = Callable[[str], Any]
# Each cell reader's column-wise twin: the whole column checked in a few passes over C loops
# (a region's year is tens of millions of cells), or None when a cell is wrong; the cell
# reader then runs cell by cell to say which one and why.
_MANY: dict[Cell, Callable[[list[str]], list[Any] | None]] = {}


class _CellError(ValueError):
    pass


def _text(limit: int, required: bool = True) -> Cell:
    def read(raw: str) -> str | None:
        # Most cells start with a letter or digit: no quote to take off (a year of a region's
        # exports is tens of millions of cells).
        value = raw if raw[:1].isalnum() or not raw else unquote_cell(raw)[0]
        if not value:
            if required:
                raise _CellError(_("is empty"))
            return None
        if len(value) > limit:
            raise _CellError(_("is longer than {n} characters").format(n=limit))
        if _CONTROL.search(value):
            raise _CellError(_("holds control characters"))
        return value

    def many(column: list[str]) -> list[Any] | None:
        values: list[Any] = column
        if _ODD_START.search(_SEP.join(column)):  # some cell may hold a quote to take off
            values = [c if c[:1].isalnum() or not c else unquote_cell(c)[0] for c in column]
        if values and (max(map(len, values)) > limit or _CONTROL.search("".join(values))):
            return None
        if not all(values):
            if required:
                return None
            values = [v or None for v in values]
        return values

    _MANY[read] = many
    return read


def _int(low: int, high: int, required: bool = True) -> Cell:
    def read(raw: str) -> int | None:
        if raw == "" and not required:
            return None
        digits = raw[1:] if raw[:1] == "-" else raw
        if not (digits.isascii() and digits.isdigit() and len(raw) <= 20):
            raise _CellError(_("is not a whole number"))
        value = int(raw)
        if not low <= value <= high:
            raise _CellError(_("is not between {low} and {high}").format(low=low, high=high))
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

    _MANY[read] = many
    return read


def _time(raw: str) -> datetime:
    try:
        if len(raw) > 32:
            raise ValueError(raw)
        return datetime.fromisoformat(raw)
    except ValueError as e:
        raise _CellError(_("is not a date and time")) from e


def _times(column: list[str]) -> list[Any] | None:
    try:
        if column and max(map(len, column)) > 32:
            return None
        return list(map(datetime.fromisoformat, column))
    except ValueError:
        return None


def _flag(raw: str) -> bool:
    if raw not in ("True", "False", "1", "0"):
        raise _CellError(_("is not True or False"))
    return raw in ("True", "1")


def _choice(*allowed: str) -> Cell:
    def read(raw: str) -> str:
        if raw not in allowed:
            raise _CellError(_("is not one of {values}").format(values=", ".join(allowed)))
        return raw

    _MANY[read] = lambda column: column if set(column) <= set(allowed) else None
    return read


_MANY[_time] = _times
_MANY[_flag] = lambda column: (
    [c in ("True", "1") for c in column] if set(column) <= {"True", "False", "1", "0"} else None
)


MONEY = _int(0, MAX_MONEY)
STATUS = _choice("completed", "voided")
# Columns read from each file; a column missing from an older export takes its default.
SALES = {
    "receipt_no": _text(40), "created_at": _time, "cashier": _text(80),
    "shift_id": _int(0, 2**31 - 1, required=False), "status": STATUS, "total": MONEY,
    "discount_total": MONEY,
}  # fmt: skip
LINES = {
    "receipt_no": _text(40), "status": STATUS, "sku": _text(48), "name": _text(200),
    "category": _text(80, False), "workshop": _text(80, False), "qty": _int(1, MAX_QTY),
    "unit_price": MONEY, "line_total": MONEY, "list_price": _int(0, MAX_MONEY, required=False),
    "discount": MONEY, "sale_discount": MONEY, "discount_reason": _text(200, False),
    "unit_cost": _int(0, MAX_MONEY, required=False),
}  # fmt: skip
PAYMENTS = {
    "receipt_no": _text(40), "status": STATUS, "method": _text(16), "amount": MONEY,
    "tendered": MONEY, "change": MONEY, "reference": _text(80, False), "bank": _text(40, False),
    "confirmed": _flag,
}  # fmt: skip
REFUNDS = {
    "refund_no": _text(40), "kind": _choice("void", "refund"), "receipt_no": _text(40),
    "created_at": _time, "cashier": _text(80), "approver": _text(80), "reason": _text(200),
    "method": _text(16, False), "reference": _text(80, False), "total": MONEY,
}  # fmt: skip
REFUND_LINES = {
    "refund_no": _text(40), "kind": _choice("void", "refund"), "receipt_no": _text(40),
    "sku": _text(48), "name": _text(200), "category": _text(80, False),
    "workshop": _text(80, False), "qty": _int(1, MAX_QTY), "amount": MONEY,
    "unit_cost": _int(0, MAX_MONEY, required=False), "disposition": _text(8),
}  # fmt: skip
# Exports of an older Lapak lack these columns: discounts (before 0006) and line costs
# (before the central import); their lines' cost is left unknown (NULL), never made up.
DEFAULTS = {
    "unit_cost": "",
    "discount_total": "0",
    "list_price": "",
    "discount": "0",
    "sale_discount": "0",
    "discount_reason": "",
    "confirmed": "True",
}


def _rows(
    folder: Path,
    name: str,
    columns: dict[str, Cell],
    problems: list[str],
    absent: set[str] | None = None,
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The file's rows, checked; `absent` gets the columns it lacks (given their default)."""
    path = folder / name
    if path.stat().st_size > MAX_CSV_BYTES:
        problems.append(_("{name} is too large.").format(name=name))
        return
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, [])
        where = {column: header.index(column) for column in columns if column in header}
        missing = [c for c in columns if c not in where and c not in DEFAULTS]
        if missing:
            problems.append(
                _("{name} lacks the columns {columns}.").format(
                    name=name, columns=", ".join(missing)
                )
            )
            return
        if absent is not None:
            absent.update(c for c in columns if c not in where)
        records = list(reader)
    width = len(header)
    if any(len(r) != width for r in records):  # a short row's missing cells are empty
        records = [(r + [""] * width)[:width] for r in records]
    cells = list(zip(*records, strict=True)) or [()] * width  # column by column
    found = len(problems)
    columns_read = []
    for column, read in columns.items():
        index = where.get(column)
        raw = [DEFAULTS[column]] * len(records) if index is None else list(cells[index])
        many = _MANY.get(read)
        values = many(raw) if many is not None else None
        if values is None:
            values = []
            for number, cell in enumerate(raw, start=2):
                try:
                    values.append(read(cell))
                except _CellError as e:
                    problems.append(
                        _("{name} row {row}, {column}: {value} {problem}.").format(
                            name=name,
                            row=number,
                            column=column,
                            value=repr(cell[:40]),
                            problem=e,
                        )
                    )
                    if len(problems) >= 20:
                        return
                    values.append(None)
        columns_read.append(values)
    if len(problems) == found:
        yield from enumerate(zip(*columns_read, strict=True), start=2)


def _manifest(folder: Path) -> tuple[dict[str, Any], str]:
    raw = (folder / MANIFEST).read_bytes()
    document = json.loads(raw.decode("utf-8"))
    if not isinstance(document, dict):
        raise ValueError("not an object")
    return document, hashlib.sha256(raw).hexdigest()


def read_export(folder: Path) -> DayImport:
    """The day in `folder`, verified against its manifest and checked cell by cell."""
    from pos.services import settings

    folder = Path(folder)
    problems = verify_export(folder)
    if problems:
        raise BadExport(folder, problems)
    try:
        manifest, sha = _manifest(folder)
        if manifest.get("format") != FORMAT:
            raise ValueError("format")
        stand = str(manifest["stand"])
        settings.STAND_CODE.validate(stand)  # type: ignore[misc]
        day = date.fromisoformat(str(manifest["date"]))
        version = str(manifest.get("app_version", ""))[:32]
        listed = {str(f["name"]) for f in manifest["files"]}
    except (ValueError, KeyError, TypeError, PosError) as e:
        raise BadExport(
            folder, [_("{name} is not a Lapak day export's manifest.").format(name=MANIFEST)]
        ) from e
    result = DayImport(folder, stand, day, sha, version)
    for required in ("sales.csv", "lines.csv", "payments.csv"):
        if required not in listed:
            problems.append(_("{name} is missing.").format(name=required))
    if problems:
        raise BadExport(folder, problems)
    own = f"{stand}-"
    for _number, row in _rows(folder, "sales.csv", SALES, problems):
        result.sales.append((stand, row[0], day, *row[1:]))
    line_numbers: dict[str, int] = {}
    absent: set[str] = set()
    for _number, row in _rows(folder, "lines.csv", LINES, problems, absent):
        n = line_numbers[row[0]] = line_numbers.get(row[0], 0) + 1
        result.lines.append((stand, row[0], n, day, *row[1:]))
    pay_numbers: dict[str, int] = {}
    for _number, row in _rows(folder, "payments.csv", PAYMENTS, problems):
        n = pay_numbers[row[0]] = pay_numbers.get(row[0], 0) + 1
        result.payments.append((stand, row[0], n, day, *row[1:]))
    if "refunds.csv" in listed:
        for number, row in _rows(folder, "refunds.csv", REFUNDS, problems):
            if not (row[0].startswith(own) and row[2].startswith(own)):
                problems.append(
                    _("{name} row {row}: {no} is not a document of stand {stand}.").format(
                        name="refunds.csv", row=number, no=row[0], stand=stand
                    )
                )
            result.refunds.append((stand, row[0], day, *row[1:]))
    if "refund_lines.csv" in listed:  # exports of an older Lapak lack it
        numbers: dict[str, int] = {}
        for number, row in _rows(folder, "refund_lines.csv", REFUND_LINES, problems):
            if not row[0].startswith(own):
                problems.append(
                    _("{name} row {row}: {no} is not a document of stand {stand}.").format(
                        name="refund_lines.csv", row=number, no=row[0], stand=stand
                    )
                )
            n = numbers[row[0]] = numbers.get(row[0], 0) + 1
            result.refund_lines.append((stand, row[0], n, day, *row[1:]))
    elif result.refunds:
        # Without their goods the refunds would be missing from the reports across stands,
        # which would then differ from the stand's own: the stand exports the day again.
        problems.append(
            _(
                "refunds.csv lists voids or refunds but there is no refund_lines.csv (an export "
                "of an older Lapak): export the day again at the stand (pos export --date {day}) "
                "and import that."
            ).format(day=day.isoformat())
        )
    if "unit_cost" in absent:
        result.notes.append(
            _("no line costs (an export of an older Lapak): the day's cost and profit are unknown")
        )
    _check_documents(result, manifest, problems)
    if problems:
        raise BadExport(folder, problems)
    return result


def _check_documents(result: DayImport, manifest: dict[str, Any], problems: list[str]) -> None:
    stand = result.stand
    receipts = [s[1] for s in result.sales]
    foreign = [r for r in receipts if not r.startswith(f"{stand}-")]
    if foreign:
        problems.append(
            _("sales.csv: {no} is not a receipt of stand {stand}.").format(
                no=foreign[0], stand=stand
            )
        )
    if len(set(receipts)) != len(receipts):
        problems.append(_("sales.csv lists a receipt twice."))
    known = set(receipts)
    for name, rows in (("lines.csv", result.lines), ("payments.csv", result.payments)):
        stray = next((r[1] for r in rows if r[1] not in known), None)
        if stray is not None:
            problems.append(_("{name}: {no} is not in sales.csv.").format(name=name, no=stray[:40]))
    counts, totals = manifest.get("counts", {}), manifest.get("totals", {})
    if not isinstance(counts, dict) or not isinstance(totals, dict):
        counts, totals = {}, {}
    said = (counts.get("sales"), totals.get("total"), totals.get("refunds_total", 0))
    result.add_up()
    found = (result.sales_count, result.total, result.refunds_total)
    if said != found:
        problems.append(
            _("The files do not add up to the manifest's totals (sales, total, refunds).")
        )
