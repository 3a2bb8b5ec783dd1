"""One way to show errors: PosError messages as they are, the rest through the crash hook."""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from pos.core.errors import PosError
from pos.i18n import _

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: PosError | str) -> None:
    """A service's refusal (or any message) as a warning box."""
    message = error.message if isinstance(error, PosError) else str(error)
    QMessageBox.warning(parent, _("Lapak"), message)


def show_info(parent: QWidget | None, text: str) -> None:
    """Something done that the person must read before going on."""
    QMessageBox.information(parent, _("Lapak"), text)


def install_excepthook() -> None:
    """Log anything unexpected and tell the cashier, instead of dying silently."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        QMessageBox.critical(
            None,
            _("Lapak: unexpected error"),
            _(
                "Something went wrong: {error}\n\nThe sale in progress is kept. "
                "If this happens again, note what you did and tell the supervisor."
            ).format(error=value),
        )

    sys.excepthook = hook
