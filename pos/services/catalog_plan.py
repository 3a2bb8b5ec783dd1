"""Planning a catalog import: what each row of a checked file does to the catalog, and why not.

Nothing here writes. The plan says, per row, whether it adds a product or changes one and which
fields, old and new; a row whose problems (a barcode another product has, a component that does
not exist, a bundle that would contain itself...) are found here makes the whole import fail.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.core.barcodes import parse_scan
from pos.core.errors import InvalidBarcode, PosError
from pos.core.product import ProductFields, validate
from pos.db.models import Category, Workshop
from pos.db.session import raw_cursor
from pos.i18n import _
from pos.services.catalog_rows import (
    CLEARABLE,
    MAX_PROBLEMS,
    CatalogFile,
    FileRow,
    ImportFailed,
    RowError,
)

# What a row can set on a product, besides its SKU (ProductFields' names).
FIELDS = (
    "barcode", "name", "category", "workshop", "unit", "price", "cost", "track_stock",
    "low_stock", "pirt", "shelf_life_days", "active", "components",
)  # fmt: skip


class NeedsNewNames(PosError):
    """The file names categories or workshops that do not exist (the GUI offers to create them)."""

    def __init__(self, categories: list[str], workshops: list[str], errors: list[RowError]):
        self.categories = categories
        self.workshops = workshops
        self.errors = errors
        super().__init__(str(ImportFailed(errors)))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one product: its value before and after the import."""

    field: str
    old: Any
    new: Any


@dataclass(slots=True)
class Planned:
    """What one row of the file does: the product's fields after the import, and the changes."""

    row: FileRow
    fields: ProductFields
    old_id: int | None
    changes: tuple[FieldChange, ...]


# --- the products as they are ----------------------------------------------------------------


def existing_products(session: Session) -> dict[str, tuple[int, ProductFields]]:
    """Every product by SKU: its id, and its fields as a file row would give them."""
    cursor = raw_cursor(session)
    components: dict[int, list[tuple[str, int]]] = {}
    for bundle_id, sku, qty in cursor.execute(
        "SELECT b.bundle_id, p.sku, b.qty FROM bundle_items b "
        "JOIN products p ON p.id = b.component_id ORDER BY p.sku"
    ):
        components.setdefault(bundle_id, []).append((sku, qty))
    rows = cursor.execute(
        "SELECT p.id, p.sku, p.barcode, p.name, c.name, w.name, p.unit, p.price, p.cost, "
        "p.track_stock, p.low_stock, p.pirt, p.shelf_life_days, p.active FROM products p "
        "LEFT JOIN categories c ON c.id = p.category_id "
        "LEFT JOIN workshops w ON w.id = p.workshop_id"
    )
    found = {}
    for pid, sku, code, name, cat, shop, unit, price, cost, track, low, pirt, life, active in rows:
        fields = ProductFields(
            sku, name, price, code, cat, shop, unit, cost, bool(track), low, pirt, life,
            bool(active), tuple(components.get(pid, ())),
        )  # fmt: skip
        found[sku] = (pid, fields)
    return found


def group_names(
    session: Session, model: type[Category] | type[Workshop]
) -> dict[str, tuple[int, str]]:
    """Categories or workshops by lower-cased name: (id, name as the catalog spells it)."""
    return {n.lower(): (i, n) for i, n in session.execute(select(model.id, model.name)).all()}


# --- planning: what each row does ------------------------------------------------------------


def _same(field: str, old: Any, new: Any) -> bool:
    if field == "components":
        return sorted(old) == sorted(new)
    return bool(old == new)


def _plan_row(
    row: FileRow,
    old: tuple[int, ProductFields] | None,
    names: dict[str, dict[str, tuple[int, str]]],
    errors: list[RowError],
) -> Planned:
    cells = dict(row.cells)
    for column in ("category", "workshop"):
        known = names[column].get(cells[column].lower()) if cells.get(column) else None
        if known is not None:
            cells[column] = known[1]  # as the catalog spells it
    if old is None:
        if cells.get("price") is None:
            errors.append(RowError(row.number, "price", _("the price is required.")))
        fields = ProductFields(
            sku=row.sku,
            name=cells.get("name") or "",
            price=cells.get("price") or 0,
            barcode=cells.get("barcode"),
            category=cells.get("category"),
            workshop=cells.get("workshop"),
            unit=cells.get("unit") or "pcs",
            cost=cells.get("cost") or 0,
            track_stock=cells.get("track_stock", True) is not False,
            low_stock=cells.get("low_stock") or 0,
            pirt=cells.get("pirt"),
            shelf_life_days=cells.get("shelf_life_days"),
            active=cells.get("active", True) is not False,
            components=cells.get("components") or (),
        )
        return Planned(row, fields, None, ())  # describe() shows a new product's fields
    old_id, old_fields = old
    values = {f: getattr(old_fields, f) for f in FIELDS}
    for column, value in cells.items():
        if value is not None:
            values[column] = value
        elif column in CLEARABLE:
            values[column] = () if column == "components" else None
    fields = ProductFields(sku=old_fields.sku, **values)
    changes = tuple(
        FieldChange(f, getattr(old_fields, f), values[f])
        for f in FIELDS
        if not _same(f, getattr(old_fields, f), values[f])
    )
    return Planned(row, fields, old_id, changes)


def _check_codes(
    plan: list[Planned], existing: dict[str, tuple[int, ProductFields]], errors: list[RowError]
) -> None:
    """A barcode belongs to one product. Only new and changed codes can clash: with each other,
    or with a product (in the file or not) that keeps its code."""
    moved = {
        p.fields.sku
        for p in plan
        if p.old_id is not None and any(c.field == "barcode" for c in p.changes)
    }
    moving = [
        p
        for p in plan
        if p.fields.barcode is not None and (p.old_id is None or p.fields.sku in moved)
    ]
    keeping = {f.barcode: f for _id, f in existing.values() if f.barcode and f.sku not in moved}
    taken: dict[str, int] = {}
    for p in moving:
        try:
            keys = parse_scan(str(p.fields.barcode)).lookup_keys()
        except InvalidBarcode:
            continue  # validate() has said so
        for key in keys:
            owner = keeping.get(key)
            if taken.setdefault(key, p.row.number) != p.row.number:
                message = _("the code is also on row {row}.").format(row=taken[key])
            elif owner is not None:
                message = _("the code is already used by {name} ({sku}).").format(
                    name=owner.name, sku=owner.sku
                )
            else:
                continue
            errors.append(RowError(p.row.number, "barcode", message))
            break


def _check_bundles(
    plan: list[Planned], existing: dict[str, tuple[int, ProductFields]], errors: list[RowError]
) -> None:
    """Components must exist (in the catalog or the file), and no bundle may contain itself."""
    graph = {sku: [c for c, _q in f.components] for sku, (_id, f) in existing.items()}
    changed: dict[str, int] = {}
    for p in plan:
        if "components" in p.row.cells or p.old_id is None:
            graph[p.fields.sku] = [c for c, _q in p.fields.components]
            changed[p.fields.sku] = p.row.number
    for p in plan:
        for sku, _qty in p.fields.components:
            if sku not in graph:
                errors.append(
                    RowError(
                        p.row.number,
                        "components",
                        _("no product has the SKU {sku}.").format(sku=sku),
                    )
                )
    for start, number in changed.items():
        todo, seen = list(graph[start]), set()
        while todo:
            node = todo.pop()
            if node == start:
                errors.append(RowError(number, "components", _("the bundle would contain itself.")))
                break
            if node not in seen:
                seen.add(node)
                todo.extend(graph.get(node, ()))


def _check_names(
    plan: list[Planned],
    names: dict[str, dict[str, tuple[int, str]]],
    create_missing: bool,
    errors: list[RowError],
) -> tuple[dict[str, dict[str, str]], int]:
    """Categories and workshops the file names that do not exist yet (by column), and how many
    rows name one."""
    missing: dict[str, dict[str, str]] = {"category": {}, "workshop": {}}
    labels = {"category": _("unknown category {name}."), "workshop": _("unknown workshop {name}.")}
    count = 0
    for column in ("category", "workshop"):
        known = names[column]
        is_known: dict[str, bool] = {}  # a file names a few groups many times
        for p in plan:
            name = p.row.cells.get(column)
            if name is None:
                continue
            found = is_known.get(name)
            if found is None:
                found = is_known[name] = name.lower() in known
            if not found:
                missing[column].setdefault(name.lower(), name)
                count += 1
                if not create_missing:
                    errors.append(RowError(p.row.number, column, labels[column].format(name=name)))
    return missing, count


def plan(
    parsed: CatalogFile,
    existing: dict[str, tuple[int, ProductFields]],
    names: dict[str, dict[str, tuple[int, str]]],
    create_missing: bool,
) -> tuple[list[Planned], dict[str, dict[str, str]]]:
    """What every row does, and the categories and workshops to create; raises ImportFailed
    (or NeedsNewNames) listing every problem of every row."""
    errors = list(parsed.errors)
    first_row: dict[str, int] = {}
    plan: list[Planned] = []
    for row in parsed.rows:
        if row.sku and first_row.setdefault(row.sku, row.number) != row.number:
            errors.append(
                RowError(
                    row.number,
                    "sku",
                    _("the SKU is also on row {row}.").format(row=first_row[row.sku]),
                )
            )
            continue
        start = len(errors)
        planned = _plan_row(row, existing.get(row.sku), names, errors)
        errors.extend(RowError(row.number, e.field, e.message) for e in validate(planned.fields))
        if planned.old_id is None and row.opening_stock and not planned.fields.track_stock:
            errors.append(
                RowError(
                    row.number, "stock", _("the product does not track stock; leave it empty.")
                )
            )
        if len(errors) == start:
            plan.append(planned)
        elif len(errors) >= MAX_PROBLEMS:
            raise ImportFailed(sorted(errors, key=lambda e: e.row), stopped_at=row.number)
    _check_codes(plan, existing, errors)
    _check_bundles(plan, existing, errors)
    others = len(errors)
    missing, unknown = _check_names(plan, names, create_missing, errors)
    if errors:
        # Only unknown names (on rows without other problems): the GUI offers to create them.
        names_only = others == 0 and unknown > 0
        errors.sort(key=lambda e: e.row)
        if names_only and not create_missing:
            raise NeedsNewNames(
                sorted(missing["category"].values()), sorted(missing["workshop"].values()), errors
            )
        raise ImportFailed(errors)
    return plan, missing
