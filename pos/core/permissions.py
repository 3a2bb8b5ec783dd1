"""Roles and what each may do: the one table every service checks, whatever the UI shows."""

from pos.i18n import N_

KASIR = "kasir"
SUPERVISOR = "supervisor"
ADMIN = "admin"
ROLES = (KASIR, SUPERVISOR, ADMIN)
ROLE_LABELS = {KASIR: N_("Cashier"), SUPERVISOR: N_("Supervisor"), ADMIN: N_("Admin")}

# Every action a service may refuse, with what a refusal message calls it.
ACTIONS: dict[str, str] = {
    "sell": N_("sell"),
    # A line or sale discount up to the role's maximum percent (a setting); above it, or
    # with a price override, a supervisor approves with their PIN.
    "discount": N_("give a discount"),
    "price_override": N_("change a price at the counter"),
    "void_sale": N_("void a completed sale"),
    "refund": N_("refund or take back goods"),
    "open_drawer": N_("open the cash drawer without a sale"),
    "open_shift": N_("open a shift"),
    "cash_move": N_("put cash in or take it out"),
    "close_shift": N_("close the shift"),
    "receive_stock": N_("receive goods"),
    "adjust_stock": N_("adjust stock"),
    "count_stock": N_("count stock"),
    "manage_catalog": N_("change the catalog"),
    "manage_users": N_("manage users"),
    "manage_settings": N_("change the settings"),
    "export": N_("export the day"),
    "backup": N_("back up the database"),
    "restore": N_("restore a backup"),
    "view_audit": N_("read the audit log"),
    "load_demo": N_("load the demo catalog"),
    "view_reports": N_("read the sales reports"),
    "manage_books": N_("keep the books (revenue splits, recaps, deposits, targets)"),
    # Orders (pesanan): taking one and its payments at the counter; cancelling one and handing
    # over goods not paid in full need a supervisor.
    "take_order": N_("take an order or its payment"),
    "cancel_order": N_("cancel an order"),
    "pickup_unpaid": N_("hand over an order that is not paid in full"),
}

# The cashier closes the day alone: shift, Z report and the export to the USB stick.
_COUNTER = frozenset(
    {"sell", "discount", "open_shift", "cash_move", "close_shift", "export", "take_order"}
)
_SUPERVISION = frozenset(
    {
        "price_override",
        "void_sale",
        "refund",
        "open_drawer",
        "receive_stock",
        "adjust_stock",
        "count_stock",
        "manage_catalog",
        "backup",
        "view_audit",
        "view_reports",
        "manage_books",
        "cancel_order",
        "pickup_unpaid",
    }
)
_ADMINISTRATION = frozenset({"manage_users", "manage_settings", "restore", "load_demo"})

PERMISSIONS: dict[str, frozenset[str]] = {
    KASIR: _COUNTER,
    SUPERVISOR: _COUNTER | _SUPERVISION,
    ADMIN: _COUNTER | _SUPERVISION | _ADMINISTRATION,
}


def may(role: str, action: str) -> bool:
    """Whether `role` may do `action`; unknown roles and actions may nothing."""
    return action in PERMISSIONS.get(role, frozenset())


def roles_allowed(action: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if may(role, action))
