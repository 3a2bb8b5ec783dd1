"""Orders: a DP, instalments, pickup and cancelling, with their stock, cash, report and audit
effects; and every bad input refused without changing anything."""

from datetime import date, timedelta

import pytest
from sale_helpers import PINS, actor, stock
from sqlalchemy import func, select

from pos.core.errors import NotFound
from pos.core.orders import OrderItem, OrderProblem, parse_item
from pos.core.payments import NonCashPayment
from pos.db.models import Sale, SaleLine
from pos.db.models_orders import Order, OrderPayment
from pos.services import audit, order_data, order_pickup, orders, reports, settings, shifts
from pos.services.approvals import ApprovalNeeded
from pos.services.shifts import NoOpenShift

JOKO = PINS["Pak Joko"]
CHAIRS = [OrderItem(40, "MB-KRS-JTI")]  # Rp850.000 each: Rp34.000.000


@pytest.fixture
def sari(demo_db):  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    return sari


def _due(db, days: int = 14) -> date:  # type: ignore[no-untyped-def]
    return settings.stand_now(db).date() + timedelta(days=days)


def _order(db, who, items=CHAIRS, **kw) -> str:  # type: ignore[no-untyped-def]
    return orders.new_order(db, who, "SD Negeri 3", _due(db), items, **kw).order_no


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.Session() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def test_forty_chairs_dp_instalment_and_pickup(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    year = settings.stand_now(demo_db).year
    before = stock(demo_db, "MB-KRS-JTI")
    made = orders.new_order(
        demo_db, sari, "SD Negeri 3", _due(demo_db), CHAIRS, phone="0812-3456-7890",
        channel="whatsapp",
    )  # fmt: skip
    assert made.order_no == f"DEMO-PO-{year}-0001" and made.total == 34_000_000
    assert made.warning is None
    dp = orders.pay(demo_db, sari, made.order_no, 10_000_000)
    assert dp.kuitansi_no == f"DEMO-KW-{year}-0001"
    assert (dp.paid, dp.balance) == (10_000_000, 24_000_000)
    assert orders.order_view(demo_db, made.order_no).status == "dp"
    transfer = NonCashPayment("transfer", 14_000_000, "TRX-77", "BRI", confirmed=True)
    second = orders.pay(demo_db, sari, made.order_no, 14_000_000, [transfer], 0)
    assert second.kuitansi_no == f"DEMO-KW-{year}-0002" and second.balance == 10_000_000
    last = orders.pay(demo_db, sari, made.order_no, 10_000_000, cash_tendered=10_050_000)
    assert (last.change, last.balance) == (50_000, 0)
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert summary.sales_total == 0  # money for goods not handed over yet is not revenue
    assert summary.expected_cash == 100_000 + 20_000_000
    receipt_no = order_pickup.pickup(demo_db, sari, made.order_no)
    assert stock(demo_db, "MB-KRS-JTI") == before - 40
    view = orders.order_view(demo_db, made.order_no)
    assert (view.status, view.receipt_no, view.balance) == ("diambil", receipt_no, 0)
    summary = shifts.current_shift(demo_db)
    assert summary is not None
    assert (summary.sales_count, summary.sales_total) == (1, 34_000_000)
    assert summary.expected_cash == 100_000 + 20_000_000  # the pickup adds no cash
    assert summary.payments == {"pesanan": 34_000_000}
    day = reports.day_report(demo_db, settings.stand_now(demo_db).date())
    assert day.total == 34_000_000 and day.payments == {"pesanan": 34_000_000}
    with demo_db.Session() as s:
        line = s.execute(select(SaleLine)).scalar_one()
        assert (line.sku, line.qty, line.line_total) == ("MB-KRS-JTI", 40, 34_000_000)
    assert audit.verify(demo_db).ok
    with pytest.raises(OrderProblem, match=r"diambil|picked up"):
        order_pickup.pickup(demo_db, sari, made.order_no)


def test_free_items_get_their_workshop_at_pickup(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    item = parse_item("Lemari jati custom 2x1m=7.500.000x2")
    item = OrderItem(item.qty, None, item.name, item.unit_price, "Meubeler")
    no = _order(demo_db, sari, [item, OrderItem(1, "MB-MJA-TMU")])
    assert orders.order_view(demo_db, no).total == 16_750_000
    orders.pay(demo_db, sari, no, 16_750_000, cash_tendered=16_750_000)
    receipt_no = order_pickup.pickup(demo_db, sari, no)
    with demo_db.Session() as s:
        sale = s.execute(select(Sale).where(Sale.receipt_no == receipt_no)).scalar_one()
        assert [(line.name, line.qty) for line in sale.lines] == [
            ("Lemari jati custom 2x1m", 2), ("Meja Tamu Jati 120 x 60", 1)
        ]  # fmt: skip
    from pos.services.day_data import day_data

    data = day_data(demo_db, settings.stand_now(demo_db).date(), "DEMO")
    assert ("Meubeler", 3, 16_750_000) in data.workshops
    assert audit.verify(demo_db).ok


def test_pickup_not_paid_needs_a_supervisor_and_the_balance_stays(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    no = _order(demo_db, sari)
    orders.pay(demo_db, sari, no, 5_000_000)
    with pytest.raises(ApprovalNeeded):
        order_pickup.pickup(demo_db, sari, no)
    assert orders.order_view(demo_db, no).status == "dp"
    order_pickup.pickup(demo_db, sari, no, "sekolah bayar minggu depan", JOKO)
    view = orders.order_view(demo_db, no)
    assert (view.status, view.balance) == ("diambil", 29_000_000)
    paid = orders.pay(demo_db, sari, no, 29_000_000)  # the rest, later
    assert paid.balance == 0


def test_cancel_with_refund_takes_cash_out(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    no = _order(demo_db, sari)
    orders.pay(demo_db, sari, no, 1_000_000)
    with pytest.raises(ApprovalNeeded):
        order_pickup.cancel(demo_db, sari, no, True, "batal")
    number, amount = order_pickup.cancel(demo_db, sari, no, True, "pelanggan batal", JOKO)
    assert number is not None and "-PB-" in number and amount == 1_000_000
    summary = shifts.current_shift(demo_db)
    assert summary is not None and summary.expected_cash == 100_000
    view = orders.order_view(demo_db, no)
    assert (view.status, view.paid, view.forfeited, view.balance) == ("batal", 0, 0, 0)
    with pytest.raises(OrderProblem):
        orders.pay(demo_db, sari, no, 1_000)
    assert audit.verify(demo_db).ok


def test_cancel_keeping_the_dp_shows_it_forfeited(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    no = _order(demo_db, sari)
    orders.pay(demo_db, sari, no, 2_000_000)
    number, amount = order_pickup.cancel(demo_db, sari, no, False, "tidak diambil", JOKO)
    assert (number, amount) == (None, 2_000_000)
    view = orders.order_view(demo_db, no)
    assert (view.status, view.forfeited, view.paid) == ("batal", 2_000_000, 2_000_000)
    with demo_db.Session() as s:
        from pos.db.session import raw_cursor

        figures = order_data.order_figures(
            raw_cursor(s), "day", settings.stand_now(demo_db).date().isoformat()
        )
    assert figures.forfeited == 2_000_000 and figures.received == {"tunai": 2_000_000}
    summary = shifts.current_shift(demo_db)
    assert summary is not None and summary.expected_cash == 2_100_000


def test_bad_input_changes_nothing(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    today = settings.stand_now(demo_db).date()
    with pytest.raises(OrderProblem, match=r"lewat|past"):
        orders.new_order(demo_db, sari, "A", today - timedelta(days=1), CHAIRS)
    with pytest.raises(OrderProblem):
        orders.new_order(demo_db, sari, "=cmd()", _due(demo_db), CHAIRS)
    with pytest.raises(OrderProblem):
        orders.new_order(demo_db, sari, "A", _due(demo_db), [])
    with pytest.raises(NotFound):
        orders.new_order(demo_db, sari, "A", _due(demo_db), [OrderItem(1, "NOPE")])
    with pytest.raises(OrderProblem):
        parse_item("Lemari=")
    with pytest.raises(OrderProblem):
        parse_item("Lemari=0")
    assert _count(demo_db, Order) == 0
    made = orders.new_order(demo_db, sari, "Bu Ani", _due(demo_db), CHAIRS, phone="0812abc")
    assert made.warning is not None and "0812abc" in made.warning
    assert orders.order_view(demo_db, made.order_no).phone == "0812abc"
    for bad in (0, -5, 34_000_001):
        with pytest.raises(OrderProblem):
            orders.pay(demo_db, sari, made.order_no, bad)
    assert _count(demo_db, OrderPayment) == 0
    with pytest.raises(OrderProblem):
        orders.set_status(demo_db, sari, made.order_no, "diambil")


def test_cash_payment_needs_an_open_shift(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    no = _order(demo_db, sari)
    with pytest.raises(NoOpenShift):
        orders.pay(demo_db, sari, no, 1_000)
    transfer = NonCashPayment("transfer", 1_000, "TRX-1", "BNI", confirmed=True)
    paid = orders.pay(demo_db, sari, no, 1_000, [transfer], 0)  # no drawer: allowed
    assert paid.balance == 34_000_000 - 1_000
    with demo_db.Session() as s:
        assert s.execute(select(OrderPayment.shift_id)).scalar_one() is None


def test_list_orders_by_due_date_late_marked_and_searched(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    late = _order(demo_db, sari)
    soon = orders.new_order(
        demo_db, sari, "Kantor Camat", _due(demo_db, 3), CHAIRS, phone="0813 1111 2222"
    ).order_no
    with demo_db.Session.begin() as s:  # the first order's due date has passed meanwhile
        s.execute(
            Order.__table__.update().where(Order.order_no == late).values(due=date(2020, 1, 1))
        )
    today = settings.stand_now(demo_db).date()
    listed = order_data.list_orders(demo_db, open_only=True)
    assert [o.order_no for o in listed] == [late, soon]
    assert [o.late(today) for o in listed] == [True, False]
    assert [o.order_no for o in order_data.list_orders(demo_db, search="camat")] == [soon]
    assert [o.order_no for o in order_data.list_orders(demo_db, search="08131111")] == [soon]
    assert [o.order_no for o in order_data.list_orders(demo_db, search=late[-4:])] == [late]


def test_the_pickup_sale_cannot_be_voided(demo_db, sari) -> None:  # type: ignore[no-untyped-def]
    from pos.services import refunds

    no = _order(demo_db, sari, [OrderItem(1, "MB-KRS-JTI")])
    orders.pay(demo_db, sari, no, 850_000)
    receipt_no = order_pickup.pickup(demo_db, sari, no)
    with pytest.raises(refunds.RefundProblem, match=no):
        refunds.void_sale(demo_db, sari, receipt_no, "salah", JOKO)
    assert refunds.find_sale(demo_db, receipt_no).status == "completed"
