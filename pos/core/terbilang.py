"""Terbilang: a rupiah amount in Indonesian words, as a kuitansi writes it.

num2words (lang='id') does the bulk of the work; `correct()` fixes what it gets wrong against
the rules of the language (STYLE.md: it is wrong for some amounts). The rules:
- 10 is "sepuluh", 11 "sebelas", 100 "seratus", 1.000 "seribu": the prefix se- means "one"
  for these four words only;
- 1.000.000 is "satu juta" (never "sejuta" on a document), likewise "satu miliar";
- "seribu" only stands for exactly one thousand at the head of the thousands group:
  101.000 is "seratus satu ribu", 1.001.000 "satu juta seribu".
Pure Python: no Qt, no database; num2words is imported at the first call.
"""

import re

from pos.core.errors import InvalidAmount
from pos.core.money import is_whole
from pos.i18n import _

MAX_TERBILANG = 999_999_999_999

_DIGITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ("", "ribu", "juta", "miliar")


def _below_thousand(n: int) -> list[str]:
    """Words of 1..999 by the rules (our own, to check and correct the library with)."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_DIGITS[hundreds], "ratus"]
    tens, ones = divmod(rest, 10)
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [_DIGITS[ones], "belas"]
    else:
        if tens:
            words += [_DIGITS[tens], "puluh"]
        if ones:
            words.append(_DIGITS[ones])
    return words


def rule_words(amount: int) -> str:
    """The amount in words built from the rules alone, lower case ("nol" for 0)."""
    _check(amount)
    if amount == 0:
        return "nol"
    groups: list[int] = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for scale in range(len(groups) - 1, -1, -1):
        group = groups[scale]
        if not group:
            continue
        if scale == 1 and group == 1:
            words.append("seribu")
            continue
        words += _below_thousand(group)
        if _SCALES[scale]:
            words.append(_SCALES[scale])
    return " ".join(words)


def _check(amount: int) -> None:
    if not is_whole(amount):
        raise InvalidAmount(_("The amount must be a whole number of rupiah."))
    if not 0 <= amount <= MAX_TERBILANG:
        raise InvalidAmount(_("An amount in words must be from Rp0 to Rp999.999.999.999."))


# What num2words writes wrong, and what it should say; applied to its lower-case output.
_CORRECTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bsejuta\b"), "satu juta"),
    (re.compile(r"\bsemiliar\b"), "satu miliar"),
    # One thousand alone is "seribu"; in "seratus satu ribu" (101.000) "satu" stays.
    (re.compile(r"(^|\bjuta |\bmiliar )satu ribu\b"), r"\1seribu"),
    (re.compile(r"(^|\b(?:ribu|juta|miliar) )satu ratus\b"), r"\1seratus"),
    (re.compile(r"\bsatu puluh\b"), "sepuluh"),
    (re.compile(r"\bsatu belas\b"), "sebelas"),
    (
        re.compile(r"\bsepuluh (satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)\b"),
        r"\1 belas",
    ),
)


def correct(amount: int, words: str) -> str:
    """num2words' `words` for `amount`, corrected by the rules; the rule-built words when the
    corrections still disagree with them (the kuitansi must never show wrong words)."""
    text = " ".join(words.lower().replace("-", " ").split())
    for pattern, replacement in _CORRECTIONS:
        text = pattern.sub(replacement, text)
    expected = rule_words(amount)
    return text if text == expected else expected


def _library_words(amount: int) -> str | None:
    try:
        from num2words import num2words
    except ImportError:  # a bundle built without it still writes kuitansi
        return None
    try:
        return str(num2words(amount, lang="id"))
    except (NotImplementedError, OverflowError, ValueError):
        return None


def words(amount: int) -> str:
    """The amount in words, lower case: 1_000_000 -> "satu juta"."""
    _check(amount)
    found = _library_words(amount)
    return rule_words(amount) if found is None else correct(amount, found)


def terbilang(amount: int) -> str:
    """What a kuitansi writes after "Terbilang:": "Sepuluh juta rupiah"."""
    text = f"{words(amount)} rupiah"
    return text[0].upper() + text[1:]
