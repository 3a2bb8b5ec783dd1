"""Printing on the stand's printers: receipts (ESC/POS or a system printer), the cash drawer,
test pages, label sheets, and the record of which receipts printed. A sale is committed before
anything here runs, so a printer problem never loses one: it is recorded and told, and the
receipt can be printed again. PrintSpooler runs the jobs off the UI thread."""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, TypeVar

from sqlalchemy import select

from pos.core.errors import NotFound, PosError
from pos.core.payments import CASH
from pos.db.models import ReceiptPrint, Sale
from pos.db.session import Database, write_errors_explained
from pos.i18n import _
from pos.printing.escpos_target import PrinterError, PrinterTarget, parse_target
from pos.printing.receipt_data import ReceiptData
from pos.services import approvals, audit, receipts, settings
from pos.services.approvals import Approval
from pos.services.auth import Actor

if TYPE_CHECKING:
    from pos.services.reports import ShiftReport

log = logging.getLogger(__name__)

DEFAULT_LABEL_TEMPLATE = "tnj-103"
TIMEOUT = 5.0  # seconds a printer gets for one job before the cashier is told
PrintStatus = Literal["printed", "failed"]
T = TypeVar("T")


@dataclass(frozen=True)
class ReceiptPrinter:
    """The receipt printer settings, read once per sale."""

    target: PrinterTarget
    width_mm: int
    copies: int
    auto_print: bool
    drawer_on_cash: bool


@dataclass(frozen=True)
class PrintOutcome:
    """What became of one print job, in words for the status area."""

    receipt_no: str
    ok: bool
    message: str


def receipt_printer(db: Database) -> ReceiptPrinter:
    """The receipt printer settings, in one query (read for every sale, off the UI thread)."""
    wanted = (
        settings.PRINTER_RECEIPT,
        settings.RECEIPT_WIDTH,
        settings.PRINTER_COPIES,
        settings.PRINTER_AUTO,
        settings.PRINTER_DRAWER,
    )
    marks = ",".join("?" * len(wanted))
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT key, value FROM settings WHERE key IN ({marks})",
            tuple(var.key for var in wanted),
        ).all()
    raw = {str(key): str(value) for key, value in rows}

    def value(var: settings.SettingVar[T]) -> T:
        return var.read(raw.get(var.key))

    try:
        target = parse_target(value(settings.PRINTER_RECEIPT))
    except PrinterError:
        log.warning("printer.receipt is not a printer; printing nothing")
        target = parse_target("none")
    width = value(settings.RECEIPT_WIDTH)
    return ReceiptPrinter(
        target=target,
        width_mm=width if width in (58, 80) else settings.RECEIPT_WIDTH.default,
        copies=max(1, min(5, value(settings.PRINTER_COPIES))),
        auto_print=value(settings.PRINTER_AUTO),
        drawer_on_cash=value(settings.PRINTER_DRAWER),
    )


def after_sale(
    db: Database,
    actor: Actor,
    receipt_no: str,
    payment_methods: tuple[str, ...],
    printer: ReceiptPrinter,
    timeout: float = TIMEOUT,
) -> PrintOutcome | None:
    """What a completed sale prints: its receipt when set to print automatically, and the
    drawer kick on a cash sale. None when nothing was to be printed."""
    kick = printer.drawer_on_cash and CASH in payment_methods and printer.target.is_escpos
    if printer.target.is_none or not (printer.auto_print or kick):
        return None
    if printer.auto_print:
        return print_receipt(
            db, actor, receipt_no, copy=False, open_drawer=kick, printer=printer, timeout=timeout
        )
    try:
        send_drawer_kick(printer.target, timeout)
    except PrinterError as e:
        return PrintOutcome(receipt_no, False, e.message)
    return None


def print_receipt(
    db: Database,
    actor: Actor,
    receipt_no: str,
    *,
    copy: bool | None = None,
    open_drawer: bool = False,
    printer: ReceiptPrinter | None = None,
    timeout: float = TIMEOUT,
) -> PrintOutcome:
    """Print a receipt and record the try. `copy` marks it COPY; None: a copy when it
    printed before. Printer problems come back as a failed outcome, not raised; an unknown
    receipt or no printer set up raise PosError."""
    printer = printer or receipt_printer(db)
    if printer.target.is_none:
        raise PrinterError(_("No receipt printer is set up (Settings, Printers)."))
    # Right after a sale (copy=False) the status is known: the first byte goes out sooner.
    is_copy = _sale_and_status(db, receipt_no)[1] if copy is None else copy
    data = receipts.receipt_data(db, receipt_no)
    if is_copy:
        data = replace(data, status_note=_copy_note(data))
    try:
        _send_receipt(printer, data, open_drawer, timeout)
    except PrinterError as e:
        log.warning("receipt %s not printed: %s", receipt_no, e.message)
        _record(db, actor, receipt_no, printer.target, is_copy, e.message)
        return PrintOutcome(
            receipt_no,
            False,
            _(
                "Receipt {no} NOT printed ({reason}). The sale is saved; print it again from "
                "the sales history."
            ).format(no=receipt_no, reason=e.message.rstrip(".")),
        )
    _record(db, actor, receipt_no, printer.target, is_copy, None)
    return PrintOutcome(receipt_no, True, _("Receipt {no} printed.").format(no=receipt_no))


def _copy_note(data: ReceiptData) -> str:
    return f"{data.status_note} - {_('COPY')}" if data.status_note else _("COPY")


def _send_receipt(
    printer: ReceiptPrinter, data: ReceiptData, open_drawer: bool, timeout: float
) -> None:
    target = printer.target
    if target.is_escpos:
        from pos.printing import escpos_receipt, escpos_transport

        first = escpos_receipt.render(data, printer.width_mm, kick_drawer=open_drawer)
        rest = escpos_receipt.render(data, printer.width_mm) if printer.copies > 1 else b""
        escpos_transport.send(target, first + rest * (printer.copies - 1), timeout)
        return
    from pos.printing import system_printer
    from pos.printing.receipt import render_receipt

    pdf = render_receipt(data, printer.width_mm)
    system_printer.print_pdf(
        target.name, pdf, copies=printer.copies, title=data.receipt_no, timeout=timeout
    )


def send_drawer_kick(target: PrinterTarget, timeout: float = TIMEOUT) -> None:
    from pos.printing import escpos_receipt, escpos_transport

    if not target.is_escpos:
        raise PrinterError(
            _("The cash drawer opens through an ESC/POS receipt printer; none is set up.")
        )
    escpos_transport.send(target, escpos_receipt.drawer_kick(), timeout)


def open_drawer(
    db: Database, actor: Actor, approval: Approval | None = None, timeout: float = TIMEOUT
) -> None:
    """Open the drawer with no sale. A cashier needs a supervisor's approval (from
    approvals.require_or_approve, the approval dialog); the approval, its reason and the
    opening are recorded once the drawer was kicked."""
    if approval is None:
        approval = approvals.require_or_approve(db, actor, "open_drawer", _("No sale"))
    elif (
        approval.action != "open_drawer"
        or approval.requested_by.id != actor.id
        or approval.id is not None
    ):
        raise approvals.ApprovalNeeded(_("Ask again for the approval to open the drawer."))
    target = receipt_printer(db).target
    send_drawer_kick(target, timeout)
    with write_errors_explained(), db.Session.begin() as session:
        now = settings.local_now(session)
        approval_id = approvals.record(session, approval, now)
        detail = {
            "printer": str(target),
            "approval": approval_id,
            "approver": approval.approver.name,
            "reason": approval.reason,
        }
        audit.record(session, actor.id, "drawer_open", detail, now)


def _sale_and_status(db: Database, receipt_no: str) -> tuple[int, bool]:
    with db.Session() as session:
        sale_id = session.execute(
            select(Sale.id).where(Sale.receipt_no == receipt_no)
        ).scalar_one_or_none()
        if sale_id is None:
            raise NotFound(_("There is no receipt {no}.").format(no=receipt_no))
        printed = session.execute(
            select(ReceiptPrint.id).where(ReceiptPrint.sale_id == sale_id, ReceiptPrint.ok)
        ).first()
        return sale_id, printed is not None


def _record(
    db: Database,
    actor: Actor,
    receipt_no: str,
    target: PrinterTarget,
    copy: bool,
    error: str | None,
) -> None:
    try:
        with write_errors_explained(), db.Session.begin() as session:
            sale_id = session.execute(
                select(Sale.id).where(Sale.receipt_no == receipt_no)
            ).scalar_one()
            session.add(
                ReceiptPrint(
                    sale_id=sale_id,
                    at=settings.local_now(session),
                    printer=str(target)[:300],
                    copy=copy,
                    ok=error is None,
                    error=None if error is None else error[:300],
                    user_id=actor.id,
                )
            )
    except PosError:
        # The receipt printed or not all the same; only its mark in the history is missing.
        log.exception("print of receipt %s not recorded", receipt_no)


def print_statuses(db: Database, sale_ids: list[int]) -> dict[int, PrintStatus]:
    """ "printed" for each sale with a printed receipt, "failed" for one whose every try
    failed; sales never sent to a printer are left out."""
    if not sale_ids:
        return {}
    statuses: dict[int, PrintStatus] = {}
    with db.Session() as session:
        rows = session.execute(
            select(ReceiptPrint.sale_id, ReceiptPrint.ok).where(ReceiptPrint.sale_id.in_(sale_ids))
        ).all()
    for sale_id, ok in rows:
        if ok:
            statuses[sale_id] = "printed"
        else:
            statuses.setdefault(sale_id, "failed")
    return statuses


def print_test(
    db: Database,
    which: Literal["receipt", "label"],
    template: str = DEFAULT_LABEL_TEMPLATE,
    timeout: float = TIMEOUT,
) -> str:
    """A test receipt on the receipt printer, or a sheet of `template` with one test label
    and every label's outline on the label printer; the message to show when it went."""
    from pos.printing import sample_prints

    stand = settings.get(db, settings.STAND_NAME)
    if which == "receipt":
        printer = receipt_printer(db)
        if printer.target.is_none:
            raise PrinterError(_("No receipt printer is set up (Settings, Printers)."))
        sample_prints.print_receipt_test(printer.target, printer.width_mm, stand, timeout)
        return _("Test receipt sent to {printer}.").format(printer=printer.target)
    target = parse_target(settings.get(db, settings.PRINTER_LABEL))
    if target.is_none:
        raise PrinterError(_("No label printer is set up (Settings, Printers)."))
    sample_prints.print_label_test(target, template, timeout)
    return _("Test label sheet sent to {printer}.").format(printer=target)


def print_shift_report(db: Database, report: "ShiftReport", timeout: float = TIMEOUT) -> str:
    """An X or Z report where printer.reports says: on the receipt roll ("receipt": ESC/POS
    text, or the roll PDF on a system receipt printer) or on A4 on a system printer. Returns
    the message to show."""
    where = settings.get(db, settings.PRINTER_REPORTS)
    if where.strip().lower() != "receipt":
        from pos.printing import system_printer

        target = parse_target(where)
        if target.kind != "system":
            raise PrinterError(_("No printer is set up for the X and Z reports."))
        # The roll layout, enlarged onto A4: one sheet, readable, never cut off.
        system_printer.print_pdf(
            target.name, report.pdf(), (210, 297), fit=True, title=report.title, timeout=timeout
        )
        return _("{report} sent to {printer}.").format(report=report.title, printer=target)
    printer = receipt_printer(db)
    if printer.target.is_none:
        raise PrinterError(_("No receipt printer is set up (Settings, Printers)."))
    if printer.target.is_escpos:
        from pos.printing import escpos_report, escpos_transport
        from pos.printing.shift_report import report_rows

        rows = report_rows(report.summary, report.stand_name, report.printed_at)
        escpos_transport.send(printer.target, escpos_report.render(rows, printer.width_mm), timeout)
    else:
        from pos.printing import system_printer
        from pos.printing.shift_report import render_shift_report

        pdf = render_shift_report(
            report.summary, report.stand_name, printer.width_mm, report.printed_at
        )
        system_printer.print_pdf(printer.target.name, pdf, title=report.title, timeout=timeout)
    return _("{report} sent to {printer}.").format(report=report.title, printer=printer.target)


def print_labels(db: Database, pdf: bytes, page_mm: tuple[float, float]) -> str:
    """A label PDF on the label printer at the template's page size; the job id."""
    from pos.printing import system_printer

    target = parse_target(settings.get(db, settings.PRINTER_LABEL))
    if target.kind != "system":
        raise PrinterError(_("No label printer is set up (Settings, Printers)."))
    return system_printer.print_pdf(target.name, pdf, page_mm, title=_("Labels"))


def load_escpos() -> None:
    """Import python-escpos (about 0.3 s) ahead of the first receipt."""
    from pos.printing.escpos_receipt import new_dummy

    new_dummy()


class PrintSpooler:
    """One worker thread that runs print jobs in turn, so the counter never waits for a
    printer; each outcome goes to `on_done`, called in the worker thread."""

    def __init__(self, on_done: Callable[[PrintOutcome], None] | None = None) -> None:
        self._on_done = on_done
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, job: Callable[[], PrintOutcome | None]) -> "Future[PrintOutcome | None]":
        """Queue `job`; after shutdown() it is dropped (a cancelled future)."""
        with self._lock:
            if self._closed:
                dropped: Future[PrintOutcome | None] = Future()
                dropped.cancel()
                return dropped
            return self._pool.submit(self._run, job)

    def _run(self, job: Callable[[], PrintOutcome | None]) -> PrintOutcome | None:
        try:
            outcome = job()
        except PosError as e:
            outcome = PrintOutcome("", False, e.message)
        except Exception as e:  # a bug must not kill the printer thread for the day
            log.exception("print job failed")
            outcome = PrintOutcome("", False, _("Printing failed: {error}").format(error=e))
        if outcome is not None and self._on_done is not None:
            self._on_done(outcome)
        return outcome

    def shutdown(self, wait: bool = False) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
