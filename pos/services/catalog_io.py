"""Catalog import and export as XLSX (openpyxl) or CSV (comma or semicolon), all or nothing."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update

from pos.core.barcodes import parse_scan
from pos.core.errors import PosError
from pos.core.product import (
    ProductFields,
    format_components,
    parse_bool,
    parse_components,
    parse_int_cell,
    parse_money_cell,
    validate,
)
from pos.core.text import search_key
from pos.db.models import BundleItem, Category, Product, StockDoc, Workshop
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import settings
from pos.services.auth import Actor
from pos.services.products import stock_levels

MAX_FILE_BYTES = 50 * 1024 * 1024
FORMULA = object()  # stands for a cell that holds a formula instead of a value
MAX_ROWS = 200_000

COLUMNS = (
    "sku",
    "barcode",
    "name",
    "category",
    "workshop",
    "unit",
    "price",
    "cost",
    "track_stock",
    "low_stock",
    "pirt",
    "shelf_life_days",
    "active",
    "components",
    "stock",
)
REQUIRED = ("sku", "name", "price")
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


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        if self.row <= 1:
            return _("Header, column {column}: {message}").format(
                column=self.column, message=self.message
            )
        return _("Row {row}, column {column}: {message}").format(
            row=self.row, column=self.column or "-", message=self.message
        )


class ImportFailed(PosError):
    """Nothing was imported; `errors` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "\n".join(str(e) for e in errors[:50])
        more = len(errors) - 50
        if more > 0:
            shown += "\n" + _("... and {n} more problems.").format(n=more)
        super().__init__(
            _("Nothing was imported; fix these problems and try again:\n{problems}").format(
                problems=shown
            )
        )


class NeedsNewNames(PosError):
    """The file names categories or workshops that do not exist (the GUI offers to create them)."""

    def __init__(self, categories: list[str], workshops: list[str], errors: list[RowError]):
        self.categories = categories
        self.workshops = workshops
        self.errors = errors
        super().__init__(str(ImportFailed(errors)))


_PRODUCT_COLUMNS = (
    "sku", "barcode", "name", "search_text", "category_id", "workshop_id", "unit", "price",
    "cost", "track_stock", "low_stock", "pirt", "shelf_life_days", "active",
)  # fmt: skip


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


# --- reading files ---------------------------------------------------------------------------


def _normalize_header(cell: object) -> str:
    key = str(cell or "").strip().lower().replace(" ", "_")
    return ALIASES.get(key, key)


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*>\s*<f[ >/]')


def _formula_cells(path: Path) -> list[tuple[int, int]]:
    """(row, column index) of cells holding a formula in the first sheet, from the raw XML."""
    try:
        with zipfile.ZipFile(path) as book:
            sheets = sorted(n for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
            xml = book.read(sheets[0]) if sheets else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return []
    if b"<f" not in xml:
        return []
    cells = []
    for match in _FORMULA_CELL.finditer(xml):
        column = 0
        for letter in match.group(1):
            column = column * 26 + letter - 64
        cells.append((int(match.group(2)), column - 1))
    return cells


def _read_xlsx(path: Path) -> Iterator[tuple[Any, ...]]:
    # python-calamine (Rust) reads a 100k-row sheet in under a second; openpyxl took ~12 s.
    from python_calamine import CalamineWorkbook

    try:
        rows: list[list[Any]] = (
            CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        )
    except Exception as e:  # calamine raises its own error types for every kind of bad file
        raise PosError(_("{name} is not a valid XLSX file.").format(name=path.name)) from e
    # Calamine gives formulas' cached values: mark those cells so the row is refused.
    for row_number, column in _formula_cells(path):
        if 0 < row_number <= len(rows) and column < len(rows[row_number - 1]):
            row: list[Any] = list(rows[row_number - 1])
            row[column] = FORMULA
            rows[row_number - 1] = row
    for row in rows:
        yield tuple(None if value == "" else value for value in row)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise PosError(_("{name} is not a text (CSV) file.").format(name=name))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Indonesian Windows saves "CSV" in the ANSI code page.
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> Iterator[tuple[Any, ...]]:
    text = _decode(path.read_bytes(), path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield tuple(row)
    except csv.Error as e:
        raise PosError(_("{name} is not a readable CSV file.").format(name=path.name)) from e


def read_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise PosError(
            _("Cannot read {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e
    if size == 0:
        raise PosError(_("{name} is empty.").format(name=path.name))
    if size > MAX_FILE_BYTES:
        raise PosError(_("{name} is too large for a catalog (over 50 MB).").format(name=path.name))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise PosError(_("Use an .xlsx or .csv file."))


# --- validating rows -------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    fields: ProductFields
    opening_stock: int | None


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a barcode typed as a number in Excel
    text = str(value).strip()
    return text or None


def _parse_row(number: int, cells: dict[str, object], errors: list[RowError]) -> _Row | None:
    start = len(errors)

    def err(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    for column, value in cells.items():
        if value is FORMULA or (isinstance(value, str) and value.startswith("=")):
            err(column, _("formulas are not accepted; paste the value instead."))
    if len(errors) > start:
        return None

    def parsed(column: str, parse: Any, default: Any) -> Any:
        value = cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        try:
            return parse(value)
        except ValueError as e:
            err(column, str(e))
            return default

    price = cells.get("price")
    if price is None or (isinstance(price, str) and not price.strip()):
        err("price", _("the price is required."))
    fields = ProductFields(
        sku=_cell_text(cells.get("sku")) or "",
        name=_cell_text(cells.get("name")) or "",
        price=parsed("price", parse_money_cell, 0),
        barcode=_cell_text(cells.get("barcode")),
        category=_cell_text(cells.get("category")),
        workshop=_cell_text(cells.get("workshop")),
        unit=_cell_text(cells.get("unit")) or "pcs",
        cost=parsed("cost", parse_money_cell, 0),
        track_stock=parsed("track_stock", lambda v: parse_bool(v, True), True),
        low_stock=parsed("low_stock", parse_int_cell, 0),
        pirt=_cell_text(cells.get("pirt")),
        shelf_life_days=parsed("shelf_life_days", lambda v: parse_int_cell(v, 1), None),
        active=parsed("active", lambda v: parse_bool(v, True), True),
        components=parsed("components", lambda v: parse_components(str(v)), ()),
    ).normalized()
    opening = parsed("stock", lambda v: parse_int_cell(v, -1_000_000), None)
    for problem in validate(fields):
        err(problem.field, problem.message)
    if len(errors) > start:
        return None
    return _Row(number, fields, opening)


def parse_file(path: Path) -> tuple[list[_Row], list[RowError]]:
    rows_iter = read_rows(path)
    errors: list[RowError] = []
    try:
        header = next(rows_iter)
    except StopIteration:
        raise PosError(_("{name} is empty.").format(name=path.name)) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise PosError(_("{name} is not a valid XLSX file.").format(name=path.name)) from e
    columns = [_normalize_header(c) for c in header]
    for required in REQUIRED:
        if required not in columns:
            errors.append(RowError(1, required, _("this required column is missing.")))
    seen_columns: set[str] = set()
    for column in columns:
        if column and column in seen_columns:
            errors.append(RowError(1, column, _("this column appears twice.")))
        seen_columns.add(column)
    if errors:
        raise ImportFailed(errors)
    rows: list[_Row] = []
    try:
        for number, raw in enumerate(rows_iter, start=2):
            if number > MAX_ROWS + 1:
                raise PosError(_("The file has more than {n} rows.").format(n=MAX_ROWS))
            if raw is None or all(v is None or str(v).strip() == "" for v in raw):
                continue
            cells = {
                col: raw[i] for i, col in enumerate(columns) if col in COLUMNS and i < len(raw)
            }
            row = _parse_row(number, cells, errors)
            if row is not None:
                rows.append(row)
    except (zipfile.BadZipFile, KeyError) as e:
        raise PosError(_("{name} is not a valid XLSX file.").format(name=path.name)) from e
    if not rows and not errors:
        raise PosError(_("{name} has no products.").format(name=path.name))
    return rows, errors


# --- importing -------------------------------------------------------------------------------


def _has_cycle(graph: dict[int, list[int]]) -> set[int]:
    """Nodes of `graph` (bundle -> components) that reach themselves."""
    bad: set[int] = set()
    for start in graph:
        todo, seen = list(graph[start]), set()
        while todo:
            node = todo.pop()
            if node == start:
                bad.add(start)
                break
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))
    return bad


def import_catalog(
    db: Database, actor: Actor, path: Path | str, create_missing: bool = False
) -> ImportResult:
    """Add new SKUs and update existing ones from a file; any bad row means nothing changes."""
    actor.require("manage_catalog")
    path = Path(path)
    rows, errors = parse_file(path)
    by_sku: dict[str, int] = {}
    by_code: dict[str, int] = {}
    for row in rows:
        f = row.fields
        if f.sku in by_sku:
            errors.append(
                RowError(
                    row.number, "sku", _("the SKU is also on row {row}.").format(row=by_sku[f.sku])
                )
            )
        by_sku.setdefault(f.sku, row.number)
        if f.barcode is not None:
            for key in parse_scan(f.barcode).lookup_keys():
                if key in by_code and by_code[key] != row.number:
                    errors.append(
                        RowError(
                            row.number,
                            "barcode",
                            _("the code is also on row {row}.").format(row=by_code[key]),
                        )
                    )
                    break
            for key in parse_scan(f.barcode).lookup_keys():
                by_code.setdefault(key, row.number)

    with write_errors_explained(), db.Session.begin() as session:
        existing = {
            r.sku: r
            for r in session.execute(
                select(
                    Product.id,
                    Product.sku,
                    Product.name,
                    Product.barcode,
                    Product.category_id,
                    Product.workshop_id,
                    Product.unit,
                    Product.price,
                    Product.cost,
                    Product.track_stock,
                    Product.low_stock,
                    Product.pirt,
                    Product.shelf_life_days,
                    Product.active,
                )
            ).all()
        }
        code_owner = {r.barcode: r for r in existing.values() if r.barcode}
        categories = {
            n.lower(): i for i, n in session.execute(select(Category.id, Category.name)).all()
        }
        workshops = {
            n.lower(): i for i, n in session.execute(select(Workshop.id, Workshop.name)).all()
        }
        missing_categories: dict[str, str] = {}
        missing_workshops: dict[str, str] = {}
        for row in rows:
            f = row.fields
            if f.barcode is not None:
                for key in parse_scan(f.barcode).lookup_keys():
                    owner = code_owner.get(key)
                    if (
                        owner is not None
                        and owner.sku != f.sku
                        and not _gives_up_code(rows, owner.sku, key)
                    ):
                        errors.append(
                            RowError(
                                row.number,
                                "barcode",
                                _("the code is already used by {name} ({sku}).").format(
                                    name=owner.name, sku=owner.sku
                                ),
                            )
                        )
                        break
            if f.category and f.category.lower() not in categories:
                missing_categories.setdefault(f.category.lower(), f.category)
                if not create_missing:
                    errors.append(
                        RowError(
                            row.number,
                            "category",
                            _("unknown category {name}.").format(name=f.category),
                        )
                    )
            if f.workshop and f.workshop.lower() not in workshops:
                missing_workshops.setdefault(f.workshop.lower(), f.workshop)
                if not create_missing:
                    errors.append(
                        RowError(
                            row.number,
                            "workshop",
                            _("unknown workshop {name}.").format(name=f.workshop),
                        )
                    )
            for sku, _qty in f.components:
                if sku not in existing and sku not in by_sku:
                    errors.append(
                        RowError(
                            row.number,
                            "components",
                            _("no product has the SKU {sku}.").format(sku=sku),
                        )
                    )
        if errors:
            errors.sort(key=lambda e: e.row)
            only_names = all(e.column in ("category", "workshop") for e in errors)
            if only_names and not create_missing:
                raise NeedsNewNames(
                    sorted(missing_categories.values()), sorted(missing_workshops.values()), errors
                )
            raise ImportFailed(errors)

        for key, name in missing_categories.items():
            category = Category(name=name)
            session.add(category)
            session.flush()
            categories[key] = category.id
        for key, name in missing_workshops.items():
            workshop = Workshop(name=name)
            session.add(workshop)
            session.flush()
            workshops[key] = workshop.id

        def values(f: ProductFields) -> dict[str, Any]:
            return {
                "sku": f.sku,
                "barcode": f.barcode,
                "name": f.name,
                "search_text": search_key(f"{f.name} {f.sku}"),
                "category_id": categories.get(f.category.lower()) if f.category else None,
                "workshop_id": workshops.get(f.workshop.lower()) if f.workshop else None,
                "unit": f.unit,
                "price": f.price,
                "cost": f.cost,
                "track_stock": f.track_stock,
                "low_stock": f.low_stock,
                "pirt": f.pirt,
                "shelf_life_days": f.shelf_life_days,
                "active": f.active,
            }

        # Everything a row sets but its key and what is derived from the name.
        compared = [c for c in _PRODUCT_COLUMNS if c not in ("sku", "search_text")]
        new_rows, changed_rows = [], []
        unchanged = 0
        for row in rows:
            v = values(row.fields)
            old = existing.get(row.fields.sku)
            if old is None:
                new_rows.append((row, v))
            elif any(getattr(old, c) != v[c] for c in compared):
                changed_rows.append({"id": old.id, **v})
            else:
                unchanged += 1
        # Barcodes may move between products within one file: clear them first.
        moving = [r["id"] for r in changed_rows if r["barcode"] != existing[r["sku"]].barcode]
        if moving:
            session.execute(update(Product).where(Product.id.in_(moving)).values(barcode=None))
        # Hand-written SQL on the session's connection: the ORM bulk path took ~7 s for 100k rows.
        cursor = raw_cursor(session)
        columns = list(_PRODUCT_COLUMNS)
        if changed_rows:
            cursor.executemany(
                f"UPDATE products SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [[r[c] for c in columns] + [r["id"]] for r in changed_rows],
            )
        if new_rows:
            cursor.executemany(
                f"INSERT INTO products ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [[v[c] for c in columns] for _row, v in new_rows],
            )
        ids = dict(session.execute(select(Product.sku, Product.id)).all())

        # Bundles: the file's components replace those of the products it lists with a column.
        current = [
            tuple(r)
            for r in session.execute(
                select(BundleItem.bundle_id, BundleItem.component_id, BundleItem.qty)
            ).all()
        ]
        graph: dict[int, list[int]] = {}
        for bundle_id, component_id, _qty in current:
            graph.setdefault(bundle_id, []).append(component_id)
        file_components = {
            ids[row.fields.sku]: [(ids[s], q) for s, q in row.fields.components] for row in rows
        }
        component_changes = 0
        for bundle_id, items in file_components.items():
            old_items = sorted((c, q) for b, c, q in current if b == bundle_id)
            if sorted(items) != old_items:
                component_changes += 1
                graph[bundle_id] = [c for c, _q in items]
        cyclic = _has_cycle(graph)
        if cyclic:
            sku_of = {v: k for k, v in ids.items()}
            raise ImportFailed(
                [
                    RowError(
                        by_sku.get(sku_of[b], 0),
                        "components",
                        _("the bundle would contain itself."),
                    )
                    for b in sorted(cyclic)
                ]
            )
        for bundle_id, items in file_components.items():
            old_items = sorted((c, q) for b, c, q in current if b == bundle_id)
            if sorted(items) != old_items:
                session.execute(delete(BundleItem).where(BundleItem.bundle_id == bundle_id))
                for component_id, qty in items:
                    session.add(BundleItem(bundle_id=bundle_id, component_id=component_id, qty=qty))

        opening = [
            (ids[row.fields.sku], row.opening_stock) for row, _v in new_rows if row.opening_stock
        ]
        if opening:
            now = settings.local_now(session)
            doc = StockDoc(
                kind="import",
                note=path.name[:200],
                day=now.date(),
                user_id=actor.id,
                created_at=now,
            )
            session.add(doc)
            session.flush()
            at = now.strftime("%Y-%m-%d %H:%M:%S.%f")
            raw_cursor(session).executemany(
                "INSERT INTO stock_movements (product_id, qty, kind, doc_id, user_id, created_at) "
                "VALUES (?, ?, 'opening', ?, ?, ?)",
                [(pid, qty, doc.id, actor.id, at) for pid, qty in opening],
            )
        updated = len(changed_rows)
        bundle_only = component_changes - sum(1 for r in changed_rows if r["id"] in file_components)
        return ImportResult(
            added=len(new_rows),
            updated=updated + max(0, bundle_only),
            unchanged=unchanged - max(0, bundle_only),
        )


def _gives_up_code(rows: list[_Row], sku: str, code: str) -> bool:
    """Does the file give product `sku` another barcode (or none), freeing `code`?"""
    for row in rows:
        if row.fields.sku == sku:
            keys = parse_scan(row.fields.barcode).lookup_keys() if row.fields.barcode else ()
            return code not in keys
    return False


# --- exporting -------------------------------------------------------------------------------


def export_rows(db: Database) -> list[list[Any]]:
    with db.Session() as session:
        stock = stock_levels(session)
        components: dict[int, list[tuple[str, int]]] = {}
        for bundle_id, sku, qty in session.execute(
            select(BundleItem.bundle_id, Product.sku, BundleItem.qty)
            .join(Product, Product.id == BundleItem.component_id)
            .order_by(Product.sku)
        ).all():
            components.setdefault(bundle_id, []).append((sku, qty))
        rows = session.execute(
            select(Product, Category.name, Workshop.name)
            .outerjoin(Category, Category.id == Product.category_id)
            .outerjoin(Workshop, Workshop.id == Product.workshop_id)
            .order_by(Product.sku)
        ).all()
        out: list[list[Any]] = [list(COLUMNS)]
        for p, category, workshop in rows:
            out.append(
                [
                    p.sku,
                    p.barcode or "",
                    p.name,
                    category or "",
                    workshop or "",
                    p.unit,
                    p.price,
                    p.cost,
                    "ya" if p.track_stock else "tidak",
                    p.low_stock,
                    p.pirt or "",
                    p.shelf_life_days if p.shelf_life_days is not None else "",
                    "ya" if p.active else "tidak",
                    format_components(tuple(components.get(p.id, ()))),
                    stock.get(p.id, 0) if p.track_stock else "",
                ]
            )
    return out


def export_catalog(db: Database, path: Path | str) -> int:
    """Write the whole catalog (inactive products too); returns the number of products."""
    from pos.services.receipts import write_atomically

    path = Path(path)
    rows = export_rows(db)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(rows)
        content = buffer.getvalue().encode("utf-8-sig")
    elif suffix == ".xlsx":
        content = _xlsx_bytes(rows)
    else:
        raise PosError(_("Use an .xlsx or .csv file."))
    try:
        write_atomically(path, content)
    except OSError as e:
        raise PosError(
            _("Cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    return len(rows) - 1


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Katalog")
    text_columns = {
        i
        for i, c in enumerate(COLUMNS)
        if c not in ("price", "cost", "low_stock", "shelf_life_days", "stock")
    }
    for r, row in enumerate(rows):
        cells = []
        for i, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=value)
            if r > 0 and i in text_columns and isinstance(value, str):
                cell.data_type = "s"  # never a formula, and barcodes keep their leading zeros
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
