"""Terbilang against amounts written out by hand from the rules of Indonesian, and a parser of
our own that reads the words back to the number for any amount."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos.core.errors import InvalidAmount
from pos.core.terbilang import MAX_TERBILANG, correct, rule_words, terbilang, words

# Written by hand, not by any library: se- only for 10, 11, 100 and 1.000; "satu juta".
HAND = {
    0: "nol",
    1: "satu",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    119: "seratus sembilan belas",
    200: "dua ratus",
    999: "sembilan ratus sembilan puluh sembilan",
    1_000: "seribu",
    1_001: "seribu satu",
    1_100: "seribu seratus",
    1_111: "seribu seratus sebelas",
    2_000: "dua ribu",
    10_000: "sepuluh ribu",
    11_000: "sebelas ribu",
    15_500: "lima belas ribu lima ratus",
    30_000: "tiga puluh ribu",
    100_000: "seratus ribu",
    101_000: "seratus satu ribu",
    111_000: "seratus sebelas ribu",
    850_000: "delapan ratus lima puluh ribu",
    1_000_000: "satu juta",
    1_001_000: "satu juta seribu",
    1_100_000: "satu juta seratus ribu",
    2_500_000: "dua juta lima ratus ribu",
    10_000_000: "sepuluh juta",
    11_000_000: "sebelas juta",
    13_000_000: "tiga belas juta",
    34_000_000: "tiga puluh empat juta",
    100_000_000: "seratus juta",
    101_101_101: "seratus satu juta seratus satu ribu seratus satu",
    1_000_000_000: "satu miliar",
    1_000_001_000: "satu miliar seribu",
    1_001_001_001: "satu miliar satu juta seribu satu",
    11_011_011_011: "sebelas miliar sebelas juta sebelas ribu sebelas",
    MAX_TERBILANG: "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh "
    "sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh "
    "sembilan",
}


@pytest.mark.parametrize(("amount", "expected"), sorted(HAND.items()))
def test_words_follow_the_rules(amount: int, expected: str) -> None:
    assert words(amount) == expected
    assert rule_words(amount) == expected


def test_terbilang_is_a_sentence_in_rupiah() -> None:
    assert terbilang(10_000_000) == "Sepuluh juta rupiah"
    assert terbilang(1_000) == "Seribu rupiah"
    assert terbilang(1_000_000) == "Satu juta rupiah"


def test_corrections_fix_what_the_library_writes_wrong() -> None:
    # num2words writes 1.001.000 as "satu juta satu ribu"; the correction layer fixes it.
    assert correct(1_001_000, "satu juta satu ribu") == "satu juta seribu"
    assert correct(1_000_000, "sejuta") == "satu juta"
    assert correct(101_000, "seratus satu ribu") == "seratus satu ribu"
    assert correct(1_000, "satu ribu") == "seribu"
    assert correct(15, "sepuluh lima") == "lima belas"
    # Whatever the library says, wrong words never reach the kuitansi.
    assert correct(5, "enam") == "lima"


@pytest.mark.parametrize("bad", [-1, MAX_TERBILANG + 1, 1.5, True, "10"])
def test_out_of_range_or_not_an_int_is_refused(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        words(bad)  # type: ignore[arg-type]


# --- our own parser, independent of the code under test ----------------------------------------
UNITS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}  # fmt: skip
SMALL = {"belas": None, "puluh": 10, "ratus": 100}
BIG = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}


def parse(text: str) -> int:
    """Indonesian number words -> int, with the se- words checked where they may stand."""
    total, group, last = 0, 0, 0
    tokens = text.split()
    for i, token in enumerate(tokens):
        if token == "seribu":
            assert group == 0 and last == 0, text  # "seratus seribu" is not Indonesian
            total += 1000
        elif token in UNITS:
            last = UNITS[token]
            group += last
        elif token == "belas":
            assert 1 < last < 10, text  # "satu belas" is wrong: sebelas
            group += 10
            last = 0
        elif token in SMALL:
            assert 1 < last < 10, text  # "satu puluh"/"satu ratus" are wrong
            group += last * (SMALL[token] or 1) - last
            last = 0
        elif token in BIG:
            assert group > 0, text
            assert not (token == "ribu" and group == 1 and i == 1), text  # "satu ribu" alone
            total += group * BIG[token]
            group, last = 0, 0
        else:
            raise AssertionError(f"unknown word {token!r} in {text!r}")
    return total + group


@settings(max_examples=2_000)
@given(st.integers(min_value=0, max_value=MAX_TERBILANG))
def test_words_read_back_to_the_amount(amount: int) -> None:
    assert parse(words(amount)) == amount


@given(st.integers(min_value=0, max_value=999).map(lambda n: n * 1_000 + 1_000))
def test_thousands_read_back(amount: int) -> None:
    assert parse(words(amount)) == amount


def test_the_parser_catches_wrong_words() -> None:
    for wrong in ("satu ribu", "satu belas", "satu ratus", "seratus seribu"):
        with pytest.raises(AssertionError):
            parse(wrong)
