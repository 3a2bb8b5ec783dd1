"""The order form, keyboard first: customer, phone, channel, due date, then items: scan or type
a code (`40*CODE` for forty) or add a free item (description, price, quantity, workshop).
Ctrl+S saves the order; nothing is written before."""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_rupiah
from pos.core.orders import (
    CHANNELS,
    MAX_CUSTOMER,
    MAX_ITEM_NAME,
    MAX_NOTE,
    MAX_PHONE,
    OrderItem,
    channel_label,
    check_price,
    clean_text,
)
from pos.core.quantities import MAX_QTY, MULTIPLIED, check_qty
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import catalog, orders, products
from pos.services.auth import Actor
from pos.ui.actions import says_refusal
from pos.ui.actor_dialog import ActorDialog
from pos.ui.layouts import form, hbox, vbox
from pos.ui.money_field import MoneyField
from pos.ui.widgets import (
    MessageLabel,
    RowsTableModel,
    ScanField,
    add_shortcuts,
    fit_to_screen,
    key_help,
    make_table,
    plain_button,
    selected_row,
)


@dataclass
class FormLine:
    """An item on the form: what the service gets, and what the table shows."""

    item: OrderItem
    name: str
    unit_price: int


class OrderLinesModel(RowsTableModel[FormLine]):
    """The items of the order being taken."""

    HEADERS = (N_("Code"), N_("Item"), N_("Qty"), N_("Price"), N_("Total"))
    RIGHT_COLUMNS = frozenset({2, 3, 4})

    def texts(self, row: FormLine, number: int) -> tuple[str, ...]:
        code = row.item.sku or (row.item.workshop or _("free item"))
        return (
            code,
            row.name,
            str(row.item.qty),
            format_rupiah(row.unit_price),
            format_rupiah(row.unit_price * row.item.qty),
        )


class OrderFormDialog(ActorDialog):
    """Take a new order; `created` holds the service's answer once saved."""

    def __init__(
        self, db: Database, actor: Actor, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(db, actor, _("New order"), parent)
        self.created: orders.OrderCreated | None = None
        fit_to_screen(self, (0.6, 0.8), (860, 600))

        self.customer = QLineEdit()
        self.customer.setObjectName("orderCustomer")
        self.customer.setMaxLength(MAX_CUSTOMER + 1)
        self.phone = QLineEdit()
        self.phone.setObjectName("orderPhone")
        self.phone.setMaxLength(MAX_PHONE + 1)
        self.channel = QComboBox()
        for key in CHANNELS:
            self.channel.addItem(channel_label(key), key)
        self.due = QDateEdit(QDate(today.year, today.month, today.day).addDays(14))
        self.due.setObjectName("orderDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd-MM-yyyy")
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE + 1)

        self.model = OrderLinesModel()
        self.table = make_table(self.model, 1, focus=False)
        self.scan = ScanField(_("Scan or type a code; 40*CODE for forty"), self.table)
        self.scan.setObjectName("orderScan")
        self.free_name = QLineEdit()
        self.free_name.setObjectName("freeName")
        self.free_name.setMaxLength(MAX_ITEM_NAME + 1)
        self.free_name.setPlaceholderText(_("Free item: description"))
        self.free_price = MoneyField()
        self.free_price.setObjectName("freePrice")
        self.free_price.setPlaceholderText(_("Price"))
        self.free_qty = QSpinBox()
        self.free_qty.setRange(1, MAX_QTY)
        self.free_workshop = QComboBox()
        self.free_workshop.addItem(_("(no workshop)"), None)
        for workshop in products.workshops(db):
            self.free_workshop.addItem(workshop.name, workshop.name)
        self.total_label = QLabel()
        self.message = MessageLabel()

        vbox(
            form(
                (_("Customer"), self.customer),
                (_("Phone"), self.phone),
                (_("Channel"), self.channel),
                (_("Due date"), self.due),
                (_("Note"), self.note),
            ),
            self.scan,
            hbox(
                (self.free_name, 3),
                (self.free_price, 1),
                self.free_qty,
                (self.free_workshop, 1),
                plain_button(_("Add"), self.on_add_free),
            ),
            (self.table, 1),
            hbox(
                (self.message, 1),
                self.total_label,
                plain_button(_("Save order (Ctrl+S)"), self.on_save),
                plain_button(_("Cancel"), self.reject),
            ),
            key_help(
                _(
                    "Tab: next field  |  Enter in the code field: add  |  ↑↓: choose  |  "
                    "Del: remove the item  |  Ctrl+S: save  |  Esc: cancel"
                )
            ),
            parent=self,
        )
        self.scan.scanned.connect(self.on_scanned)
        self.scan.delete_pressed.connect(self.on_remove)
        self.free_name.returnPressed.connect(self.on_add_free)
        self.free_price.returnPressed.connect(self.on_add_free)
        add_shortcuts(self, {"Ctrl+S": self.on_save})
        self._lines: list[FormLine] = []
        self._refresh()
        self.customer.setFocus()

    def _refresh(self) -> None:
        self.model.set_rows(self._lines)
        total = sum(line.unit_price * line.item.qty for line in self._lines)
        self.total_label.setText(_("Total {total}").format(total=format_rupiah(total)))

    @Slot(str)
    def on_scanned(self, text: str) -> None:
        qty, code = 1, text.strip()
        found = MULTIPLIED.match(code)
        if found:
            qty, code = int(found[1]), found[2].strip()
        try:
            check_qty(qty)
            product = catalog.find_by_code(self._db, code)
        except PosError as e:
            self.message.say(e.message, ok=False)
            return
        for line in self._lines:
            if line.item.sku == product.sku:
                line.item = OrderItem(line.item.qty + qty, product.sku)
                break
        else:
            self._lines.append(FormLine(OrderItem(qty, product.sku), product.name, product.price))
        self._refresh()
        self.message.say(_("{qty} x {name} added.").format(qty=qty, name=product.name), ok=True)

    @Slot()
    @says_refusal
    def on_add_free(self) -> None:
        name = clean_text(
            self.free_name.text(), MAX_ITEM_NAME, _("The item description"), required=True
        )
        if not self.free_price.text().strip():
            raise PosError(_("A free item needs a price of more than Rp0."))
        price = check_price(self.free_price.amount())
        qty = self.free_qty.value()
        workshop = self.free_workshop.currentData()
        self._lines.append(FormLine(OrderItem(qty, None, name, price, workshop), str(name), price))
        self.free_name.clear()
        self.free_price.clear()
        self.free_qty.setValue(1)
        self._refresh()
        self.free_name.setFocus()

    @Slot()
    def on_remove(self) -> None:
        row = selected_row(self.table)
        if row is not None and row < len(self._lines):
            del self._lines[row]
            self._refresh()

    @Slot()
    @says_refusal
    def on_save(self) -> None:
        qdate = self.due.date()
        self.created = orders.new_order(
            self._db,
            self._actor,
            self.customer.text(),
            date(qdate.year(), qdate.month(), qdate.day()),
            [line.item for line in self._lines],
            self.phone.text(),
            str(self.channel.currentData()),
            self.note.text(),
        )
        self.accept()
