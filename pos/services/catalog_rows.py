"""Reading a catalog file (.xlsx or .csv) into checked rows: bounded, never a formula stored.

Reading is bounded before it is done: the file's size, the row limit (counted in a cheap first
pass, so a too-long file is refused without parsing it), the unpacked size of an .xlsx, the
length of a line and of a cell. Every cell is then checked for its column: formulas, control
characters, lengths and number ranges, so that nothing but plain values reaches the import.
"""

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos.core.errors import PosError
from pos.core.product import (
    parse_bool,
    parse_components,
    parse_int_cell,
    parse_money_cell,
)
from pos.core.quantities import MAX_MOVE
from pos.core.text import has_control_chars, looks_like_formula, unquote_cell, visible
from pos.i18n import _
from pos.services.xlsx_read import FORMULA, Limits, XlsxError
from pos.services.xlsx_read import read_rows as read_xlsx_rows

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_CELL_CHARS = 4000
MAX_COLUMNS = 100  # cells right of this column are ignored
MAX_CSV_LINE = 64 * 1024
MAX_PROBLEMS = 1000  # then checking stops: the list is long enough to start fixing
XLSX_LIMITS = Limits(
    rows=MAX_ROWS + 1,
    cells=(MAX_ROWS + 1) * 24,
    sheet_bytes=256 * 1024 * 1024,
    strings_bytes=64 * 1024 * 1024,
    cell_chars=MAX_CELL_CHARS,
    columns=MAX_COLUMNS,
)

COLUMNS = (
    "sku", "barcode", "name", "category", "workshop", "unit", "price", "cost", "track_stock",
    "low_stock", "pirt", "shelf_life_days", "active", "components", "stock",
)  # fmt: skip
# Headers people write in Indonesian spreadsheets, mapped to our column names.
ALIASES = {
    "kode": "sku",
    "nama": "name",
    "nama_produk": "name",
    "kategori": "category",
    "bengkel": "workshop",
    "kegiatan_kerja": "workshop",
    "satuan": "unit",
    "harga": "price",
    "harga_jual": "price",
    "hpp": "cost",
    "harga_pokok": "cost",
    "lacak_stok": "track_stock",
    "stok_minimum": "low_stock",
    "p-irt": "pirt",
    "masa_simpan": "shelf_life_days",
    "masa_simpan_hari": "shelf_life_days",
    "aktif": "active",
    "isi_paket": "components",
    "stok": "stock",
    "ean": "barcode",
    "kode_barcode": "barcode",
}
# An empty cell in these columns clears the value ("no barcode", "not a bundle"); in the
# others (name, price, cost, unit, yes/no columns, low-stock level) it keeps the product's value.
CLEARABLE = frozenset(("barcode", "category", "workshop", "pirt", "shelf_life_days", "components"))


@dataclass(frozen=True)
class RowError:
    """One problem in a file: row as the spreadsheet numbers it (the header is row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        # Messages may quote a cell: one line each, whatever the cell held.
        message = visible(self.message)
        if self.row <= 1:
            return _("Header, column {column}: {message}").format(
                column=visible(self.column), message=message
            )
        return _("Row {row}, column {column}: {message}").format(
            row=self.row, column=self.column or "-", message=message
        )


class ImportFailed(PosError):
    """Nothing was imported; `errors` lists every bad row (up to the row `stopped_at`, if the
    file had so many problems that checking stopped there)."""

    def __init__(self, errors: list[RowError], stopped_at: int | None = None) -> None:
        self.errors = errors
        self.stopped_at = stopped_at
        shown = "\n".join(str(e) for e in errors[:50])
        more = len(errors) - 50
        if more > 0:
            shown += "\n" + _("... and {n} more problems.").format(n=more)
        if stopped_at is not None:
            shown += "\n" + _("Checking stopped at row {row} after {n} problems.").format(
                row=stopped_at, n=len(errors)
            )
        super().__init__(
            _("Nothing was imported; fix these problems and try again:\n{problems}").format(
                problems=shown
            )
        )


@dataclass(slots=True)
class FileRow:
    """One product row: the values of the file's columns (None for an empty cell)."""

    number: int
    sku: str
    cells: dict[str, Any]
    opening_stock: int | None


@dataclass
class CatalogFile:
    """The rows of a file that passed the cell checks, the columns it has, and the problems."""

    columns: frozenset[str]
    rows: list[FileRow]
    errors: list[RowError]


# --- reading, bounded ------------------------------------------------------------------------


def _too_many_rows() -> PosError:
    return PosError(_("The file has more than {n} rows.").format(n=MAX_ROWS))


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        yield from read_xlsx_rows(path, XLSX_LIMITS)
    except XlsxError as e:
        if e.kind == "rows":
            raise _too_many_rows() from None
        if e.kind in ("size", "cells"):
            raise PosError(
                _("{name} unpacks to more than a catalog can hold.").format(name=path.name)
            ) from None
        if e.kind == "cell":
            raise PosError(
                _("Row {row} has a cell longer than {n} characters.").format(
                    row=e.detail, n=MAX_CELL_CHARS
                )
            ) from None
        raise PosError(_("{name} is not a valid XLSX file.").format(name=path.name)) from None


def _encoding(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if b"\x00" in head + f.read(4092):
            raise PosError(_("{name} is not a text (CSV) file.").format(name=path.name))
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # Excel on Indonesian Windows saves "CSV" in the ANSI code page.
            return "cp1252"
    return "utf-8-sig"


def _lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    while line := text.readline(MAX_CSV_LINE):
        if len(line) >= MAX_CSV_LINE and not line.endswith(("\n", "\r")):
            raise PosError(
                _("{name} has a line longer than {n} characters.").format(name=name, n=MAX_CSV_LINE)
            )
        yield line


def _csv_reader(path: Path, encoding: str) -> Iterator[list[str]]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        first = text.readline(MAX_CSV_LINE)
        counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
        delimiter = max(counts, key=lambda sep: (counts[sep], sep == ","))
        text.seek(0)
        yield from csv.reader(_lines(text, path.name), delimiter=delimiter)


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    encoding = _encoding(path)
    try:
        # A first pass counts the rows: a file over the limit is refused before any parsing.
        for count, _row in enumerate(_csv_reader(path, encoding), start=1):
            if count > MAX_ROWS + 1:
                raise _too_many_rows()
        for number, row in enumerate(_csv_reader(path, encoding), start=1):
            yield number, tuple(row[:MAX_COLUMNS])
    except csv.Error as e:
        raise PosError(_("{name} is not a readable CSV file.").format(name=path.name)) from e


def read_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of the file's first sheet, bounded; PosError for an unusable file."""
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise PosError(_("Use an .xlsx or .csv file."))
    try:
        if not path.is_file():
            if path.exists():
                raise PosError(_("{path} is not a file.").format(path=path))
            raise PosError(_("{path} does not exist.").format(path=path))
        size = path.stat().st_size
    except OSError as e:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    if size == 0:
        raise PosError(_("{name} is empty.").format(name=path.name))
    if size > MAX_FILE_BYTES:
        raise PosError(_("{name} is too large for a catalog (over 50 MB).").format(name=path.name))
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    return _reading_errors_explained(rows, path)


def _reading_errors_explained(
    rows: Iterator[tuple[int, tuple[Any, ...]]], path: Path
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    try:
        yield from rows
    except OSError as e:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e


# --- checking cells --------------------------------------------------------------------------


class _Refused(Exception):
    """A cell that cannot be used; the message says why."""


def _formula() -> _Refused:
    return _Refused(
        _("formulas are not accepted; type the value (start it with ' to keep text as it is).")
    )


def _text(value: Any, from_csv: bool, line_breaks: bool = False) -> str | None:
    """A text cell, trimmed; None when empty."""
    if value is None:
        return None
    if type(value) is str and not from_csv:  # the common case of an .xlsx: a text cell
        if len(value) > MAX_CELL_CHARS:
            raise _Refused(_("longer than {n} characters.").format(n=MAX_CELL_CHARS))
        text = value.strip()
        if has_control_chars(text, allow_line_breaks=line_breaks):
            raise _Refused(_("control characters (such as NUL) are not accepted."))
        return text or None
    if isinstance(value, bool):
        text = "ya" if value else "tidak"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        text = str(int(value))  # a barcode typed as a number in Excel
    elif isinstance(value, int | float):
        text = str(value)
    else:
        text = str(value)
        if len(text) > MAX_CELL_CHARS:
            raise _Refused(_("longer than {n} characters.").format(n=MAX_CELL_CHARS))
        if from_csv:
            # In a CSV only a leading quote says "text"; in an .xlsx the cell's type says it.
            text, quoted = unquote_cell(text)
            if not quoted and looks_like_formula(text):
                raise _formula()
    text = text.strip()
    if has_control_chars(text, allow_line_breaks=line_breaks):
        raise _Refused(_("control characters (such as NUL) are not accepted."))
    return text or None


def _number(value: Any, from_csv: bool, parse: Callable[[Any], int]) -> int | None:
    if isinstance(value, float) and not value.is_integer():
        raise _Refused(_("'{text}' is not a whole number.").format(text=value))
    if not isinstance(value, str):
        return None if value is None else parse(value)
    text, quoted = unquote_cell(value) if from_csv else (value, False)
    text = text.strip()
    if not text:
        return None
    if len(text) > 40:
        raise _Refused(_("the number is too large."))
    try:
        return parse(text)
    except ValueError:
        # A sign is read as a sign ("cannot be negative"); = and @ start formulas.
        if from_csv and not quoted and text[:1] in ("=", "@"):
            raise _formula() from None
        raise


def _opening_stock(value: Any) -> int:
    qty = parse_int_cell(value, minimum=-(10**40))
    if qty < 0:
        raise _Refused(
            _("the opening stock cannot be negative; stock is corrected with a stock count.")
        )
    if qty > MAX_MOVE:
        raise _Refused(_("the opening stock can be at most {n}.").format(n=MAX_MOVE))
    return qty


def _text_cell(change: Callable[[str], Any] | None = None, line_breaks: bool = False) -> Any:
    def read(value: Any, from_csv: bool) -> Any:
        text = _text(value, from_csv, line_breaks)
        return text if text is None or change is None else change(text)

    return read


def _bool_cell(value: Any, from_csv: bool) -> bool | None:
    text = _text(value, from_csv) if isinstance(value, str) else value
    return None if text is None else parse_bool(text, True)


def _number_cell(parse: Callable[[Any], int]) -> Any:
    return lambda value, from_csv: _number(value, from_csv, parse)


# How each column's cell is read: (value, from a CSV?) -> value or None; raises _Refused or
# ValueError with the message for the person.
_READERS: dict[str, Callable[[Any, bool], Any]] = {
    "sku": _text_cell(str.upper),
    "barcode": _text_cell(),
    "name": _text_cell(lambda text: " ".join(text.split()), line_breaks=True),
    "category": _text_cell(),
    "workshop": _text_cell(),
    "unit": _text_cell(str.lower),
    "pirt": _text_cell(),
    "components": _text_cell(parse_components),
    "track_stock": _bool_cell,
    "active": _bool_cell,
    "price": _number_cell(parse_money_cell),
    "cost": _number_cell(parse_money_cell),
    "stock": _number_cell(_opening_stock),
    "low_stock": _number_cell(lambda v: parse_int_cell(v, 0)),
    "shelf_life_days": _number_cell(lambda v: parse_int_cell(v, 1)),
}


def _normalize_header(cell: object) -> str:
    key = str(cell or "").strip().lower().replace(" ", "_")
    return ALIASES.get(key, key)


def read_catalog_file(path: Path) -> CatalogFile:
    """Every row of the file with its cells checked; the header must name the SKU column."""
    from_csv = path.suffix.lower() == ".csv"
    rows_iter = read_rows(path)
    header = next(rows_iter, None)
    if header is None:
        raise PosError(_("{name} is empty.").format(name=path.name))
    columns = [_normalize_header(c) for c in header[1]]
    errors: list[RowError] = []
    if "sku" not in columns:
        errors.append(RowError(1, "sku", _("this required column is missing.")))
    seen: set[str] = set()
    for column in columns:
        if column in seen and column in COLUMNS:
            errors.append(RowError(1, column, _("this column appears twice.")))
        seen.add(column)
    known = [(i, c) for i, c in enumerate(columns) if c in COLUMNS]
    if len(known) < 2 and not errors:
        errors.append(
            RowError(1, "-", _("no column besides the SKU that Lapak knows (name, price...)."))
        )
    if errors:
        raise ImportFailed(errors)
    readers = [(i, c, _READERS[c]) for i, c in known]
    rows: list[FileRow] = []
    for number, raw in rows_iter:
        if not raw or (
            raw[0] in (None, "")
            and all(v is None or (isinstance(v, str) and not v.strip()) for v in raw)
        ):
            continue
        cells: dict[str, Any] = {}
        start = len(errors)
        width = len(raw)
        for i, column, read in readers:
            value = raw[i] if i < width else None
            try:
                if value is FORMULA:
                    raise _formula()
                cells[column] = None if value is None else read(value, from_csv)
            except (_Refused, ValueError) as e:
                errors.append(RowError(number, column, str(e)))
        if len(errors) == start:
            stock = cells.pop("stock", None)
            rows.append(FileRow(number, cells.pop("sku", None) or "", cells, stock))
        elif len(errors) >= MAX_PROBLEMS:
            raise ImportFailed(errors, stopped_at=number)
    if not rows and not errors:
        raise PosError(_("{name} has no products.").format(name=path.name))
    return CatalogFile(frozenset(c for _i, c in known), rows, errors)
