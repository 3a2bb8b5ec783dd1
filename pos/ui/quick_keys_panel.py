"""Buttons for products sold without a barcode (tempe, kue curah...): one click adds one."""

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from pos.core.money import format_rupiah
from pos.services.quick_keys import QuickKeyInfo
from pos.ui.scaling import px

COLUMNS = 2


class QuickKeyButton(QPushButton):
    """A quick key: its name elided in the middle to the button's width, never cut at both ends.

    The full name (and the SKU) is the tooltip, so a long name can still be read.
    """

    PADDING = 14  # the style's left and right padding plus the frame

    def __init__(self, key: QuickKeyInfo) -> None:
        super().__init__()
        self.full_name = key.name
        self._price = format_rupiah(key.price)
        self.setToolTip(f"{key.name}\n{key.sku}")
        self._elide()

    def sizeHint(self) -> QSize:
        # From the full name, not the elided text shown: else each elision narrows the next.
        hint = super().sizeHint()
        wanted = self.fontMetrics().horizontalAdvance(self.full_name) + 2 * self.PADDING
        screen = self.screen()
        # Wider keys on a wide screen: whole names at 1920 px, still room for the cart at 1024.
        widest = max(170, screen.availableGeometry().width() // 8) if screen else 170
        return QSize(max(90, min(wanted, widest)), hint.height())

    def shown_name(self) -> str:
        return self.text().split("\n", 1)[0]

    def _elide(self) -> None:
        room = max(20, self.width() - self.PADDING)
        name = self.fontMetrics().elidedText(self.full_name, Qt.TextElideMode.ElideMiddle, room)
        self.setText(f"{name}\n{self._price}")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class QuickKeysPanel(QWidget):
    """The quick-key buttons beside the cart, for products without a barcode."""

    product_chosen = Signal(object)  # QuickKeyInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickKeys")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QuickKeyButton] = []

    def set_keys(self, keys: list[QuickKeyInfo]) -> None:
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for index, key in enumerate(k for k in keys if k.active):
            button = QuickKeyButton(key)
            # The scan field keeps the focus: a click must not steal the next scan.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(px(52))
            # The name is elided to the width: a long one never widens or clips the button.
            button.setMinimumWidth(px(90))
            button.setMaximumWidth(px(320))
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
