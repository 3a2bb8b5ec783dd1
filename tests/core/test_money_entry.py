"""Amounts as typed: grouping with dots, scanner bursts and implausible cash."""

import pytest

from pos.core.errors import InvalidAmount
from pos.core.money_entry import (
    SCAN_KEY_GAP_MS,
    SCAN_MIN_KEYS,
    ImplausibleAmount,
    ScanDetector,
    check_cash_received,
    check_plausible,
    group_as_typed,
    implausible,
    skip_separator,
)
from pos.core.payments import NonCashPayment, settle


def typed(gaps_ms: list[int], start: int = 1_000) -> ScanDetector:
    """A detector fed one key at `start` and one more after each gap."""
    detector = ScanDetector()
    at = start
    detector.key(at)
    for gap in gaps_ms:
        at += gap
        detector.key(at)
    return detector


def test_xdotool_at_full_speed_is_a_scan() -> None:
    # 012345678905 + Enter as `xdotool type --delay 0` delivered it under Xvfb: 0-1 ms apart.
    assert typed([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]).scanned


def test_xdotool_default_delay_is_a_scan() -> None:
    assert typed([7] * 12).scanned


@pytest.mark.parametrize("gap", [80, 120, 250, SCAN_KEY_GAP_MS])
def test_typing_by_hand_is_not_a_scan(gap: int) -> None:
    assert not typed([gap] * 12).scanned


def test_a_rolled_pair_or_a_000_key_is_not_a_scan() -> None:
    # "5", then the "000" key (three zeros at once), "000" again, Enter: all by hand.
    assert not typed([150, 2, 2, 140, 2, 2, 200]).scanned
    assert not typed([15, 120, 12, 130, 20]).scanned


def test_the_shortest_burst() -> None:
    assert not typed([5] * (SCAN_MIN_KEYS - 2)).scanned
    assert typed([5] * (SCAN_MIN_KEYS - 1)).scanned


def test_a_burst_after_slow_typing_still_counts() -> None:
    # "50" typed by hand, then a scan lands in the same field.
    assert typed([200, 300, 3, 3, 3, 3, 3, 3]).scanned


def test_a_burst_is_remembered_until_reset() -> None:
    detector = typed([2] * 12)
    detector.key(10_000)  # a slow Enter afterwards does not make the digits typed
    assert detector.scanned
    detector.reset()
    assert not detector.scanned
    detector.key(20_000)
    assert not detector.scanned


def test_auto_repeat_is_a_person_holding_a_key() -> None:
    detector = ScanDetector()
    for n in range(20):
        detector.key(1_000 + n * 10, auto_repeat=n > 0)
    assert not detector.scanned


def test_clock_going_backwards_is_not_fast() -> None:
    # X server timestamps wrap after 49 days.
    assert not typed([-5] * 12).scanned


@pytest.mark.parametrize(
    ("text", "cursor", "expected"),
    [
        ("", 0, ("", 0)),
        ("2", 1, ("2", 1)),
        ("2000", 4, ("2.000", 5)),
        ("200000", 6, ("200.000", 7)),
        ("2000000", 7, ("2.000.000", 9)),
        # a digit typed in the middle: the cursor stays after it
        ("200.5000", 5, ("2.005.000", 5)),
        ("2.0050.000", 6, ("20.050.000", 6)),
        # a digit typed at the start
        ("1200.000", 1, ("1.200.000", 1)),
        # a dot removed: the same digits, regrouped
        ("200000", 3, ("200.000", 3)),
        # leading zeros go: "0" then "05" is 5
        ("05", 2, ("5", 1)),
        ("0", 1, ("0", 1)),
        ("012345678905", 12, ("12.345.678.905", 14)),
        ("00", 1, ("0", 0)),
        # spaces are separators too
        ("200 000", 7, ("200.000", 7)),
        # what parse_rupiah reads, pasted
        ("Rp200.000", 9, ("200.000", 7)),
        ("rp 1.250.000", 12, ("1.250.000", 9)),
        ("30.000,00", 9, ("30.000", 6)),
        ("Rp2", 3, ("2", 1)),
        # not an amount: left alone, refused when taken
        ("Rp", 2, ("Rp", 2)),
        ("-5000", 5, ("-5000", 5)),
        ("dua ratus", 4, ("dua ratus", 4)),
        ("5.000,50", 8, ("5.000,50", 8)),
        ("٣٠٠", 3, ("٣٠٠", 3)),
    ],
)
def test_group_as_typed(text: str, cursor: int, expected: tuple[str, int]) -> None:
    assert group_as_typed(text, cursor) == expected


def test_grouping_every_typed_prefix_gives_back_the_amount() -> None:
    text, cursor = "", 0
    for digit in "1250000":
        text, cursor = group_as_typed(text[:cursor] + digit + text[cursor:], cursor + 1)
    assert (text, cursor) == ("1.250.000", 9)


@pytest.mark.parametrize(
    ("text", "cursor", "backwards", "expected"),
    [
        ("200.000", 4, True, 3),  # Backspace just after the dot removes the 0 before it
        ("200.000", 3, False, 4),  # Delete just before the dot removes the 0 after it
        ("200.000", 2, True, 2),
        ("200.000", 5, False, 5),
        ("200.000", 0, True, 0),
        ("200.000", 7, False, 7),
    ],
)
def test_skip_separator(text: str, cursor: int, backwards: bool, expected: int) -> None:
    assert skip_separator(text, cursor, backwards) == expected


@pytest.mark.parametrize(
    ("amount", "expected", "refused"),
    [
        (12_345_678_905, 17_000, True),  # the scanned UPC-A code of the report
        (10_000_001, 17_000, True),
        (10_000_000, 17_000, False),  # not over Rp10.000.000
        (50_000_000, 13_000_000, False),  # a Rp13.000.000 cupboard paid in notes: not 10x
        (130_000_001, 13_000_000, True),
        (99_999_999, 0, True),
        (100_000, 0, False),
    ],
)
def test_implausible(amount: int, expected: int, refused: bool) -> None:
    assert implausible(amount, expected) is refused
    if refused:
        with pytest.raises(ImplausibleAmount, match="barcode"):
            check_cash_received(amount, expected)
        with pytest.raises(ImplausibleAmount):
            check_plausible(amount, expected)
    else:
        check_cash_received(amount, expected)
        check_plausible(amount, expected)


def test_implausible_is_an_invalid_amount() -> None:
    with pytest.raises(InvalidAmount):
        check_cash_received(12_345_678_905, 17_000)


def test_settle_refuses_a_scanned_code_as_cash() -> None:
    with pytest.raises(ImplausibleAmount):
        settle(17_000, [], 12_345_678_905)
    with pytest.raises(ImplausibleAmount):
        # what a non-cash part leaves in cash is what counts
        settle(2_000_000, [NonCashPayment("debit", 1_990_000, confirmed=True)], 20_000_000)
    settle(17_000, [], 100_000)
