"""The slip of a void or refund, as ReceiptData: what came back, the money paid back and how,
and the receipt it undoes. Printed and kept like a receipt (pos.services.receipts)."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pos.core.errors import NotFound
from pos.core.payments import method_label
from pos.db.models import Approval, Refund, RefundLine, Sale, SaleLine, User
from pos.db.session import Database
from pos.i18n import _, in_language
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from pos.services import settings

# <STAND>-V<YYYYMMDD>-NNNN (void) and <STAND>-R<YYYYMMDD>-NNNN (refund).
_NUMBER = re.compile(r"^.+-[RV]\d{8}-\d{4,}$")


def is_refund_number(number: str) -> bool:
    return _NUMBER.match(number) is not None


def refund_data(db: Database, refund_no: str) -> ReceiptData:
    """The slip of void or refund `refund_no`."""
    with db.Session() as session:
        refund = session.execute(
            select(Refund).where(Refund.refund_no == refund_no).options(selectinload(Refund.lines))
        ).scalar_one_or_none()
        if refund is None:
            raise NotFound(_("There is no receipt {no}.").format(no=refund_no))
        sale = session.get(Sale, refund.sale_id)
        cashier = session.get(User, refund.user_id)
        approval = session.get(Approval, refund.approval_id)
        approver = session.get(User, approval.approver_id) if approval else None
        assert sale is not None and cashier is not None
        sold = {
            line.id: line
            for line in session.execute(
                select(SaleLine).where(SaleLine.sale_id == sale.id)
            ).scalars()
        }
        language = settings.read_in(session, settings.RECEIPT_LANGUAGE)
        with in_language(language):
            return _slip(session, refund, sale, cashier.name, approver, sold, language)


def _slip(
    session: Session,
    refund: Refund,
    sale: Sale,
    cashier: str,
    approver: User | None,
    sold: dict[int, SaleLine],
    language: str,
) -> ReceiptData:
    void = refund.kind == "void"
    payments = (
        ()
        if void or refund.method is None
        else (
            ReceiptPayment(
                method_label(refund.method), refund.total, refund.total, 0, refund.reference
            ),
        )
    )
    approved = approver.name if approver is not None else "?"
    return ReceiptData(
        stand_name=settings.read_in(session, settings.STAND_NAME),
        stand_address=settings.read_in(session, settings.STAND_ADDRESS),
        receipt_no=refund.refund_no,
        created_at=refund.created_at,
        cashier=cashier,
        lines=tuple(_line(rl, sold[rl.sale_line_id]) for rl in refund.lines),
        total=refund.total,
        payments=payments,
        footer=_("Approved by {name}: {reason}").format(name=approved, reason=refund.reason),
        status_note=_("VOID") if void else _("REFUND"),
        language=language,
        refers_to=sale.receipt_no,
    )


def _line(returned: RefundLine, sold: SaleLine) -> ReceiptLine:
    gross = returned.qty * sold.unit_price
    name = (
        sold.name
        if returned.disposition == "restock"
        else _("{name} (damaged)").format(name=sold.name)
    )
    return ReceiptLine(
        name,
        returned.qty,
        sold.unit_price,
        gross,
        gross - returned.amount,
        _("Discount") if gross != returned.amount else "",
    )
