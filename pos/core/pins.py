"""PIN rules and the login lockout policy (pure: the clock is always passed in)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from pos.core.errors import PosError
from pos.i18n import _

PIN_MIN = 4
PIN_MAX = 8
MAX_FAILURES = 5  # wrong PINs in a row before the login locks
FIRST_LOCK = timedelta(minutes=5)  # doubled on each further lockout until a PIN is right
LONGEST_LOCK = timedelta(hours=24)


class InvalidPin(PosError):
    """A PIN that is not 4 to 8 digits."""


def check_pin(pin: str) -> str:
    """The PIN if it is 4 to 8 ASCII digits; never echoes what was typed."""
    if not isinstance(pin, str) or not (PIN_MIN <= len(pin) <= PIN_MAX) or not _digits(pin):
        raise InvalidPin(_("A PIN is 4 to 8 digits (0-9)."))
    return pin


def _digits(text: str) -> bool:
    # str.isdigit() accepts '²' and Arabic-Indic digits: only 0-9 can be typed at every keypad.
    return all("0" <= ch <= "9" for ch in text)


@dataclass(frozen=True)
class LoginGuardState:
    """Wrong PINs in a row, lockouts since the last right PIN, and until when login is locked."""

    failures: int = 0
    lockouts: int = 0
    locked_until: datetime | None = None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> "LoginGuardState":
        """The state after one more wrong PIN at `now`; the fifth in a row locks."""
        failures = self.failures + 1  # a lockout starts the count again from 0
        if failures < MAX_FAILURES:
            return LoginGuardState(failures, self.lockouts, self.locked_until)
        return LoginGuardState(0, self.lockouts + 1, now + lock_duration(self.lockouts + 1))


RESET = LoginGuardState()


def lock_duration(lockout_number: int) -> timedelta:
    """5 minutes for the first lockout, doubling on each repeat, at most a day."""
    doublings = min(max(lockout_number - 1, 0), 16)
    longer: timedelta = FIRST_LOCK * (1 << doublings)
    return min(longer, LONGEST_LOCK)
