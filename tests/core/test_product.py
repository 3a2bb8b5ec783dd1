"""Reading product cells typed by people, and what a product may hold."""

import pytest

from pos.core.product import ProductFields, parse_int_cell, validate


@pytest.mark.parametrize(
    ("cell", "number"), [("12", 12), ("1.000", 1000), (" 2.500.000 ", 2_500_000), (7.0, 7), (3, 3)]
)
def test_whole_numbers(cell: object, number: int) -> None:
    assert parse_int_cell(cell) == number


@pytest.mark.parametrize(
    "cell", ["2.5", "1.5", 1.5, float("nan"), float("inf"), "1.00", "12a", "9" * 31, "", "1,5"]
)
def test_not_whole_numbers(cell: object) -> None:
    """'2.5' was read as 25 and 1.5 as 15: dots are thousands only in groups of three."""
    with pytest.raises(ValueError):
        parse_int_cell(cell)


def test_a_product_holds_no_control_characters() -> None:
    fields = ProductFields(
        sku="X-1", name="Nastar\x00Keju", price=1, category="Kue\x1b", pirt="1\x07"
    )
    assert [e.field for e in validate(fields)] == ["name", "category", "pirt"]


def test_group_names_fit_their_column() -> None:
    fields = ProductFields(sku="X-1", name="N", price=1, category="K" * 81, workshop="W" * 80)
    assert [e.field for e in validate(fields)] == ["category"]
