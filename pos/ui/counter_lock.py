"""Who is at the counter: the sale screen, or the lock screen over it; quick and idle lock.

The lock keeps the cart as it is and the shift open (the shift belongs to the register): the
next PIN decides who sells from there on.
"""

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QStackedWidget, QWidget

from pos.db.session import Database
from pos.services import settings, users
from pos.services.auth import Actor
from pos.ui.idle import IdleWatch
from pos.ui.login_screen import FirstAdminPage, LockScreen
from pos.ui.sale_screen import SaleScreen

# Who acts while the screen is locked: a role that may nothing, so every service refuses.
NOBODY = Actor(0, "-", "")


class CounterLock(QObject):
    """Switches between the sale screen and the lock screen; says who acts after each switch."""

    actor_changed = Signal(object)  # Actor; NOBODY while locked

    def __init__(self, db: Database, sale_screen: SaleScreen, parent: QWidget) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = NOBODY
        self.sale_screen = sale_screen
        self.lock_screen = LockScreen(db, parent)
        self.lock_screen.logged_in.connect(self.on_logged_in)
        self.first_admin: FirstAdminPage | None = None
        self.pages = QStackedWidget(parent)
        self.pages.addWidget(sale_screen)
        self.pages.addWidget(self.lock_screen)
        sale_screen.lock_requested.connect(self.lock)
        self.idle = IdleWatch(settings.get(db, settings.LOCK_AFTER_MINUTES), parent=self)
        self.idle.idle.connect(self.lock)

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
            self.pages.setCurrentWidget(self.sale_screen)  # so that lock() locks
            self.lock()

    @property
    def actor(self) -> Actor:
        return self._actor

    def is_locked(self) -> bool:
        return self.pages.currentWidget() is not self.sale_screen

    @Slot()
    def lock(self) -> None:
        """Quick lock (F11) or idle lock: the cart stays as it is, the shift stays open."""
        if self.is_locked():
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
        self.pages.setCurrentWidget(self.sale_screen)
        self._set_actor(actor)
        self.idle.touch()
        self.focus_input()
        if ask_for_shift:
            QTimer.singleShot(0, self.sale_screen.ensure_shift)

    def _set_actor(self, actor: Actor) -> None:
        self._actor = actor
        self.sale_screen.set_actor(actor)
        self.actor_changed.emit(actor)

    def focus_input(self) -> None:
        """The keyboard where the next input goes: the scan field, or the PIN when locked."""
        page = self.pages.currentWidget()
        if page is self.sale_screen:
            self.sale_screen.scan_field.setFocus()
        elif isinstance(page, LockScreen | FirstAdminPage):
            page.focus_pin()
