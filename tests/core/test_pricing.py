"""Discount arithmetic: rounding in the customer's favour, limits, the split for the books."""

import pytest

from pos.core.pricing import (
    AMOUNT,
    MAX_REASON,
    PERCENT,
    DiscountProblem,
    ReasonProblem,
    check_fits,
    clean_reason,
    make_discount,
    refund_share,
    spread,
    within_limit,
)


def test_percent_rounds_the_price_down_to_the_rupiah() -> None:
    ten = make_discount(PERCENT, 10, "langganan")
    # 10 % of Rp15 is Rp1,5: Rp2 off, the customer pays Rp13 (rounded down).
    assert ten.amount_off(15) == 2
    assert ten.amount_off(65_000) == 6_500
    assert make_discount(PERCENT, 33, "x").amount_off(10_001) == 3_301  # 3.300,33 -> 3.301
    assert make_discount(PERCENT, 100, "x").amount_off(12_345) == 12_345


def test_amount_is_taken_as_typed_and_must_fit() -> None:
    five = make_discount(AMOUNT, 5_000, "cacat kecil")
    assert check_fits(five, 30_000) == 5_000
    assert check_fits(five, 5_000) == 5_000
    with pytest.raises(DiscountProblem, match="lebih dari"):
        check_fits(five, 4_999)


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (PERCENT, 101, "100%"),
        (PERCENT, 0, "lebih dari 0"),
        (AMOUNT, -5, "lebih dari 0"),
        ("gratis", 5, "persen atau"),
        (PERCENT, 2.5, "bilangan bulat"),
        (PERCENT, True, "bilangan bulat"),
    ],
)
def test_bad_discounts_are_refused(kind: str, value: int, message: str) -> None:
    with pytest.raises(DiscountProblem, match=message):
        make_discount(kind, value, "alasan")


def test_limit_is_by_percent_rounded_up() -> None:
    assert within_limit(make_discount(PERCENT, 10, "x"), 15, 10)  # Rp2 off Rp15, but 10 %
    assert within_limit(make_discount(AMOUNT, 1_000, "x"), 10_000, 10)
    assert not within_limit(make_discount(AMOUNT, 1_001, "x"), 10_000, 10)
    assert not within_limit(make_discount(PERCENT, 11, "x"), 10_000, 10)
    assert within_limit(make_discount(PERCENT, 100, "x"), 10_000, 100)


def test_reason_is_required_bounded_and_kept_literally() -> None:
    assert clean_reason("  teman   lama \n") == "teman lama"
    injection = "x'); DROP TABLE sales; --"
    assert clean_reason(injection) == injection
    assert len(clean_reason("a" * MAX_REASON)) == MAX_REASON
    with pytest.raises(ReasonProblem, match="terlalu panjang"):
        clean_reason("a" * 10_000)
    with pytest.raises(ReasonProblem, match="alasan"):
        clean_reason("   ")
    with pytest.raises(ReasonProblem):
        clean_reason("nul\x00byte")
    assert clean_reason("", required=False) == ""


def test_spread_adds_up_and_says_where_the_remainder_goes() -> None:
    # Rp100 over three equal lines: 33 each, the rupiah left goes to the first (a tie).
    assert spread(100, [10_000, 10_000, 10_000]) == [34, 33, 33]
    # Largest dropped fraction first: 2*1/3 = 0.67 and 2*2/3 = 1.33 -> the first line gets it.
    assert spread(2, [1, 2]) == [1, 1]
    assert spread(4, [10, 20]) == [1, 3]  # 1.33 and 2.67
    assert spread(0, [5, 5]) == [0, 0]
    assert spread(7, [0, 7]) == [0, 7]
    with pytest.raises(ValueError):
        spread(11, [5, 5])


@pytest.mark.parametrize("amount", [0, 1, 2, 99, 1_000, 12_345, 65_000])
def test_spread_never_exceeds_a_line_and_sums_exactly(amount: int) -> None:
    weights = [65_000, 5_000, 1, 0, 12_346]
    shares = spread(amount, weights)
    assert sum(shares) == amount
    assert all(0 <= s <= w for s, w in zip(shares, weights, strict=True))


def test_returning_all_units_in_steps_gives_back_the_whole_line() -> None:
    net = 10_000  # 3 units at Rp3.333,33
    assert refund_share(net, 3, 0, 1) == 3_333
    assert refund_share(net, 3, 1, 1) == 3_333
    assert refund_share(net, 3, 2, 1) == 3_334  # the rupiah left over: the last unit
    assert refund_share(net, 3, 0, 3) == net
    with pytest.raises(ValueError):
        refund_share(net, 3, 2, 2)
