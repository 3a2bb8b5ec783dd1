"""Orders (pesanan): the list by due date (late ones marked), found by customer, phone or
number; a new order, a payment through the counter's payment dialog, its kuitansi, the status,
the pickup and cancelling (a supervisor approves)."""

import html
from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QCheckBox, QInputDialog, QLabel, QSplitter, QWidget

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.orders import SETTABLE, status_label
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import kuitansi, order_pickup, orders, settings
from pos.services.auth import Actor
from pos.services.order_data import MAX_SEARCH, OrderView, list_orders
from pos.ui.actions import on_chosen_row, says_refusal
from pos.ui.approval_dialog import ask_approval
from pos.ui.layouts import hbox, vbox
from pos.ui.list_search import DocumentListDialog
from pos.ui.pdf_pages import PdfPreview
from pos.ui.widgets import (
    RowsTableModel,
    add_shortcuts,
    fit_to_screen,
    key_help,
    plain_button,
)

COL_DUE, COL_NO, COL_CUSTOMER, COL_PHONE, COL_STATUS, COL_TOTAL, COL_PAID, COL_BALANCE = range(8)


class OrdersTableModel(RowsTableModel[OrderView]):
    """Orders by due date; a late one says so in red."""

    HEADERS = (
        N_("Due"), N_("Order"), N_("Customer"), N_("Phone"), N_("Status"), N_("Total"),
        N_("Paid"), N_("Balance"),
    )  # fmt: skip
    RIGHT_COLUMNS = frozenset({COL_TOTAL, COL_PAID, COL_BALANCE})

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def texts(self, row: OrderView, number: int) -> tuple[str, ...]:
        due = row.due.strftime("%d-%m-%Y")
        if row.late(self.today):
            due += " " + _("LATE")
        return (
            due, row.order_no, row.customer, row.phone or "", status_label(row.status),
            format_rupiah(row.total), format_rupiah(row.paid), format_rupiah(row.balance),
        )  # fmt: skip

    def in_red(self, row: OrderView, col: int) -> bool:
        return row.late(self.today) and col in (COL_DUE, COL_NO)


class OrdersDialog(DocumentListDialog[OrderView]):
    """The order list and what can be done to the chosen order."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        today = settings.stand_now(db).date()
        super().__init__(
            OrdersTableModel(today),
            COL_CUSTOMER,
            _("Customer, phone or order number"),
            MAX_SEARCH,
            parent,
        )
        self.today = today
        self._db = db
        self._actor = actor
        self.setWindowTitle(_("Orders"))
        fit_to_screen(self, (0.8, 0.85), (1000, 600))
        self.search.setObjectName("orderSearch")
        self.open_only = QCheckBox(_("Open orders only"))
        self.open_only.setChecked(True)
        self.preview = PdfPreview(max_dpi=90)
        self.preview.set_pdf(None, _("The last kuitansi of the chosen order shows here."))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        side = QWidget()
        vbox(self.detail, (self.preview, 1), parent=side)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([640, 360])
        vbox(
            hbox((self.search, 1), self.open_only),
            (splitter, 1),
            self.message,
            hbox(
                plain_button(_("New (Ins)"), self.on_new),
                plain_button(_("Payment (F12)"), self.on_pay),
                plain_button(_("Kuitansi (Ctrl+P)"), self.on_print),
                plain_button(_("Status (F6)"), self.on_status),
                plain_button(_("Pick up (F9)"), self.on_pickup),
                plain_button(_("Cancel order (F8)"), self.on_cancel),
                plain_button(_("Close"), self.reject),
            ),
            key_help(
                _(
                    "Type to search  |  ↑↓: choose  |  Ins: new order  |  F12: take a payment  |  "
                    "Ctrl+P: print the kuitansi  |  F6: status  |  F9: pick up  |  "
                    "F8: cancel the order  |  Esc: close"
                )
            ),
            parent=self,
        )
        self.open_only.toggled.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self.on_row_changed)
        add_shortcuts(
            self,
            {
                "Ins": self.on_new,
                "F12": self.on_pay,
                "Ctrl+P": self.on_print,
                "F6": self.on_status,
                "F9": self.on_pickup,
                "F8": self.on_cancel,
            },
        )
        self.refresh()
        self.search.setFocus()

    @Slot()
    def refresh(self, keep: str | None = None) -> None:
        chosen = keep or (c.order_no if (c := self.chosen()) else None)
        rows = list_orders(self._db, self.open_only.isChecked(), self.search.text())
        self.model.set_rows(rows)
        if not self.reselect([r.order_no for r in rows], chosen):
            self.detail.setText(_("No order found."))

    @Slot()
    @on_chosen_row
    def on_row_changed(self, chosen: OrderView) -> None:
        try:
            order = orders.order_view(self._db, chosen.order_no)
        except PosError as e:
            self.detail.setText(e.message)
            return
        head = f"{order.order_no} — {order.customer} ({status_label(order.status)})"
        lines = [f"{li.qty} x {li.name}: {format_rupiah(li.line_total)}" for li in order.lines]
        lines += [
            f"{p.doc_no}: {format_rupiah(p.amount if p.kind == 'payment' else -p.amount)}"
            for p in order.payments
        ]
        # Names typed by people are text, never markup.
        self.detail.setText(
            "<br>".join([f"<b>{html.escape(head)}</b>", *(html.escape(x) for x in lines)])
        )
        docs = [p.doc_no for p in order.payments]
        if docs:
            self.preview.set_pdf(kuitansi.kuitansi_pdf(self._db, docs[-1]))
        else:
            self.preview.set_pdf(None, _("Nothing paid yet."))

    def _done(self, text: str, order_no: str | None = None) -> None:
        self.refresh(order_no)
        self.on_row_changed()
        self.message.say(text, ok=True)

    @Slot()
    def on_new(self) -> None:
        from pos.ui.order_form import OrderFormDialog

        form = OrderFormDialog(self._db, self._actor, self.today, self)
        if form.exec() and form.created is not None:
            made = form.created
            self.open_only.setChecked(True)
            text = _("Order {no} saved: {total}.").format(
                no=made.order_no, total=format_rupiah(made.total)
            )
            self._done(text + (" " + made.warning if made.warning else ""), made.order_no)

    @Slot()
    @on_chosen_row
    def on_pay(self, order: OrderView) -> None:
        from pos.ui.order_payment import take_payment

        paid = take_payment(self, self._db, self._actor, order)
        if paid is not None:
            text = _("Kuitansi {no}: {amount} received, {balance} left.").format(
                no=paid.kuitansi_no,
                amount=format_rupiah(paid.amount),
                balance=format_rupiah(paid.balance),
            )
            if paid.change:
                text += " " + _("Change {change}.").format(change=format_rupiah(paid.change))
            self._done(text, order.order_no)

    @Slot()
    @says_refusal
    def on_print(self) -> None:
        order = self.chosen()
        if order is None or not order.payments:
            self.message.say(_("This order has no kuitansi yet."), ok=False)
            return
        text = kuitansi.print_kuitansi(self._db, order.payments[-1].doc_no)
        self.message.say(text, ok=True)

    @Slot()
    @on_chosen_row
    @says_refusal
    def on_status(self, order: OrderView) -> None:
        names = [status_label(s) for s in SETTABLE]
        current = names.index(status_label(order.status)) if order.status in SETTABLE else 0
        name, ok = QInputDialog.getItem(self, _("Status"), order.order_no, names, current, False)
        if not ok:
            return
        orders.set_status(self._db, self._actor, order.order_no, SETTABLE[names.index(name)])
        self._done(_("{no} is now: {status}.").format(no=order.order_no, status=name))

    @Slot()
    @on_chosen_row
    @says_refusal
    def on_pickup(self, order: OrderView) -> None:
        if order.balance > 0 and not self._actor.may("pickup_unpaid"):
            what = _("Order {no} is not paid in full: {balance} is still owed.").format(
                no=order.order_no, balance=format_rupiah(order.balance)
            )
            receipt_no = ask_approval(
                self,
                _("Pick up"),
                what,
                lambda pin, reason: order_pickup.pickup(
                    self._db, self._actor, order.order_no, reason, pin
                ),
            )
        else:
            receipt_no = order_pickup.pickup(self._db, self._actor, order.order_no)
        if receipt_no:
            self._done(_("Picked up: receipt {no}").format(no=receipt_no), order.order_no)

    @Slot()
    @on_chosen_row
    def on_cancel(self, order: OrderView) -> None:
        from pos.ui.order_payment import ask_cancel

        result = ask_cancel(self, self._db, self._actor, order)
        if result is not None:
            number, amount = result
            text = (
                _("Cancelled; {amount} paid back ({no})").format(
                    amount=format_rupiah(amount), no=number
                )
                if number
                else _("Cancelled; {amount} kept").format(amount=format_rupiah(amount))
            )
            self._done(text, order.order_no)
