"""Printer settings (supervisor): the receipt printer and its paper, copies, automatic
printing and the cash drawer; the label printer; where X and Z reports go; a test print for
each, and the drawer-open button."""

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.services import settings
from pos.services.auth import Actor
from pos.services.printers import PrintOutcome
from pos.ui.receipt_printing import ReceiptPrinting
from pos.ui.widgets import MessageLabel, key_help, plain_button

ESCPOS_EXAMPLES = (
    "escpos-net:192.168.1.87:9100",
    "escpos-file:/dev/usb/lp0",
    "escpos-usb:0416:5011",
    "escpos-serial:/dev/ttyUSB0:9600",
)


def system_printer_names() -> list[str]:
    """The printers the system knows (CUPS, the Windows spooler), as Qt lists them."""
    from PySide6.QtPrintSupport import QPrinterInfo

    return sorted(QPrinterInfo.availablePrinterNames())


def _printer_box(current: str, choices: list[str]) -> QComboBox:
    box = QComboBox()
    box.setEditable(True)
    box.setMinimumWidth(340)
    for choice in dict.fromkeys([current, *choices]):
        box.addItem(choice)
    box.setCurrentText(current)
    box.lineEdit().setMaxLength(300)
    return box


class PrinterSettingsDialog(QDialog):
    """Where receipts, labels and reports print; saved together with Save."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        printing: ReceiptPrinting,
        parent: QWidget | None = None,
        queues: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._printing = printing
        self.setWindowTitle(_("Printers"))
        names = system_printer_names() if queues is None else queues
        system = [f"system:{name}" for name in names]
        raw = [f"escpos-cups:{name}" for name in names if " " not in name]

        get = lambda var: settings.get(db, var)  # noqa: E731
        self.receipt = _printer_box(
            get(settings.PRINTER_RECEIPT), ["none", *ESCPOS_EXAMPLES, *raw, *system]
        )
        self.width_combo = QComboBox()
        self.width_combo.addItems(["80", "58"])
        self.width_combo.setCurrentText(str(get(settings.RECEIPT_WIDTH)))
        self.copies = QSpinBox()
        self.copies.setRange(1, 5)
        self.copies.setValue(get(settings.PRINTER_COPIES))
        self.auto_print = QCheckBox(_("Print the receipt when a sale completes"))
        self.auto_print.setChecked(get(settings.PRINTER_AUTO))
        self.drawer = QCheckBox(_("Open the cash drawer on cash sales"))
        self.drawer.setChecked(get(settings.PRINTER_DRAWER))
        self.label = _printer_box(get(settings.PRINTER_LABEL), ["none", *system])
        self.reports = _printer_box(get(settings.PRINTER_REPORTS), ["receipt", *system])
        self.message = MessageLabel()

        form = QFormLayout()
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt, 1)
        receipt_row.addWidget(plain_button(_("Test receipt"), self.on_test_receipt))
        form.addRow(_("Receipt printer"), receipt_row)
        form.addRow(_("Paper width (mm)"), self.width_combo)
        form.addRow(_("Receipt copies"), self.copies)
        form.addRow("", self.auto_print)
        drawer_row = QHBoxLayout()
        drawer_row.addWidget(self.drawer, 1)
        drawer_row.addWidget(plain_button(_("Open the drawer now"), self.on_open_drawer))
        form.addRow("", drawer_row)
        label_row = QHBoxLayout()
        label_row.addWidget(self.label, 1)
        label_row.addWidget(plain_button(_("Test label sheet"), self.on_test_label))
        form.addRow(_("Label printer"), label_row)
        form.addRow(_("X and Z reports"), self.reports)

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        self.save_button = plain_button(_("Save"), self.on_save)
        buttons.addWidget(self.save_button)
        buttons.addWidget(plain_button(_("Close"), self.reject))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            key_help(
                _(
                    "none: PDF only  |  system:NAME: a printer the system knows  |  "
                    "escpos-net:HOST:PORT, escpos-usb:VID:PID, escpos-serial:DEVICE[:BAUD], "
                    "escpos-file:PATH, escpos-cups:NAME: an ESC/POS receipt printer  |  "
                    "reports: receipt (on the roll) or system:NAME (A4)"
                )
            )
        )
        layout.addWidget(QLabel())
        layout.addLayout(buttons)
        self._printing.finished.connect(self.on_printed)

    def values(self) -> list[tuple[settings.SettingVar[object], str]]:
        return [
            (settings.PRINTER_RECEIPT, self.receipt.currentText()),
            (settings.RECEIPT_WIDTH, self.width_combo.currentText()),
            (settings.PRINTER_COPIES, str(self.copies.value())),
            (settings.PRINTER_AUTO, "on" if self.auto_print.isChecked() else "off"),
            (settings.PRINTER_DRAWER, "on" if self.drawer.isChecked() else "off"),
            (settings.PRINTER_LABEL, self.label.currentText()),
            (settings.PRINTER_REPORTS, self.reports.currentText()),
        ]

    @Slot()
    def on_save(self) -> bool:
        try:
            settings.change(self._db, self._actor, self.values())
        except PosError as e:
            self.message.say(e.message, ok=False)
            return False
        self.message.say(_("Printer settings saved."), ok=True)
        return True

    @Slot()
    def on_test_receipt(self) -> None:
        # Test what is on the screen: saved first, so the test and the counter agree.
        if self.on_save():
            self._printing.print_test("receipt")
            self.message.say(_("Sending a test receipt…"), ok=True)

    @Slot()
    def on_test_label(self) -> None:
        if self.on_save():
            self._printing.print_test("label")
            self.message.say(_("Sending a test label sheet…"), ok=True)

    @Slot()
    def on_open_drawer(self) -> None:
        if self.on_save():
            self._printing.open_drawer(self._actor)

    @Slot(object)
    def on_printed(self, outcome: PrintOutcome) -> None:
        self.message.say(outcome.message, ok=outcome.ok)
