"""A QR code drawn module by module: sharp at any size, black on white with its quiet zone."""

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

# The quiet zone of pos.printing.qr, which imports segno: only once a code is shown.
QUIET_ZONE = 4


class QrWidget(QWidget):
    """Shows one payload as a QR code, as large as its room allows (square)."""

    def __init__(self, parent: QWidget | None = None, minimum: int = 160) -> None:
        super().__init__(parent)
        self.payload = ""
        self._matrix: list[list[bool]] = []
        self.setMinimumSize(minimum, minimum)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_payload(self, payload: str) -> None:
        if payload != self.payload:
            self.payload = payload
            from pos.printing.qr import qr_matrix

            self._matrix = qr_matrix(payload) if payload else []
            self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._matrix:
            return
        side = min(self.width(), self.height())
        modules = len(self._matrix) + 2 * QUIET_ZONE
        # Whole pixels a module: a blurred edge between modules makes phones misread.
        unit = max(1, side // modules)
        size = unit * modules
        left = (self.width() - size) // 2
        top = (self.height() - size) // 2
        painter = QPainter(self)
        painter.fillRect(QRectF(left, top, size, size), QColor("white"))
        black = QColor("black")
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(
                        left + (x + QUIET_ZONE) * unit,
                        top + (y + QUIET_ZONE) * unit,
                        unit,
                        unit,
                        black,
                    )
        painter.end()
