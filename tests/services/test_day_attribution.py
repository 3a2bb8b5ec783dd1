"""A whole day at the stand through the services: two cashiers and a supervisor sell with a
discount, a discount over the cashier's limit, a price override, a void and a return; the day
report, the Z report and the audit log say who did what and who approved it; the chain
verifies, and a row edited afterwards is named."""

import sqlite3

from sale_helpers import PINS, actor, cart_of
from sqlalchemy import select

from pos.core.cart import Approved
from pos.core.pricing import PERCENT, make_discount
from pos.db.models import AuditEntry, Sale, SaleLine, User
from pos.services import approvals, audit, refunds, reports, sales, shifts
from pos.services.refunds import ReturnItem

JOKO = PINS["Pak Joko"]


def _log(db) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def, type-arg]
    """(who, action, detail and its entry id) of every entry, oldest first."""
    with db.Session() as s:
        names = {i: n for i, n in s.execute(select(User.id, User.name))}
        rows = s.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
        return [
            (names.get(e.user_id, "-"), e.action, {**audit.fields(e.detail), "entry": e.id})
            for e in rows
        ]


def _line(db, receipt_no: str) -> SaleLine:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no)).scalar_one()
        return sale.lines[0]


def test_a_day_of_two_cashiers_and_a_supervisor_is_attributed(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari, budi, joko = (actor(demo_db, n) for n in ("Sari", "Budi", "Pak Joko"))
    shifts.open_shift(demo_db, sari, 200_000)

    # Sari: a discount within her 10 % (no approval), then 20 % off a sale, approved by Joko.
    cart = cart_of(demo_db, "KK-NAS-500", "KK-NAS-500")
    cart.set_line_discount(0, make_discount(PERCENT, 10, "langganan"))
    small = sales.checkout_cash(demo_db, sari, cart, 200_000)
    cart = cart_of(demo_db, "MK-TMP-01", "KK-NAS-500")
    big = approvals.grant(demo_db, sari, "discount", JOKO, "pesanan kantor", {"percent": 20})
    assert big.id is not None
    cart.set_discount(make_discount(PERCENT, 20, "pesanan kantor"), Approved(big.id, "Pak Joko"))
    discounted = sales.checkout_cash(demo_db, sari, cart, 200_000)

    # Budi on the same shift: a price override approved by Joko, then a sale he voids.
    cart = cart_of(demo_db, "MB-KRS-JTI")
    override = approvals.grant(
        demo_db,
        budi,
        "price_override",
        JOKO,
        "cacat kecil",
        {"product_id": cart.lines[0].product_id, "price": 800_000},
    )
    assert override.id is not None
    cart.set_price(0, 800_000, Approved(override.id, "Pak Joko"))
    overridden = sales.checkout_cash(demo_db, budi, cart, 800_000)
    wrong = sales.checkout_cash(demo_db, budi, cart_of(demo_db, "MK-TMP-01"), 10_000)
    void = refunds.void_sale(demo_db, budi, wrong.receipt_no, "salah scan", JOKO)

    # Sari takes one jar of her first sale back, in cash, Joko approving.
    line_id = refunds.find_sale(demo_db, small.receipt_no).lines[0].sale_line_id
    back = refunds.refund(
        demo_db, sari, small.receipt_no, [ReturnItem(line_id, 1)], "tunai", "retak", JOKO
    )

    # The sale lines carry their approvers.
    assert _line(demo_db, overridden.receipt_no).price_approval_id == override.id
    with demo_db.Session() as s:
        sale = s.execute(select(Sale).where(Sale.receipt_no == discounted.receipt_no)).scalar_one()
        assert sale.discount_approval_id == big.id

    # The day report: each cashier's part.
    day = reports.day_report(demo_db, small.created_at.date())
    by_name = {c.name: c for c in day.cashiers}
    assert day.voided == [wrong.receipt_no]
    assert [(r.refund_no, r.cashier, r.total) for r in day.refunds] == [
        (back.refund_no, "Sari", back.total)
    ]
    assert (by_name["Sari"].sales_count, by_name["Sari"].voids) == (2, 0)
    assert by_name["Sari"].total == small.total + discounted.total
    assert by_name["Sari"].refund_total == back.total > 0
    assert by_name["Sari"].discount_total > 0
    assert (by_name["Budi"].sales_count, by_name["Budi"].total, by_name["Budi"].voids) == (
        1,
        overridden.total,
        1,
    )
    assert day.discount_total == by_name["Sari"].discount_total + by_name["Budi"].discount_total
    assert day.net_total == small.total + discounted.total + overridden.total - back.total
    assert "Pak Joko" not in by_name  # he approved; he sold nothing

    # The Z report, closed by the supervisor with the drawer as expected.
    expected = shifts.current_shift(demo_db)
    assert expected is not None
    z = shifts.close_shift(demo_db, joko, total=expected.expected_cash)
    assert z.z_number is not None and z.counted_cash == z.expected_cash
    assert {c.name: (c.sales_count, c.total, c.voids, c.refund_total) for c in z.cashiers} == {
        c.name: (c.sales_count, c.total, c.voids, c.refund_total) for c in day.cashiers
    }
    assert z.expected_cash == 200_000 + small.total + discounted.total + overridden.total - (
        back.total
    )

    # The audit log: who did each thing, and who approved it.
    log = _log(demo_db)
    did = [(who, action) for who, action, _detail in log]
    for receipt, who in ((small, "Sari"), (discounted, "Sari"), (overridden, "Budi")):
        assert any(
            w == who and a == "sale" and d.get("receipt_no") == receipt.receipt_no
            for w, a, d in log
        )
    approved = [(w, d.get("action"), d.get("for")) for w, a, d in log if a == "approval"]
    assert approved == [
        ("Pak Joko", "discount", "Sari"),
        ("Pak Joko", "price_override", "Budi"),
        ("Pak Joko", "void_sale", "Budi"),
        ("Pak Joko", "refund", "Sari"),
    ]
    assert ("Budi", "void") in did and ("Sari", "refund") in did
    assert ("Sari", "shift_open") in did and ("Pak Joko", "shift_close") in did
    assert void.refund_no.startswith("DEMO-V")

    # Intact, then one approval taken off a line behind the app's back: named.
    check = audit.verify(demo_db)
    assert check.ok, check.problem
    conn = sqlite3.connect(demo_db.path)
    conn.execute(
        "UPDATE sale_lines SET price_approval_id = NULL WHERE price_approval_id = ?",
        (override.id,),
    )
    conn.commit()
    conn.close()
    check = audit.verify(demo_db)
    assert not check.ok and overridden.receipt_no in (check.problem or "")
    entry = next(
        d["entry"] for _w, a, d in log if a == "sale" and d["receipt_no"] == overridden.receipt_no
    )
    assert check.first_bad_id == entry
