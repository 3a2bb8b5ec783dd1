"""Turns ESC/POS bytes back into printed lines and events, for tests; refuses anything it does
not know, so a stray command or a non-ASCII byte fails the test that sent it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Printed:
    """One line as the printer would print it, with the style in force at its end."""

    text: str
    align: str = "left"
    bold: bool = False
    double_width: bool = False
    double_height: bool = False


@dataclass
class Decoded:
    """Everything a byte stream does, in order: lines, and the events between them."""

    items: list[Printed | str] = field(default_factory=list)
    code_pages: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[Printed]:
        return [item for item in self.items if isinstance(item, Printed)]

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    @property
    def events(self) -> list[str]:
        return [item for item in self.items if isinstance(item, str)]


ALIGN = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


def code128_text(data: bytes) -> str:
    """The text a scanner reads from ESC/POS Code128 data ("{B" text, "{C" digit pairs)."""
    out: list[str] = []
    code_set = ""
    i = 0
    while i < len(data):
        if data[i : i + 1] == b"{" and i + 1 < len(data):
            mark = chr(data[i + 1])
            if mark in "ABC":
                code_set = mark
            elif mark == "{":
                out.append("{")
            else:
                raise ValueError(f"unknown Code128 escape {{{mark}")
            i += 2
            continue
        if code_set == "C":
            if data[i] > 99:
                raise ValueError(f"code set C value {data[i]} above 99")
            out.append(f"{data[i]:02d}")
        elif code_set in ("A", "B"):
            out.append(chr(data[i]))
        else:
            raise ValueError("Code128 data must start with a code set")
        i += 1
    return "".join(out)


def decode(raw: bytes) -> Decoded:
    result = Decoded()
    align, bold, dw, dh = "left", False, False, False
    barcode_width = 0
    text = bytearray()
    i = 0

    def flush() -> None:
        result.items.append(Printed(text.decode("ascii"), align, bold, dw, dh))
        text.clear()

    while i < len(raw):
        byte = raw[i]
        if byte == 0x0A:
            flush()
            i += 1
        elif 0x20 <= byte <= 0x7E:
            text.append(byte)
            i += 1
        elif byte == 0x1B:
            cmd = chr(raw[i + 1])
            if cmd == "@":
                align, bold, dw, dh = "left", False, False, False
                result.items.append("INIT")
                i += 2
            elif cmd == "t":
                result.code_pages.append(raw[i + 2])
                i += 3
            elif cmd == "!":
                mode = raw[i + 2]
                bold, dh, dw = bool(mode & 0x08), bool(mode & 0x10), bool(mode & 0x20)
                i += 3
            elif cmd == "E":
                bold = bool(raw[i + 2] & 1)
                i += 3
            elif cmd == "a":
                align = ALIGN[raw[i + 2]]
                i += 3
            elif cmd == "d":
                if text:
                    flush()
                result.items.extend(Printed("", align) for _ in range(raw[i + 2]))
                i += 3
            elif cmd == "p":
                result.items.append(f"DRAWER pin{2 if raw[i + 2] in (0, 48) else 5}")
                i += 5
            else:
                raise ValueError(f"unknown command ESC {cmd!r} at {i}")
        elif byte == 0x1D:
            cmd = chr(raw[i + 1])
            if cmd == "V":
                mode = raw[i + 2]
                result.items.append("CUT" if mode in (0, 48, 65) else "PARTIAL CUT")
                i += 4 if mode in (65, 66) else 3
            elif cmd == "w":
                barcode_width = raw[i + 2]
                i += 3
            elif cmd in "hfH":
                i += 3
            elif cmd == "k":
                kind, length = raw[i + 2], raw[i + 3]
                if kind != 73:
                    raise ValueError(f"barcode type {kind} is not Code128")
                data = raw[i + 4 : i + 4 + length]
                result.items.append(f"BARCODE {code128_text(data)} w{barcode_width}")
                i += 4 + length
            else:
                raise ValueError(f"unknown command GS {cmd!r} at {i}")
        else:
            raise ValueError(f"unexpected byte {byte:#04x} at {i}")
    if text:
        flush()
    return result
