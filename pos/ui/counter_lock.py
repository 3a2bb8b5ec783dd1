"""Who is at the counter: the sale screen, or the lock screen over it; quick and idle lock.

The lock keeps the cart as it is and the shift open (the shift belongs to the register): the
next PIN decides who sells from there on.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from pos.db.session import Database
from pos.services import settings, users
from pos.services.auth import Actor
from pos.ui.idle import IdleWatch
from pos.ui.login_screen import FirstAdminPage, LockScreen

if TYPE_CHECKING:
    from pos.ui.sale_screen import SaleScreen

# Who acts while the screen is locked: a role that may nothing, so every service refuses.
NOBODY = Actor(0, "-", "")


class CounterLock(QObject):
    """Switches between the sale screen and the lock screen; says who acts after each switch.

    The sale screen is made by `make_sale_screen` when first needed (it then calls attach()):
    the lock screen shows without it.
    """

    actor_changed = Signal(object)  # Actor; NOBODY while locked

    def __init__(
        self, db: Database, make_sale_screen: "Callable[[], SaleScreen]", parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = NOBODY
        self._make_sale_screen = make_sale_screen
        self.sale_screen: SaleScreen | None = None
        self.lock_screen = LockScreen(db, parent)
        self.lock_screen.logged_in.connect(self.on_logged_in)
        self.first_admin: FirstAdminPage | None = None
        self.pages = QStackedWidget(parent)
        self.pages.addWidget(self.lock_screen)
        self.idle = IdleWatch(settings.get(db, settings.LOCK_AFTER_MINUTES), parent=self)
        self.idle.idle.connect(self.lock)

    def attach(self, sale_screen: "SaleScreen") -> None:
        """The sale screen, once made: a page behind the lock screen until a PIN opens it."""
        self.sale_screen = sale_screen
        self.pages.addWidget(sale_screen)  # the current page stays the current one
        sale_screen.lock_requested.connect(self.lock)
        sale_screen.set_actor(self._actor)

    def _screen(self) -> "SaleScreen":
        if self.sale_screen is None:
            self._make_sale_screen()  # calls attach()
        assert self.sale_screen is not None
        return self.sale_screen

    def start(self, actor: Actor | None) -> None:
        """Unlocked as `actor` (tests, benchmarks), else locked: the admin's PIN first if none."""
        if actor is not None:
            self.on_logged_in(actor, ask_for_shift=False)
        elif users.needs_admin_pin(self._db):
            self.first_admin = FirstAdminPage(self._db, self.pages)
            self.first_admin.admin_ready.connect(self.on_logged_in)
            self.pages.addWidget(self.first_admin)
            self.pages.setCurrentWidget(self.first_admin)
            self._set_actor(NOBODY)
        else:
            # The lock screen filled its list of users when it was made: nobody locked it.
            self.pages.setCurrentWidget(self.lock_screen)
            self._set_actor(NOBODY)
            self.focus_input()

    @property
    def actor(self) -> Actor:
        return self._actor

    def is_locked(self) -> bool:
        return self.sale_screen is None or self.pages.currentWidget() is not self.sale_screen

    @Slot()
    def lock(self) -> None:
        """Quick lock (F11) or idle lock: the cart stays as it is, the shift stays open."""
        if self.is_locked() or self.sale_screen is None:
            return
        self.sale_screen.save_now()
        previous = None if self._actor is NOBODY else self._actor
        self.lock_screen.reset(previous, cart_kept=not self.sale_screen.cart.is_empty())
        self.pages.setCurrentWidget(self.lock_screen)
        self._set_actor(NOBODY)
        self.focus_input()

    @Slot(object)
    def on_logged_in(self, actor: Actor, ask_for_shift: bool = True) -> None:
        """A PIN was right: that user sells from now on, on the same cart and shift."""
        screen = self._screen()
        self.pages.setCurrentWidget(screen)
        self._set_actor(actor)
        self.idle.touch()
        self.focus_input()
        if ask_for_shift:
            QTimer.singleShot(0, screen.ensure_shift)

    def _set_actor(self, actor: Actor) -> None:
        self._actor = actor
        if self.sale_screen is not None:
            self.sale_screen.set_actor(actor)
        self.actor_changed.emit(actor)

    def focus_input(self) -> None:
        """The keyboard where the next input goes: the scan field, or the PIN when locked."""
        page = self.pages.currentWidget()
        if page is not None and page is self.sale_screen:
            self.sale_screen.scan_field.setFocus()
        elif isinstance(page, LockScreen | FirstAdminPage):
            page.focus_pin()
