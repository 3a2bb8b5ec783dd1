"""What a receipt shows, as plain data: filled by the services, drawn by pos.printing.receipt."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReceiptLine:
    """One product sold: its name, quantity, unit price and line total."""

    name: str
    qty: int
    unit_price: int
    line_total: int  # qty x unit_price, before the discount below
    discount: int = 0  # rupiah off this line
    discount_label: str = ""  # already translated, e.g. "Diskon 10%"
    list_price: int | None = None  # the catalog price, when the price was changed at the counter


@dataclass(frozen=True)
class ReceiptPayment:
    """One payment of the sale, with the cash tendered and the change given."""

    method_label: str  # already translated, e.g. "Tunai"
    amount: int
    tendered: int
    change: int
    reference: str | None = None
    bank: str | None = None  # the sender's bank of a transfer
    cash: bool = False  # cash is listed last, after the non-cash payments it tops up


def payments_in_order(payments: tuple[ReceiptPayment, ...]) -> list[ReceiptPayment]:
    """Non-cash payments first (with their reference and bank), then cash with its change."""
    return sorted(payments, key=lambda p: p.cash)


@dataclass(frozen=True)
class ReceiptData:
    """Everything one receipt shows, top to bottom."""

    stand_name: str
    stand_address: str  # may hold several lines separated by "\n"
    receipt_no: str
    created_at: datetime  # local time of the stand
    cashier: str
    lines: tuple[ReceiptLine, ...]
    total: int
    payments: tuple[ReceiptPayment, ...]
    footer: str  # may hold several lines separated by "\n"
    status_note: str | None = None  # e.g. "DIBATALKAN" on a voided sale's reprint
    language: str = "id"  # the labels' language (receipt.language), whatever the UI speaks
    sale_discount: int = 0  # rupiah off the whole sale
    sale_discount_label: str = ""  # already translated, e.g. "Diskon 5%"
    refers_to: str | None = None  # a refund's original receipt number

    @property
    def subtotal(self) -> int:
        """The lines after their own discounts, before the sale discount."""
        return sum(line.line_total - line.discount for line in self.lines)

    @property
    def discount_total(self) -> int:
        return self.sale_discount + sum(line.discount for line in self.lines)
