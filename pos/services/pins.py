"""PIN hashes: argon2id, salted, checked in constant time; the PIN itself is never kept.

Login is by PIN alone. So that a login checks one argon2 hash, not every user's, each user also
has a lookup tag: the first byte of HMAC-SHA256(PIN) under a random key of this database
(table pin_lookup_key). A typed PIN's tag picks the users to check: usually exactly one (with
n users, another shares the byte with odds (n-1)/256), and a wrong PIN usually none. A user
without a tag (PIN set before tags existed, or the key made anew) is always a candidate,
after the tagged ones, and gets a tag at their next login.

Why one byte: a database copy with the key and the tags lets a thief test PINs with cheap
HMACs; one byte only tells them which 1/256 of the PINs can be right, and each of those still
costs an argon2 check. An export's database copy has neither key nor tags (nor hashes).
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


KEY_BYTES = 32


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


def tag(key: bytes, pin: str) -> int:
    """The PIN's lookup tag under the database's key: 0 to 255."""
    return hmac.new(key, pin.encode("utf-8"), hashlib.sha256).digest()[0]


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def find_owner(candidates: Sequence[Candidate], pin: str) -> Candidate | None:
    """The first candidate, in the order given, whose hash the PIN matches; else None."""
    for candidate in candidates:
        if matches(candidate.pin_hash, pin):
            return candidate
    return None


def in_use(hashes: Iterable[str], pin: str) -> bool:
    return any(matches(h, pin) for h in hashes)
