"""Where a receipt or label goes, as typed in the settings: `none`, `system:QUEUE`,
`escpos-net:HOST:PORT`, `escpos-usb:VID:PID`, `escpos-serial:DEVICE[:BAUD]`,
`escpos-file:PATH` or `escpos-cups:QUEUE`. Parsed and checked here, as hostile input."""

import re
from dataclasses import dataclass
from typing import Literal, get_args

from pos.core.errors import PosError
from pos.i18n import _

Kind = Literal[
    "none",
    "system",
    "escpos-net",
    "escpos-usb",
    "escpos-serial",
    "escpos-file",
    "escpos-cups",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
DEFAULT_PORT = 9100  # the raw port of every network receipt printer (JetDirect)
DEFAULT_BAUD = 9600
BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
MAX_SPEC = 300

_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_HEX_ID = re.compile(r"^(?:0[xX])?[0-9A-Fa-f]{1,4}$")
_CUPS_QUEUE = re.compile(r"^[A-Za-z0-9_.@+-]{1,127}$")


class PrinterError(PosError):
    """A printer that is not set up right, missing, offline or not answering."""


@dataclass(frozen=True)
class PrinterTarget:
    """A parsed printer setting; str() gives it back in its canonical form."""

    kind: Kind
    name: str = ""  # the queue (system, escpos-cups), device (serial) or path (file)
    host: str = ""
    port: int = DEFAULT_PORT
    vendor: int = 0
    product: int = 0
    baud: int = DEFAULT_BAUD

    @property
    def is_escpos(self) -> bool:
        return self.kind.startswith("escpos-")

    @property
    def is_none(self) -> bool:
        return self.kind == "none"

    def __str__(self) -> str:
        if self.kind == "none":
            return "none"
        if self.kind == "escpos-net":
            return f"escpos-net:{self.host}:{self.port}"
        if self.kind == "escpos-usb":
            return f"escpos-usb:{self.vendor:04x}:{self.product:04x}"
        if self.kind == "escpos-serial":
            return f"escpos-serial:{self.name}:{self.baud}"
        return f"{self.kind}:{self.name}"


NONE = PrinterTarget("none")


def parse_target(text: str) -> PrinterTarget:
    """The printer `text` names; PrinterError with a message for the supervisor otherwise."""
    spec = text.strip()
    if not spec or spec.lower() == "none":
        return NONE
    if len(spec) > MAX_SPEC or not spec.isprintable():
        raise _invalid(text)
    kind, sep, rest = spec.partition(":")
    kind = kind.lower()
    if not sep or not rest:
        raise _invalid(text)
    if kind == "system":
        return PrinterTarget("system", name=_system_queue(rest, text))
    if kind == "escpos-cups":
        if not _CUPS_QUEUE.match(rest):
            raise _invalid(text)
        return PrinterTarget("escpos-cups", name=rest)
    if kind == "escpos-net":
        return _network(rest, text)
    if kind == "escpos-usb":
        return _usb(rest, text)
    if kind == "escpos-serial":
        return _serial(rest, text)
    if kind == "escpos-file":
        if not (rest.startswith(("/", "\\\\")) or re.match(r"^[A-Za-z]:[\\/]", rest)):
            raise PrinterError(
                _("The printer file must be a full path, e.g. /dev/usb/lp0: {text}").format(
                    text=text
                )
            )
        return PrinterTarget("escpos-file", name=rest)
    raise _invalid(text)


def _system_queue(name: str, text: str) -> str:
    # Windows printer names hold spaces; a leading "-" would read as an option to `lp`.
    if name != name.strip() or name.startswith("-") or len(name) > 127:
        raise _invalid(text)
    return name


def _network(rest: str, text: str) -> PrinterTarget:
    host, sep, port_text = rest.rpartition(":")
    if not sep:
        host, port_text = rest, str(DEFAULT_PORT)
    if host.startswith("[") and host.endswith("]"):
        bare = host[1:-1]
        if not bare or not re.match(r"^[0-9A-Fa-f:.]+$", bare):
            raise _invalid(text)
    elif not _HOST.match(host):
        raise _invalid(text)
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise PrinterError(_("The port must be a number from 1 to 65535: {text}").format(text=text))
    return PrinterTarget("escpos-net", host=host, port=int(port_text))


def _usb(rest: str, text: str) -> PrinterTarget:
    vendor, sep, product = rest.partition(":")
    if not sep or not _HEX_ID.match(vendor) or not _HEX_ID.match(product):
        raise PrinterError(
            _("A USB printer is given as two hex ids, e.g. escpos-usb:04b8:0202: {text}").format(
                text=text
            )
        )
    vid, pid = int(vendor, 16), int(product, 16)
    if not vid or not pid:
        raise _invalid(text)
    return PrinterTarget("escpos-usb", vendor=vid, product=pid)


def _serial(rest: str, text: str) -> PrinterTarget:
    device, baud = rest, DEFAULT_BAUD
    head, sep, tail = rest.rpartition(":")
    if sep and tail.isdigit():
        device, baud = head, int(tail)
    if baud not in BAUDS:
        raise PrinterError(
            _("The baud rate must be one of {bauds}: {text}").format(
                bauds=", ".join(str(b) for b in BAUDS), text=text
            )
        )
    if not device or device != device.strip() or device.startswith("-"):
        raise _invalid(text)
    return PrinterTarget("escpos-serial", name=device, baud=baud)


def _invalid(text: str) -> PrinterError:
    shown = text if len(text) <= 60 and text.isprintable() else repr(text[:60])
    return PrinterError(
        _(
            "Unknown printer {text}. Use none, system:QUEUE, escpos-net:HOST:PORT, "
            "escpos-usb:VID:PID, escpos-serial:DEVICE[:BAUD], escpos-file:PATH or "
            "escpos-cups:QUEUE."
        ).format(text=shown)
    )
