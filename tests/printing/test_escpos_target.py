"""Printer settings as typed: each form parsed, hostile ones refused with a message."""

import pytest

from pos.printing.escpos_target import PrinterError, parse_target
from pos.printing.system_printer import media_option, page_size_mm


@pytest.mark.parametrize(
    ("text", "canonical", "kind"),
    [
        ("", "none", "none"),
        ("NONE", "none", "none"),
        ("system:EPSON TM-T82 Receipt", "system:EPSON TM-T82 Receipt", "system"),
        ("escpos-net:192.168.1.50:9100", "escpos-net:192.168.1.50:9100", "escpos-net"),
        ("escpos-net:printer.local", "escpos-net:printer.local:9100", "escpos-net"),
        ("escpos-net:[::1]:9100", "escpos-net:[::1]:9100", "escpos-net"),
        ("escpos-usb:04b8:0202", "escpos-usb:04b8:0202", "escpos-usb"),
        ("escpos-usb:0x0416:0x5011", "escpos-usb:0416:5011", "escpos-usb"),
        ("escpos-serial:/dev/ttyUSB0", "escpos-serial:/dev/ttyUSB0:9600", "escpos-serial"),
        ("escpos-serial:COM3:115200", "escpos-serial:COM3:115200", "escpos-serial"),
        ("escpos-file:/dev/usb/lp0", "escpos-file:/dev/usb/lp0", "escpos-file"),
        ("escpos-file:C:\\pos\\out.bin", "escpos-file:C:\\pos\\out.bin", "escpos-file"),
        ("escpos-cups:Xprinter_58", "escpos-cups:Xprinter_58", "escpos-cups"),
    ],
)
def test_printer_forms(text: str, canonical: str, kind: str) -> None:
    target = parse_target(text)
    assert (str(target), target.kind) == (canonical, kind)
    assert target.is_escpos == kind.startswith("escpos-")
    assert parse_target(str(target)) == target


@pytest.mark.parametrize(
    "text",
    [
        "printer",
        "lpt:1",
        "system:",
        "system:-o evil",
        "system: padded",
        "escpos-net:",
        "escpos-net:host:0",
        "escpos-net:host:70000",
        "escpos-net:host:port",
        "escpos-net:-bad-:9100",
        "escpos-net:a_b:9100",
        "escpos-net:[zz]:9100",
        "escpos-usb:04b8",
        "escpos-usb:04b8:xyz",
        "escpos-usb:0:0",
        "escpos-usb:12345:1",
        "escpos-serial:/dev/ttyUSB0:1234",
        "escpos-serial:-x",
        "escpos-file:lp0",
        "escpos-cups:has space",
        "escpos-cups:a/b",
        "escpos-net:host\n:9100",
        "system:" + "x" * 400,
    ],
)
def test_hostile_printer_settings_are_refused(text: str) -> None:
    with pytest.raises(PrinterError) as caught:
        parse_target(text)
    assert caught.value.message


def test_media_for_the_page() -> None:
    assert media_option(210, 297) == "A4"
    assert media_option(80, 123.456) == "Custom.80.00x123.46mmm"[:-1]
    pdf = b"%PDF-1.4 ... /MediaBox [ 0 0 226.7717 595.2756 ] ..."
    assert page_size_mm(pdf) == (80.0, 210.0)
    with pytest.raises(ValueError):
        page_size_mm(b"%PDF-1.4")
