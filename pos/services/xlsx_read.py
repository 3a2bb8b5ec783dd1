"""Read the first sheet of an .xlsx row by row, within bounds set by the caller.

A spreadsheet is a zip of XML: a 4 MB file can unpack to gigabytes (a "zip bomb"), and a
reader that loads the whole sheet first (openpyxl, calamine) spends that memory before any row
limit applies. Here the zip's directory and the sizes of its members are checked before anything
is unpacked, one cheap pass counts rows and cells up to the limits, and the rows are then parsed
as a stream with expat: memory stays small whatever the file holds, and a file over a limit is
refused in about the time it takes to unpack the part under the limit.
"""

import errno
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from pos.services.xlsx_parts import (
    DAMAGED,
    XlsxError,
    check_directory,
    first_sheet,
    member,
    safe_parser,
)

__all__ = ["FORMULA", "Limits", "XlsxError", "read_rows"]

FORMULA = type("Formula", (), {"__repr__": lambda self: "FORMULA"})()
"""Stands for a cell holding a formula instead of a value."""

_CHUNK = 1 << 16
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)[\s/>]")


@dataclass(frozen=True)
class Limits:
    """What the caller accepts; `problem` makes the message for a file over a limit."""

    rows: int  # row elements in the sheet, the header included
    cells: int
    sheet_bytes: int  # unpacked size of the sheet's XML
    strings_bytes: int  # unpacked size of the shared strings
    cell_chars: int  # characters in one cell
    columns: int  # cells right of this column are ignored


def _count_pass(stream: IO[bytes], limits: Limits) -> None:
    """Count row and cell tags (cheaply, without parsing) and stop at the first limit passed."""
    rows = cells = 0
    carry = b""
    prefixed: bool | None = None
    while chunk := stream.read(1 << 20):
        data = carry + chunk
        if prefixed is None:
            prefixed = b"<worksheet" not in data[:4096]  # e.g. <x:worksheet>: slower path
        cut = data.rfind(b"<")  # a tag cut in two is counted with the next chunk
        cut = cut if cut >= 0 else len(data)
        if prefixed:
            for name in _TAG.findall(data, 0, cut):
                if name == b"c":
                    cells += 1
                else:
                    rows += 1
        else:
            # Also counts the odd <rowBreaks> or <cols>: a few too many, never too few.
            rows += data.count(b"<row", 0, cut)
            cells += data.count(b"<c", 0, cut)
        if rows > limits.rows:
            raise XlsxError("rows", limits.rows)
        if cells > limits.cells:
            raise XlsxError("cells", limits.cells)
        carry = data[cut:]
        if len(carry) > _CHUNK:
            carry = carry[-_CHUNK:]


class _SheetParser:
    """Turns expat's events for a worksheet into rows of Python values.

    The hottest loop of an import (a handler call per element, millions of them), hence
    closures over local variables, tag names compared as written (prefix learnt from the root
    element) and the common one-letter column reference read without a loop.
    """

    def __init__(self, strings: list[str], limits: Limits) -> None:
        self.rows: list[tuple[int, tuple[Any, ...]]] = []
        rows = self.rows
        row: dict[int, Any] = {}
        value: list[str] = []
        max_chars, max_columns = limits.cell_chars, limits.columns
        c_tag, v_tag, t_tag, f_tag, row_tag, phonetic_tag = "c", "v", "t", "f", "row", "rPh"
        row_number, column, kind, formula, collect, chars, phonetic = (
            0,
            -1,
            "n",
            False,
            False,
            0,
            False,
        )

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal row_number, column, kind, formula, collect, chars, phonetic
            nonlocal c_tag, v_tag, t_tag, f_tag, row_tag, phonetic_tag
            if name == c_tag:
                ref = attrs.get("r")
                if not ref:
                    column += 1
                elif "A" <= ref[0] <= "Z" and ref[1:2].isdigit():
                    column = ord(ref[0]) - 65
                else:
                    column = _column_index(ref)
                kind = attrs.get("t", "n")
                formula = False
                chars = 0
                value.clear()
            elif name == v_tag or (name == t_tag and not phonetic):
                collect = True
            elif name == f_tag:
                formula = True
            elif name == row_tag:
                ref = attrs.get("r")
                row_number = int(ref) if ref and ref.isdigit() and len(ref) < 9 else row_number + 1
                row.clear()
                column = -1
            elif name == phonetic_tag:
                phonetic = True
            elif name.endswith("worksheet") and ":" in name:  # <x:worksheet>: prefixed names
                prefix = name[: name.index(":") + 1]
                c_tag, v_tag, t_tag, f_tag = prefix + "c", prefix + "v", prefix + "t", prefix + "f"
                row_tag, phonetic_tag = prefix + "row", prefix + "rPh"

        def end(name: str) -> None:
            nonlocal collect, phonetic
            if name == c_tag:
                if column < max_columns:
                    if formula:
                        row[column] = FORMULA
                    elif kind == "s" and len(value) == 1:
                        row[column] = _shared(value[0], strings)
                    else:
                        row[column] = _value(kind, value, strings)
            elif name in (v_tag, t_tag):
                collect = False
            elif name == row_tag:
                width = max(row, default=-1) + 1
                rows.append((row_number, tuple(row.get(i) for i in range(width))))
            elif name == phonetic_tag:
                phonetic = False

        def data(text: str) -> None:
            nonlocal chars
            if collect:
                chars += len(text)
                if chars > max_chars:
                    raise XlsxError("cell", row_number)
                value.append(text)

        self.start, self.end, self.data = start, end, data


def _shared(index: str, strings: list[str]) -> str:
    if not index.isdigit() or len(index) > 9 or int(index) >= len(strings):
        raise XlsxError("invalid")
    return strings[int(index)]


def _value(kind: str, parts: list[str], strings: list[str]) -> Any:
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if kind == "s":
        return _shared(text, strings)
    if kind in ("inlineStr", "str"):
        return _unescape(text)
    if not text:
        return None
    if kind == "n":
        return _number(text)
    if kind == "b":
        return text.strip() == "1"
    return _unescape(text)  # "e" (#N/A...) and "d" (ISO dates) as their text


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        elif ch.isdigit():
            break
        else:
            return 1 << 30  # not a reference: lands right of every column we read
        if index > 1 << 20:
            return 1 << 30
    return index - 1


_INTEGER = re.compile(r"-?\d{1,30}")


def _number(text: str) -> Any:
    text = text.strip()
    if _INTEGER.fullmatch(text):
        return int(text)
    try:
        return float(text) if len(text) <= 40 else text
    except ValueError:
        return text  # not a number: the caller says so for its column


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot carry as _xHHHH_ (e.g. _x000D_ for CR)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _parse(
    stream: IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    data: Callable[[str], None],
) -> Iterator[None]:
    """Feed `stream` to expat chunk by chunk, yielding after each so the caller takes rows."""
    parser = safe_parser()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield
    except expat.ExpatError as e:
        raise XlsxError("invalid") from e


def _shared_strings(book: zipfile.ZipFile, name: str | None, limits: Limits) -> list[str]:
    info = member(book, name)
    if info is None:
        return []
    if info.file_size > limits.strings_bytes:
        raise XlsxError("size", limits.strings_bytes)
    strings: list[str] = []
    parts: list[str] = []
    state = {"collect": False, "phonetic": False, "chars": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            parts.clear()
            state["chars"] = 0
        elif local == "t" and not state["phonetic"]:
            state["collect"] = True
        elif local == "rPh":
            state["phonetic"] = True

    def end(name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "si":
            strings.append(_unescape("".join(parts)))
            if len(strings) > limits.cells:
                raise XlsxError("cells", limits.cells)
        elif local == "t":
            state["collect"] = False
        elif local == "rPh":
            state["phonetic"] = False

    def data(text: str) -> None:
        if state["collect"]:
            state["chars"] += len(text)
            if state["chars"] > limits.cell_chars:
                raise XlsxError("cell", 0)
            parts.append(text)

    with book.open(info) as stream:
        for _ in _parse(stream, start, end, data):
            pass
    return strings


def read_rows(path: Path, limits: Limits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) of the first sheet's rows: str, int, float, bool, None or FORMULA.

    Raises XlsxError (or OSError) before the first row for a file over a limit or not an .xlsx;
    a damaged part found later raises XlsxError("invalid") while iterating.
    """
    check_directory(path)
    try:
        book = zipfile.ZipFile(path)
    except DAMAGED as e:
        raise XlsxError("invalid") from e
    except OSError as e:
        if e.errno == errno.EINVAL:  # a seek before the start: offsets that make no sense
            raise XlsxError("invalid") from e
        raise
    with book:
        names = book.namelist()
        if len(names) != len(set(names)):
            raise XlsxError("invalid")  # two parts of one name: readers disagree on which
        try:
            sheet_name, strings_name = first_sheet(book)
            sheet = member(book, sheet_name)
            if sheet is None:
                raise XlsxError("invalid")
            if sheet.file_size > limits.sheet_bytes:
                raise XlsxError("size", limits.sheet_bytes)
            with book.open(sheet) as stream:
                _count_pass(stream, limits)
            strings = _shared_strings(book, strings_name, limits)
            parser = _SheetParser(strings, limits)
            with book.open(sheet) as stream:
                for _ in _parse(stream, parser.start, parser.end, parser.data):
                    yield from parser.rows
                    parser.rows.clear()
        except DAMAGED as e:
            raise XlsxError("invalid") from e
