"""Text for ESC/POS printers: one pinned code page, transliteration, column wrapping, Code128.

Cheap thermal printers print a code-page switch in the middle of a line as garbage, so every
receipt pins code page 0 (PC437) and only ever sends printable ASCII, which every code page
holds: what ASCII cannot hold is transliterated ("Kué" -> "Kue", curly quotes -> straight) or
replaced by "?". Pure Python: no python-escpos here, so layouts are cheap to test.
"""

import textwrap
import unicodedata

REPLACEMENT = "?"

# Characters NFKD does not take apart into ASCII, written as a reader would expect them.
_SPELLED = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2022": "*",
    "\u00b7": ".",
    "\u2026": "...",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u20ac": "EUR",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u2122": "TM",
    "\u00b0": "o",
    "\u00df": "ss",
    "\u00e6": "ae",
    "\u00c6": "AE",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00f8": "o",
    "\u00d8": "O",
    "\u0111": "d",
    "\u0110": "D",
    "\u0142": "l",
    "\u0141": "L",
    "\u0131": "i",
    "\u00f0": "d",
    "\u00de": "Th",
    "\u00fe": "th",
}


def to_printer_text(text: str) -> str:
    """`text` in printable ASCII: accents dropped, punctuation spelled out, the rest "?".

    Line breaks and tabs become spaces; callers split paragraphs on "\\n" first.
    """
    out: list[str] = []
    for char in text:
        if " " <= char <= "~":
            out.append(char)
            continue
        if char in _SPELLED:
            out.append(_SPELLED[char])
            continue
        category = unicodedata.category(char)
        if category in ("Zs", "Cc") or char in "\u2028\u2029":
            out.append(" ")
            continue
        if category in ("Mn", "Me", "Cf"):
            continue  # a lone accent or a zero-width joiner: nothing to print
        decomposed = unicodedata.normalize("NFKD", char)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if folded and all(" " <= c <= "~" for c in folded):
            out.append(folded)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def wrap(text: str, columns: int) -> list[str]:
    """`text` (printer-safe already) broken between words into lines of at most `columns`;
    a word longer than a line is cut. Blank text gives no lines."""
    return textwrap.wrap(
        text, columns, break_long_words=True, break_on_hyphens=False, drop_whitespace=True
    )


def paragraphs(text: str, columns: int) -> list[str]:
    """Each "\\n"-separated paragraph of `text` made printer-safe and wrapped; a blank
    paragraph inside the text keeps its blank line."""
    if not text.strip():
        return []
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap(to_printer_text(paragraph), columns) or [""])
    return lines


def fits_pair(left: str, right: str, columns: int, indent: int = 0) -> bool:
    """Whether `left` and `right` fit on one line of `columns`, as pair() prints them."""
    return len(to_printer_text(left)) + 1 + len(to_printer_text(right)) <= columns - indent


def pair(left: str, right: str, columns: int, indent: int = 0) -> list[str]:
    """`left` and `right` flush to both edges of one line, or stacked when they do not fit:
    `left` wrapped, then `right` on a line of its own, flush right."""
    left, right = to_printer_text(left), to_printer_text(right)
    room = columns - indent
    if fits_pair(left, right, columns, indent):
        return [" " * indent + left + " " * (room - len(left) - len(right)) + right]
    lines = [" " * indent + line for line in wrap(left, room)]
    lines.extend(line.rjust(columns) for line in wrap(right, room))
    return lines


# --- Code128 ---------------------------------------------------------------------------------

CODE128_SET_B = "{B"
CODE128_SET_C = "{C"
_MODULES_PER_SYMBOL = 11
_STOP_MODULES = 13
QUIET_MODULES = 10  # each side; scanners need the white space to find the code


def code128_data(text: str) -> str:
    """`text` as the data of ESC/POS `GS k 73` (CODE128 in function B): code set B, with runs
    of four or more digits in code set C, two digits a symbol, so the barcode stays short
    enough for a 58 mm roll. `text` must be printable ASCII."""
    if not text or not all(" " <= c <= "~" for c in text):
        raise ValueError(f"Code128 text must be printable ASCII, got {text!r}")
    parts: list[str] = []
    current = ""
    i = 0
    while i < len(text):
        run = _digit_run(text, i)
        # An odd run: its first digit stays in set B and the even rest goes to set C.
        even = run - run % 2
        if even >= 4 and (i + run == len(text) or even >= 6 or i == 0):
            if run % 2:
                current = _switch(parts, current, CODE128_SET_B) + text[i]
                i += 1
            current = _switch(parts, current, CODE128_SET_C)
            for j in range(i, i + even, 2):
                current += chr(int(text[j : j + 2]))
            i += even
            continue
        # "{" starts a code-set change in ESC/POS data, so a literal one is doubled.
        current = _switch(parts, current, CODE128_SET_B) + ("{{" if text[i] == "{" else text[i])
        i += 1
    parts.append(current)
    return "".join(parts)


def _switch(parts: list[str], current: str, code_set: str) -> str:
    """Start `code_set` unless the current part already is in it; returns the current part."""
    if current.startswith(code_set):
        return current
    if current:
        parts.append(current)
    return code_set


def _digit_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end].isdigit():
        end += 1
    return end - start


def code128_modules(data: str) -> int:
    """The width of the symbol for `data` (as from code128_data), in modules, quiet zones
    included."""
    symbols = 0
    i = 0
    while i < len(data):
        if data[i] == "{" and i + 1 < len(data):
            symbols += 1  # a start character, a code-set change or an escaped "{"
            i += 2
            continue
        symbols += 1
        i += 1
    return (symbols + 1) * _MODULES_PER_SYMBOL + _STOP_MODULES + 2 * QUIET_MODULES


def short_receipt_code(receipt_no: str) -> str:
    """ "JBR01-20250305-0042" -> "202503050042": the day and sequence of a receipt number,
    without the stand code; "" when the number is not of that form."""
    parts = receipt_no.rsplit("-", 2)
    short = "".join(parts[1:])
    return short if len(parts) == 3 and short.isdigit() else ""
