"""What an X or Z report shows, as plain data: filled by pos.services.shifts, drawn by
pos.printing.shift_report (the printing never imports the services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class CashMoveRow:
    """A cash in or out during a shift, as a report lists it."""

    at: datetime
    kind: str  # in, out
    amount: int
    reason: str
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

    @property
    def difference(self) -> int | None:
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def business_day(self) -> date:
        return self.opened_at.date()
