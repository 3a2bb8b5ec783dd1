"""The stock count sheet: the products of a count, as they stand now, on paper to count from."""

from sqlalchemy import select

from pos.core.datetimes import format_datetime
from pos.core.errors import PosError
from pos.core.money import format_number
from pos.db.models import Product
from pos.db.session import Database, raw_cursor
from pos.db.sql import stock_levels
from pos.i18n import _
from pos.printing.count_sheet import CountSheet, CountSheetLine, render_count_sheet
from pos.services import settings
from pos.services.auth import Actor

MAX_LINES = 20_000  # about 600 pages: more is not a count anybody does on paper
SCOPE_MAX = 200


def count_sheet_pdf(
    db: Database, actor: Actor, product_ids: list[int], show_expected: bool, scope: str = ""
) -> bytes:
    """The sheet for `product_ids`, in that order, with the stock on hand now when
    `show_expected` (a blind count leaves it out). `scope` says which part of the shop it is."""
    actor.require("count_stock")
    if not product_ids:
        raise PosError(_("There are no products to put on the count sheet."))
    if len(product_ids) > MAX_LINES:
        raise PosError(
            _("A count sheet holds at most {n} products: choose a workshop or a category.").format(
                n=format_number(MAX_LINES)
            )
        )
    wanted = list(dict.fromkeys(product_ids))
    with db.Session() as session:
        rows = {
            pid: (sku, name, barcode)
            for pid, sku, name, barcode in session.execute(
                select(Product.id, Product.sku, Product.name, Product.barcode).where(
                    Product.track_stock.is_(True)
                )
            )
        }
        levels = stock_levels(raw_cursor(session), [p for p in wanted if p in rows])
    lines = tuple(
        CountSheetLine(
            sku=rows[pid][0],
            name=rows[pid][1],
            barcode=rows[pid][2],
            expected=levels.get(pid, 0) if show_expected else None,
        )
        for pid in wanted
        if pid in rows
    )
    if not lines:
        raise PosError(_("There are no products to put on the count sheet."))
    sheet = CountSheet(
        stand=settings.get(db, settings.STAND_NAME),
        printed_at=format_datetime(settings.stand_now(db)),
        scope=" ".join(scope.split())[:SCOPE_MAX],
        lines=lines,
        show_expected=show_expected,
    )
    return render_count_sheet(sheet)
