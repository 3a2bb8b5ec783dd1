"""Quick cash amounts a customer is likely to hand over for what is due.

Like the quick-cash buttons of the Indonesian tills (Moka, Majoo, Kasir Pintar) and Loyverse:
the exact amount, then what a customer pays with the notes in their wallet. Round amounts are
multiples of 1 or 5 times a power of ten (Rp20.000 for Rp15.000; Rp16.000 is not round), none
finer than the Rp1.000 note, from about a tenth of the total up. The largest note is Rp100.000:
above it a customer counts out Rp100.000 notes (Rp1.300.000 for Rp1.250.000), or hands over a
bundle of them, which is only likely for a total of several notes and never for more than twice
it (Rp1.000.000 for Rp570.000, not Rp500.000 for Rp100.000).
"""

from pos.core.money import is_whole

SMALLEST_STEP = 1_000
LARGEST_NOTE = 100_000
# A bundle of notes (Rp500.000, Rp1.000.000...) for a total of at least this many notes.
BUNDLE_FROM_NOTES = 3
MAX_ROUND = 3


def _steps(due: int) -> list[int]:
    """The 1-5 steps from about a tenth of `due` up to the power of ten above it; the largest
    note's step always among them once `due` is above it."""
    steps: list[int] = [LARGEST_NOTE] if due > LARGEST_NOTE else []
    unit = SMALLEST_STEP
    while True:
        for factor in (1, 5):
            step = unit * factor
            if step * 10 >= due and step not in steps:
                steps.append(step)
            if factor == 1 and step > due:
                return sorted(steps)
        unit *= 10


def _likely(due: int, amount: int) -> bool:
    """Would a customer hand over `amount` for `due`?"""
    if amount <= LARGEST_NOTE or amount - due < LARGEST_NOTE:
        return True  # a note or a few (any change), or one more note than the total needs
    # A bundle of notes: for a total of several notes, and not more than twice the total.
    return due >= BUNDLE_FROM_NOTES * LARGEST_NOTE and amount <= 2 * due


def cash_suggestions(due: int) -> list[int]:
    """The exact amount first, then up to three round amounts above it, ascending.

    Rp570.000 -> [570.000, 600.000, 1.000.000]; Rp37.000 -> [37.000, 40.000, 50.000, 100.000];
    Rp100.000 -> [100.000] (nobody pays one note with more). Nothing due suggests nothing.
    """
    if not is_whole(due) or due <= 0:
        return []
    rounds: list[int] = []
    for step in _steps(due):
        amount = -(-due // step) * step
        if amount > due and amount not in rounds and _likely(due, amount):
            rounds.append(amount)
        if len(rounds) == MAX_ROUND:
            break
    return [due, *rounds]
