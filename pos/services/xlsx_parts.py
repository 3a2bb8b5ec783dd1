"""The zip and XML plumbing of an .xlsx: a checked directory, bounded parts, a safe expat parser."""

import posixpath
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.parsers import expat

MAX_ENTRIES = 1000  # an .xlsx has about ten parts
MAX_DIRECTORY = 1 << 20  # bytes of zip directory
MAX_SMALL_PART = 4 << 20  # workbook.xml and the relationships


class XlsxError(Exception):
    """The file is over a limit (`kind`: rows, cells, size, cell) or not a readable .xlsx."""

    def __init__(self, kind: str, detail: object = None) -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def check_directory(path: Path) -> None:
    """Refuse zips whose directory alone would take memory to read (millions of entries)."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        tail_size = min(size, 22 + 65_535)
        f.seek(size - tail_size)
        tail = f.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise XlsxError("invalid")
    # The end-of-directory record: signature, 4 disk fields, directory size, offset, comment.
    _sig, _disk, _start, _here, entries, directory_size, _offset, _comment = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        raise XlsxError("invalid")  # zip64: never needed for a catalog
    if entries > MAX_ENTRIES or directory_size > MAX_DIRECTORY:
        raise XlsxError("invalid")


def member(book: zipfile.ZipFile, name: str | None) -> zipfile.ZipInfo | None:
    if name is None:
        return None
    try:
        info = book.getinfo(name)
    except KeyError:
        return None
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 1:
        raise XlsxError("invalid")  # what spreadsheets never use: other codecs, encryption
    return info


def read_small(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_SMALL_PART:
        raise XlsxError("invalid")
    # zipfile stops at the declared size and checks the CRC, so the size cannot lie.
    return book.read(info)


def _no_doctype(*_args: object) -> None:
    # Spreadsheets never declare a DTD; refusing one rules out entity expansion ("billion laughs").
    raise XlsxError("invalid")


def safe_parser() -> Any:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    return parser


def elements(xml: bytes, tag: str) -> list[dict[str, str]]:
    """The attributes of every `tag` element, namespace prefixes dropped from both."""
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == tag:
            found.append({k.rpartition(":")[2]: v for k, v in attrs.items()})

    parser = safe_parser()
    parser.StartElementHandler = start
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as e:
        raise XlsxError("invalid") from e
    return found


def first_sheet(book: zipfile.ZipFile) -> tuple[str, str | None]:
    """The parts of the first sheet (in the workbook's order) and of the shared strings."""
    workbook = member(book, "xl/workbook.xml")
    rels = member(book, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise XlsxError("invalid")
    sheets = elements(read_small(book, workbook), "sheet")
    targets: dict[str, tuple[str, str]] = {}
    for attrs in elements(read_small(book, rels), "Relationship"):
        target = attrs.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        targets[attrs.get("Id", "")] = (posixpath.normpath(target), attrs.get("Type", ""))
    if not sheets or sheets[0].get("id") not in targets:
        raise XlsxError("invalid")
    sheet = targets[sheets[0]["id"]][0]
    strings = next(
        (t for t, kind in targets.values() if kind.endswith("/sharedStrings")),
        "xl/sharedStrings.xml",
    )
    return sheet, strings


# What zipfile, zlib and struct raise for a damaged file: a CRC error, a truncated or garbled
# part, an unknown version or compression, an encrypted part, a name that is not UTF-8...
DAMAGED = (
    zipfile.BadZipFile, zlib.error, struct.error, EOFError, NotImplementedError, RuntimeError,
    ValueError,
)  # fmt: skip
