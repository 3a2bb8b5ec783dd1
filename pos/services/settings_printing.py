"""The label and printer settings (label.*, printer.*), declared like every other setting;
pos.services.settings lists them with the rest."""

import json
import math

from pos.core.errors import PosError
from pos.i18n import N_, _
from pos.services.setting_var import SettingVar, number_setting, text_setting

LABEL_MAKER = text_setting("label.maker_line", "Karya WBP", N_("Maker line on labels"), 40)
MAX_LABEL_OFFSET_MM = 100


def _check_offsets(text: str) -> None:
    """{"tnj-103": [x_mm, y_mm], ...}; each template's own range is checked when printing."""
    try:
        offsets = json.loads(text) if len(text) <= 10_000 else None
    except ValueError:
        offsets = None
    if not isinstance(offsets, dict) or not all(
        isinstance(name, str)
        and 0 < len(name) <= 48
        and name.isprintable()
        and isinstance(pair, list)
        and len(pair) == 2
        and all(
            isinstance(mm, (int, float))
            and not isinstance(mm, bool)
            and math.isfinite(mm)
            and abs(mm) <= MAX_LABEL_OFFSET_MM
            for mm in pair
        )
        for name, pair in offsets.items()
    ):
        raise PosError(
            _(
                'Label offsets must look like {{"tnj-103": [0.5, -1.0]}}: per template, '
                "x and y in mm (at most {max} either way)."
            ).format(max=MAX_LABEL_OFFSET_MM)
        )


# {"tnj-103": [x_mm, y_mm], ...}: each label printer and sheet needs its own calibration.
LABEL_OFFSETS = SettingVar(
    "label.offsets", "{}", N_("Label offsets (mm) per template"), str, _check_offsets
)


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "on", "ya"):
        return True
    if value in ("0", "false", "no", "off", "tidak"):
        return False
    raise ValueError(text)


def _check_printer(spec: str) -> None:
    from pos.printing.escpos_target import parse_target

    parse_target(spec)


def _check_system_printer(spec: str) -> None:
    from pos.printing.escpos_target import parse_target

    if parse_target(spec).kind not in ("none", "system"):
        raise PosError(_("Labels and A4 reports print on a system printer: none or system:QUEUE."))


def _check_report_printer(spec: str) -> None:
    if spec.strip().lower() != "receipt":
        _check_system_printer(spec)


# printer.*: see pos/printing/escpos_target.py for the forms a printer is given in.
PRINTER_RECEIPT = SettingVar(
    "printer.receipt", "none", N_("Receipt printer"), str.strip, _check_printer
)
PRINTER_AUTO = SettingVar(
    "printer.auto_print", True, N_("Print the receipt when a sale completes"), parse_bool
)
PRINTER_COPIES = number_setting(
    "printer.copies", 1, N_("Receipt copies"), 1, 5, N_("Print 1 to 5 copies of a receipt.")
)
PRINTER_DRAWER = SettingVar(
    "printer.drawer_on_cash", True, N_("Open the cash drawer on cash sales"), parse_bool
)
PRINTER_LABEL = SettingVar(
    "printer.label", "none", N_("Label printer"), str.strip, _check_system_printer
)
# "receipt": X and Z reports on the receipt roll; system:QUEUE: on A4 on that printer.
PRINTER_REPORTS = SettingVar(
    "printer.reports", "receipt", N_("X and Z reports"), str.strip, _check_report_printer
)
