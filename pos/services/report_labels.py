"""How the reports' keys, figures and bases read (in the interface's language)."""

from pos.core.payments import method_label
from pos.i18n import N_, _
from pos.services.report_query import COUNTER, NO_NAME, ORDER

__all__ = ["BASE_LABELS", "FIELD_LABELS", "KEY_LABELS", "base_text", "key_text"]

KEY_LABELS = {
    "product": N_("Product"),
    "category": N_("Category"),
    "workshop": N_("Workshop"),
    "payment": N_("Payment method"),
    "cashier": N_("Cashier"),
    "hour": N_("Hour of day"),
    "day": N_("Day"),
    "month": N_("Month"),
    "channel": N_("Channel"),
    "stand": N_("Stand"),
    "regency": N_("Regency"),
}
BASE_LABELS = {"sales": N_("sales"), "profit": N_("profit")}  # what a split's shares are of
FIELD_LABELS = {
    "qty": N_("Qty"),
    "gross": N_("Gross"),
    "discount": N_("Discount"),
    "refunds": N_("Refunds"),
    "net": N_("Net"),
    "cost": N_("Cost"),
    "profit": N_("Profit"),
}


def base_text(base: str) -> str:
    """A split's base (sales, profit, or a recap's "profit+sales") as people read it."""
    return "+".join(_(BASE_LABELS[b]) if b in BASE_LABELS else b for b in base.split("+"))


def key_text(by: str, key: str) -> str:
    """A row's key as people read it."""
    if by == "payment":
        return method_label(key) if key else _("(none)")
    if by in ("category", "workshop") and key == NO_NAME:
        return _("(none)")
    if by == "channel":
        return {COUNTER: _("Counter"), ORDER: _("Order")}.get(key, key)
    if by == "hour" and key.isdigit():
        return f"{int(key):02d}.00"
    return key
