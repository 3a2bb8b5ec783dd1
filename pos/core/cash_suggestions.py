"""Quick cash amounts a customer is likely to hand over for what is due."""

# Round amounts are multiples of 1 or 5 times a power of ten (Rp16.000 for Rp15.000 is not
# round, Rp20.000 is); none is finer than the Rp1.000 note.
SMALLEST_STEP = 1_000
MAX_ROUND = 3


def _steps(due: int) -> list[int]:
    """The 1-5 steps from about a tenth of `due` up to the power of ten above it."""
    steps: list[int] = []
    unit = SMALLEST_STEP
    while True:
        for factor in (1, 5):
            step = unit * factor
            if step * 10 >= due:
                steps.append(step)
            if factor == 1 and step > due:
                return steps
        unit *= 10


def cash_suggestions(due: int) -> list[int]:
    """The exact amount first, then up to three round amounts above it, ascending.

    Rp570.000 -> [570.000, 600.000, 1.000.000]; Rp37.000 -> [37.000, 40.000, 50.000, 100.000].
    Nothing due (0 or less) suggests nothing.
    """
    if isinstance(due, bool) or not isinstance(due, int) or due <= 0:
        return []
    rounds: list[int] = []
    for step in _steps(due):
        amount = -(-due // step) * step
        if amount > due and amount not in rounds:
            rounds.append(amount)
        if len(rounds) == MAX_ROUND:
            break
    return [due, *rounds]
