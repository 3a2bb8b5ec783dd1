import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.core.text import (
    csv_cell,
    has_control_chars,
    looks_like_formula,
    search_key,
    unquote_cell,
    visible,
)


def test_search_key_ignores_case_accents_and_spacing() -> None:
    assert search_key("  Kué   NASTAR ") == "kue nastar"
    assert search_key("Café Ñoño") == "cafe nono"


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil","bayar")',
        "-5",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "   =1+1",
        " \t =1",
        "\x00=1+1",
        "\u200b=1",  # a zero-width space, invisible in a spreadsheet
        "\tNastar",  # a tab first is enough
    ],
)
def test_formula_looking_text_is_quoted(text: str) -> None:
    assert looks_like_formula(text)
    assert csv_cell(text) == "'" + text
    assert unquote_cell("'" + text) == (text, True)


@pytest.mark.parametrize(
    "text", ["Nastar", "Kue -5", "a=b", "", "'quoted' name", "Rp30.000", "KK-NAS-500", "#1"]
)
def test_plain_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text)
    assert csv_cell(text) == text
    assert unquote_cell(text) == (text, False)


def test_numbers_and_empty_cells_pass_through() -> None:
    assert csv_cell(-5) == -5
    assert csv_cell(None) is None
    assert csv_cell(True) is True


def test_text_that_starts_with_a_quote_then_a_formula_survives() -> None:
    for text in ("'=1", "''=1", "' -5", "'''@x"):
        written = csv_cell(text)
        assert written == "'" + text
        assert unquote_cell(str(written)) == (text, True)


def test_random_text_round_trips() -> None:
    alphabet = "=+-@'\t\r\n \x00\u200bab1;,\""
    rng = random.Random(9)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        written = csv_cell(text)
        assert isinstance(written, str)
        assert not looks_like_formula(written), repr(text)
        assert unquote_cell(written)[0] == text, repr(text)


def test_a_long_run_of_quotes_is_not_a_recursion() -> None:
    text = "'" * 100_000 + "=1"
    assert unquote_cell(str(csv_cell(text)))[0] == text


def test_control_characters() -> None:
    assert has_control_chars("Nastar\x00")
    assert has_control_chars("a\x1bb")
    assert has_control_chars("a\u0085b")
    assert has_control_chars("a\nb")
    assert not has_control_chars("a\nb\tc\r", allow_line_breaks=True)
    assert has_control_chars("a\x07b", allow_line_breaks=True)
    assert not has_control_chars("Kué Ñoño 30.000")


def test_visible_keeps_one_line() -> None:
    assert visible("a\nb\r\x00c\u202ed") == "a?b??c?d"
    assert visible("Kué 30.000") == "Kué 30.000"


@given(st.text())
def test_any_text_is_safe_in_a_csv_and_comes_back(text: str) -> None:
    written = csv_cell(text)
    assert isinstance(written, str)
    assert not looks_like_formula(written)
    assert unquote_cell(written)[0] == text
