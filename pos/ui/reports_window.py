"""The reports screen: a period and a breakdown as a table and charts, the previous period
beside it, stock value, the year's PNBP target against what was deposited; XLSX and PDF."""

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos.core.errors import PosError
from pos.core.money import format_decimal, format_number, format_rupiah
from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import books, deposits, settings
from pos.services.auth import Actor
from pos.services.receipts import write_file
from pos.services.sales_report import KEYS, ReportRow
from pos.ui.errors import show_error, show_info
from pos.ui.widgets import RowsTableModel, fit_to_screen, make_table

PERIOD_LABELS = {
    "day": N_("Day"),
    "week": N_("Week"),
    "month": N_("Month"),
    "year": N_("Year"),
    "custom": N_("From – to"),
}
CHART_DPI = 110
FIT_ROWS = 200  # the figure columns fit the first rows (the biggest by net) and the last two


class ReportTableModel(RowsTableModel[ReportRow]):
    """A report's rows and their total: key, sales, qty and the money columns."""

    HEADERS = (
        N_("Key"),
        N_("Sales"),
        N_("Qty"),
        N_("Gross (Rp)"),
        N_("Discount (Rp)"),
        N_("Refunds (Rp)"),
        N_("Net (Rp)"),
        N_("Cost (Rp)"),
        N_("Profit (Rp)"),
    )  # the cells are plain numbers: six "Rp" a row cost a 1024-pixel screen a column
    RIGHT_COLUMNS = frozenset(range(1, 9))
    by = "product"

    def texts(self, row: ReportRow, number: int) -> tuple[str, ...]:
        if row.key == "":
            name = row.label
        elif self.by == "product":
            name = f"{row.key}  {row.label}"
        else:
            name = books.key_text(self.by, row.key)
        money = (row.gross, row.discount, row.refunds, row.net, row.cost, row.profit)
        return (name, str(row.sales), str(row.qty), *(format_number(v) for v in money))

    def style(self, row: ReportRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:  # a narrow screen cuts the names
            return self.texts(row, 0)[0]
        return None


class ReportsDialog(QDialog):
    """Sales by period and breakdown, with charts, the previous period and the PNBP target."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        actor.require("view_reports")
        self.setWindowTitle(_("Reports"))
        fit_to_screen(self, (0.85, 0.85), (1100, 720))
        self._db, self._actor = db, actor
        self.report: books.SalesReport | None = None
        self.chart_data: books.ChartData | None = None
        today = settings.stand_now(db).date()

        self.period = QComboBox()
        for kind in books.PERIODS:
            self.period.addItem(_(PERIOD_LABELS[kind]), kind)
        self.period.setCurrentIndex(books.PERIODS.index("month"))
        self.start_edit, self.end_edit = QDateEdit(today), QDateEdit(today)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.breakdown = QComboBox()
        for key in KEYS:
            self.breakdown.addItem(_(books.KEY_LABELS[key]), key)
        self.compare = QCheckBox(_("Compare with the previous period"))
        self.compare.setChecked(True)
        self.every_row = QCheckBox(_("Show all rows"))
        self.every_row.setToolTip(
            _("Otherwise the top {n} by net and the others added up in one row.").format(
                n=books.TOP_ROWS
            )
        )
        show = QPushButton(_("Show"))
        self.xlsx_button = QPushButton(_("Export XLSX…"))
        self.pdf_button = QPushButton(_("Export PDF…"))

        top = QHBoxLayout()  # two rows: one is wider than a 1024-pixel screen
        for widget in (self.period, self.start_edit, QLabel("–"), self.end_edit):
            top.addWidget(widget)
        top.addWidget(QLabel(_("By")))
        top.addWidget(self.breakdown)
        top.addStretch(1)
        top.addWidget(show)
        choices = QHBoxLayout()
        choices.addWidget(self.compare)
        choices.addWidget(self.every_row)
        choices.addStretch(1)
        self.model = ReportTableModel()
        self.table = make_table(self.model, 0)
        for column in ReportTableModel.RIGHT_COLUMNS:  # sized by fit_figures, not by Qt
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Interactive
            )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.target = QLabel()
        self.target.setObjectName("pnbpTarget")
        self.charts = QLabel()
        self.charts.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, _("Table"))
        self.tabs.addTab(scroll, _("Charts"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.target, 1)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.pdf_button)
        close = QPushButton(_("Close"))
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.period.currentIndexChanged.connect(self.on_period_changed)
        self.start_edit.dateChanged.connect(self.on_start_changed)
        show.clicked.connect(self.refresh)
        self.breakdown.currentIndexChanged.connect(self.refresh)
        self.compare.toggled.connect(self.refresh)
        self.every_row.toggled.connect(self.refresh)
        self.tabs.currentChanged.connect(self.on_tab_changed)
        self.xlsx_button.clicked.connect(self.on_xlsx)
        self.pdf_button.clicked.connect(self.on_pdf)
        close.clicked.connect(self.accept)
        self.on_period_changed()

    def period_range(self) -> tuple[date, date]:
        kind = self.period.currentData()
        start = self.start_edit.date().toPython()
        if kind == "custom":
            return start, self.end_edit.date().toPython()
        return books.period_range(kind, start)

    @Slot()
    def on_period_changed(self) -> None:
        self.end_edit.setEnabled(self.period.currentData() == "custom")
        self.on_start_changed()

    @Slot()
    def on_start_changed(self) -> None:
        if self.period.currentData() != "custom":
            # Both fields show the whole period the report covers, not the day it was picked by.
            edits = (self.start_edit, self.end_edit)
            for edit, day in zip(edits, self.period_range(), strict=True):
                edit.blockSignals(True)
                edit.setDate(day)
                edit.blockSignals(False)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        start, end = self.period_range()
        by = self.breakdown.currentData()
        try:
            top = None if self.every_row.isChecked() else books.TOP_ROWS
            report = books.sales_report(
                self._db, self._actor, start, end, by, self.compare.isChecked(), top=top
            )
            target = deposits.get_target(self._db, self._actor, end.year)
        except PosError as e:
            show_error(self, e)
            return
        self.report, self.chart_data = report, None
        self.model.by = by
        self.model.set_rows([*report.shown, report.total] if report.rows else [])
        self.fit_figures()
        total = report.total
        text = _("Net {net}, discounts {discount}, refunds {refunds}, profit {profit}.").format(
            net=format_rupiah(total.net),
            discount=format_rupiah(total.discount),
            refunds=format_rupiah(total.refunds),
            profit=format_rupiah(total.profit),
        )
        before = report.previous_total
        if before is not None:
            text += " " + _("Previous period: net {net} ({change}).").format(
                net=format_rupiah(before.net), change=_change(total.net, before.net)
            )
        self.summary.setText(text)
        self.target.setText(target_text(target))
        if self.tabs.currentIndex() == 1:
            self.show_charts()

    def fit_figures(self) -> None:
        """Widen each figure column to its header, the first rows and the last two (the others
        and the total, the widest figures): Qt measures only the rows in view, and a total
        cut to "Rp505.474.…" cannot be read."""
        count = self.model.rowCount()
        rows = [*range(min(count, FIT_ROWS)), *range(max(FIT_ROWS, count - 2), count)]
        header, grid = self.table.horizontalHeader(), int(self.table.showGrid())
        for column in ReportTableModel.RIGHT_COLUMNS:
            cells = (self.table.sizeHintForIndex(self.model.index(r, column)) for r in rows)
            widths = [header.sectionSizeHint(column), *(cell.width() + grid for cell in cells)]
            header.resizeSection(column, max(widths))

    @Slot(int)
    def on_tab_changed(self, index: int) -> None:
        if index == 1:
            self.show_charts()

    def load_charts(self) -> books.ChartData | None:
        if self.chart_data is None:
            try:
                self.chart_data = books.chart_data(self._db, self._actor, *self.period_range())
            except PosError as e:
                show_error(self, e)
        return self.chart_data

    def show_charts(self) -> None:
        from pos.printing.charts import drawing_pdf
        from pos.ui.pdf_pages import iter_page_images

        data = self.load_charts()
        if data is None:
            return
        images = [
            image
            for drawing in books.charts(data)
            for image in iter_page_images(drawing_pdf(drawing), CHART_DPI)
        ]
        width = max(i.width() for i in images)
        height = sum(i.height() for i in images) + 8 * len(images)
        canvas = QPixmap(width, height)
        canvas.fill(Qt.GlobalColor.white)
        from PySide6.QtGui import QPainter

        painter = QPainter(canvas)
        y = 0
        for image in images:
            painter.drawImage(0, y, image)
            y += image.height() + 8
        painter.end()
        self.charts.setPixmap(canvas)

    @Slot()
    def on_xlsx(self) -> None:
        report, path = self.report, self._save_path(_("Export XLSX"), "xlsx", "Excel (*.xlsx)")
        if report is None or path is None:
            return
        data = self.load_charts()
        if report.others is not None:  # the workbook has every row
            try:
                report = books.sales_report(
                    self._db, self._actor, report.start, report.end, report.by,
                    report.previous is not None,
                )  # fmt: skip
            except PosError as e:
                show_error(self, e)
                return
        self._write(path, books.report_xlsx(report, data.stock if data else None))

    @Slot()
    def on_pdf(self) -> None:
        report, path = self.report, self._save_path(_("Export PDF"), "pdf", "PDF (*.pdf)")
        if report is None or path is None:
            return
        self._write(path, books.report_pdf(self._db, report, self.load_charts()))

    def _save_path(self, title: str, ext: str, file_filter: str) -> Path | None:
        """Where the user saves the report shown as `ext`; None without a report or a choice."""
        from pos.ui.qt_texts import save_file

        r = self.report
        if r is None:
            return None
        name = f"laporan-{r.by}-{r.start.isoformat()}-{r.end.isoformat()}.{ext}"
        return save_file(self, title, name, file_filter)

    def _write(self, path: Any, content: bytes) -> None:
        try:
            write_file(path, content)
        except PosError as e:
            show_error(self, e)
            return
        show_info(self, _("Written to {path}").format(path=path))


def _change(now: int, before: int) -> str:
    if before == 0:
        return "–"
    return format_decimal(100 * (now - before) / abs(before), signed=True) + "%"


def target_text(status: deposits.TargetStatus) -> str:
    """The year's PNBP target and what was deposited towards it."""
    if status.target is None:
        return _("PNBP {year}: no target set; deposited {deposited}.").format(
            year=status.year, deposited=format_rupiah(status.deposited)
        )
    percent = status.percent or 0.0
    return _("PNBP {year}: deposited {deposited} of the target {target} ({percent}).").format(
        year=status.year,
        deposited=format_rupiah(status.deposited),
        target=format_rupiah(status.target),
        percent=format_decimal(percent) + "%",
    )
