"""PIN hashes: argon2id, salted, checked in constant time; the PIN itself is never kept.

Login is by PIN alone, so finding the user means checking the PIN against every user's hash:
one argon2 check each. The cost is tuned so a stand's handful of users stays under the 0.5 s
target (tests/bench/test_bench_pins.py); the users who logged in last are tried first, and a
PIN is tried first against the user it matched last time in this process (`_recent`), so a
returning cashier costs one check.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

# OWASP's argon2id floor (m=19 MiB, t=2, p=1): about 30 ms per check on the 2-core target.
TIME_COST = 2
MEMORY_KIB = 19 * 1024
PARALLELISM = 1


def make_hasher() -> "PasswordHasher":
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM)


# Made at the first PIN check: argon2 loads while the lock screen waits, not at start.
HASHER: "PasswordHasher | None" = None


def _hasher() -> "PasswordHasher":
    global HASHER
    if HASHER is None:
        HASHER = make_hasher()
    return HASHER


# HMAC of a PIN under a key that lives only in this process -> the user id it matched; it only
# orders the candidates, every login still checks the stored argon2 hash.
_PROCESS_KEY = secrets.token_bytes(32)
_recent: dict[bytes, int] = {}
_RECENT_MAX = 64


@dataclass(frozen=True)
class Candidate:
    """A user who could own a PIN: their id and stored hash."""

    user_id: int
    pin_hash: str


def hash_pin(pin: str) -> str:
    return _hasher().hash(pin)


def matches(pin_hash: str, pin: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):  # VerifyMismatchError is a VerificationError
        return False


def needs_rehash(pin_hash: str) -> bool:
    """Whether a hash was made with other parameters than today's (re-hashed at next login)."""
    from argon2.exceptions import InvalidHashError

    try:
        return _hasher().check_needs_rehash(pin_hash)
    except InvalidHashError:
        return True


def _tag(pin: str) -> bytes:
    return hmac.new(_PROCESS_KEY, pin.encode("utf-8"), hashlib.sha256).digest()


def find_owner(candidates: Sequence[Candidate], pin: str) -> Candidate | None:
    """The candidate whose hash the PIN matches, or None after checking them all.

    Tried in the order given, except that the user this PIN matched last in this process
    comes first.
    """
    recent = _recent.get(_tag(pin))
    ordered = sorted(candidates, key=lambda c: c.user_id != recent)
    for candidate in ordered:
        if matches(candidate.pin_hash, pin):
            remember(pin, candidate.user_id)
            return candidate
    return None


def in_use(hashes: Iterable[str], pin: str) -> bool:
    return any(matches(h, pin) for h in hashes)


def remember(pin: str, user_id: int) -> None:
    if len(_recent) >= _RECENT_MAX:
        _recent.clear()
    _recent[_tag(pin)] = user_id


def forget(user_id: int) -> None:
    """Drop what this process remembers of a user's PIN (after it changed)."""
    for tag in [t for t, uid in _recent.items() if uid == user_id]:
        del _recent[tag]
