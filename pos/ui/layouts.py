"""Layouts built in one call, so a screen's __init__ reads as the rows and columns it shows.

    vbox(title, form, (table, 1), hbox(message, STRETCH, ok_button), parent=self)

An item is a widget, a layout, `(widget or layout, stretch)`, a number (that many pixels of
space), or STRETCH (an empty space that takes what is left).
"""

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QBoxLayout,
    QFormLayout,
    QHBoxLayout,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

STRETCH = object()

LayoutItem = QWidget | QLayout | tuple[QWidget | QLayout, int] | int | object


def _fill(layout: QBoxLayout, items: Iterable[LayoutItem]) -> None:
    for item in items:
        stretch = 0
        if isinstance(item, tuple):
            item, stretch = item
        if item is STRETCH:
            layout.addStretch(1)
        elif isinstance(item, int):
            layout.addSpacing(item)
        elif isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        elif isinstance(item, QWidget):
            layout.addWidget(item, stretch)
        else:
            raise TypeError(f"not a layout item: {item!r}")


def hbox(*items: LayoutItem, parent: QWidget | None = None) -> QHBoxLayout:
    """A row of `items`, left to right; with `parent`, that widget's layout."""
    layout = QHBoxLayout(parent) if parent is not None else QHBoxLayout()
    _fill(layout, items)
    return layout


def vbox(*items: LayoutItem, parent: QWidget | None = None) -> QVBoxLayout:
    """A column of `items`, top to bottom; with `parent`, that widget's layout."""
    layout = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    _fill(layout, items)
    return layout


def form(*rows: tuple[str, QWidget | QLayout], parent: QWidget | None = None) -> QFormLayout:
    """Labelled fields, one a row: `(label, field)`."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    for label, field in rows:
        layout.addRow(label, field)
    return layout


def scrolled(content: QWidget | QLayout) -> QScrollArea:
    """`content` in a scroll area that gives it the whole width."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    return scroll
