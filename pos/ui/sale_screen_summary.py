"""What the sale screen says once a sale is paid: change when cash gave some, and each payment."""

import logging
from pathlib import Path

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.payments import CASH, Settled, method_label
from pos.db.session import Database
from pos.i18n import _
from pos.services.sales import SaleResult

log = logging.getLogger(__name__)


def _payment_text(payment: Settled) -> str:
    label = method_label(payment.method)
    if payment.bank:
        label = _("{method} ({bank})").format(method=label, bank=payment.bank)
    # Cash shows what the customer handed over; the change is the headline.
    amount = payment.tendered if payment.method == CASH else payment.amount
    return f"{label} {format_rupiah(amount)}"


def sale_summary(result: SaleResult) -> tuple[str, str]:
    """The headline (change due, or paid in full) and the line listing what was paid how."""
    change = sum(p.change for p in result.payments if p.method == CASH)
    if change > 0:
        headline = _("CHANGE {change}").format(change=format_rupiah(change))
    else:
        headline = _("PAID {total}").format(total=format_rupiah(result.total))
    # Non-cash first, then the cash that topped them up.
    ordered = sorted(result.payments, key=lambda p: p.method == CASH)
    detail = _("Sale {no}: total {total}, paid with {payments}").format(
        no=result.receipt_no,
        total=format_rupiah(result.total),
        payments=" + ".join(_payment_text(p) for p in ordered),
    )
    return headline, detail


def keep_receipt(
    db: Database, receipts_dir: Path, receipt_no: str
) -> tuple[Path | None, str | None]:
    """Write the sale's PDF receipt to the archive: its path, or the problem to tell."""
    from pos.services import receipts

    path = receipts.archive_path(receipts_dir, receipt_no)
    try:
        receipts.write_pdf(db, receipt_no, path)
    except (PosError, OSError) as e:
        log.exception("receipt %s not written", receipt_no)
        message = e.message if isinstance(e, PosError) else str(e)
        return None, _("The sale is saved, but its receipt could not be written: {reason}").format(
            reason=message
        )
    return path, None
