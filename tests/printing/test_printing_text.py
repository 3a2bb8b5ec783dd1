"""Text on paper: fonts, widths, wrapping, shrinking and eliding to fit a room."""

from itertools import pairwise

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from pos.printing.text import (
    ELLIPSIS,
    FONT,
    FONT_BOLD,
    elide_end,
    elide_middle,
    ensure_fonts,
    shrink_to_fit,
    text_width,
    wrap_text,
)

NAME = "Kursi Jati Ukir Minimalis Dengan Sandaran Tinggi Motif Bunga"


@pytest.fixture(autouse=True)
def _fonts() -> None:
    ensure_fonts()


def fits(text: str, room: float, font: str = FONT, size: float = 8) -> bool:
    return text_width(text, font, size) <= room


def test_both_dejavu_faces_are_registered_as_embeddable_truetype() -> None:
    for name in (FONT, FONT_BOLD):
        assert isinstance(pdfmetrics.getFont(name), TTFont)  # embedded, unlike Helvetica
    ensure_fonts()  # a second call is harmless


def test_width_grows_with_the_size_and_the_weight() -> None:
    assert text_width("", FONT, 8) == 0
    assert text_width("Rp65.000", FONT, 16) == pytest.approx(2 * text_width("Rp65.000", FONT, 8))
    assert text_width("Rp65.000", FONT_BOLD, 8) > text_width("Rp65.000", FONT, 8)
    assert text_width("Rp65.000 ", FONT, 8) > text_width("Rp65.000", FONT, 8)


@pytest.mark.parametrize("room", [40.0, 80.0, 150.0])
def test_wrap_fills_each_line_and_keeps_every_word_in_order(room: float) -> None:
    lines = wrap_text(NAME, FONT, 8, room)
    assert " ".join(lines) == NAME
    assert all(fits(line, room) for line in lines)
    for line, following in pairwise(lines):
        assert not fits(f"{line} {following.split()[0]}", room), "a word would have fitted"


def test_a_word_too_wide_is_broken_or_kept_whole_as_asked() -> None:
    word = "Mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
    broken = wrap_text(f"Peci {word} Hitam", FONT, 8, 50)
    assert broken[0] == "Peci" and len(broken) >= 4
    assert "".join(broken).replace(" ", "") == f"Peci{word}Hitam"
    assert all(fits(line, 50) for line in broken)
    whole = wrap_text(f"Peci {word} Hitam", FONT, 8, 50, break_words=False)
    assert whole == ["Peci", word, "Hitam"]  # the long word overflows its own line


def test_wrap_of_blank_text_gives_no_lines() -> None:
    assert wrap_text(" \t\n ", FONT, 8, 100) == []
    assert wrap_text(" \t\n ", FONT, 8, 100, break_words=False) == []


def test_shrink_gives_the_largest_size_that_fits() -> None:
    text = "Kemeja Batik Lengan Pendek XXL"
    room = text_width(text, FONT_BOLD, 7)
    assert shrink_to_fit(text, FONT_BOLD, 6, 4, room) == 6  # fits already: unchanged
    size = shrink_to_fit(text, FONT_BOLD, 10, 4, room)
    assert size is not None and size == pytest.approx(7, abs=0.05)
    assert text_width(text, FONT_BOLD, size) <= room < text_width(text, FONT_BOLD, size + 0.05)
    assert shrink_to_fit(text, FONT_BOLD, 10, 7.5, room) is None  # not even at the floor


def test_elide_end_keeps_the_start_and_as_much_as_fits() -> None:
    assert elide_end(NAME, FONT, 8, 1000) == NAME
    room = 80.0
    shown = elide_end(NAME, FONT, 8, room)
    assert shown.endswith(ELLIPSIS) and fits(shown, room)
    kept = shown.removesuffix(ELLIPSIS)
    assert NAME.startswith(kept)
    assert not fits(NAME[: len(kept) + 1] + ELLIPSIS, room), "one more letter would have fitted"


def test_elide_end_at_words_cuts_between_words() -> None:
    room = 80.0
    shown = elide_end(NAME, FONT, 8, room, whole_words=True)
    words = shown.removesuffix(ELLIPSIS).split()
    assert shown.endswith(ELLIPSIS) and fits(shown, room)
    assert words == NAME.split()[: len(words)]
    assert not fits(" ".join(NAME.split()[: len(words) + 1]) + ELLIPSIS, room)
    assert elide_end("Mmmmmmmmmmmmmmmm", FONT, 8, 20, whole_words=True) == ""


def test_elide_end_of_text_that_goes_on_always_shows_the_ellipsis() -> None:
    assert elide_end("Kursi Jati", FONT, 8, 1000, whole_words=True, more=True) == "Kursi Jati…"
    assert elide_end("Kursi Jati", FONT, 8, 1000, more=True) == "Kursi Jati…"
    room = text_width("Kursi Jati", FONT, 8)
    assert elide_end("Kursi Jati", FONT, 8, room, whole_words=True, more=True) == "Kursi…"


def test_elide_middle_keeps_both_ends() -> None:
    code = "INV-2025-03-05-JEMBER-000123"
    assert elide_middle(code, FONT, 8, 1000) == code
    room = text_width(code, FONT, 8) * 0.6
    shown = elide_middle(code, FONT, 8, room)
    head, tail = shown.split(ELLIPSIS)
    assert fits(shown, room)
    assert code.startswith(head) and code.endswith(tail) and head and tail
    assert tail.endswith("000123")
    # Two codes that differ only at the end stay apart.
    assert elide_middle(code[:-1] + "4", FONT, 8, room) != shown
    assert elide_middle(code, FONT, 8, text_width(ELLIPSIS, FONT, 8)) == ELLIPSIS
    assert elide_middle(code, FONT, 8, 1) == ""


def test_nothing_fits_a_room_narrower_than_an_ellipsis() -> None:
    assert elide_end(NAME, FONT, 8, 1) == ""
    assert elide_end(NAME, FONT, 8, 1, whole_words=True) == ""
