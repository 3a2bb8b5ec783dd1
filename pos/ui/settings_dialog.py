"""Settings (supervisor/admin): every setting of `pos config list`, grouped, checked by the same
service function as the command line, saved together in one transaction."""

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos.db.session import Database
from pos.i18n import N_, _
from pos.services import settings
from pos.services.auth import Actor
from pos.services.settings import SettingVar
from pos.ui.actions import says_refusal
from pos.ui.setting_fields import (
    TIME_ZONES,
    ChoiceField,
    FieldMaker,
    LineField,
    LinesField,
    MethodsField,
    NumberField,
    OffsetsField,
    SettingField,
    generic_field,
    language_field,
)
from pos.ui.widgets import GREY, MessageLabel, fit_to_screen

# Groups in the order shown, each with its settings' keys; a setting in no group (added later)
# shows under "Other" with an editor chosen by its type.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("Stand"),
        ("stand.code", "stand.name", "stand.address", "receipt.footer", "stand.timezone"),
    ),
    (N_("Receipt"), ("receipt.width_mm", "receipt.language")),
    (N_("Payments"), ("payment.methods", "qris.static")),
    (N_("Customer display"), ("display.customer",)),
    (
        N_("Discount limits without approval"),
        (
            "discount.max_percent.kasir",
            "discount.max_percent.supervisor",
            "discount.max_percent.admin",
        ),
    ),
    (N_("Labels"), ("label.maker_line", "barcode.instore_prefix", "label.offsets")),
    (N_("Language"), ("ui.language",)),
)
# Settings with a screen of their own, opened from here.
PRINTERS_PREFIX = "printer."

EDITORS: dict[str, FieldMaker] = {
    "stand.code": lambda var: LineField(var, 12),
    "stand.name": lambda var: LineField(var, 80),
    "stand.address": LinesField,
    "receipt.footer": LinesField,
    "stand.timezone": lambda var: ChoiceField(var, list(TIME_ZONES)),
    "receipt.width_mm": lambda var: ChoiceField(var, [("80", "80 mm"), ("58", "58 mm")]),
    "receipt.language": language_field,
    "ui.language": language_field,
    "payment.methods": MethodsField,
    "label.maker_line": lambda var: LineField(var, 40),
    "barcode.instore_prefix": lambda var: NumberField(var, 20, 29),
    "label.offsets": OffsetsField,
    "qris.static": lambda var: _qris_field(var),
    "discount.max_percent.kasir": lambda var: NumberField(var, 0, 100),
    "discount.max_percent.supervisor": lambda var: NumberField(var, 0, 100),
    "discount.max_percent.admin": lambda var: NumberField(var, 0, 100),
}
NOTES = {
    "ui.language": N_("The screens change language the next time Lapak starts."),
    "receipt.language": N_("The receipt is the stand's document, whatever the screens speak."),
    "label.offsets": N_("Move every label right (X) or down (Y) to fit the printer."),
    "display.customer": N_(
        "A second window facing the buyer, full screen on the second monitor when there is one."
    ),
}


def _qris_field(var: SettingVar[Any]) -> SettingField:
    from pos.ui.qris_setting import QrisField

    return QrisField(var)


class SettingsDialog(QDialog):
    """Every setting in one scrollable screen; Save stores what changed, all or nothing."""

    saved = Signal(list)  # the keys of the settings that changed
    printers_requested = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.setWindowTitle(_("Settings"))
        self.fields: dict[str, SettingField] = {}
        self._labels: list[QLabel] = []

        content = QWidget()
        column = QVBoxLayout(content)
        grouped = {key for _title, keys in GROUPS for key in keys}
        known = {var.key: var for var in settings.ALL_SETTINGS}
        for title, keys in GROUPS:
            column.addWidget(self._group(_(title), [known[k] for k in keys if k in known]))
        others = [
            var
            for var in settings.ALL_SETTINGS
            if var.key not in grouped and not var.key.startswith(PRINTERS_PREFIX)
        ]
        if others:
            column.addWidget(self._group(_("Other"), others))
        if any(var.key.startswith(PRINTERS_PREFIX) for var in settings.ALL_SETTINGS):
            column.addWidget(self._printers_group())
        column.addStretch(1)
        # One label column through every group, so that the fields line up.
        widest = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:
            label.setMinimumWidth(widest)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.message = MessageLabel(point_size=11)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.on_save)
        self.save_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._shown = self._load()
        fit_to_screen(self, (0.5, 0.85), (900, 540))

    def _group(self, title: str, variables: list[SettingVar[Any]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for var in variables:
            field = EDITORS.get(var.key, generic_field)(var)
            self.fields[var.key] = field
            label = QLabel(_(var.label))
            self._labels.append(label)
            form.addRow(label, field.widget)
            note = NOTES.get(var.key)
            if note:
                hint = QLabel(_(note))
                hint.setWordWrap(True)
                hint.setStyleSheet(f"color: {GREY};")
                form.addRow("", hint)
        return box

    def _printers_group(self) -> QGroupBox:
        box = QGroupBox(_("Printers"))
        column = QVBoxLayout(box)
        hint = QLabel(_("Receipt, label and report printers have a screen of their own."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        button = QPushButton(_("Printer settings…"))
        button.setObjectName("printersButton")
        button.setAutoDefault(False)
        button.clicked.connect(self.printers_requested)
        column.addWidget(button)
        return box

    def _load(self) -> dict[str, str]:
        """Show the stored values; what each editor then gives back, to see what changed."""
        for field in self.fields.values():
            field.set_text(settings.as_text(settings.get(self._db, field.var)))
        return {key: field.text() for key, field in self.fields.items()}

    def changes(self) -> list[tuple[SettingVar[Any], str]]:
        return [
            (field.var, field.text())
            for key, field in self.fields.items()
            if field.text() != self._shown[key]
        ]

    @Slot()
    @says_refusal
    def on_save(self) -> None:
        changed = self.changes()
        if not changed:
            self.message.say(_("Nothing changed."), ok=True)
            return
        settings.change(self._db, self._actor, changed)
        keys = [var.key for var, _text in changed]
        self._shown = self._load()
        note = _("Saved.")
        if "ui.language" in keys:
            note += " " + _("The screens change language the next time Lapak starts.")
        self.message.say(note, ok=True)
        self.saved.emit(keys)
