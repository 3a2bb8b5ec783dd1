"""Errors whose message a cashier can read, in the chosen language."""


class PosError(Exception):
    """Base of every error meant to be shown to the user as it is."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__


class InvalidBarcode(PosError):
    """A scanned or typed code that cannot be a valid code."""


class UnknownProduct(PosError):
    """A valid code that no product in the catalog carries."""


class InvalidAmount(PosError):
    """A money amount that cannot be read or is out of range."""


class InvalidQuantity(PosError):
    """A quantity that is zero, negative, not a number or absurdly large."""


class PaymentTooSmall(PosError):
    """The amount tendered does not cover the total."""


class EmptyCart(PosError):
    """Checkout of a cart with no lines."""


class NotFound(PosError):
    """A record (receipt, product...) that does not exist."""


class DatabaseProblem(PosError):
    """The database file cannot be opened, read or written."""


class PermissionDenied(PosError):
    """The acting user may not do this."""
