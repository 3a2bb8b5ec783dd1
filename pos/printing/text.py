"""Text on paper for receipts, labels and reports: the embedded DejaVu fonts, string widths,
word wrapping, shrinking and eliding so that a text fits the room it has.

Sizes are in points and widths in PDF points, as reportlab measures them; reportlab itself is
imported lazily, since importing it costs start-up time the sale screen does not need.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

from pos.resources import resource_path

__all__ = [
    "ELLIPSIS",
    "FONT",
    "FONT_BOLD",
    "elide_end",
    "elide_middle",
    "ensure_fonts",
    "shrink_to_fit",
    "text_width",
    "wrap_text",
]

# Embedded in every PDF we write: Helvetica, reportlab's default, is only referenced, and a
# printer or viewer without it substitutes whatever it has.
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
ELLIPSIS = "\u2026"


@cache
def ensure_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in (FONT, FONT_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", f"{name}.ttf"))))


def text_width(text: str, font: str, size: float) -> float:
    """Width of `text` on one line in a registered `font` at `size`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, font, size))


def wrap_text(
    text: str, font: str, size: float, max_width: float, break_words: bool = True
) -> list[str]:
    """Break `text` into lines no wider than `max_width`, greedily between words. A word too
    wide for a line of its own is broken between characters, or with `break_words=False` gets
    a line of its own and overflows it. Whitespace-only text gives no lines."""
    ensure_fonts()
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = _break_word(word, font, size, max_width) if break_words else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _break_word(word: str, font: str, size: float, max_width: float) -> list[str]:
    if text_width(word, font, size) <= max_width:
        return [word]
    pieces: list[str] = []
    current = ""
    for char in word:
        # Always keep one character per piece, else a too-narrow width would loop forever.
        if current and text_width(current + char, font, size) > max_width:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return pieces


def shrink_to_fit(text: str, font: str, size: float, floor: float, room: float) -> float | None:
    """The largest size from `size` down to `floor` (in steps of 0.05 pt) at which `text` fits
    `room` on one line; None when it does not fit even at `floor`."""
    full = text_width(text, font, size)
    if full <= room:
        return size
    fitted = math.floor(size * room / full * 20) / 20  # widths scale with the size
    while fitted >= floor:
        if text_width(text, font, fitted) <= room:
            return fitted
        fitted -= 0.05
    return None


def elide_end(
    text: str,
    font: str,
    size: float,
    room: float,
    whole_words: bool = False,
    more: bool = False,
) -> str:
    """`text` if it fits `room`, else as much of its start as fits with an ellipsis after it,
    cut between words when `whole_words`. `more` says the text goes on after `text` (it is
    already a cut), so it ends with an ellipsis even when it fits. "" when nothing fits."""
    if not more and text_width(text, font, size) <= room:
        return text
    if whole_words:
        words = text.split()
        while words:
            candidate = " ".join(words) + ELLIPSIS
            if text_width(candidate, font, size) <= room:
                return candidate
            words = words[:-1]
        return ""
    return _longest_fit(
        len(text), lambda n: text[:n].rstrip() + ELLIPSIS, font, size, room, minimum=1
    )


def elide_middle(text: str, font: str, size: float, room: float) -> str:
    """`text` if it fits `room`, else its start and its end with an ellipsis between them, as
    much of both as fits (e.g. a long code whose last digits tell it apart); "" when even an
    ellipsis does not fit."""
    if text_width(text, font, size) <= room:
        return text

    def kept(n: int) -> str:
        head, tail = (n + 1) // 2, n // 2
        return text[:head].rstrip() + ELLIPSIS + (text[len(text) - tail :].lstrip() if tail else "")

    return _longest_fit(len(text) - 1, kept, font, size, room, minimum=0)


def _longest_fit(
    most: int, shown: Callable[[int], str], font: str, size: float, room: float, minimum: int
) -> str:
    """shown(n) for the largest n from `minimum` to `most` that fits `room` ("" when none does);
    shown(n) must grow no narrower as n grows, so a binary search finds it."""
    low, high = minimum, most
    best = ""
    while low <= high:
        middle = (low + high) // 2
        candidate = shown(middle)
        if text_width(candidate, font, size) <= room:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best
