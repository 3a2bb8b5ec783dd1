"""What a kuitansi shows, as plain data: filled by pos.services.kuitansi, drawn by
pos.printing.kuitansi (the printing never imports the services)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class KuitansiItem:
    """One item of the order the payment is for."""

    name: str
    qty: int
    unit_price: int
    line_total: int


@dataclass(frozen=True)
class KuitansiMethod:
    """How (part of) the amount was paid: a method's label, the amount, bank and reference."""

    label: str
    amount: int
    reference: str | None = None


@dataclass(frozen=True)
class KuitansiData:
    """A kuitansi of an order payment (kind 'payment') or of a DP paid back ('refund')."""

    doc_no: str
    kind: str
    stand_name: str
    stand_address: str
    place: str
    created_at: datetime
    customer: str
    phone: str | None
    order_no: str
    order_total: int
    amount: int
    amount_words: str  # "Sepuluh juta rupiah"
    paid_so_far: int  # after this payment
    balance: int  # left after this payment
    cashier: str
    items: list[KuitansiItem] = field(default_factory=list)
    methods: list[KuitansiMethod] = field(default_factory=list)
    language: str = "id"
    paper: str = "A5"
