"""Barcode labels for products: chosen by SKU and copies, or for a stock receipt (copies = units
received); the drawing itself is pos.printing.labels, on plain data."""

import contextlib
import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import select

from pos.core.errors import InvalidQuantity, NotFound, PosError
from pos.core.money import is_whole
from pos.db.models import Product, StockDoc
from pos.db.session import Database
from pos.i18n import _
from pos.printing.labels import (
    MAX_LABELS,
    LabelError,
    LabelItem,
    check_offsets,
    load_template,
    render_labels,
)
from pos.services import settings
from pos.services.auth import Actor
from pos.services.stock import received_lines

DEFAULT_MAKER_LINE = "Karya WBP"

ItemsWithCopies = list[tuple[LabelItem, int]]


def _check_copies(copies: object) -> int:
    if not is_whole(copies) or copies < 1:
        raise InvalidQuantity(_("The number of labels must be a whole number, at least 1."))
    if copies > MAX_LABELS:
        raise InvalidQuantity(
            _("{n} labels are too many at once; print at most {max}.").format(
                n=copies, max=MAX_LABELS
            )
        )
    return copies


def _item(product: Product, production_date: date) -> LabelItem:
    food = product.shelf_life_days is not None
    return LabelItem(
        sku=product.sku,
        name=product.name,
        price=product.price,
        barcode=product.barcode,
        pirt=product.pirt,
        shelf_life_days=product.shelf_life_days,
        # Dates are printed for food only: a production date on a chair says nothing.
        production_date=production_date if food else None,
    )


def label_items(
    db: Database, sku_copies: Sequence[tuple[str, int]], production_date: date | None = None
) -> ItemsWithCopies:
    """The label data of each SKU with its number of copies, in the order given; food gets
    `production_date` (default: today at the stand) and its best-before date."""
    if not sku_copies:
        raise LabelError(_("Choose at least one product to print labels for."))
    wanted = [(sku.strip().upper(), _check_copies(copies)) for sku, copies in sku_copies]
    with db.Session() as session:
        products = {
            p.sku: p
            for p in session.execute(
                select(Product).where(Product.sku.in_({sku for sku, _n in wanted}))
            ).scalars()
        }
        day = production_date or settings.local_now(session).date()
    result: ItemsWithCopies = []
    for sku, copies in wanted:
        product = products.get(sku)
        if product is None:
            raise NotFound(_("No product has the SKU {sku}.").format(sku=sku))
        result.append((_item(product, day), copies))
    return result


def items_from_receipt(
    db: Database, doc_id: int, production_date: date | None = None
) -> ItemsWithCopies:
    """A label per unit received on stock receipt `doc_id`; food is dated the receipt's day
    unless `production_date` is given."""
    lines = received_lines(db, doc_id)
    with db.Session() as session:
        doc = session.get(StockDoc, doc_id)
        day = production_date or (
            doc.day if doc is not None else settings.local_now(session).date()
        )
        products = {
            p.id: p
            for p in session.execute(
                select(Product).where(Product.id.in_({line.product_id for line in lines}))
            ).scalars()
        }
    result: ItemsWithCopies = []
    for line in lines:
        product = products.get(line.product_id)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        if line.qty > 0:
            result.append((_item(product, day), line.qty))
    return result


def read_maker_line(db: Database) -> str:
    """The "Karya WBP ..." line from the settings, once the setting exists."""
    var = getattr(settings, "LABEL_MAKER", None)
    if var is None:
        return DEFAULT_MAKER_LINE
    return str(settings.get(db, var))


def render(
    db: Database,
    template: str,
    sku_copies: Sequence[tuple[str, int]] = (),
    start: int = 1,
    offset_x: float = 0.0,
    offset_y: float = 0.0,
    production_date: date | None = None,
    maker_line: str | None = None,
    outline: bool = False,
    receipt: int | None = None,
) -> bytes:
    """Labels for `sku_copies`, or with `receipt` one for every unit received on that stock
    receipt, on `template` as PDF bytes (see render_labels for start and offsets);
    `maker_line` defaults to the maker line setting."""
    load_template(template)  # an unknown template fails before any database work
    if receipt is not None:
        items = items_from_receipt(db, receipt, production_date)
    else:
        items = label_items(db, sku_copies, production_date)
    maker = maker_line if maker_line is not None else read_maker_line(db)
    return render_labels(template, items, start, offset_x, offset_y, maker, outline=outline)


def parse_sku_copies(text: str) -> tuple[str, int]:
    """ "KK-NAS-500:20" -> ("KK-NAS-500", 20); a bare SKU is one label (for the command line)."""
    sku, colon, copies = text.strip().rpartition(":")
    if not colon:
        return copies.strip(), 1
    if not copies.strip().isdigit() or not sku.strip():
        raise InvalidQuantity(
            _(
                "'{text}': write the SKU, a colon and the number of labels, e.g. KK-NAS-500:20."
            ).format(text=text.strip())
        )
    return sku.strip(), _check_copies(int(copies))


def write_pdf(pdf: bytes, path: Path) -> Path:
    """Write the labels to `path` whole or not at all (a half-written PDF prints garbage)."""
    part = path.with_name(f".{path.name}.part")
    try:
        part.write_bytes(pdf)
        os.replace(part, path)
    except OSError as e:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise PosError(
            _("The labels could not be written to {path}: {error}").format(
                path=path, error=e.strerror or e
            )
        ) from e
    return path


def saved_offsets(db: Database, template: str) -> tuple[float, float]:
    """The x/y calibration (mm) saved for a template; (0, 0) until someone calibrates it."""
    try:
        offsets = json.loads(settings.get(db, settings.LABEL_OFFSETS))
        x, y = offsets.get(template, (0, 0))
        return float(x), float(y)
    except (ValueError, TypeError, AttributeError):
        return 0.0, 0.0


def save_offsets(db: Database, actor: Actor, template: str, x_mm: float, y_mm: float) -> None:
    """Remember a template's calibration; checked against the page like any print."""
    actor.require("manage_catalog")
    check = load_template(template)
    check_offsets(check, x_mm, y_mm)
    try:
        offsets = json.loads(settings.get(db, settings.LABEL_OFFSETS))
        if not isinstance(offsets, dict):
            offsets = {}
    except ValueError:
        offsets = {}
    offsets[check.name] = [round(float(x_mm), 2), round(float(y_mm), 2)]
    settings.set_value(db, settings.LABEL_OFFSETS, json.dumps(offsets, sort_keys=True))
