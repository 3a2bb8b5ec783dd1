"""Type that grows with the screen: one factor for the whole UI, taken from the screen's size.

The screens are laid out for a 1366x768 laptop (and still fit 1024x600). On a 1920x1080 screen
the same 10 pt type looks small and leaves the window half empty, so every size in points is
multiplied by the factor: the application font, and the explicit sizes through `pt()`; the
fixed widths of widgets that hold text grow with it through `px()`.
"""

from PySide6.QtWidgets import QApplication

REFERENCE = (1366, 768)
MAX_SCALE = 1.5  # a 4K screen without OS scaling still gets readable, not huge, type
_state = {"scale": 1.0}


def scale_for(width: int, height: int) -> float:
    """The factor for a screen of `width` x `height` available pixels: 1 up to the reference
    size, growing with the tighter of the two sides, at most MAX_SCALE, in steps of 0.05."""
    factor = min(width / REFERENCE[0], height / REFERENCE[1])
    return round(min(MAX_SCALE, max(1.0, factor)) * 20) / 20


def scale() -> float:
    """The factor in use."""
    return _state["scale"]


def pt(points: float) -> int:
    """A size in points as designed for the reference screen, scaled for this one."""
    return max(1, round(points * _state["scale"]))


def px(pixels: int) -> int:
    """A width or height in pixels that holds text (a field, a list, a button), scaled."""
    return max(1, round(pixels * _state["scale"]))


def set_scale(factor: float) -> None:
    """Use `factor` from now on (for the widgets made after this call)."""
    _state["scale"] = factor


def apply_screen_scale(app: QApplication) -> float:
    """Scale the application font (and later `pt()` sizes) for the primary screen."""
    screen = app.primaryScreen()
    if screen is None:
        return scale()
    available = screen.availableGeometry()
    factor = scale_for(available.width(), available.height())
    set_scale(factor)
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    app.setFont(font)
    return factor
