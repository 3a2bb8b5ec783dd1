"""PIN rules and the lockout policy, on a clock the tests move by hand."""

from datetime import datetime, timedelta

import pytest

from pos.core.pins import (
    LONGEST_LOCK,
    MAX_FAILURES,
    RESET,
    InvalidPin,
    LoginGuardState,
    check_pin,
    lock_duration,
)

T0 = datetime(2026, 3, 2, 8, 0, 0)


@pytest.mark.parametrize("pin", ["1234", "00000000", "0042", "98765"])
def test_good_pins(pin: str) -> None:
    assert check_pin(pin) == pin


@pytest.mark.parametrize(
    "pin",
    [
        "",
        "123",
        "123456789",
        "12a4",
        "abcd",
        "12 34",
        " 1234",
        "1234\n",
        "١٢٣٤",
        "12²4",
        "-123",
        "1" * 10_000,
    ],
)
def test_bad_pins_are_refused_without_echoing_them(pin: str) -> None:
    with pytest.raises(InvalidPin) as refused:
        check_pin(pin)
    assert "4" in refused.value.message and "8" in refused.value.message
    assert pin.strip() == "" or pin not in refused.value.message


def test_five_wrong_in_a_row_lock_for_five_minutes() -> None:
    state = RESET
    for n in range(1, MAX_FAILURES):
        state = state.after_failure(T0)
        assert state.failures == n and not state.locked_at(T0)
    state = state.after_failure(T0)
    assert state.locked_until == T0 + timedelta(minutes=5)
    assert state.locked_at(T0 + timedelta(minutes=4, seconds=59))
    assert not state.locked_at(T0 + timedelta(minutes=5))
    assert state.failures == 0 and state.lockouts == 1


def _lock(state: LoginGuardState, now: datetime) -> LoginGuardState:
    for _ in range(MAX_FAILURES):
        state = state.after_failure(now)
    return state


def test_each_repeat_doubles_the_lock() -> None:
    now, state, waits = T0, RESET, []
    for _ in range(4):
        state = _lock(state, now)
        assert state.locked_until is not None
        waits.append(state.locked_until - now)
        now = state.locked_until  # try again as soon as it runs out
    assert waits == [timedelta(minutes=m) for m in (5, 10, 20, 40)]


def test_the_lock_never_exceeds_a_day() -> None:
    assert lock_duration(1) == timedelta(minutes=5)
    assert lock_duration(9) == timedelta(minutes=5 * 256)
    assert lock_duration(10) == LONGEST_LOCK == lock_duration(10_000)


def test_fewer_than_five_do_not_lock() -> None:
    state = RESET
    for _ in range(MAX_FAILURES - 1):
        state = state.after_failure(T0)
    assert state.locked_until is None and state.lockouts == 0
