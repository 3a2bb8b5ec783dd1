import csv

import pytest

from pos.core.barcodes import (
    CodeKind,
    gs1_check_digit,
    is_valid_gs1,
    make_instore_ean13,
    parse_scan,
)
from pos.core.errors import InvalidBarcode
from pos.resources import resource_path

# Real-world codes with known check digits.
KNOWN = ["4006381333931", "8992761166083", "96385074", "036000291452", "5901234123457"]


@pytest.mark.parametrize("code", KNOWN)
def test_known_codes_are_valid(code: str) -> None:
    assert gs1_check_digit(code[:-1]) == int(code[-1])
    assert is_valid_gs1(code)


@pytest.mark.parametrize("code", KNOWN)
def test_every_wrong_check_digit_is_caught(code: str) -> None:
    for digit in "0123456789":
        if digit != code[-1]:
            assert not is_valid_gs1(code[:-1] + digit)


def test_single_digit_typo_is_caught() -> None:
    code = "8992761166083"
    typo = code[:5] + str((int(code[5]) + 1) % 10) + code[6:]
    with pytest.raises(InvalidBarcode):
        parse_scan(typo)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("8992761166083", CodeKind.EAN13),
        ("96385074", CodeKind.EAN8),
        ("036000291452", CodeKind.UPCA),
        ("KK-NAS-500", CodeKind.CODE128),
        ("12345", CodeKind.CODE128),
        ("  8992761166083\r\n", CodeKind.EAN13),
    ],
)
def test_parse_scan_kinds(text: str, kind: CodeKind) -> None:
    assert parse_scan(text).kind is kind


def test_upca_is_also_looked_up_as_ean13() -> None:
    assert parse_scan("036000291452").lookup_keys() == ("036000291452", "0036000291452")


@pytest.mark.parametrize("text", ["", "   ", "x" * 300, "KUE\x00NASTAR", "kué"])
def test_parse_scan_rejects(text: str) -> None:
    with pytest.raises(InvalidBarcode):
        parse_scan(text)


def test_instore_codes() -> None:
    code = make_instore_ean13(20, 1)
    assert code.startswith("20") and len(code) == 13 and is_valid_gs1(code)
    assert make_instore_ean13(29, 9_999_999_999)[:12] == "299999999999"
    with pytest.raises(ValueError):
        make_instore_ean13(19, 1)
    with pytest.raises(ValueError):
        make_instore_ean13(20, 10**10)


def test_demo_catalog_codes_are_valid_and_unique() -> None:
    with resource_path("demo", "catalog.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 40
    codes = [r["barcode"] for r in rows if r["barcode"]]
    assert len(codes) == len(set(codes))
    assert all(is_valid_gs1(c) for c in codes)
    assert any(c.startswith("899") for c in codes)
    assert any(c[:2] in {str(p) for p in range(20, 30)} for c in codes)
    assert any(not r["barcode"] for r in rows)
    assert len({r["sku"] for r in rows}) == len(rows)
