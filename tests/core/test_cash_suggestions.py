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
        (100_000, [100_000, 500_000, 1_000_000]),
        (120_000, [120_000, 150_000, 200_000, 500_000]),
        (915_000, [915_000, 1_000_000]),
        (1_250_000, [1_250_000, 1_500_000, 2_000_000, 5_000_000]),
        (13_000_000, [13_000_000, 15_000_000, 20_000_000, 50_000_000]),
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
        assert 1 <= len(rounds) <= 3, due
        assert rounds == sorted(set(rounds)), due
        assert all(r > due and r % 1_000 == 0 for r in rounds), due
        # The last suggestion is never beyond the power of ten above the total.
        power = 1_000
        while power <= due:
            power *= 10
        assert rounds[-1] <= power, due
