"""Receipt printing for the windows: jobs run on the spooler's thread, outcomes come back as a
Qt signal on the UI thread, so the counter never waits for a printer."""

from concurrent.futures import Future

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from pos.db.session import Database
from pos.i18n import _
from pos.services import printers
from pos.services.approvals import Approval
from pos.services.auth import Actor
from pos.services.printers import PrintOutcome
from pos.services.reports import ShiftReport
from pos.services.sales import SaleResult

WARM_UP_DELAY_MS = 2_000


class ReceiptPrinting(QObject):
    """Sends receipts, drawer kicks and test prints to the printers, one job at a time."""

    finished = Signal(object)  # PrintOutcome, on the UI thread
    _from_worker = Signal(object)

    def __init__(self, db: Database, actor: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._from_worker.connect(self.on_outcome, Qt.ConnectionType.QueuedConnection)
        self._spooler = printers.PrintSpooler(self._from_worker.emit)
        # python-escpos takes ~0.3 s to import: load it once the window is up, before the
        # first sale, and not while the app is starting.
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.timeout.connect(self.warm_up)
        self._warm_up_timer.start(WARM_UP_DELAY_MS)

    def set_actor(self, actor: Actor) -> None:
        """Another cashier logged in: the next receipts print in their name."""
        self._actor = actor

    @Slot()
    def warm_up(self) -> None:
        db = self._db

        def job() -> None:
            if printers.receipt_printer(db).target.is_escpos:
                printers.load_escpos()

        self._spooler.submit(job)

    def after_sale(self, result: SaleResult) -> "Future[PrintOutcome | None]":
        """Print a completed sale's receipt (and open the drawer on cash), as set up."""
        methods = tuple(p.method for p in result.payments)
        db, actor = self._db, self._actor

        def job() -> PrintOutcome | None:
            # Settings are read here, on the printer's thread, not on the counter's.
            printer = printers.receipt_printer(db)
            return printers.after_sale(db, actor, result.receipt_no, methods, printer)

        return self._spooler.submit(job)

    def print_receipt(self, receipt_no: str) -> "Future[PrintOutcome | None]":
        """Print a receipt again: a COPY when it printed before, else as the original."""
        db, actor = self._db, self._actor
        return self._spooler.submit(lambda: printers.print_receipt(db, actor, receipt_no))

    def print_test(self, which: str) -> "Future[PrintOutcome | None]":
        db = self._db

        def job() -> PrintOutcome:
            return PrintOutcome("", True, printers.print_test(db, which))  # type: ignore[arg-type]

        return self._spooler.submit(job)

    def print_report(self, report: ShiftReport) -> "Future[PrintOutcome | None]":
        """An X or Z report where the settings say (the roll or A4)."""
        db = self._db
        return self._spooler.submit(
            lambda: PrintOutcome("", True, printers.print_shift_report(db, report))
        )

    def open_drawer(
        self, actor: Actor, approval: Approval | None = None
    ) -> "Future[PrintOutcome | None]":
        db = self._db

        def job() -> PrintOutcome:
            printers.open_drawer(db, actor, approval)
            return PrintOutcome("", True, _("The cash drawer was opened."))

        return self._spooler.submit(job)

    @Slot(object)
    def on_outcome(self, outcome: PrintOutcome) -> None:
        self.finished.emit(outcome)

    def shutdown(self) -> None:
        self._warm_up_timer.stop()
        self._spooler.shutdown(wait=False)
