"""Orders (pesanan) as plain data: statuses, channels, items and the checks of what is typed."""

import re
from dataclasses import dataclass
from datetime import date

from pos.core.errors import PosError
from pos.core.money import MAX_AMOUNT, format_rupiah, is_whole
from pos.core.quantities import check_qty
from pos.core.text import has_control_chars, looks_like_formula
from pos.i18n import N_, _

# The order's life: dipesan -> dp -> diproduksi -> siap -> diambil, or batal.
DIPESAN, DP, DIPRODUKSI, SIAP, DIAMBIL, BATAL = (
    "dipesan", "dp", "diproduksi", "siap", "diambil", "batal",
)  # fmt: skip
STATUSES = {
    DIPESAN: N_("Ordered"),
    DP: N_("Down payment"),
    DIPRODUKSI: N_("In production"),
    SIAP: N_("Ready"),
    DIAMBIL: N_("Picked up"),
    BATAL: N_("Cancelled"),
}
OPEN_STATUSES = (DIPESAN, DP, DIPRODUKSI, SIAP)
# What `pos order status` and the screen may set by hand; dp follows the first payment,
# diambil the pickup and batal the cancelling (with a supervisor).
SETTABLE = (DIPESAN, DP, DIPRODUKSI, SIAP)
CHANNELS = {
    "stand": N_("At the stand"),
    "whatsapp": N_("WhatsApp"),
    "instagram": N_("Instagram"),
    "ecommerce": N_("E-commerce"),
    "lainnya": N_("Other"),
}
MAX_CUSTOMER = 80
MAX_PHONE = 32
MAX_NOTE = 300
MAX_ITEM_NAME = 200
MAX_LINES = 200
MAX_DAYS_AHEAD = 3 * 366
_PHONE = re.compile(r"^\+?[0-9 ().-]+$")


class OrderProblem(PosError):
    """An order, payment or status change that cannot be done as asked."""


def status_label(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def channel_label(channel: str) -> str:
    return _(CHANNELS[channel]) if channel in CHANNELS else channel


@dataclass(frozen=True)
class OrderItem:
    """One item as typed: a catalog SKU (price from the catalog) or a free item with a price."""

    qty: int
    sku: str | None = None
    name: str | None = None
    unit_price: int | None = None
    workshop: str | None = None

    @property
    def is_free(self) -> bool:
        return self.sku is None


def clean_text(text: str | None, max_chars: int, what: str, required: bool = False) -> str | None:
    """One line of typed text, spaces squeezed: bounded, no control characters or formulas."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        if required:
            raise OrderProblem(_("Enter {what}.").format(what=what))
        return None
    if len(cleaned) > max_chars:
        raise OrderProblem(
            _("{what} is longer than {n} characters.").format(what=what, n=max_chars)
        )
    if has_control_chars(text or ""):
        raise OrderProblem(
            _("{what} cannot contain control characters (such as NUL or tab).").format(what=what)
        )
    if looks_like_formula(cleaned):
        raise OrderProblem(
            _("{what} cannot start with =, +, -, or @ (a spreadsheet formula).").format(what=what)
        )
    return cleaned


def phone_warning(phone: str | None) -> str | None:
    """A warning for a phone number that does not look like one (it is kept all the same)."""
    if phone and not _PHONE.match(phone):
        return _(
            "The phone number {phone} has letters or signs in it; it is kept as typed."
        ).format(phone=phone)
    return None


def clean_phone(phone: str | None) -> str | None:
    """A phone number: a leading + is kept (not a formula here), the rest checked as text."""
    cleaned = " ".join((phone or "").split())
    if not cleaned:
        return None
    rest = clean_text(cleaned.lstrip("+"), MAX_PHONE, _("The phone number"))
    return None if rest is None else ("+" + rest if cleaned.startswith("+") else rest)


def check_due(due: date, today: date) -> None:
    if due < today:
        raise OrderProblem(
            _("The due date {due} is in the past.").format(due=due.strftime("%d-%m-%Y"))
        )
    if (due - today).days > MAX_DAYS_AHEAD:
        raise OrderProblem(_("The due date is more than three years away."))


def parse_due(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise OrderProblem(
            _("{text} is not a date; write it as YYYY-MM-DD.").format(text=text[:40])
        ) from None


def check_price(price: object) -> int:
    if not is_whole(price) or not 0 < price <= MAX_AMOUNT:
        raise OrderProblem(_("A free item needs a price of more than Rp0."))
    return price


def check_amount(amount: object, balance: int) -> int:
    """A payment against an order: more than Rp0 and at most the balance still owed."""
    if not is_whole(amount) or amount <= 0:
        raise OrderProblem(_("A payment must be more than Rp0."))
    if amount > balance:
        raise OrderProblem(
            _("The payment of {amount} is more than the balance of {balance}.").format(
                amount=format_rupiah(amount), balance=format_rupiah(balance)
            )
        )
    return amount


_FREE = re.compile(r"^(?P<name>.+?)=(?P<price>[0-9.]+)(?:[xX*](?P<qty>[0-9]+))?$")
_CATALOG = re.compile(r"^(?P<sku>[^=:]+?)(?::(?P<qty>[0-9]+))?$")


def parse_item(spec: str) -> OrderItem:
    """`SKU:QTY` (or SKU alone) or `DESCRIPTION=PRICE[xQTY]`, as `pos order new` takes them."""
    text = spec.strip()
    free = _FREE.match(text)
    if "=" in text and free is None:
        raise OrderProblem(
            _("{spec}: a free item is DESCRIPTION=PRICE or DESCRIPTION=PRICExQTY.").format(
                spec=text[:60]
            )
        )
    if free is not None:
        name = clean_text(free["name"], MAX_ITEM_NAME, _("The item description"), required=True)
        price = check_price(int(free["price"].replace(".", "")))
        qty = int(free["qty"] or 1)
        check_qty(qty)
        return OrderItem(qty, None, name, price)
    found = _CATALOG.match(text)
    if found is None or not found["sku"].strip():
        raise OrderProblem(_("{spec}: an item is SKU:QTY.").format(spec=text[:60]))
    qty = int(found["qty"] or 1)
    check_qty(qty)
    return OrderItem(qty, found["sku"].strip())
