"""Catalog import and export as XLSX or CSV: all or nothing, and only what the file says.

An import changes the columns the file has and nothing else: a column the file leaves out keeps
every product's value, an empty cell clears only what can be empty (see catalog_rows.CLEARABLE),
and bundle contents change only with the components column. Each row is new, updated or
unchanged, so the three counts add up to the rows of the file; a dry run says the same without
writing anything.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.product import FIELD_LABELS, ProductFields, format_components
from pos.core.text import csv_cell, search_key, visible
from pos.db import sql
from pos.db.models import Category, StockDoc, Workshop
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor
from pos.services.catalog_plan import (
    FIELDS,
    FieldChange,
    NeedsNewNames,
    Planned,
    existing_products,
    group_names,
)
from pos.services.catalog_plan import plan as plan_import
from pos.services.catalog_rows import COLUMNS, ImportFailed, RowError, read_catalog_file
from pos.services.products import stock_levels

__all__ = ["ImportFailed", "NeedsNewNames", "RowError", "export_catalog", "import_catalog"]

_PRODUCT_COLUMNS = (
    "sku", "barcode", "name", "search_text", "category_id", "workshop_id", "unit", "price",
    "cost", "track_stock", "low_stock", "pirt", "shelf_life_days", "active",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RowChange:
    """What the import does to the product of one row (rows that change nothing are left out)."""

    row: int
    sku: str
    added: bool
    changes: tuple[FieldChange, ...]  # of an updated product: each field, old and new
    opening_stock: int | None = None  # of a new product
    product: ProductFields | None = None  # a new product, as it will be saved


@dataclass(frozen=True)
class ImportResult:
    """How many rows added, updated and left unchanged (they add up to the rows read)."""

    added: int
    updated: int
    unchanged: int
    changes: tuple[RowChange, ...] = ()
    dry_run: bool = False

    @property
    def rows(self) -> int:
        return self.added + self.updated + self.unchanged


# --- importing -------------------------------------------------------------------------------


def import_catalog(
    db: Database,
    actor: Actor,
    path: Path | str,
    create_missing: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Add new SKUs and update existing ones with what the file says; any bad row means nothing
    changes. With dry_run, say what would change and change nothing."""
    actor.require("manage_catalog")
    path = Path(path)
    parsed = read_catalog_file(path)
    with write_errors_explained(), db.Session.begin() as session:
        existing = existing_products(session)
        names = {
            "category": group_names(session, Category),
            "workshop": group_names(session, Workshop),
        }
        plan, missing = plan_import(parsed, existing, names, create_missing)
        added = [p for p in plan if p.old_id is None]
        updated = [p for p in plan if p.old_id is not None and p.changes]
        result = ImportResult(
            added=len(added),
            updated=len(updated),
            unchanged=len(plan) - len(added) - len(updated),
            changes=tuple(
                RowChange(p.row.number, p.fields.sku, False, p.changes)
                if p.old_id is not None
                else RowChange(p.row.number, p.fields.sku, True, (), p.row.opening_stock, p.fields)
                for p in plan
                if p.changes or p.old_id is None
            ),
            dry_run=dry_run,
        )
        if not dry_run:
            _write(session, actor, path, plan, names, missing)
        return result


def _write(
    session: Session,
    actor: Actor,
    path: Path,
    plan: list[Planned],
    names: dict[str, dict[str, tuple[int, str]]],
    missing: dict[str, dict[str, str]],
) -> None:
    ids = {"category": {k: v[0] for k, v in names["category"].items()},
           "workshop": {k: v[0] for k, v in names["workshop"].items()}}  # fmt: skip
    for column, model in (("category", Category), ("workshop", Workshop)):
        for key, name in missing[column].items():
            item = model(name=name)
            session.add(item)
            session.flush()
            ids[column][key] = item.id

    def values(f: ProductFields) -> list[Any]:
        return [
            f.sku, f.barcode, f.name, search_key(f"{f.name} {f.sku}"),
            ids["category"][f.category.lower()] if f.category else None,
            ids["workshop"][f.workshop.lower()] if f.workshop else None,
            f.unit, f.price, f.cost, f.track_stock, f.low_stock, f.pirt, f.shelf_life_days,
            f.active,
        ]  # fmt: skip

    # Hand-written SQL on the session's connection: the ORM bulk path took ~7 s for 100k rows.
    cursor = raw_cursor(session)
    changed = [
        p for p in plan if p.old_id is not None and any(c.field != "components" for c in p.changes)
    ]
    # Barcodes may move between products within one file: clear the moving ones first.
    cursor.executemany(
        "UPDATE products SET barcode = NULL WHERE id = ?",
        [(p.old_id,) for p in changed if any(c.field == "barcode" for c in p.changes)],
    )
    cursor.executemany(
        f"UPDATE products SET {', '.join(f'{c} = ?' for c in _PRODUCT_COLUMNS)} WHERE id = ?",
        [[*values(p.fields), p.old_id] for p in changed],
    )
    new = [p for p in plan if p.old_id is None]
    cursor.executemany(
        f"INSERT INTO products ({', '.join(_PRODUCT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_PRODUCT_COLUMNS))})",
        [values(p.fields) for p in new],
    )
    product_ids = dict(cursor.execute("SELECT sku, id FROM products").fetchall())
    bundles = [
        p for p in plan
        if (p.old_id is None and p.fields.components)
        or any(c.field == "components" for c in p.changes)
    ]  # fmt: skip
    cursor.executemany(
        "DELETE FROM bundle_items WHERE bundle_id = ?",
        [(product_ids[p.fields.sku],) for p in bundles],
    )
    cursor.executemany(
        "INSERT INTO bundle_items (bundle_id, component_id, qty) VALUES (?, ?, ?)",
        [
            (product_ids[p.fields.sku], product_ids[sku], qty)
            for p in bundles
            for sku, qty in p.fields.components
        ],
    )
    opening = [(product_ids[p.fields.sku], p.row.opening_stock) for p in new if p.row.opening_stock]
    if opening:
        _record_opening_stock(session, actor, path, opening)


def _record_opening_stock(
    session: Session, actor: Actor, path: Path, opening: list[tuple[int, int]]
) -> None:
    """One stock document for the import, with an opening movement per new product."""
    now = settings.local_now(session)
    doc = StockDoc(kind="import", note=path.name[:200], day=now.date(), user_id=actor.id,
                   created_at=now)  # fmt: skip
    session.add(doc)
    session.flush()
    moved = sql.insert_stock_movements(
        raw_cursor(session),
        "opening",
        actor.id,
        now,
        [(pid, qty, None) for pid, qty in opening],
        doc_id=doc.id,
    )
    # The audit chain covers every stock movement (audit_moves).
    detail = {"doc": doc.id, "products": len(opening), **audit.moving(*moved)}
    audit.record(session, actor.id, "stock_opening", detail, now)


# --- saying what changes ---------------------------------------------------------------------


def _shown(field: str, value: Any) -> str:
    if value is None or value == ():
        return _("(empty)")
    if field in ("price", "cost"):
        return format_rupiah(value)
    if field in ("track_stock", "active"):
        return _("yes") if value else _("no")
    if field == "components":
        return format_components(tuple(sorted(value)))
    return str(value)


def _new_fields(product: ProductFields) -> list[tuple[str, Any]]:
    """A new product's name and price, and whatever else it has that is not a default."""
    default = ProductFields(sku=product.sku, name=product.name, price=product.price)
    return [("name", product.name), ("price", product.price)] + [
        (f, getattr(product, f)) for f in FIELDS if getattr(product, f) != getattr(default, f)
    ]


def describe(change: RowChange) -> str:
    """One line for a person: 'Row 2, HP-RMD-L: updated: Price Rp400.000 -> Rp425.000'."""

    def label(field: str) -> str:
        return _(FIELD_LABELS.get(field, field))

    if change.product is not None:
        parts = [
            _("{field} {new}").format(field=label(f), new=_shown(f, value))
            for f, value in _new_fields(change.product)
        ]
    else:
        parts = [
            _("{field} {old} -> {new}").format(
                field=label(c.field), old=_shown(c.field, c.old), new=_shown(c.field, c.new)
            )
            for c in change.changes
        ]
    if change.opening_stock:
        parts.append(_("opening stock {n}").format(n=change.opening_stock))
    text = _("new product") if change.added else _("updated")
    return _("Row {row}, {sku}: {what}: {changes}").format(
        row=change.row, sku=change.sku, what=text, changes=visible("; ".join(parts))
    )


# --- exporting -------------------------------------------------------------------------------


def export_rows(db: Database) -> list[list[Any]]:
    """The header and one row per product (inactive ones too), as the import reads them."""
    with db.Session() as session:
        stock = stock_levels(session)
        existing = existing_products(session)
    out: list[list[Any]] = [list(COLUMNS)]
    for sku in sorted(existing):
        pid, p = existing[sku]
        out.append(
            [
                p.sku, p.barcode or "", p.name, p.category or "", p.workshop or "", p.unit,
                p.price, p.cost, "ya" if p.track_stock else "tidak", p.low_stock, p.pirt or "",
                p.shelf_life_days if p.shelf_life_days is not None else "",
                "ya" if p.active else "tidak", format_components(p.components),
                stock.get(pid, 0) if p.track_stock else "",
            ]
        )  # fmt: skip
    return out


def export_catalog(db: Database, path: Path | str) -> int:
    """Write the whole catalog (inactive products too); returns the number of products."""
    from pos.services.receipts import write_file
    from pos.services.xlsx import workbook_bytes

    path = Path(path)
    rows = export_rows(db)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        content = buffer.getvalue().encode("utf-8-sig")
    elif suffix == ".xlsx":
        # Text cells stay text in an .xlsx (never formulas; barcodes keep leading zeros).
        content = workbook_bytes([("Katalog", rows)])
    else:
        raise PosError(_("Use an .xlsx or .csv file."))
    write_file(path, content)
    return len(rows) - 1
