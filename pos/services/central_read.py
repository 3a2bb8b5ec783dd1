"""Reading one verified day export (its manifest and CSV files) into rows for the central database.

Every cell is hostile until checked: numbers within bounds, text within its column's length and
free of control characters, every document number the stand's own. Anything wrong refuses the
whole export, with the file, row and column named.
"""

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.i18n import _
from pos.services.central_cells import (
    MANY,
    Cell,
    CellError,
    choice_cell,
    flag_cell,
    int_cell,
    text_cell,
    time_cell,
)
from pos.services.export_verify import MANIFEST, verify_export

FORMAT = "lapak-day-export/1"
MAX_CSV_BYTES = 64 * 1024 * 1024  # a day of 2,000 sales is about 1 MB
MAX_MONEY = 10**13  # Rp10 trillion: far above any sale, far below BIGINT
MAX_QTY = 1_000_000


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
    audit: Any = None  # the manifest's audit block as read (pos.services.central_anchors)

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


MONEY = int_cell(0, MAX_MONEY)
STATUS = choice_cell("completed", "voided")
# Columns read from each file; a column missing from an older export takes its default.
SALES = {
    "receipt_no": text_cell(40), "created_at": time_cell, "cashier": text_cell(80),
    "shift_id": int_cell(0, 2**31 - 1, required=False), "status": STATUS, "total": MONEY,
    "discount_total": MONEY,
}  # fmt: skip
LINES = {
    "receipt_no": text_cell(40), "status": STATUS, "sku": text_cell(48), "name": text_cell(200),
    "category": text_cell(80, False), "workshop": text_cell(80, False), "qty": int_cell(1, MAX_QTY),
    "unit_price": MONEY, "line_total": MONEY, "list_price": int_cell(0, MAX_MONEY, required=False),
    "discount": MONEY, "sale_discount": MONEY, "discount_reason": text_cell(200, False),
    "unit_cost": int_cell(0, MAX_MONEY, required=False),
}  # fmt: skip
PAYMENTS = {
    "receipt_no": text_cell(40), "status": STATUS, "method": text_cell(16), "amount": MONEY,
    "tendered": MONEY, "change": MONEY, "reference": text_cell(80, False),
    "bank": text_cell(40, False), "confirmed": flag_cell,
}  # fmt: skip
REFUNDS = {
    "refund_no": text_cell(40), "kind": choice_cell("void", "refund"), "receipt_no": text_cell(40),
    "created_at": time_cell, "cashier": text_cell(80), "approver": text_cell(80),
    "reason": text_cell(200), "method": text_cell(16, False), "reference": text_cell(80, False),
    "total": MONEY,
}  # fmt: skip
REFUND_LINES = {
    "refund_no": text_cell(40), "kind": choice_cell("void", "refund"), "receipt_no": text_cell(40),
    "sku": text_cell(48), "name": text_cell(200), "category": text_cell(80, False),
    "workshop": text_cell(80, False), "qty": int_cell(1, MAX_QTY), "amount": MONEY,
    "unit_cost": int_cell(0, MAX_MONEY, required=False), "disposition": text_cell(8),
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


def _columns(
    folder: Path,
    name: str,
    columns: dict[str, Cell],
    problems: list[str],
    absent: set[str] | None = None,
) -> list[list[Any]]:
    """The file's columns, checked (none when a cell is wrong: its problems are added);
    `absent` gets the columns the file lacks (each given its default)."""
    path = folder / name
    if path.stat().st_size > MAX_CSV_BYTES:
        problems.append(_("{name} is too large.").format(name=name))
        return []
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
            return []
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
        many = MANY.get(read)
        values = many(raw) if many is not None else None
        if values is None:
            values = []
            for number, cell in enumerate(raw, start=2):
                try:
                    values.append(read(cell))
                except CellError as e:
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
                        return []
                    values.append(None)
        columns_read.append(values)
    return columns_read if len(problems) == found else []


def _documents(
    stand: str, day: date, columns: list[list[Any]], numbered: bool
) -> list[tuple[Any, ...]]:
    """Rows as the central tables take them: (stand, number, [n,] day, the other columns...),
    n counting each number's rows (a receipt's lines 1, 2...); zipped in C, not row by row."""
    if not columns or not columns[0]:
        return []
    count, numbers = len(columns[0]), columns[0]
    keys: list[Iterable[Any]] = [repeat(stand, count), numbers]
    if numbered:
        seen: dict[str, int] = {}
        counted = []
        for number in numbers:
            seen[number] = n = seen.get(number, 0) + 1
            counted.append(n)
        keys.append(counted)
    return list(zip(*keys, repeat(day, count), *columns[1:], strict=True))


def _foreign(name: str, stand: str, *numbers: list[str]) -> list[str]:
    """A problem for each row whose document numbers are not all the stand's own."""
    own = f"{stand}-"
    return [
        _("{name} row {row}: {no} is not a document of stand {stand}.").format(
            name=name, row=row, no=next(n for n in nos if not n.startswith(own)), stand=stand
        )
        for row, nos in enumerate(zip(*numbers, strict=True), start=2)
        if not all(n.startswith(own) for n in nos)
    ]


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
    result = DayImport(folder, stand, day, sha, version, audit=manifest.get("audit"))
    for required in ("sales.csv", "lines.csv", "payments.csv"):
        if required not in listed:
            problems.append(_("{name} is missing.").format(name=required))
    if problems:
        raise BadExport(folder, problems)
    result.sales = _documents(stand, day, _columns(folder, "sales.csv", SALES, problems), False)
    absent: set[str] = set()
    lines = _columns(folder, "lines.csv", LINES, problems, absent)
    result.lines = _documents(stand, day, lines, True)
    payments = _columns(folder, "payments.csv", PAYMENTS, problems)
    result.payments = _documents(stand, day, payments, True)
    if "refunds.csv" in listed:
        refunds = _columns(folder, "refunds.csv", REFUNDS, problems)
        if refunds:
            problems += _foreign("refunds.csv", stand, refunds[0], refunds[2])
        result.refunds = _documents(stand, day, refunds, False)
    if "refund_lines.csv" in listed:  # exports of an older Lapak lack it
        refund_lines = _columns(folder, "refund_lines.csv", REFUND_LINES, problems)
        if refund_lines:
            problems += _foreign("refund_lines.csv", stand, refund_lines[0])
        result.refund_lines = _documents(stand, day, refund_lines, True)
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
