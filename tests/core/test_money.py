from decimal import Decimal

import pytest

from pos.core.errors import InvalidAmount
from pos.core.money import format_decimal, format_number, format_rupiah, parse_rupiah
from pos.i18n import in_language


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp0"),
        (500, "Rp500"),
        (30_000, "Rp30.000"),
        (13_000_000, "Rp13.000.000"),
        (1_234_567_890, "Rp1.234.567.890"),
        (-5_000, "-Rp5.000"),
    ],
)
def test_format_rupiah(amount: int, text: str) -> None:
    assert format_rupiah(amount) == text


def test_format_refuses_floats() -> None:
    with pytest.raises(TypeError):
        format_rupiah(30000.0)  # type: ignore[arg-type]


def test_format_number_has_no_prefix() -> None:
    assert format_number(1_250_000) == "1.250.000"


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("50000", 50_000),
        ("50.000", 50_000),
        ("Rp50.000", 50_000),
        ("rp 1.250.000", 1_250_000),
        (" 20000 ", 20_000),
        ("30.000,00", 30_000),
        ("0", 0),
    ],
)
def test_parse_rupiah(text: str, amount: int) -> None:
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize(
    "text",
    ["", "  ", "abc", "50,5", "5.00", "12.3456", "-100", "1e5", "٣٠٠", "99999999999999"],
)
def test_parse_rupiah_rejects(text: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_rupiah(text)


def test_parse_message_is_indonesian_by_default() -> None:
    with pytest.raises(InvalidAmount, match="bukan nominal rupiah"):
        parse_rupiah("abc")


def test_parse_message_in_english_when_chosen() -> None:
    from pos.i18n import set_language

    set_language("en")
    with pytest.raises(InvalidAmount, match="is not an amount of rupiah"):
        parse_rupiah("abc")


def test_is_whole_takes_ints_but_not_bools_floats_or_text() -> None:
    from pos.core.money import is_whole

    assert all(is_whole(v) for v in (0, -5, 10**12))
    assert not any(is_whole(v) for v in (True, False, 1.0, "1", None, Decimal(1)))


def test_check_rupiah_takes_zero_to_the_most_and_refuses_the_rest() -> None:
    from pos.core.money import MAX_AMOUNT, check_rupiah

    for fine in (0, 1, MAX_AMOUNT):
        check_rupiah(fine)
    for bad in (-1, MAX_AMOUNT + 1, 1.5, True, "100"):
        with pytest.raises(InvalidAmount):
            check_rupiah(bad)


def test_decimals_take_the_languages_mark() -> None:
    """A percent or a size: 12,5 in Indonesian, 12.5 in English; money keeps Rp30.000 in both."""
    with in_language("id"):
        assert format_decimal(12.345) == "12,3"
        assert format_decimal(-4.25, signed=True) == "-4,2"
        assert format_decimal(7.0, signed=True) == "+7,0"
        assert format_decimal(1536.0, 0) == "1536"
    with in_language("en"):
        assert format_decimal(12.345) == "12.3"
        assert format_decimal(7.0, signed=True) == "+7.0"
        assert format_rupiah(30000) == "Rp30.000"
