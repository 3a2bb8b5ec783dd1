"""How labels go on the stock: template, start position, printer calibration, production date."""

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from pos.core.errors import PosError
from pos.db.session import Database
from pos.i18n import _
from pos.printing.labels import LabelTemplate, list_templates
from pos.services import labels, settings
from pos.services.auth import Actor
from pos.ui.pdf_pages import Guide
from pos.ui.widgets import plain_button

MAX_OFFSET_MM = 50.0  # the service says what fits the page; this only stops absurd typing


def _offset_box(tip: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" mm")
    box.setToolTip(tip)
    return box


def label_guides(template: LabelTemplate) -> list[Guide]:
    """Where the labels of a sheet are, to outline them in the preview (a roll's label is
    its page, already outlined)."""
    if template.kind == "roll":
        return []
    return [
        (*template.slot_origin(slot), template.label_width, template.label_height)
        for slot in range(template.per_page)
    ]


class LabelSettings(QWidget):
    """The print settings of the labels dialog; `changed` whenever the labels would differ."""

    changed = Signal()
    said = Signal(str, bool)  # a message for the user, and whether it is good news

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.templates: dict[str, LabelTemplate] = {t.name: t for t in list_templates()}
        self.template_combo = QComboBox()
        for template in self.templates.values():
            self.template_combo.addItem(template.shown_title, template.name)
            self.template_combo.setItemData(
                self.template_combo.count() - 1, template.note, Qt.ItemDataRole.ToolTipRole
            )
        self.start_spin = QSpinBox()
        self.start_spin.setToolTip(
            _("On a sheet already partly used: the first free label, counted row by row.")
        )
        self.start_hint = QLabel()
        self.offset_x = _offset_box(_("Moves every label right; below 0, left."))
        self.offset_y = _offset_box(_("Moves every label down; below 0, up."))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd-MM-yyyy")
        self.date_edit.setToolTip(_("Printed on food labels, with the best-before date."))
        self.set_production_date(settings.stand_now(db).date())
        self.outline_check = QCheckBox(_("Draw label edges (test print on plain paper)"))

        start_row = QHBoxLayout()
        start_row.addWidget(self.start_spin)
        start_row.addWidget(self.start_hint, 1)
        offset_row = QHBoxLayout()
        offset_row.addWidget(QLabel(_("X")))
        offset_row.addWidget(self.offset_x)
        offset_row.addWidget(QLabel(_("Y")))
        offset_row.addWidget(self.offset_y)
        offset_row.addWidget(plain_button(_("Save calibration"), self.on_save_calibration))
        offset_row.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Label stock"), self.template_combo)
        form.addRow(_("Start at label"), start_row)
        form.addRow(_("Offset"), offset_row)
        form.addRow(_("Production date"), self.date_edit)
        form.addRow("", self.outline_check)

        self.template_combo.currentIndexChanged.connect(self.on_template_changed)
        for box in (self.start_spin, self.offset_x, self.offset_y):
            box.valueChanged.connect(self.changed)
        self.date_edit.dateChanged.connect(self.changed)
        self.outline_check.toggled.connect(self.changed)
        self.on_template_changed()

    @property
    def template(self) -> LabelTemplate:
        return self.templates[self.template_combo.currentData()]

    @property
    def production_date(self) -> date:
        day: date = self.date_edit.date().toPython()
        return day

    def set_template(self, name: str) -> None:
        index = self.template_combo.findData(name)
        if index >= 0:
            self.template_combo.setCurrentIndex(index)

    def set_production_date(self, day: date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    @Slot()
    def on_template_changed(self) -> None:
        """A template keeps its own calibration: load it with the template."""
        template = self.template
        x, y = labels.saved_offsets(self._db, template.name)
        for box, value in ((self.offset_x, x), (self.offset_y, y), (self.start_spin, 1)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.start_spin.setRange(1, template.per_page)
        self.start_spin.setEnabled(template.per_page > 1)
        self.start_hint.setText(
            _("of {n} on a sheet").format(n=template.per_page)
            if template.kind == "sheet"
            else _("a roll: one label a page")
        )
        self.changed.emit()

    @Slot()
    def on_save_calibration(self) -> None:
        template, x, y = self.template, self.offset_x.value(), self.offset_y.value()
        try:
            labels.save_offsets(self._db, self._actor, template.name, x, y)
        except PosError as e:
            self.said.emit(e.message, False)
            return
        self.said.emit(
            _("Calibration saved for {template}: X {x} mm, Y {y} mm.").format(
                template=template.shown_title, x=f"{x:g}", y=f"{y:g}"
            ),
            True,
        )
