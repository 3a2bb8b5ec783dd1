"""The bounded .xlsx reader: what Excel-like writers produce, and what attackers produce."""

import io
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pos.services.xlsx import workbook_bytes
from pos.services.xlsx_read import FORMULA, Limits, XlsxError, read_rows

LIMITS = Limits(
    rows=1000, cells=20_000, sheet_bytes=1 << 20, strings_bytes=1 << 20, cell_chars=100,
    columns=20,
)  # fmt: skip
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rows(path: Path, limits: Limits = LIMITS) -> list[tuple[int, tuple[object, ...]]]:
    return list(read_rows(path, limits))


def book(path: Path, sheet: str, strings: str | None = None, **extra: bytes) -> Path:
    """A minimal .xlsx around the given sheet XML (and shared strings)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{REL}"><sheets>'
            '<sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)
        for name, data in extra.items():
            z.writestr(name.replace("__", "/"), data)
    return path


def sheet_xml(body: str, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    ns = NS.replace("xmlns=", f"xmlns:{prefix}=") if prefix else NS
    return f"<{p}worksheet {ns}><{p}sheetData>{body}</{p}sheetData></{p}worksheet>"


def test_reads_what_openpyxl_writes(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["sku", "price", "flag", None, "note"])
    ws.append(["KK-1", 65000, True, None, "Kué «nastar»\nbaris"])
    ws.append([None, 1.5, False, None, "=A1"])
    ws["A5"] = "after a gap"
    wb.save(tmp_path / "a.xlsx")
    assert rows(tmp_path / "a.xlsx") == [
        (1, ("sku", "price", "flag", None, "note")),
        (2, ("KK-1", 65000, True, None, "Kué «nastar»\nbaris")),
        (3, (None, 1.5, False, None, FORMULA)),
        (5, ("after a gap",)),
    ]


def test_reads_what_our_writer_writes(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(workbook_bytes([("S", [["a", 1, "", True, "x<&>y"], [None, -7, "z"]])]))
    assert rows(path) == [(1, ("a", 1, None, True, "x<&>y")), (2, (None, -7, "z"))]


def test_the_workbooks_first_sheet_is_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["second"])
    first = wb.create_sheet("First", 0)
    first.append(["first"])
    wb.save(tmp_path / "c.xlsx")
    assert rows(tmp_path / "c.xlsx") == [(1, ("first",))]


def test_rich_text_escapes_and_prefixes(tmp_path: Path) -> None:
    strings = (
        f'<sst {NS}><si><r><t>Nas</t></r><r><t xml:space="preserve">tar </t></r>'
        "<rPh><t>PHONETIC</t></rPh></si><si><t>a_x000D_b</t></si></sst>"
    )
    body = (
        '<x:row r="3"><x:c r="B3" t="s"><x:v>0</x:v></x:c><x:c r="D3" t="s"><x:v>1</x:v></x:c>'
        '<x:c r="E3" t="inlineStr"><x:is><x:t>in&amp;line</x:t></x:is></x:c></x:row>'
    )
    path = book(tmp_path / "d.xlsx", sheet_xml(body, "x"), strings)
    assert rows(path) == [(3, (None, "Nastar ", None, "a\rb", "in&line"))]


def test_cells_right_of_the_limit_are_ignored(tmp_path: Path) -> None:
    body = '<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>'
    assert rows(book(tmp_path / "e.xlsx", sheet_xml(body))) == [(1, (1,))]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("<row><c><v>1</v></c></row>" * 1001, "rows"),
        ("<row>" + "<c/>" * 20_001 + "</row>", "cells"),
        ('<row><c t="inlineStr"><is><t>' + "x" * 101 + "</t></is></c></row>", "cell"),
        ('<row><c t="s"><v>7</v></c></row>', "invalid"),  # no such shared string
        ("<row><c><v>1</v></c>", "invalid"),  # cut short
    ],
)
def test_limits_and_damage(tmp_path: Path, body: str, kind: str) -> None:
    with pytest.raises(XlsxError) as caught:
        rows(book(tmp_path / "f.xlsx", sheet_xml(body)))
    assert caught.value.kind == kind


def _patch_sizes(path: Path, member: str, size: int) -> None:
    """Make the zip's directory (both headers) declare another unpacked size for `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + offset, size)
            at += 4
    path.write_bytes(bytes(data))


def test_declared_size_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = book(tmp_path / "g.xlsx", sheet_xml("<row><c><v>1</v></c></row>"))
    _patch_sizes(path, "xl/worksheets/sheet1.xml", 300 << 20)
    with pytest.raises(XlsxError) as caught:
        rows(path)
    assert caught.value.kind == "size"


def test_a_size_that_lies_low_is_caught(tmp_path: Path) -> None:
    body = "<row><c><v>1</v></c></row>" * 500
    path = book(tmp_path / "h.xlsx", sheet_xml(body))
    _patch_sizes(path, "xl/worksheets/sheet1.xml", 100)
    with pytest.raises(XlsxError) as caught:
        rows(path)
    assert caught.value.kind == "invalid"


def test_too_many_zip_entries(tmp_path: Path) -> None:
    extra = {f"junk__{n}.xml": b"" for n in range(1200)}
    path = book(tmp_path / "i.xlsx", sheet_xml("<row><c><v>1</v></c></row>"), **extra)
    with pytest.raises(XlsxError):
        rows(path)


def test_two_parts_of_one_name(tmp_path: Path) -> None:
    path = book(tmp_path / "j.xlsx", sheet_xml("<row><c><v>1</v></c></row>"))
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml("<row><c><v>2</v></c></row>"))
    with pytest.raises(XlsxError):
        rows(path)


def test_every_truncation_is_refused_cleanly(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    for n in range(50):
        wb.active.append([f"SKU-{n}", n * 1000, "nama"])
    wb.save(buffer)
    data = buffer.getvalue()
    path = tmp_path / "k.xlsx"
    for cut in range(0, len(data), max(1, len(data) // 60)):
        path.write_bytes(data[:cut])
        with pytest.raises(XlsxError):
            rows(path)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "]>"
    )
    body = sheet_xml('<row><c t="inlineStr"><is><t>&h;</t></is></c></row>')
    with pytest.raises(XlsxError):
        rows(book(tmp_path / "l.xlsx", lol + body))
