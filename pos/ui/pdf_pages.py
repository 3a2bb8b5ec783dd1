"""PDF pages as images, for showing and printing them: pypdfium2 draws, Qt shows and prints.

WORKAROUND: QtPdf (PySide6-Pdf) only exists for PySide6 6.12 and we are pinned below it, so
pages are rasterised with pypdfium2 instead. Pages are rendered onto opaque white, never onto
a transparent image (see STYLE.md: a transparent page prints and previews wrongly).
"""

import math
from collections.abc import Iterator, Sequence

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QTimer, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from pos.core.errors import PosError
from pos.i18n import _, ngettext
from pos.ui.scaling import pt

WHITE = (255, 255, 255, 255)
MONO = Qt.ImageConversionFlag.MonoOnly | Qt.ImageConversionFlag.ThresholdDither
MAX_RENDER_DPI = 600  # see render_dpi
MAX_PREVIEW_PAGES = 20  # a roll prints a page per label: nobody scrolls through a thousand
PAGE_GAP = 12  # px between previewed pages
GUIDE_COLOR = "#5b8fd6"

Guide = tuple[float, float, float, float]  # left, top, width, height in mm from the top-left


def iter_page_images(
    pdf: bytes, dpi: float, *, grayscale: bool = False, crisp: bool = False, limit: int = 0
) -> Iterator[QImage]:
    """Each page (the first `limit`, if given) as an opaque white image at `dpi`, one by one.

    `crisp` turns off anti-aliasing of shapes, so bars on the printer's dot grid stay whole
    black dots instead of grey edges that a printer driver dithers.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        count = len(document) if limit <= 0 else min(limit, len(document))
        for number in range(count):
            page = document[number]
            try:
                yield _render(page, dpi, grayscale, crisp)
            finally:
                page.close()
    finally:
        document.close()


def _render(page: pdfium.PdfPage, dpi: float, grayscale: bool, crisp: bool) -> QImage:
    bitmap = page.render(
        scale=dpi / 72,
        fill_color=WHITE,
        grayscale=grayscale,
        rev_byteorder=True,  # RGBX byte order, which QImage reads as is
        prefer_bgrx=True,
        no_smoothpath=crisp,
    )
    try:
        if bitmap.n_channels == 1:
            image_format = QImage.Format.Format_Grayscale8
        elif bitmap.n_channels == 4:
            image_format = QImage.Format.Format_RGBX8888
        else:
            image_format = QImage.Format.Format_RGB888
        view = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, image_format)
        # A copy owns its pixels: the bitmap's buffer is freed when the bitmap goes.
        image = (
            view.copy()
            if image_format == QImage.Format.Format_Grayscale8
            else view.convertToFormat(QImage.Format.Format_RGB32)
        )
    finally:
        bitmap.close()
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


def pdf_page_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of `pdf` as an opaque white RGB image at `dpi`."""
    return list(iter_page_images(pdf, dpi))


def pdf_page_count(pdf: bytes) -> int:
    document = pdfium.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def pdf_page_width(pdf: bytes) -> float:
    """Width of the first page in points (72 a inch); 0 for an empty document."""
    document = pdfium.PdfDocument(pdf)
    try:
        if not len(document):
            return 0.0
        page = document[0]
        width = float(page.get_width())
        page.close()
        return width
    finally:
        document.close()


def render_dpi(printer_dpi: int, source_dpi: int | None = None) -> int:
    """The resolution to rasterise at for a printer of `printer_dpi`.

    With `source_dpi`, the dot grid the PDF's bars were placed on (a template's dpi), a whole
    multiple of it: a 203 dpi label printer behind CUPS gets 406 dpi and halves it exactly,
    where 600 dpi would make bars a dot wider or narrower at random. Otherwise the printer's
    own resolution or a whole fraction of it. Never above MAX_RENDER_DPI: an A4 page at
    1200 dpi is 140 MB even in grey.
    """
    if source_dpi:
        return source_dpi * max(1, min(printer_dpi, MAX_RENDER_DPI) // source_dpi)
    if printer_dpi <= MAX_RENDER_DPI:
        return max(printer_dpi, 72)
    return printer_dpi // math.ceil(printer_dpi / MAX_RENDER_DPI)


def _one_bit(image: QImage) -> QImage:
    """The page in one bit a dot, black on white, as a label printer prints it.

    Qt's PDF output (what also goes to CUPS) keeps such an image as a 1-bit bitmap only when
    colour 0 is black and colour 1 white; anything else it stores as JPEG, whose ringing blurs
    the bars' edges.
    """
    mono = image.convertToFormat(QImage.Format.Format_Mono, MONO)
    black, white = QColor("black").rgba(), QColor("white").rgba()
    if mono.colorTable() != [black, white]:
        if mono.colorTable() == [white, black]:
            mono.invertPixels()
        else:  # not seen: let Qt map the pixels onto the table it needs
            mono = mono.convertToFormat(QImage.Format.Format_Mono, [black, white], MONO)
        mono.setColorTable([black, white])
    return mono


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    page_size_mm: tuple[float, float],
    source_dpi: int | None = None,
) -> None:
    """Print every page of `pdf` on `printer`, on paper of `page_size_mm` (width, height)
    without margins; each page is rendered in black and white (see render_dpi for the
    resolution and `source_dpi`) and fills the paper.

    The page size is set here because a printer left to itself assumes A4 (STYLE.md).
    """
    width, height = page_size_mm
    size = QPageSize(
        QSizeF(width, height), QPageSize.Unit.Millimeter, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    printer.setFullPage(True)  # paint from the paper's corner, not inside the margins
    layout = QPageLayout(
        size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter
    )
    if not printer.setPageLayout(layout):
        # A printer may refuse margins below what it can reach; the paper size must still hold.
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setPageSize(size)
    painter = QPainter()
    if not painter.begin(printer):
        raise PosError(_("The printer could not be started. Check that it is on and connected."))
    try:
        painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        target = QRectF(0, 0, paper.width(), paper.height())
        dpi = render_dpi(printer.resolution(), source_dpi)
        for number, image in enumerate(iter_page_images(pdf, dpi, grayscale=True, crisp=True)):
            if number and not printer.newPage():
                raise PosError(
                    ngettext(
                        "The printer stopped after {n} page.",
                        "The printer stopped after {n} pages.",
                        number,
                    ).format(n=number)
                )
            painter.drawImage(target, _one_bit(image))
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PosError(_("The printer reported an error. Check it, then print again."))


def draw_guides(image: QImage, guides: Sequence[Guide], dpi: float) -> None:
    """Dashed outlines (e.g. the labels of a sheet) over a page image; never printed."""
    if not guides:
        return
    scale = dpi / 25.4
    pen = QPen(QColor(GUIDE_COLOR), 1, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    painter = QPainter(image)
    painter.setPen(pen)
    for left, top, width, height in guides:
        painter.drawRect(QRectF(left * scale, top * scale, width * scale, height * scale))
    painter.end()


class PdfPreview(QScrollArea):
    """The pages of a PDF stacked top to bottom, each with a thin edge, scaled to the width
    available (at most `max_dpi`); only the first MAX_PREVIEW_PAGES are drawn. Guides, such as
    where the labels of a sheet are, may be drawn over every page."""

    def __init__(self, max_dpi: float = 120, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_dpi = max_dpi
        self._pdf: bytes | None = None
        self._guides: Sequence[Guide] = ()
        self._page_count = 0
        self._drawn_width = 0
        self.pages: list[QLabel] = []

        self.setWidgetResizable(True)
        self.setMinimumWidth(260)
        self._holder = QWidget()
        self._holder.setObjectName("pdfPreviewHolder")
        self._holder.setStyleSheet("#pdfPreviewHolder { background: #d6d6d6; }")
        self._layout = QVBoxLayout(self._holder)
        self._layout.setSpacing(PAGE_GAP)
        self._layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(f"color: #555; font-size: {pt(12)}pt;")
        self.more = QLabel()
        self.more.setStyleSheet("color: #333;")
        self.more.hide()
        self._layout.addWidget(self.placeholder)
        self._layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._holder)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(150)
        self._resize_timer.timeout.connect(self.on_resized)

    @property
    def page_count(self) -> int:
        """Pages in the PDF shown (not only those drawn)."""
        return self._page_count

    def set_pdf(
        self, pdf: bytes | None, placeholder: str = "", guides: Sequence[Guide] = ()
    ) -> None:
        """Show `pdf` with `guides` over each page, or with None only the `placeholder` text."""
        self._pdf = pdf
        self._guides = guides
        self._clear_pages()
        if pdf is None:
            self._page_count = 0
            self.placeholder.setText(placeholder)
            self.placeholder.show()
            self.more.hide()
            return
        self.placeholder.hide()
        self._page_count = pdf_page_count(pdf)
        self._draw(pdf)

    def _draw(self, pdf: bytes) -> None:
        width_pt = pdf_page_width(pdf)
        room = self.viewport().width() - 2 * PAGE_GAP - 4
        dpi = self.max_dpi if width_pt <= 0 else min(self.max_dpi, room * 72 / width_pt)
        dpi = max(dpi, 24.0)
        self._drawn_width = self.viewport().width()
        ratio = self.devicePixelRatioF()
        for number, image in enumerate(
            iter_page_images(pdf, dpi * ratio, limit=MAX_PREVIEW_PAGES), start=1
        ):
            draw_guides(image, self._guides, dpi * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            page = QLabel()
            page.setPixmap(pixmap)
            page.setStyleSheet("QLabel { border: 1px solid #777; background: white; }")
            page.setToolTip(_("Page {n} of {count}").format(n=number, count=self._page_count))
            self._layout.insertWidget(len(self.pages) + 1, page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(page)
        hidden = self._page_count - len(self.pages)
        self.more.setText(
            ngettext(
                "… and {n} more page, not shown here.",
                "… and {n} more pages, not shown here.",
                hidden,
            ).format(n=hidden)
        )
        self.more.setVisible(hidden > 0)

    def _clear_pages(self) -> None:
        for page in self.pages:
            self._layout.removeWidget(page)
            page.hide()  # deleted later, and until then still painted unless hidden
            page.deleteLater()
        self.pages = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._pdf is not None and abs(self.viewport().width() - self._drawn_width) > 8:
            self._resize_timer.start()

    @Slot()
    def on_resized(self) -> None:
        if self._pdf is not None:
            self._clear_pages()
            self._draw(self._pdf)
