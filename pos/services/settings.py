"""Settings declared once, with type, default and label; stored in the database."""

from datetime import datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.core.errors import PosError
from pos.db.models_people import Setting
from pos.db.session import Database, write_errors_explained
from pos.i18n import LANGUAGES, N_, _
from pos.services import audit
from pos.services.auth import Actor
from pos.services.setting_var import SettingVar as SettingVar
from pos.services.setting_var import T, number_setting, text_setting
from pos.services.settings_orders import KUITANSI_PAPER, KUITANSI_PLACE
from pos.services.settings_printing import LABEL_MAKER as LABEL_MAKER
from pos.services.settings_printing import LABEL_OFFSETS as LABEL_OFFSETS
from pos.services.settings_printing import MAX_LABEL_OFFSET_MM as MAX_LABEL_OFFSET_MM
from pos.services.settings_printing import PRINTER_AUTO as PRINTER_AUTO
from pos.services.settings_printing import PRINTER_COPIES as PRINTER_COPIES
from pos.services.settings_printing import PRINTER_DRAWER as PRINTER_DRAWER
from pos.services.settings_printing import PRINTER_LABEL as PRINTER_LABEL
from pos.services.settings_printing import PRINTER_RECEIPT as PRINTER_RECEIPT
from pos.services.settings_printing import PRINTER_REPORTS as PRINTER_REPORTS
from pos.services.settings_printing import parse_bool as parse_bool


def _check_stand_code(code: str) -> None:
    if not (1 <= len(code) <= 12) or not code.replace("_", "").isalnum() or not code.isascii():
        raise PosError(_("The stand code must be 1-12 letters or digits, e.g. JBR01."))


def _check_width(width: int) -> None:
    if width not in (58, 80):
        raise PosError(_("The receipt width must be 58 or 80 mm."))


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise PosError(_("Unknown language {lang}.").format(lang=lang))


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise PosError(_("Unknown time zone {name}.").format(name=name)) from e


STAND_CODE = SettingVar(
    "stand.code", "LAPAK", N_("Stand code (on receipt numbers)"), str, _check_stand_code
)
STAND_NAME = text_setting("stand.name", "Lapak Karya WBP", N_("Stand name"), 60, required=True)
STAND_ADDRESS = text_setting("stand.address", "", N_("Stand address"), 200, 4)
RECEIPT_FOOTER = text_setting(
    "receipt.footer",
    "Terima kasih atas kunjungan Anda\nHasil karya Warga Binaan Pemasyarakatan",
    N_("Receipt footer"),
    300,
    6,
)
RECEIPT_WIDTH = SettingVar(
    "receipt.width_mm", 80, N_("Receipt paper width (mm)"), int, _check_width
)
LANGUAGE = SettingVar("ui.language", "id", N_("Language"), str, _check_language)
# The receipt is the stand's document: in the stand's language, whatever the cashier reads.
RECEIPT_LANGUAGE = SettingVar(
    "receipt.language", "id", N_("Language of the receipt"), str, _check_language
)
TIMEZONE = SettingVar("stand.timezone", "Asia/Jakarta", N_("Time zone"), str, _check_timezone)


INSTORE_PREFIX = number_setting(
    "barcode.instore_prefix",
    20,
    N_("In-store barcode prefix (20-29)"),
    20,
    29,
    N_("The in-store barcode prefix must be 20-29."),
)


def _parse_methods(text: str) -> tuple[str, ...]:
    return tuple(m.strip().lower() for m in text.split(",") if m.strip())


def _check_methods(methods: tuple[str, ...]) -> None:
    from pos.core.payments import CASH, METHODS

    unknown = [m for m in methods if m not in METHODS]
    if unknown or CASH not in methods:
        raise PosError(
            _("Payment methods: choose from {known}; tunai (cash) is always one of them.").format(
                known=", ".join(METHODS)
            )
        )
    twice = sorted({m for m in methods if methods.count(m) > 1})
    if twice:
        raise PosError(
            _("Payment methods: {methods} is listed more than once.").format(
                methods=", ".join(twice)
            )
        )


PAYMENT_METHODS: SettingVar[tuple[str, ...]] = SettingVar(
    "payment.methods",
    ("tunai", "qris", "transfer", "debit", "lainnya"),
    N_("Payment methods offered at the counter"),
    _parse_methods,
    _check_methods,
)


# The screen locks (the cart is kept) when nobody typed or clicked for this long; 0 = never.
LOCK_AFTER_MINUTES = number_setting(
    "ui.lock_after_minutes",
    10,
    N_("Lock the screen after minutes without use (0 = never)"),
    0,
    240,
    N_("Lock after 0 (never) to 240 minutes without use."),
)


def _discount_limit(role: str, default: int, label: str) -> SettingVar[int]:
    message = N_("A discount limit is a percent from 0 to 100.")
    return number_setting(f"discount.max_percent.{role}", default, label, 0, 100, message)


# The most each role may take off a line or a sale without a supervisor's PIN (pos.core.pricing).
DISCOUNT_LIMITS: dict[str, SettingVar[int]] = {
    "kasir": _discount_limit("kasir", 10, N_("Cashier's discount limit (%)")),
    "supervisor": _discount_limit("supervisor", 100, N_("Supervisor's discount limit (%)")),
    "admin": _discount_limit("admin", 100, N_("Admin's discount limit (%)")),
}


def _check_qris(payload: str) -> None:
    from pos.core.qris import parse

    if payload:  # empty: no QRIS sticker at this stand
        parse(payload)


# The stand's static QRIS, as its sticker encodes it; the counter adds the amount (pos.core.qris).
QRIS_STATIC = SettingVar(
    "qris.static", "", N_("Static QRIS of the stand (scan the sticker)"), str.strip, _check_qris
)
# An optional second window facing the customer: the lines, the total, the change, the QRIS.
CUSTOMER_DISPLAY = SettingVar(
    "display.customer", False, N_("Customer display (second screen)"), parse_bool
)

ALL_SETTINGS: tuple[SettingVar[Any], ...] = (
    STAND_CODE,
    STAND_NAME,
    STAND_ADDRESS,
    RECEIPT_FOOTER,
    RECEIPT_WIDTH,
    RECEIPT_LANGUAGE,
    LANGUAGE,
    TIMEZONE,
    INSTORE_PREFIX,
    LABEL_MAKER,
    LABEL_OFFSETS,
    PAYMENT_METHODS,
    QRIS_STATIC,
    CUSTOMER_DISPLAY,
    PRINTER_RECEIPT,
    PRINTER_AUTO,
    PRINTER_COPIES,
    PRINTER_DRAWER,
    PRINTER_LABEL,
    PRINTER_REPORTS,
    LOCK_AFTER_MINUTES,
    *DISCOUNT_LIMITS.values(),
    KUITANSI_PAPER,
    KUITANSI_PLACE,
)


def by_key(key: str) -> SettingVar[Any]:
    for var in ALL_SETTINGS:
        if var.key == key:
            return var
    raise PosError(_("Unknown setting {key}.").format(key=key))


def read_in(session: Session, var: SettingVar[T]) -> T:
    raw = session.execute(select(Setting.value).where(Setting.key == var.key)).scalar_one_or_none()
    return var.read(raw)


def get(db: Database, var: SettingVar[T]) -> T:
    # Plain SQL, no ORM session: several of these run before the window is ready to scan.
    with db.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT value FROM settings WHERE key = ?", (var.key,)).scalar()
    return var.read(None if raw is None else str(raw))


def set_value(db: Database, var: SettingVar[T], value: T) -> None:
    if var.validate is not None:
        var.validate(value)
    with write_errors_explained(), db.Session.begin() as session:
        session.merge(Setting(key=var.key, value=as_text(value)))


def set_many(
    db: Database, values: list[tuple[SettingVar[Any], str]], audited_by: Actor | None = None
) -> None:
    """Several settings from their texts, as one change: all checked first, then all stored
    in one transaction, or none when any is refused; each in the audit log with `audited_by`."""
    parsed: list[tuple[SettingVar[Any], Any]] = []
    for var, text in values:
        try:
            value = var.parse(text)
        except ValueError as e:
            raise PosError(
                _("'{text}' is not a valid value for {key}.").format(text=text, key=var.key)
            ) from e
        if var.validate is not None:
            var.validate(value)
        parsed.append((var, value))
    with write_errors_explained(), db.Session.begin() as session:
        now = local_now(session)
        for var, value in parsed:
            session.merge(Setting(key=var.key, value=as_text(value)))
            if audited_by is not None:
                detail = {"key": var.key, "value": as_text(value)}
                audit.record(session, audited_by.id, "setting_change", detail, now)


def as_text(value: object) -> str:
    """A setting's value as `pos config set` takes it."""
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def change(db: Database, actor: Actor, values: list[tuple[SettingVar[Any], str]]) -> None:
    """What the Settings screens save: `actor` must be allowed to change settings; then as
    set_many(), checked like `pos config set`, all stored in one transaction or none."""
    actor.require("manage_settings")
    set_many(db, values, audited_by=actor)


def set_from_text(db: Database, key: str, text: str) -> None:
    var = by_key(key)
    try:
        value = var.parse(text)
    except ValueError as e:
        raise PosError(
            _("'{text}' is not a valid value for {key}.").format(text=text, key=key)
        ) from e
    set_value(db, var, value)


def discount_limit(session: Session, role: str) -> int:
    """The most `role` may take off without approval, in percent (0 for an unknown role)."""
    var = DISCOUNT_LIMITS.get(role)
    return 0 if var is None else read_in(session, var)


def discount_limit_of(db: Database, role: str) -> int:
    """discount_limit for a caller without a session of its own (the discount dialog)."""
    var = DISCOUNT_LIMITS.get(role)
    return 0 if var is None else get(db, var)


def now_and_stand(session: Session) -> tuple[datetime, str]:
    """The stand's wall-clock time and its code, in one query (checkout needs both)."""
    now, stand, _methods = checkout_context(session)
    return now, stand


def checkout_context(session: Session) -> tuple[datetime, str, tuple[str, ...]]:
    """Time, stand code and accepted payment methods, in one query."""
    keys = (TIMEZONE.key, STAND_CODE.key, PAYMENT_METHODS.key)
    raw = dict(
        session.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
    )
    now = clock(TIMEZONE.read(raw.get(TIMEZONE.key)))
    methods = PAYMENT_METHODS.read(raw.get(PAYMENT_METHODS.key))
    return now, STAND_CODE.read(raw.get(STAND_CODE.key)), methods


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(TIMEZONE.default)


def clock(zone_name: str) -> datetime:
    """The wall-clock time in zone_name (the default zone if unknown), without tzinfo."""
    # The one place the stand's time is computed: its zone, no tzinfo, whole seconds.
    return datetime.now(_zone(zone_name)).replace(tzinfo=None, microsecond=0)


def local_now(session: Session) -> datetime:
    """The stand's wall-clock time, without tzinfo (stored as such), inside a transaction."""
    return clock(read_in(session, TIMEZONE))


def stand_now(db: Database) -> datetime:
    """local_now() for callers outside a transaction (a dialog's default date)."""
    return clock(get(db, TIMEZONE))
