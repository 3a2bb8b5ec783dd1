import pytest

from pos.core.cart import Cart
from pos.core.errors import PaymentTooSmall, PosError
from pos.core.payments import NonCashPayment, PaymentProblem
from pos.services import catalog, sales, shifts
from pos.services.auth import default_actor
from pos.services.shifts import NoOpenShift


def _cart(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


def test_selling_needs_an_open_shift(demo_db) -> None:  # type: ignore[no-untyped-def]
    actor = default_actor(demo_db)
    with pytest.raises(NoOpenShift, match="Buka shift"):
        sales.checkout_cash(demo_db, actor, _cart(demo_db, "MK-TMP-01"), 5_000)
    shifts.open_shift(demo_db, actor, 150_000)
    with pytest.raises(PosError):
        shifts.open_shift(demo_db, actor, 150_000)  # one at a time
    sales.checkout_cash(demo_db, actor, _cart(demo_db, "MK-TMP-01"), 5_000)


def test_split_payments_and_change_only_from_cash(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    cart = _cart(demo_db, "MB-KRS-JTI", "KK-NAS-500")  # 850.000 + 65.000
    qris = NonCashPayment("qris", 500_000, reference="QR-123", confirmed=True)
    result = sales.checkout(demo_db, cashier, cart, [qris], 500_000)
    by_method = {p.method: p for p in result.payments}
    assert by_method["qris"].amount == 500_000 and by_method["qris"].reference == "QR-123"
    assert (by_method["tunai"].amount, by_method["tunai"].change) == (415_000, 85_000)
    assert result.change == 85_000

    transfer = NonCashPayment("transfer", 915_000, reference="TRF9", bank="BRI", confirmed=True)
    whole = sales.checkout(demo_db, cashier, cart, [transfer], 0)
    assert [p.method for p in whole.payments] == ["transfer"] and whole.change == 0


@pytest.mark.parametrize(
    ("payment", "cash", "error"),
    [
        (NonCashPayment("qris", 500_000, reference="Q", confirmed=False), 415_000, "Konfirmasi"),
        (NonCashPayment("qris", 500_000, confirmed=True), 415_000, "referensi"),
        (NonCashPayment("transfer", 500_000, reference="T", confirmed=True), 415_000, "bank"),
        (NonCashPayment("debit", 1_000_000, confirmed=True), 0, "hanya dari tunai"),
        (NonCashPayment("debit", 500_000, confirmed=True), 400_000, "kurang dari total"),
        (NonCashPayment("bitcoin", 500_000, confirmed=True), 415_000, "tidak dikenal"),
    ],
)
def test_bad_payments_change_nothing(demo_db, cashier, payment, cash, error) -> None:  # type: ignore[no-untyped-def]
    cart = _cart(demo_db, "MB-KRS-JTI", "KK-NAS-500")
    with pytest.raises((PaymentProblem, PaymentTooSmall), match=error):
        sales.checkout(demo_db, cashier, cart, [payment], cash)
    assert shifts.current_shift(demo_db).sales_count == 0  # type: ignore[union-attr]


def test_x_report_and_close_with_blind_count(demo_db) -> None:  # type: ignore[no-untyped-def]
    actor = default_actor(demo_db)
    shifts.open_shift(demo_db, actor, 200_000)
    sales.checkout_cash(demo_db, actor, _cart(demo_db, "KK-NAS-500"), 100_000)  # cash 65.000
    sales.checkout(
        demo_db,
        actor,
        _cart(demo_db, "MB-KRS-JTI"),
        [NonCashPayment("debit", 850_000, confirmed=True)],
        0,
    )
    sales.checkout(
        demo_db,
        actor,
        _cart(demo_db, "PK-BTK-L"),
        [NonCashPayment("qris", 100_000, reference="Q1", confirmed=True)],
        50_000,
    )  # 125.000: qris 100.000 + cash 25.000
    shifts.move_cash(demo_db, actor, "out", 30_000, "beli plastik")
    shifts.move_cash(demo_db, actor, "in", 10_000, "tambah uang kecil")
    x = shifts.current_shift(demo_db)
    assert x is not None and x.status == "open"
    assert x.sales_count == 3 and x.sales_total == 65_000 + 850_000 + 125_000
    assert x.payments == {"tunai": 90_000, "debit": 850_000, "qris": 100_000}
    assert x.expected_cash == 200_000 + 90_000 - 30_000 + 10_000

    pieces = {100_000: 2, 50_000: 1, 10_000: 2, 500: 1}  # 270.500: Rp500 short? no, over 500
    z = shifts.close_shift(demo_db, actor, pieces=pieces)
    assert z.status == "closed" and z.z_number == 1
    assert z.counted_cash == 270_500 and z.difference == 500
    assert z.count_detail == pieces
    assert shifts.current_shift(demo_db) is None
    with pytest.raises(NoOpenShift):
        shifts.close_shift(demo_db, actor, total=1)  # a closed shift cannot be reopened
    with pytest.raises(NoOpenShift):
        sales.checkout_cash(demo_db, actor, _cart(demo_db, "MK-TMP-01"), 5_000)
    shifts.open_shift(demo_db, actor, 0)
    assert shifts.close_shift(demo_db, actor, total=0).z_number == 2


@pytest.mark.parametrize(
    ("kind", "amount", "reason"),
    [("out", 0, "x"), ("out", -5, "x"), ("out", 5_000, "   "), ("keluar", 5_000, "x")],
)
def test_bad_cash_moves(demo_db, cashier, kind, amount, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PosError):
        shifts.move_cash(demo_db, cashier, kind, amount, reason)
    assert shifts.current_shift(demo_db).moves == []  # type: ignore[union-attr]


def test_bad_counts(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    for pieces in ({50_000: -1}, {7_000: 1}):
        with pytest.raises(PosError):
            shifts.close_shift(demo_db, cashier, pieces=pieces)
    with pytest.raises(PosError):
        shifts.close_shift(demo_db, cashier, total=-100)
    assert shifts.current_shift(demo_db) is not None


def test_payment_methods_are_a_setting(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from pos.services import settings

    settings.set_from_text(demo_db, "payment.methods", "tunai, qris")
    assert settings.get(demo_db, settings.PAYMENT_METHODS) == ("tunai", "qris")
    debit = NonCashPayment("debit", 65_000, confirmed=True)
    with pytest.raises(PaymentProblem, match="tidak diterima"):
        sales.checkout(demo_db, cashier, _cart(demo_db, "KK-NAS-500"), [debit], 0)
    qris = NonCashPayment("qris", 65_000, reference="Q", confirmed=True)
    assert sales.checkout(demo_db, cashier, _cart(demo_db, "KK-NAS-500"), [qris], 0).total == 65_000
    for bad in ("qris", "tunai,bitcoin"):
        with pytest.raises(PosError):
            settings.set_from_text(demo_db, "payment.methods", bad)
