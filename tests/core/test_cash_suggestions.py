"""Quick cash suggestions: the exact amount, then round notes above it."""

import pytest

from pos.core.cash_suggestions import cash_suggestions


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (570_000, [570_000, 600_000, 1_000_000]),
        (37_000, [37_000, 40_000, 50_000, 100_000]),
        (65_000, [65_000, 70_000, 100_000]),
        (3_500, [3_500, 4_000, 5_000, 10_000]),
        (500, [500, 1_000]),
        (1_000, [1_000, 5_000, 10_000]),
        (15_000, [15_000, 20_000, 50_000, 100_000]),
        (100_000, [100_000]),  # one note: nobody pays it with more
        (200_000, [200_000]),
        (250_000, [250_000, 300_000]),
        (101_000, [101_000, 150_000, 200_000]),
        (120_000, [120_000, 150_000, 200_000]),  # not Rp500.000 for a note and a bit
        (915_000, [915_000, 1_000_000]),
        (1_250_000, [1_250_000, 1_300_000, 1_500_000, 2_000_000]),  # 13 notes of Rp100.000
        (13_000_000, [13_000_000, 15_000_000, 20_000_000]),
        (18_500, [18_500, 20_000, 50_000, 100_000]),
    ],
)
def test_known_totals(due: int, expected: list[int]) -> None:
    assert cash_suggestions(due) == expected


@pytest.mark.parametrize("due", [0, -5_000, True])
def test_nothing_due_suggests_nothing(due: int) -> None:
    assert cash_suggestions(due) == []


def test_every_total_gets_exact_then_bigger_round_amounts() -> None:
    for due in [*range(100, 2_000_000, 700), *range(2_000_000, 500_000_000, 997_001)]:
        got = cash_suggestions(due)
        assert got[0] == due
        rounds = got[1:]
        assert len(rounds) <= 3, due
        # Only a total of whole Rp100.000 notes (the largest) may get no round amount.
        assert rounds or due % 100_000 == 0, due
        assert rounds == sorted(set(rounds)), due
        assert all(r > due and r % 1_000 == 0 for r in rounds), due
        # The last suggestion is never beyond the power of ten above the total.
        power = 1_000
        while power <= due:
            power *= 10
        assert not rounds or rounds[-1] <= power, due


def test_above_the_largest_note_nobody_pays_more_than_one_note_too_many() -> None:
    for due in range(100_000, 3_000_000, 7_000):
        for amount in cash_suggestions(due)[1:]:
            over = amount - due
            # One note too many at most, or a bundle for a total of three notes or more,
            # never more than twice the total.
            assert over < 100_000 or (due >= 300_000 and amount <= 2 * due), (due, amount)
