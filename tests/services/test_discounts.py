"""Discounts and price overrides at checkout: limits per role, approvals, what is stored."""

import pytest
from sale_helpers import PINS, actor, cart_of
from sqlalchemy import select

from pos.core.cart import Approved
from pos.core.errors import PermissionDenied
from pos.core.pricing import AMOUNT, PERCENT, DiscountProblem, make_discount
from pos.db.models import Approval, Sale, SaleLine
from pos.services import approvals, audit, login, sales, settings, shifts
from pos.services.approvals import ApprovalNeeded


@pytest.fixture
def sari(demo_db):  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 500_000)
    return sari


def _lines(db):  # type: ignore[no-untyped-def]
    with db.Session() as s:
        return s.execute(select(SaleLine).order_by(SaleLine.id)).scalars().all()


def test_discount_within_the_limit_needs_no_approval(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "KK-NAS-500", "MK-TMP-01")  # 130.000 + 5.000
    cart.set_line_discount(0, make_discount(PERCENT, 10, "pelanggan tetap"))
    cart.set_discount(make_discount(AMOUNT, 1_001, "pembulatan"))  # 0,8 % of 122.000
    result = sales.checkout_cash(demo_db, sari, cart, 200_000)
    assert result.total == 130_000 - 13_000 + 5_000 - 1_001
    lines = _lines(demo_db)
    assert [(x.discount, x.discount_kind, x.discount_value) for x in lines] == [
        (13_000, "percent", 10),
        (0, None, None),
    ]
    assert sum(x.sale_discount for x in lines) == 1_001
    assert sum(x.line_total for x in lines) == result.total  # the books add up exactly
    assert lines[0].discount_reason == "pelanggan tetap" and lines[0].discount_approval_id is None
    with demo_db.Session() as s:
        sale = s.execute(select(Sale)).scalar_one()
    assert (sale.discount, sale.discount_kind, sale.discount_reason) == (
        1_001,
        "amount",
        "pembulatan",
    )


def test_over_the_limit_is_refused_without_approval(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500")
    cart.set_line_discount(0, make_discount(PERCENT, 11, "teman"))
    with pytest.raises(ApprovalNeeded, match="melebihi batas Sari"):
        sales.checkout_cash(demo_db, sari, cart, 100_000)
    assert _lines(demo_db) == []
    settings.set_value(demo_db, settings.DISCOUNT_LIMITS["kasir"], 15)
    sales.checkout_cash(demo_db, sari, cart, 100_000)  # the limit is a setting


def test_supervisor_pin_approves_and_is_recorded_on_the_line(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500", "MK-TMP-01")
    approval = approvals.grant(
        demo_db, sari, "discount", PINS["Pak Joko"], "barang pajangan", {"percent": 50}
    )
    assert approval.approver.name == "Pak Joko" and approval.id is not None
    cart.set_line_discount(
        0, make_discount(PERCENT, 50, "barang pajangan"), Approved(approval.id, "Pak Joko")
    )
    sales.checkout_cash(demo_db, sari, cart, 100_000)
    line = _lines(demo_db)[0]
    assert (line.discount, line.discount_approval_id) == (32_500, approval.id)
    with demo_db.Session() as s:
        row = s.get(Approval, approval.id)
        assert row is not None
        assert (row.action, row.approver_id, row.requested_by, row.reason) == (
            "discount",
            actor(demo_db, "Pak Joko").id,
            sari.id,
            "barang pajangan",
        )


def test_an_approval_covers_only_what_it_names(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    small = approvals.grant(demo_db, sari, "discount", PINS["Pak Joko"], "rusak", {"percent": 20})
    assert small.id is not None
    cart = cart_of(demo_db, "KK-NAS-500")
    cart.set_line_discount(0, make_discount(PERCENT, 30, "rusak"), Approved(small.id, "Pak Joko"))
    with pytest.raises(ApprovalNeeded, match="tidak mencakup"):
        sales.checkout_cash(demo_db, sari, cart, 100_000)
    # A made-up approval id is no approval either.
    cart.set_line_discount(0, make_discount(PERCENT, 30, "rusak"), Approved(9_999, "Pak Joko"))
    with pytest.raises(ApprovalNeeded):
        sales.checkout_cash(demo_db, sari, cart, 100_000)


def test_a_cashier_cannot_approve_and_a_wrong_pin_counts(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied, match="sampai 10%"):
        approvals.grant(demo_db, sari, "discount", PINS["Budi"], "teman", {"percent": 30})
    with pytest.raises(PermissionDenied, match="tidak boleh"):
        approvals.grant(demo_db, sari, "price_override", PINS["Budi"], "x", {"price": 1})
    with pytest.raises(login.WrongPin):
        approvals.grant(demo_db, sari, "discount", "0000", "teman", {"percent": 30})
    assert login.guard_status(demo_db).failures == 1
    with demo_db.Session() as s:
        assert s.execute(select(Approval)).first() is None


def test_price_override_needs_its_own_permission(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "MB-KRS-JTI")  # Rp850.000
    cart.set_price(0, 800_000)
    with pytest.raises(ApprovalNeeded, match="mengubah harga"):
        sales.checkout_cash(demo_db, sari, cart, 1_000_000)
    # A direct caller claiming no override at a lower price is refused too.
    cart.lines[0].list_price = None
    with pytest.raises(PermissionDenied, match="pindai ulang"):
        sales.checkout_cash(demo_db, sari, cart, 1_000_000)
    product = cart.lines[0].product_id
    ok = approvals.grant(
        demo_db,
        sari,
        "price_override",
        PINS["Pak Joko"],
        "nego",
        {"product_id": product, "price": 800_000},
    )
    assert ok.id is not None
    cart = cart_of(demo_db, "MB-KRS-JTI")
    cart.set_price(0, 800_000, Approved(ok.id, "Pak Joko"))
    sales.checkout_cash(demo_db, sari, cart, 1_000_000)
    line = _lines(demo_db)[0]
    assert (line.unit_price, line.list_price, line.price_approval_id) == (800_000, 850_000, ok.id)
    # The same approval names Rp800.000: Rp700.000 is not covered.
    cart.set_price(0, 700_000, Approved(ok.id, "Pak Joko"))
    with pytest.raises(ApprovalNeeded):
        sales.checkout_cash(demo_db, sari, cart, 1_000_000)


def test_supervisor_overrides_and_discounts_alone(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    joko = actor(demo_db, "Pak Joko")
    cart = cart_of(demo_db, "MB-KRS-JTI")
    cart.set_price(0, 800_000)
    cart.set_discount(make_discount(PERCENT, 100, "hibah"))
    result = sales.checkout_cash(demo_db, joko, cart, 0)
    assert result.total == 0
    line = _lines(demo_db)[0]
    assert (line.list_price, line.price_approval_id, line.sale_discount, line.line_total) == (
        850_000,
        None,
        800_000,
        0,
    )


def test_discount_over_the_total_is_refused_by_checkout_too(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "MK-TMP-01")
    cart.discount = make_discount(AMOUNT, 5_001, "x")  # a direct caller skipping Cart's checks
    with pytest.raises(DiscountProblem, match="lebih dari"):
        sales.checkout_cash(demo_db, sari, cart, 5_000)
    assert _lines(demo_db) == []


def test_sale_audit_entry_carries_the_discount(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    cart = cart_of(demo_db, "KK-NAS-500")
    cart.set_discount(make_discount(PERCENT, 5, "x'); DROP TABLE sales; --"))
    sales.checkout_cash(demo_db, sari, cart, 100_000)
    assert audit.verify(demo_db).ok
    with demo_db.Session() as s:
        sale = s.execute(select(Sale)).scalar_one()
    assert sale.discount == 3_250 and sale.discount_reason == "x'); DROP TABLE sales; --"
