"""Slot decorators for what most screens' buttons do: act on the chosen row, call a service,
show its refusal.

A slot under `@Slot()`, `@on_chosen_row` and `@shows_refusal` is written as if a row were
always chosen and the service always agreed: it takes the row as its argument, and a refusal
(PosError) raised anywhere in it stops it there and is shown, so its lines after the service
call run only when the service did what was asked.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget

from pos.core.errors import PosError
from pos.ui.errors import show_error
from pos.ui.widgets import chosen_row

Screen = TypeVar("Screen", bound=QWidget)
Slot0 = Callable[[Screen], None]


def on_chosen_row(slot: Callable[[Screen, Any], None]) -> Slot0[Screen]:
    """Run `slot` with the row chosen in the screen's `table` (over its `model`);
    with no row chosen, do nothing."""

    @wraps(slot)
    def run(screen: Screen) -> None:
        row = chosen_row(screen.table, screen.model)  # type: ignore[attr-defined]
        if row is not None:
            slot(screen, row)

    return run


def _catching(slot: Callable[..., None], tell: Callable[[Any, PosError], object]) -> Any:
    @wraps(slot)
    def run(screen: QWidget, *row: Any) -> None:
        try:
            slot(screen, *row)
        except PosError as e:
            tell(screen, e)

    return run


def shows_refusal(slot: Callable[..., None]) -> Any:
    """A refusal in `slot` stops it and is shown in a warning box (show_error)."""
    return _catching(slot, lambda screen, e: show_error(screen, e))


def says_refusal(slot: Callable[..., None]) -> Any:
    """A refusal in `slot` stops it and is said in red on the screen's `message` line."""
    return _catching(slot, lambda screen, e: screen.message.say(e.message, ok=False))
