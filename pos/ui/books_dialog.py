"""The books: revenue splits (dated), recaps per period and workshop (frozen, with a PDF),
PNBP deposits against recaps and the year's target."""

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_rupiah, parse_rupiah
from pos.core.revenue_split import parse_share
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import books, deposits, recaps, settings, splits
from pos.services.auth import Actor
from pos.ui.actor_dialog import ActorDialog
from pos.ui.errors import show_error, show_info
from pos.ui.layouts import STRETCH, form, hbox, vbox
from pos.ui.widgets import RowsTableModel, fit_to_screen, make_table, selected_row


@dataclass(frozen=True)
class RecapLine:
    """A recap as the list shows it, with its PNBP balance."""

    doc: recaps.RecapDoc
    owed: int
    deposited: int


class RecapModel(RowsTableModel[RecapLine]):
    """Recaps, newest last."""

    HEADERS = (
        N_("Recap"),
        N_("From"),
        N_("To"),
        N_("Base"),
        N_("Base total"),
        N_("PNBP owed"),
        N_("Deposited"),
    )
    RIGHT_COLUMNS = frozenset({4, 5, 6})

    def texts(self, row: RecapLine, number: int) -> tuple[str, ...]:
        d = row.doc.data
        return (
            row.doc.recap_no,
            d["from"],
            d["to"],
            d["base"],
            format_rupiah(d["base_total"]),
            format_rupiah(row.owed),
            format_rupiah(row.deposited),
        )


class SplitModel(RowsTableModel[splits.Split]):
    """Splits, oldest first."""

    HEADERS = (N_("From"), N_("Base"), N_("Shares"), N_("Remainder to"))

    def texts(self, row: splits.Split, number: int) -> tuple[str, ...]:
        return (row.valid_from.isoformat(), row.base, row.describe(), row.remainder_to)


class DepositModel(RowsTableModel[deposits.DepositRow]):
    """Deposits, by date."""

    HEADERS = (N_("Date"), N_("Recap"), N_("Billing code"), N_("NTPN"), N_("Bank"), N_("Amount"))
    RIGHT_COLUMNS = frozenset({5})

    def texts(self, row: deposits.DepositRow, number: int) -> tuple[str, ...]:
        return (
            row.day.isoformat(),
            row.recap_no,
            row.billing_code,
            row.ntpn,
            row.bank,
            format_rupiah(row.amount),
        )


def _date_edit(day: object) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


def _entry_tab(
    table: QTableView, fields: Sequence[tuple[str, QWidget]], add: QPushButton, *below: QLayout
) -> QWidget:
    """A tab with a table above the form that adds to it (`add` under the fields)."""
    tab = QWidget()
    vbox((table, 1), form(*fields, ("", add)), *below, parent=tab)
    return tab


class BooksDialog(ActorDialog):
    """Splits, recaps and deposits: what the work section keeps for the office."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        actor.require("view_reports")
        super().__init__(db, actor, _("Recaps, splits and deposits"), parent)
        fit_to_screen(self, (0.8, 0.8), (1000, 640))
        today = settings.stand_now(db).date()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._recap_tab(today), _("Recaps"))
        self.tabs.addTab(self._split_tab(today), _("Revenue splits"))
        self.tabs.addTab(self._deposit_tab(today), _("Deposits"))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        vbox((self.tabs, 1), close, parent=self)
        self.refresh()

    def _recap_tab(self, today: object) -> QWidget:
        from datetime import date

        assert isinstance(today, date)
        self.recap_model = RecapModel()
        self.recap_table = make_table(self.recap_model, 0)
        self.recap_from = _date_edit(today.replace(day=1))
        self.recap_to = _date_edit(today)
        new = QPushButton(_("Make recap"))
        pdf = QPushButton(_("Save PDF…"))
        tab = QWidget()
        vbox(
            hbox(
                QLabel(_("From")),
                self.recap_from,
                QLabel(_("To")),
                self.recap_to,
                new,
                STRETCH,
                pdf,
            ),
            (self.recap_table, 1),
            parent=tab,
        )
        new.clicked.connect(self.on_new_recap)
        pdf.clicked.connect(self.on_recap_pdf)
        return tab

    def _split_tab(self, today: object) -> QWidget:
        self.split_model = SplitModel()
        self.split_from = _date_edit(today)
        self.split_base = QComboBox()
        self.split_base.addItem(_("Net sales"), "sales")
        self.split_base.addItem(_("Profit (net sales minus cost)"), "profit")
        self.split_shares = QLineEdit()
        self.split_shares.setPlaceholderText("premi=50 PNBP=15 modal=35")
        self.split_rest = QLineEdit()
        self.split_rest.setPlaceholderText(_("(the first share)"))
        add = QPushButton(_("Add split"))
        add.clicked.connect(self.on_add_split)
        fields = (
            (_("Applies from"), self.split_from),
            (_("Base"), self.split_base),
            (_("Shares (NAME=PERCENT)"), self.split_shares),
            (_("Rounding remainder to"), self.split_rest),
        )
        return _entry_tab(make_table(self.split_model, 2), fields, add)

    def _deposit_tab(self, today: object) -> QWidget:
        from datetime import date

        assert isinstance(today, date)
        self.deposit_model = DepositModel()
        self.deposit_recap = QComboBox()
        self.billing = QLineEdit()
        self.billing.setMaxLength(20)
        self.ntpn = QLineEdit()
        self.ntpn.setMaxLength(20)
        self.bank = QLineEdit()
        self.bank.setMaxLength(40)
        self.deposit_day = _date_edit(today)
        self.deposit_amount = QLineEdit()
        add = QPushButton(_("Record deposit"))
        self.target_year = QSpinBox()
        self.target_year.setRange(2000, 2100)
        self.target_year.setValue(today.year)
        self.target_amount = QLineEdit()
        set_target = QPushButton(_("Set target"))
        self.target_status = QLabel()
        add.clicked.connect(self.on_add_deposit)
        set_target.clicked.connect(self.on_set_target)
        self.target_year.valueChanged.connect(self.refresh_target)
        fields = (
            (_("Recap"), self.deposit_recap),
            (_("Billing code (15 digits)"), self.billing),
            (_("NTPN"), self.ntpn),
            (_("Bank"), self.bank),
            (_("Date"), self.deposit_day),
            (_("Amount"), self.deposit_amount),
        )
        target = hbox(
            QLabel(_("PNBP target for")),
            self.target_year,
            self.target_amount,
            set_target,
            (self.target_status, 1),
        )
        return _entry_tab(make_table(self.deposit_model, 1), fields, add, target)

    @Slot()
    def refresh(self) -> None:
        docs = recaps.list_recaps(self._db, self._actor)
        with self._db.engine.connect() as conn:
            balance = {b.recap_no: b for b in deposits.balances(conn)}
        self.recap_model.set_rows(
            [RecapLine(d, balance[d.recap_no].owed, balance[d.recap_no].deposited) for d in docs]
        )
        self.split_model.set_rows(splits.list_splits(self._db, self._actor))
        self.deposit_model.set_rows(deposits.list_deposits(self._db, self._actor))
        self.deposit_recap.clear()
        for d in reversed(docs):
            self.deposit_recap.addItem(d.recap_no, d.recap_no)
        self.refresh_target()

    @Slot()
    def refresh_target(self) -> None:
        from pos.ui.reports_window import target_text

        status = deposits.get_target(self._db, self._actor, self.target_year.value())
        self.target_status.setText(target_text(status))

    @Slot()
    def on_new_recap(self) -> None:
        start, end = (edit.date().toPython() for edit in (self.recap_from, self.recap_to))
        try:
            doc = recaps.create_recap(self._db, self._actor, start, end)
        except PosError as e:
            show_error(self, e)
            return
        self.refresh()
        text = _("Recap {no} made.").format(no=doc.recap_no)
        if doc.data["empty"]:
            text += " " + _("No sales in this period: the recap is empty.")
        show_info(self, text)

    @Slot()
    def on_recap_pdf(self) -> None:
        from pos.ui.qt_texts import save_file

        row = selected_row(self.recap_table)
        if row is None:
            show_error(self, _("Choose a recap first."))
            return
        doc = self.recap_model.row_at(row).doc
        path = save_file(self, _("Save PDF"), f"{doc.recap_no}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        try:
            books.save_recap_pdf(self._db, doc, path)
        except PosError as e:
            show_error(self, e)

    @Slot()
    def on_add_split(self) -> None:
        try:
            shares = [parse_share(t) for t in self.split_shares.text().split()]
            splits.set_split(
                self._db,
                self._actor,
                self.split_from.date().toPython(),
                self.split_base.currentData(),
                shares,
                self.split_rest.text().strip() or None,
            )
        except PosError as e:
            show_error(self, e)
            return
        self.split_shares.clear()
        self.refresh()

    @Slot()
    def on_add_deposit(self) -> None:
        try:
            done = deposits.add_deposit(
                self._db,
                self._actor,
                self.deposit_recap.currentData() or "",
                self.billing.text(),
                self.ntpn.text(),
                self.bank.text(),
                self.deposit_day.date().toPython(),
                int(parse_rupiah(self.deposit_amount.text())),
            )
        except PosError as e:
            show_error(self, e)
            return
        for field in (self.billing, self.ntpn, self.deposit_amount):
            field.clear()
        self.refresh()
        if done.warning:
            show_error(self, done.warning)

    @Slot()
    def on_set_target(self) -> None:
        try:
            amount = int(parse_rupiah(self.target_amount.text()))
            deposits.set_target(self._db, self._actor, self.target_year.value(), amount)
        except PosError as e:
            show_error(self, e)
            return
        self.refresh_target()
