"""Every text a widget shows (labels, buttons, tips, menus, headers, lists), and the English
words among them: for tests that a screen speaks only Indonesian."""

import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

# English words Qt or a careless screen would show; none is also an Indonesian word.
ENGLISH = frozenset(
    [
        "yes",
        "no",
        "cancel",
        "save",
        "open",
        "close",
        "apply",
        "discard",
        "reset",
        "retry",
        "ignore",
        "abort",
        "help",
        "look",
        "file",
        "files",
        "name",
        "type",
        "size",
        "date",
        "modified",
        "detail",
        "details",
        "view",
        "list",
        "back",
        "forward",
        "parent",
        "directory",
        "create",
        "new",
        "undo",
        "redo",
        "cut",
        "copy",
        "paste",
        "delete",
        "select",
        "all",
        "show",
        "hide",
        "restore",
        "defaults",
        "step",
        "up",
        "down",
        "sidebar",
        "recent",
        "places",
        "computer",
        "kind",
        "drive",
        "shortcut",
        "unknown",
        "choose",
        "rename",
        "remove",
        "hidden",
        "of",
        "to",
        "the",
        "and",
        "scroll",
        "here",
        "page",
        "print",
        "settings",
        "language",
        "receipt",
        "width",
        "stand",
        "address",
        "footer",
        "time",
        "zone",
        "payment",
        "methods",
        "labels",
        "offsets",
        "keyboard",
        "key",
        "quit",
        "about",
        "version",
        "database",
        "backups",
        "reports",
        "schema",
        "cash",
        "change",
    ]
)


def action_texts(actions: Iterable[QAction]) -> list[str]:
    found = []
    for action in actions:
        found += [action.text(), action.toolTip()]
        menu = action.menu()
        if isinstance(menu, QMenu):
            found += action_texts(menu.actions())
    return found


def widget_texts(widget: QWidget) -> list[str]:
    """The texts of `widget` and every widget inside it."""
    found = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        found += [child.toolTip(), child.accessibleName()]
        found += action_texts(child.actions())
        if isinstance(child, QLabel | QAbstractButton):
            found.append(child.text())
        elif isinstance(child, QGroupBox):
            found.append(child.title())
        elif isinstance(child, QLineEdit):
            found.append(child.placeholderText())
        elif isinstance(child, QComboBox):
            found += [child.itemText(i) for i in range(child.count())]
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            horizontal = Qt.Orientation.Horizontal
            found += [
                str(model.headerData(c, horizontal) or "") for c in range(model.columnCount())
            ]
    return found


def english_words(texts: Iterable[str]) -> set[str]:
    """The English words in `texts`; paths, file patterns and markup are left out."""
    words: set[str] = set()
    for text in texts:
        plain = re.sub(r"<[^>]+>", " ", text.replace("&", ""))
        for token in plain.split():
            if "/" in token or "\\" in token or "*" in token or token == "No.":
                continue  # paths, patterns; "No. 103" is Indonesian too (nomor)
            words |= {w for w in re.findall(r"[a-z']+", token.lower()) if w in ENGLISH}
    return words
