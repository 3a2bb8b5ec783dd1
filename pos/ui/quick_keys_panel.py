"""Buttons for products sold without a barcode (tempe, kue curah...): one click adds one."""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from pos.core.money import format_rupiah
from pos.services.quick_keys import QuickKeyInfo

COLUMNS = 2


class QuickKeysPanel(QWidget):
    """The quick-key buttons beside the cart, for products without a barcode."""

    product_chosen = Signal(object)  # QuickKeyInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickKeys")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []

    def set_keys(self, keys: list[QuickKeyInfo]) -> None:
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for index, key in enumerate(k for k in keys if k.active):
            button = QPushButton(f"{key.name}\n{format_rupiah(key.price)}")
            button.setToolTip(key.sku)
            # The scan field keeps the focus: a click must not steal the next scan.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(52)
            button.setMaximumWidth(180)
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.setStyleSheet("text-align: center; padding: 4px;")
            button.clicked.connect(lambda _checked=False, k=key: self.on_clicked(k))
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append(button)
        self._grid.setRowStretch(len(self.buttons) // COLUMNS + 1, 1)
        self.setVisible(bool(self.buttons))

    @Slot()
    def on_clicked(self, key: QuickKeyInfo) -> None:
        self.product_chosen.emit(key)
