"""Receipts: gather a sale into ReceiptData, render it, keep the PDF in the data folder."""

import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from pos.core.errors import NotFound, PosError
from pos.core.payments import CASH, method_label
from pos.db.models import Sale
from pos.db.session import Database, raw_cursor
from pos.i18n import N_, _, in_language
from pos.printing.receipt_data import ReceiptData, ReceiptLine, ReceiptPayment
from pos.services import settings
from pos.services.refund_lookup import sale_status


def _discount_label(kind: str | None, value: int | None) -> str:
    if kind == "percent" and value is not None:
        return _("Discount {percent}%").format(percent=value)
    return _("Discount")


_STATUS_NOTES = {
    "voided": N_("VOIDED"),
    "returned": N_("RETURNED"),
    "partly_returned": N_("PARTLY RETURNED"),
}


def receipt_data(db: Database, receipt_no: str) -> ReceiptData:
    """The sale (or a void or refund slip, by its number) as its receipt shows it, labels in
    the receipt's language."""
    from pos.services import refund_receipts

    if refund_receipts.is_refund_number(receipt_no):
        return refund_receipts.refund_data(db, receipt_no)
    with db.Session() as session:
        sale = session.execute(
            select(Sale)
            .where(Sale.receipt_no == receipt_no)
            .options(selectinload(Sale.lines), selectinload(Sale.payments), selectinload(Sale.user))
        ).scalar_one_or_none()
        if sale is None:
            raise NotFound(_("There is no receipt {no}.").format(no=receipt_no))
        status = sale_status(raw_cursor(session), sale.id, sum(line.qty for line in sale.lines))
        language = settings.read_in(session, settings.RECEIPT_LANGUAGE)
        with in_language(language):
            return ReceiptData(
                stand_name=settings.read_in(session, settings.STAND_NAME),
                stand_address=settings.read_in(session, settings.STAND_ADDRESS),
                receipt_no=sale.receipt_no,
                created_at=sale.created_at,
                cashier=sale.user.name,
                lines=tuple(
                    ReceiptLine(
                        line.name,
                        line.qty,
                        line.unit_price,
                        line.qty * line.unit_price,
                        line.discount,
                        _discount_label(line.discount_kind, line.discount_value)
                        if line.discount
                        else "",
                        line.list_price,
                    )
                    for line in sale.lines
                ),
                total=sale.total,
                payments=tuple(
                    ReceiptPayment(
                        method_label(p.method),
                        p.amount,
                        p.tendered,
                        p.change,
                        p.reference,
                        bank=p.bank,
                        cash=p.method == CASH,
                    )
                    for p in sale.payments
                ),
                footer=settings.read_in(session, settings.RECEIPT_FOOTER),
                status_note=_(_STATUS_NOTES[status]) if status in _STATUS_NOTES else None,
                language=language,
                sale_discount=sale.discount,
                sale_discount_label=_discount_label(sale.discount_kind, sale.discount_value)
                if sale.discount
                else "",
            )


def render(db: Database, receipt_no: str, width_mm: int | None = None) -> bytes:
    from pos.printing.receipt import render_receipt

    data = receipt_data(db, receipt_no)
    width = width_mm if width_mm is not None else settings.get(db, settings.RECEIPT_WIDTH)
    return render_receipt(data, width)


def write_atomically(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp(): its 0600 would make receipts and exports unreadable to anyone else;
    # 0666 minus the umask is what any other program's new file gets.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_file(path: Path, content: bytes) -> Path:
    """write_atomically, refused with a message a person can act on (full disk, read-only)."""
    try:
        write_atomically(path, content)
    except OSError as e:
        raise PosError(
            _("Cannot write {path}: {reason}").format(path=path, reason=e.strerror or e)
        ) from e
    return path


def write_pdf(db: Database, receipt_no: str, out: Path, width_mm: int | None = None) -> Path:
    """Write receipt `receipt_no` again, as a PDF at `out`."""
    return write_file(out, render(db, receipt_no, width_mm))


def archive_path(receipts_dir: Path, receipt_no: str) -> Path:
    """Where the kept copy of a receipt (or void or refund slip) lives:
    receipts/<YYYY-MM>/<NO>.pdf."""
    day = receipt_no.rsplit("-", 2)[-2].lstrip("RV") if receipt_no.count("-") >= 2 else "misc"
    month = f"{day[:4]}-{day[4:6]}" if len(day) == 8 and day.isdigit() else "misc"
    return receipts_dir / month / f"{receipt_no}.pdf"
