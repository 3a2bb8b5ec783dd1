"""Editors of settings: each shows a setting's value and gives back the text to store, which
the settings service parses and checks exactly as `pos config set` does."""

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from pos.core.payments import CASH, METHODS
from pos.i18n import LANGUAGES, _
from pos.printing.label_templates import list_templates
from pos.services.settings import SettingVar

# The zones of Indonesia, by the names a cashier knows them.
TIME_ZONES = (
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
)
MAX_OFFSET_MM = 50.0  # the service says what fits the page; this only stops absurd typing


class SettingField:
    """One setting's editor: `widget` to lay out, text() to store, set_text() to show."""

    def __init__(self, var: SettingVar[Any], widget: QWidget) -> None:
        self.var = var
        self.widget = widget

    def text(self) -> str:
        raise NotImplementedError

    def set_text(self, text: str) -> None:
        raise NotImplementedError


class TextField(SettingField):
    """Text as typed into `edit`, which `read` gives and `write` shows."""

    def __init__(
        self,
        var: SettingVar[Any],
        edit: QLineEdit | QPlainTextEdit,
        read: Callable[[], str],
        write: Callable[[str], None],
    ) -> None:
        super().__init__(var, edit)
        self.edit = edit
        self._read, self._write = read, write

    def text(self) -> str:
        return self._read()

    def set_text(self, text: str) -> None:
        self._write(text)


class LineField(TextField):
    """One line of text."""

    def __init__(self, var: SettingVar[Any], most: int = 200) -> None:
        edit = QLineEdit()
        edit.setMaxLength(most + 1)  # one more than allowed: the service says why not
        super().__init__(var, edit, edit.text, edit.setText)


class LinesField(TextField):
    """A few lines of text (address, receipt footer)."""

    def __init__(self, var: SettingVar[Any], lines: int = 3) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 16)
        super().__init__(var, edit, edit.toPlainText, edit.setPlainText)


class ChoiceField(SettingField):
    """One of a list: (stored text, what the user reads)."""

    def __init__(self, var: SettingVar[Any], choices: list[tuple[str, str]]) -> None:
        self.box = QComboBox()
        for value, label in choices:
            self.box.addItem(label, value)
        super().__init__(var, self.box)

    def text(self) -> str:
        return str(self.box.currentData())

    def set_text(self, text: str) -> None:
        index = self.box.findData(text)
        if index < 0:  # a value set from the command line that the list lacks: keep it
            self.box.addItem(text, text)
            index = self.box.count() - 1
        self.box.setCurrentIndex(index)


class NumberField(SettingField):
    """A whole number in a range."""

    def __init__(self, var: SettingVar[Any], low: int = -1_000_000, high: int = 1_000_000) -> None:
        self.spin = QSpinBox()
        self.spin.setRange(low, high)
        super().__init__(var, self.spin)

    def text(self) -> str:
        return str(self.spin.value())

    def set_text(self, text: str) -> None:
        try:
            self.spin.setValue(int(text))
        except ValueError:
            self.spin.setValue(self.spin.minimum())


class SwitchField(SettingField):
    """On or off."""

    def __init__(self, var: SettingVar[Any]) -> None:
        self.check = QCheckBox(_("On"))
        super().__init__(var, self.check)

    def text(self) -> str:
        return "on" if self.check.isChecked() else "off"

    def set_text(self, text: str) -> None:
        self.check.setChecked(text.strip().lower() in ("on", "1", "true", "yes", "ya"))


class MethodsField(SettingField):
    """Which payment methods the counter offers; cash always."""

    def __init__(self, var: SettingVar[Any]) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for method, label in METHODS.items():
            check = QCheckBox(_(label))
            if method == CASH:
                check.setChecked(True)
                check.setEnabled(False)
                check.setToolTip(_("Cash is always accepted."))
            self.checks[method] = check
            row.addWidget(check)
        row.addStretch(1)
        super().__init__(var, box)

    def text(self) -> str:
        return ",".join(m for m, check in self.checks.items() if check.isChecked())

    def set_text(self, text: str) -> None:
        chosen = {m.strip().lower() for m in text.split(",")}
        for method, check in self.checks.items():
            check.setChecked(method == CASH or method in chosen)


class OffsetsField(SettingField):
    """Label printer calibration: X and Y (mm) for every label template."""

    def __init__(self, var: SettingVar[Any]) -> None:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        grid.addWidget(QLabel("X"), 0, 1)
        grid.addWidget(QLabel("Y"), 0, 2)
        self.boxes: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        self._others: dict[str, Any] = {}  # templates no longer shipped keep their pair
        for row, template in enumerate(list_templates(), start=1):
            name = QLabel(template.shown_title)
            name.setWordWrap(True)
            pair = (self._spin(), self._spin())
            self.boxes[template.name] = pair
            grid.addWidget(name, row, 0)
            grid.addWidget(pair[0], row, 1)
            grid.addWidget(pair[1], row, 2)
        super().__init__(var, box)

    @staticmethod
    def _spin() -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setSuffix(" mm")
        return spin

    def text(self) -> str:
        offsets = dict(self._others)
        for name, (x, y) in self.boxes.items():
            if x.value() or y.value():
                offsets[name] = [round(x.value(), 2), round(y.value(), 2)]
        return json.dumps(offsets, sort_keys=True)

    def set_text(self, text: str) -> None:
        try:
            offsets = json.loads(text)
        except ValueError:
            offsets = {}
        offsets = offsets if isinstance(offsets, dict) else {}
        self._others = {k: v for k, v in offsets.items() if k not in self.boxes}
        for name, (x, y) in self.boxes.items():
            pair = offsets.get(name, (0, 0))
            for spin, value in zip((x, y), pair, strict=False):
                with QSignalBlocker(spin):
                    spin.setValue(float(value) if isinstance(value, int | float) else 0.0)


def language_field(var: SettingVar[Any]) -> SettingField:
    return ChoiceField(var, list(LANGUAGES.items()))


def generic_field(var: SettingVar[Any]) -> SettingField:
    """An editor chosen by the type of the setting's default, for settings without their own."""
    if isinstance(var.default, bool):
        return SwitchField(var)
    if isinstance(var.default, int):
        return NumberField(var)
    return LineField(var, 500)


FieldMaker = Callable[[SettingVar[Any]], SettingField]
