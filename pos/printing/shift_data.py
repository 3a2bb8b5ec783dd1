"""What an X or Z report shows, as plain data: filled by pos.services.shifts, drawn by
pos.printing.shift_report (the printing never imports the services)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class JsonRow:
    """A report row written into JSON as its fields, under their own names."""

    def to_json(self: DataclassInstance) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class CashMoveRow:
    """A cash in or out during a shift, as a report lists it."""

    at: datetime
    kind: str  # in, out
    amount: int
    reason: str
    user: str


@dataclass(frozen=True)
class CashierRow(JsonRow):
    """One cashier's part of a shift or day: sales not voided, discounts, voids, refunds."""

    name: str
    sales_count: int
    total: int
    discount_total: int
    voids: int  # voids this cashier recorded
    refund_total: int  # money this cashier refunded


@dataclass(frozen=True)
class RefundRow(JsonRow):
    """A refund (money paid back for goods returned), as reports list it."""

    refund_no: str
    receipt_no: str
    total: int
    method: str
    cashier: str


@dataclass(frozen=True)
class ParkedRow:
    """A sale parked and still waiting (never counted as sold), as the X report lists it."""

    label: str
    total: int
    items: int
    parked_at: datetime
    user: str


@dataclass(frozen=True)
class ShiftSummary:
    """What an X report (any time) and a Z report (at close) show."""

    shift_id: int
    stand: str
    status: str
    z_number: int | None
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str | None
    opening_float: int
    sales_count: int
    sales_total: int
    voids_count: int
    voids_total: int
    payments: dict[str, int]  # method -> amount settled
    cash_in: int
    cash_out: int
    expected_cash: int
    counted_cash: int | None
    count_detail: dict[int, int] = field(default_factory=dict)
    moves: list[CashMoveRow] = field(default_factory=list)
    first_receipt: str | None = None
    last_receipt: str | None = None
    discount_total: int = 0  # off the sales not voided: line and sale discounts
    refunds: list[RefundRow] = field(default_factory=list)
    cashiers: list[CashierRow] = field(default_factory=list)
    parked: list[ParkedRow] = field(default_factory=list)  # waiting while the shift is open
    # Order payments (kuitansi) received and DPs paid back, per method: cash, not revenue.
    order_received: dict[str, int] = field(default_factory=dict)
    order_refunded: dict[str, int] = field(default_factory=dict)
    # The audit chain's head at the close (Z only; None before 0026): an anchor on paper.
    audit_head_id: int | None = None
    audit_head_hash: str | None = None

    @property
    def refunds_by_method(self) -> dict[str, int]:
        """Money paid back per payment method (cash left the drawer)."""
        result: dict[str, int] = {}
        for refund in self.refunds:
            result[refund.method] = result.get(refund.method, 0) + refund.total
        return result

    @property
    def refunds_total(self) -> int:
        return sum(refund.total for refund in self.refunds)

    @property
    def difference(self) -> int | None:
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def business_day(self) -> date:
        return self.opened_at.date()
