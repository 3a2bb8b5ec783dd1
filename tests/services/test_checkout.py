import pytest
from sqlalchemy import func, select

from pos.core.cart import Cart
from pos.core.errors import EmptyCart, PaymentTooSmall, PermissionDenied
from pos.db.models import AuditEntry, Payment, ReceiptCounter, Sale, SaleLine, StockMovement
from pos.services import audit, catalog, sales
from pos.services.auth import Actor


def _cart(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _stock(db, sku: str) -> int:  # type: ignore[no-untyped-def]
    return next(p.stock for p in catalog.list_products(db) if p.sku == sku)  # type: ignore[return-value]


def test_checkout_records_everything_in_one_go(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    before = _stock(demo_db, "KK-NAS-500")
    audited = audit.verify(demo_db).entries  # the demo users, the shift
    cart = _cart(demo_db, "KK-NAS-500", "KK-NAS-500", "MK-TMP-01")
    sales.save_pending_cart(demo_db, cart)
    result = sales.checkout_cash(demo_db, cashier, cart, 200_000)

    assert result.total == 2 * 65_000 + 5_000
    assert result.change == 200_000 - result.total
    assert result.receipt_no.startswith("DEMO-") and result.receipt_no.endswith("-0001")
    with demo_db.Session() as s:
        sale = s.execute(select(Sale)).scalar_one()
        assert sale.total == result.total and sale.user_id == cashier.id
        lines = s.execute(select(SaleLine).order_by(SaleLine.id)).scalars().all()
        assert [(line.sku, line.qty, line.line_total) for line in lines] == [
            ("KK-NAS-500", 2, 130_000),
            ("MK-TMP-01", 1, 5_000),
        ]
        payment = s.execute(select(Payment)).scalar_one()
        assert (payment.method, payment.amount, payment.tendered, payment.change) == (
            "tunai",
            result.total,
            200_000,
            result.change,
        )
        moves = s.execute(select(StockMovement).where(StockMovement.kind == "sale")).scalars()
        assert sorted((m.qty, m.sale_id) for m in moves) == [(-2, sale.id), (-1, sale.id)]
    assert _stock(demo_db, "KK-NAS-500") == before - 2
    assert sales.load_pending_cart(demo_db).is_empty()
    assert audit.verify(demo_db).ok and audit.verify(demo_db).entries == audited + 1  # the sale


def test_receipt_numbers_are_gapless(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    numbers = [
        sales.checkout_cash(demo_db, cashier, _cart(demo_db, "MK-TMP-01"), 5_000).receipt_no
        for _ in range(3)
    ]
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
    assert len({n[:-5] for n in numbers}) == 1


def test_failure_mid_checkout_leaves_no_trace(demo_db, cashier, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = sales.checkout_cash(demo_db, cashier, _cart(demo_db, "MK-TMP-01"), 5_000)
    cart = _cart(demo_db, "KK-NAS-500", "MB-KRS-JTI")
    sales.save_pending_cart(demo_db, cart)
    counts = {m: _count(demo_db, m) for m in (Sale, SaleLine, Payment, StockMovement, AuditEntry)}

    def boom(*args: object) -> None:
        raise RuntimeError("power cut")

    # Fails after the sale, lines, payment and stock movements were flushed.
    monkeypatch.setattr(sales.audit, "record", boom)
    with pytest.raises(RuntimeError):
        sales.checkout_cash(demo_db, cashier, cart, 1_000_000)
    monkeypatch.undo()

    assert {m: _count(demo_db, m) for m in counts} == counts
    with demo_db.Session() as s:
        assert s.execute(select(ReceiptCounter.last_seq)).scalar_one() == 1
    assert sales.load_pending_cart(demo_db) == cart  # the cashier can try again
    again = sales.checkout_cash(demo_db, cashier, cart, 1_000_000)
    assert again.receipt_no[-4:] == "0002" and first.receipt_no[-4:] == "0001"


def test_too_little_cash_changes_nothing(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PaymentTooSmall, match="kurang dari total"):
        sales.checkout_cash(demo_db, cashier, _cart(demo_db, "KK-NAS-500"), 50_000)
    assert _count(demo_db, Sale) == 0 and _count(demo_db, ReceiptCounter) == 0


def test_empty_cart_is_refused(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EmptyCart):
        sales.checkout_cash(demo_db, cashier, Cart(), 0)


def test_selling_past_stock_is_allowed(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    stock = _stock(demo_db, "MB-SET-TMU")
    cart = _cart(demo_db, "MB-SET-TMU")
    cart.set_qty(0, stock + 2)
    sales.checkout_cash(demo_db, cashier, cart, cart.total)
    assert _stock(demo_db, "MB-SET-TMU") == -2


def test_permission_is_checked_in_the_service(demo_db) -> None:  # type: ignore[no-untyped-def]
    stranger = Actor(id=99, name="Tamu", role="guest")
    with pytest.raises(PermissionDenied):
        sales.checkout_cash(demo_db, stranger, _cart(demo_db, "MK-TMP-01"), 5_000)
    assert _count(demo_db, Sale) == 0


def test_pending_cart_round_trip_and_damage(demo_db) -> None:  # type: ignore[no-untyped-def]
    cart = _cart(demo_db, "KK-NAS-500", "MK-TMP-01")
    sales.save_pending_cart(demo_db, cart)
    assert sales.load_pending_cart(demo_db) == cart
    from sqlalchemy import update

    from pos.db.models import PendingCart

    with demo_db.Session.begin() as s:
        s.execute(update(PendingCart).values(payload="{not json"))
    assert sales.load_pending_cart(demo_db).is_empty()
    sales.save_pending_cart(demo_db, Cart())
    assert _count(demo_db, PendingCart) == 0


def test_audit_chain_detects_tampering(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        sales.checkout_cash(demo_db, cashier, _cart(demo_db, "MK-TMP-01"), 5_000)
    assert audit.verify(demo_db).ok
    from sqlalchemy import update

    with demo_db.Session.begin() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == 2).values(detail='{"total":1}'))
    check = audit.verify(demo_db)
    assert not check.ok and check.first_bad_id == 2


def test_disk_full_is_explained_and_changes_nothing(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    from pos.core.errors import DatabaseProblem

    cart = _cart(demo_db, "KK-NAS-500")
    with demo_db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def full_disk(conn) -> None:  # type: ignore[no-untyped-def]
        # SQLite answers SQLITE_FULL, as on a full disk, once the file would have to grow.
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")

    event.listen(demo_db.engine, "begin", full_disk)
    try:
        with pytest.raises(DatabaseProblem, match="full"):
            for _ in range(200):  # until the free pages are used up
                sales.checkout_cash(demo_db, cashier, cart, 100_000)
    finally:
        event.remove(demo_db.engine, "begin", full_disk)
    with demo_db.Session() as s:
        counter = s.execute(select(ReceiptCounter.last_seq)).scalar_one()
    assert _count(demo_db, Sale) == counter  # the failed sale left no row and no number
