"""Quantities as people type them: sale lines, multipliers, signed adjustments, counts."""

import pytest

from pos.core.errors import InvalidQuantity, PosError
from pos.core.quantities import (
    MAX_QTY,
    check_qty,
    parse_count,
    parse_qty,
    parse_signed_qty,
    signed,
    split_multiplier,
)


@pytest.mark.parametrize(("text", "qty"), [("1", 1), (" 12 ", 12), ("99999", 99_999)])
def test_parse_qty(text: str, qty: int) -> None:
    assert parse_qty(text) == qty


@pytest.mark.parametrize("text", ["", "0", "-3", "abc", "1.5", "100000"])
def test_parse_qty_rejects(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        parse_qty(text)


@pytest.mark.parametrize(
    ("text", "qty"), [("5", 5), ("+5", 5), (" -3 ", -3), ("−2", -2), ("1000000", 1_000_000)]
)
def test_signed_quantities(text: str, qty: int) -> None:
    assert parse_signed_qty(text) == qty


@pytest.mark.parametrize("text", ["", "0", "-0", "tiga", "2.5", "1e3", "٣", "--3", "1000001"])
def test_signed_quantities_refused(text: str) -> None:
    with pytest.raises(PosError):
        parse_signed_qty(text)


def test_counts_and_multipliers() -> None:
    assert [parse_count(t) for t in ("", " ", "0", "12")] == [None, None, 0, 12]
    for bad in ("-1", "x", "1.5", "٣"):
        with pytest.raises(PosError):
            parse_count(bad)
    assert split_multiplier("12*8997700001012") == (12, "8997700001012")
    assert split_multiplier("KK-NAS-500") == (1, "KK-NAS-500")
    with pytest.raises(PosError):
        split_multiplier("0*KK-NAS-500")


@pytest.mark.parametrize("qty", [0, -1, MAX_QTY + 1, True, 1.5])
def test_check_qty_refuses(qty: int) -> None:
    with pytest.raises(InvalidQuantity):
        check_qty(qty)


@pytest.mark.parametrize("text", ["0*KK-NAS-500", "00*X"])
def test_multiplier_is_a_checked_quantity(text: str) -> None:
    with pytest.raises(InvalidQuantity):
        split_multiplier(text)
    assert split_multiplier("99999*A") == (MAX_QTY, "A")


def test_multiplier_needs_a_code_and_at_most_five_digits() -> None:
    assert split_multiplier("3*") == (1, "3*")
    assert split_multiplier("123456*A") == (1, "123456*A")
    assert split_multiplier(" 3*A ") == (3, "A")


def test_signed() -> None:
    assert [signed(q) for q in (5, 0, -3)] == ["+5", "0", "-3"]
