"""Managing the catalog: products, their barcodes, bundles (hampers), categories and workshops."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pos.core.barcodes import INSTORE_PREFIXES, make_instore_ean13, parse_scan
from pos.core.errors import NotFound, PosError
from pos.core.product import MAX_GROUP_NAME, FieldError, InvalidProduct, ProductFields, validate
from pos.core.text import has_control_chars, search_key
from pos.db import sql
from pos.db.models import BundleItem, Category, Product, Workshop
from pos.db.session import Database, raw_cursor, write_errors_explained
from pos.db.sql_core import id_by_name
from pos.i18n import _
from pos.services import audit, settings
from pos.services.auth import Actor


@dataclass(frozen=True)
class ProductDetail:
    """A product as the form edits it, with its stock."""

    id: int
    fields: ProductFields
    stock: int
    buildable: int | None  # for a bundle: how many can be made from the components in stock


@dataclass(frozen=True)
class NamedItem:
    """A category or workshop, with how many products use it."""

    id: int
    name: str
    product_count: int = 0


# --- reading ---------------------------------------------------------------------------------


def _components_by_sku(session: Session, bundle_id: int) -> tuple[tuple[str, int], ...]:
    rows = session.execute(
        select(Product.sku, BundleItem.qty)
        .join(Product, Product.id == BundleItem.component_id)
        .where(BundleItem.bundle_id == bundle_id)
        .order_by(Product.sku)
    ).all()
    return tuple((str(sku), int(qty)) for sku, qty in rows)


def stock_levels(session: Session, product_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Stock on hand per product (every product, or those of `product_ids`): the sum of its
    movements, as kept beside it."""
    # Plain SQL, no ORM rows (100k products).
    return sql.stock_levels(raw_cursor(session), product_ids)


def buildable(session: Session, bundle_id: int) -> int | None:
    """How many of a bundle the components on hand make; None if it is not a bundle."""
    items = session.execute(
        select(BundleItem.component_id, BundleItem.qty, Product.track_stock)
        .join(Product, Product.id == BundleItem.component_id)
        .where(BundleItem.bundle_id == bundle_id)
    ).all()
    if not items:
        return None
    stock = stock_levels(session, [i.component_id for i in items])
    counts = [max(0, stock.get(i.component_id, 0)) // i.qty for i in items if i.track_stock]
    return min(counts) if counts else None


def get_product(db: Database, product_id: int) -> ProductDetail:
    with db.Session() as session:
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        fields = ProductFields(
            sku=product.sku,
            name=product.name,
            price=product.price,
            barcode=product.barcode,
            category=product.category.name if product.category else None,
            workshop=product.workshop.name if product.workshop else None,
            unit=product.unit,
            cost=product.cost,
            track_stock=product.track_stock,
            low_stock=product.low_stock,
            pirt=product.pirt,
            shelf_life_days=product.shelf_life_days,
            active=product.active,
            components=_components_by_sku(session, product.id),
        )
        stock = stock_levels(session, [product.id]).get(product.id, 0)
        return ProductDetail(product.id, fields, stock, buildable(session, product.id))


def product_id_by_sku(db: Database, sku: str) -> int:
    with db.Session() as session:
        pid = session.execute(
            select(Product.id).where(Product.sku == sku.strip().upper())
        ).scalar_one_or_none()
    if pid is None:
        raise NotFound(_("No product has the SKU {sku}.").format(sku=sku))
    return int(pid)


def categories(db: Database) -> list[NamedItem]:
    return _named(db, Category, Product.category_id)


def workshops(db: Database) -> list[NamedItem]:
    return _named(db, Workshop, Product.workshop_id)


def _named(db: Database, model: type[Category] | type[Workshop], fk: object) -> list[NamedItem]:
    with db.Session() as session:
        rows = session.execute(
            select(model.id, model.name, func.count(Product.id))
            .outerjoin(Product, fk == model.id)
            .group_by(model.id)
            .order_by(model.name)
        ).all()
    return [NamedItem(int(i), str(n), int(c)) for i, n, c in rows]


# --- writing ---------------------------------------------------------------------------------


def _lookup_named(
    session: Session, model: type[Category] | type[Workshop], name: str | None, create: bool
) -> tuple[int | None, bool]:
    """(id, found) of a category or workshop by name, ignoring case; created if asked."""
    if name is None:
        return None, True
    existing = id_by_name(session, model, name)
    if existing is not None:
        return existing, True
    if not create:
        return None, False
    item = model(name=name)
    session.add(item)
    session.flush()
    return item.id, True


def _would_cycle(session: Session, bundle_id: int, component_ids: list[int]) -> bool:
    """Would making these components part of `bundle_id` let it contain itself?"""
    seen: set[int] = set()
    todo = list(component_ids)
    while todo:
        current = todo.pop()
        if current == bundle_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        todo.extend(
            session.execute(
                select(BundleItem.component_id).where(BundleItem.bundle_id == current)
            ).scalars()
        )
    return False


def check_product(
    session: Session, fields: ProductFields, product_id: int | None, create_missing: bool
) -> tuple[list[FieldError], dict[str, object]]:
    """Validate against the database too; returns errors and the resolved foreign keys."""
    errors = validate(fields)
    resolved: dict[str, object] = {}
    same_sku = session.execute(
        select(Product.id, Product.name).where(Product.sku == fields.sku)
    ).first()
    if same_sku is not None and same_sku.id != product_id:
        errors.append(
            FieldError("sku", _("The SKU is already used by {name}.").format(name=same_sku.name))
        )
    if fields.barcode is not None:
        keys = parse_scan(fields.barcode).lookup_keys() if not errors_for(errors, "barcode") else ()
        holder = session.execute(
            select(Product.id, Product.name).where(Product.barcode.in_(keys))
        ).first()
        if holder is not None and holder.id != product_id:
            errors.append(
                FieldError(
                    "barcode",
                    _("The code {code} is already used by {name}.").format(
                        code=fields.barcode, name=holder.name
                    ),
                )
            )
    for key, model in (("category", Category), ("workshop", Workshop)):
        name = getattr(fields, key)
        item_id, found = _lookup_named(session, model, name, create_missing)
        if not found:
            message = (
                _("Unknown category {name}.")
                if key == "category"
                else _("Unknown workshop {name}.")
            )
            errors.append(FieldError(key, message.format(name=name)))
        resolved[f"{key}_id"] = item_id
    component_ids: list[tuple[int, int]] = []
    for sku, qty in fields.components:
        cid = session.execute(select(Product.id).where(Product.sku == sku)).scalar_one_or_none()
        if cid is None:
            errors.append(
                FieldError("components", _("No product has the SKU {sku}.").format(sku=sku))
            )
        else:
            component_ids.append((int(cid), qty))
    if (
        product_id is not None
        and component_ids
        and _would_cycle(session, product_id, [c for c, _q in component_ids])
    ):
        errors.append(
            FieldError("components", _("A bundle cannot contain itself, even through another."))
        )
    resolved["components"] = component_ids
    return errors, resolved


def errors_for(errors: list[FieldError], field: str) -> bool:
    return any(e.field == field for e in errors)


def apply_fields(
    session: Session, product: Product, fields: ProductFields, resolved: dict[str, object]
) -> None:
    product.sku = fields.sku
    product.barcode = fields.barcode
    product.name = fields.name
    product.search_text = search_key(f"{fields.name} {fields.sku}")
    product.category_id = resolved["category_id"]  # type: ignore[assignment]
    product.workshop_id = resolved["workshop_id"]  # type: ignore[assignment]
    product.unit = fields.unit
    product.price = fields.price
    product.cost = fields.cost
    product.track_stock = fields.track_stock
    product.low_stock = fields.low_stock
    product.pirt = fields.pirt
    product.shelf_life_days = fields.shelf_life_days
    product.active = fields.active
    session.flush()
    components: list[tuple[int, int]] = resolved["components"]  # type: ignore[assignment]
    session.execute(delete(BundleItem).where(BundleItem.bundle_id == product.id))
    for component_id, qty in components:
        session.add(BundleItem(bundle_id=product.id, component_id=component_id, qty=qty))


def save_product(
    db: Database,
    actor: Actor,
    fields: ProductFields,
    product_id: int | None = None,
    create_missing: bool = False,
) -> int:
    """Create (product_id None) or update a product; raises InvalidProduct listing every problem."""
    actor.require("manage_catalog")
    fields = fields.normalized()
    with write_errors_explained(), db.Session.begin() as session:
        product = Product() if product_id is None else session.get(Product, product_id)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        # A new product's own id is unknown for the cycle check, but nothing contains it yet.
        errors, resolved = check_product(session, fields, product_id, create_missing)
        if errors:
            raise InvalidProduct(errors)
        if product_id is None:
            session.add(product)
        old_price = None if product_id is None else product.price
        apply_fields(session, product, fields, resolved)
        session.flush()
        detail = {"product": product.id, "sku": product.sku, "price": product.price}
        if old_price is not None and old_price != product.price:
            detail["old_price"] = old_price
        action = "product_add" if product_id is None else "product_edit"
        audit.record(session, actor.id, action, detail, settings.local_now(session))
        return product.id


def set_active(db: Database, actor: Actor, product_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a product; products are never deleted, their sales remain."""
    actor.require("manage_catalog")
    with write_errors_explained(), db.Session.begin() as session:
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        product.active = active
        detail = {"product": product.id, "sku": product.sku, "active": active}
        audit.record(session, actor.id, "product_active", detail, settings.local_now(session))


def _group_name(name: str) -> str:
    """A category or workshop name, trimmed; refused when empty, too long or with NUL & co."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_GROUP_NAME:
        raise PosError(_("The name is required (at most {n} characters).").format(n=MAX_GROUP_NAME))
    if has_control_chars(name):
        raise PosError(_("Control characters (such as NUL) are not accepted."))
    return name


def add_named(db: Database, actor: Actor, kind: str, name: str) -> int:
    """Add a category or a workshop (kind 'category' or 'workshop')."""
    actor.require("manage_catalog")
    model = Category if kind == "category" else Workshop
    name = _group_name(name)
    with write_errors_explained(), db.Session.begin() as session:
        if id_by_name(session, model, name) is not None:
            raise PosError(_("{name} already exists.").format(name=name))
        item = model(name=name)
        session.add(item)
        session.flush()
        return item.id


def rename_named(db: Database, actor: Actor, kind: str, item_id: int, name: str) -> None:
    actor.require("manage_catalog")
    model: type[Category] | type[Workshop] = Category if kind == "category" else Workshop
    name = _group_name(name)
    with write_errors_explained(), db.Session.begin() as session:
        if id_by_name(session, model, name, other_than=item_id) is not None:
            raise PosError(_("{name} already exists.").format(name=name))
        item = (
            session.get(Category, item_id) if kind == "category" else session.get(Workshop, item_id)
        )
        if item is None:
            raise NotFound(_("{name} no longer exists.").format(name=name))
        item.name = name


def generate_barcode(db: Database) -> str:
    """The next unused in-store EAN-13 under the configured prefix (20-29)."""
    prefix = settings.get(db, settings.INSTORE_PREFIX)
    with db.Session() as session:
        highest = session.execute(
            select(func.max(Product.barcode)).where(
                Product.barcode.like(f"{prefix:02d}%"), func.length(Product.barcode) == 13
            )
        ).scalar_one_or_none()
        number = int(highest[2:12]) + 1 if highest and highest[2:12].isdigit() else 1
        while True:
            code = make_instore_ean13(prefix, number)
            used = session.execute(select(Product.id).where(Product.barcode == code)).first()
            if used is None:
                return code
            number += 1


__all__ = ["INSTORE_PREFIXES", "ProductDetail", "generate_barcode", "get_product", "save_product"]
