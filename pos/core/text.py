"""Text helpers: search keys (case and accents ignored) and spreadsheet-safe cells."""

import re
import unicodedata


def search_key(text: str) -> str:
    """'Kué  NASTAR' -> 'kue nastar': what names are stored and searched as."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# --- spreadsheet formulas (OWASP "CSV injection") ---------------------------------------------
# Excel and LibreOffice run a CSV cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_NOT_SPACE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control_chars(text: str, allow_line_breaks: bool = False) -> bool:
    """Does `text` hold a control character (NUL, escape...)? Tab, LF and CR may be allowed."""
    return (_CONTROL_NOT_SPACE if allow_line_breaks else _CONTROL).search(text) is not None


_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` safe to show on one line: control, line-break and direction characters as '?'."""
    return _UNSEEN.sub("?", text)


def _junk_end(text: str, start: int = 0) -> int:
    """Index of the first character from `start` that is not whitespace or invisible."""
    for index in range(start, len(text)):
        ch = text[index]
        if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs")):
            return index
    return len(text)


def looks_like_formula(text: str, start: int = 0) -> bool:
    """Would a spreadsheet read `text` as a formula: =, +, -, @, tab or CR first, after spaces
    (or after any whitespace and invisible characters, which a person would not see)?"""
    index = start
    while index < len(text) and text[index] == " ":
        index += 1
    if text[index : index + 1] in FORMULA_STARTS:
        return True
    index = _junk_end(text, index)
    return text[index : index + 1] in FORMULA_STARTS


def _needs_quote(text: str, start: int = 0) -> bool:
    # Text that already starts with ' followed by formula-looking text needs a quote too, so
    # that reading back (unquote_cell) gives exactly what was written.
    while True:
        if text[start : start + 1].isalnum():  # the common case, decided at once
            return False
        if looks_like_formula(text, start):
            return True
        start = _junk_end(text, start)
        if text[start : start + 1] != "'":
            return False
        start += 1


def csv_cell(value: object) -> object:
    """A value made safe for a CSV cell: text a spreadsheet would run as a formula gets a
    leading single quote (shown as text by Excel, removed again by unquote_cell)."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unquote_cell(text: str) -> tuple[str, bool]:
    """(text, True) for a cell written by csv_cell with a quote; (cell, False) for any other."""
    start = _junk_end(text)
    if text[start : start + 1] == "'" and _needs_quote(text, start + 1):
        return text[start + 1 :], True
    return text, False
