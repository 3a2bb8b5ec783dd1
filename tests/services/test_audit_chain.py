"""Tamper tests: rows edited, removed or added behind the app's back (sqlite3) are named."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from pos.core.cart import Cart
from pos.core.payments import NonCashPayment
from pos.services import audit, audit_verify, catalog, sales
from pos.services.audit import GENESIS, digest_v1


def _cart(db, *codes: str) -> Cart:  # type: ignore[no-untyped-def]
    cart = Cart()
    for code in codes:
        p = catalog.find_by_code(db, code)
        cart.add(p.id, p.sku, p.name, p.price)
    return cart


def _three_sales(db, cashier) -> list[sales.SaleResult]:  # type: ignore[no-untyped-def]
    done = [
        sales.checkout_cash(db, cashier, _cart(db, "KK-NAS-500", "MK-TMP-01"), 100_000),
        sales.checkout(
            db,
            cashier,
            _cart(db, "MK-TMP-01"),
            [NonCashPayment("qris", 5_000, "QR-1", None, True)],
            0,
        ),
        sales.checkout_cash(db, cashier, _cart(db, "KK-NAS-500"), 65_000),
    ]
    assert audit.verify(db).ok
    return done


@contextmanager
def _shell(db) -> Iterator[sqlite3.Connection]:  # type: ignore[no-untyped-def]
    """The sqlite3 module straight on the file, as someone with the file would."""
    conn = sqlite3.connect(db.path)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


def _sale_entry(db, receipt_no: str) -> int:  # type: ignore[no-untyped-def]
    with _shell(db) as conn:
        for entry_id, detail in conn.execute(
            "SELECT id, detail FROM audit_log WHERE action='sale'"
        ):
            if json.loads(detail)["receipt_no"] == receipt_no:
                return int(entry_id)
    raise AssertionError(receipt_no)


def _bad(db) -> audit_verify.AuditCheck:  # type: ignore[no-untyped-def]
    check = audit.verify(db)
    assert not check.ok and check.problem
    return check


def test_a_sale_entry_covers_its_rows_with_a_digest(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    first = _three_sales(demo_db, cashier)[0]
    with _shell(demo_db) as conn:
        (detail,) = conn.execute(
            "SELECT detail FROM audit_log WHERE id = ?", (_sale_entry(demo_db, first.receipt_no),)
        ).fetchone()
    assert detail.startswith('{"v":3,')
    fields = audit.fields(detail)
    assert fields["covers"] == "sale" and fields["row"] == first.sale_id
    assert len(fields["digest"]) == 64


def test_editing_a_sale_row_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    second = _three_sales(demo_db, cashier)[1]
    with _shell(demo_db) as conn:
        conn.execute("UPDATE sales SET total = 1 WHERE id = ?", (second.sale_id,))
    check = _bad(demo_db)
    assert second.receipt_no in check.problem  # type: ignore[operator]
    assert check.first_bad_id == _sale_entry(demo_db, second.receipt_no)


def test_a_void_mark_is_not_tampering(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    second = _three_sales(demo_db, cashier)[1]
    with _shell(demo_db) as conn:
        conn.execute("UPDATE sales SET status = 'voided' WHERE id = ?", (second.sale_id,))
    assert audit.verify(demo_db).ok  # the void is a document of its own


def test_editing_deleting_or_adding_a_sale_line_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    first = _three_sales(demo_db, cashier)[0]
    with _shell(demo_db) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM sale_lines WHERE sale_id = ? ORDER BY id", (first.sale_id,)
            )
        ]
    statements = [
        (
            "UPDATE sale_lines SET qty = 9 WHERE id = (SELECT min(id) FROM sale_lines WHERE sale_id = ?)",
        ),
        ("DELETE FROM sale_lines WHERE id = (SELECT max(id) FROM sale_lines WHERE sale_id = ?)",),
        (
            "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, line_total) "
            "SELECT sale_id, product_id, sku, name, qty, unit_price, line_total FROM sale_lines "
            "WHERE sale_id = ?",
        ),
    ]
    for (statement,) in statements:
        with _shell(demo_db) as conn:
            conn.execute("SAVEPOINT t")
            conn.execute(statement, (first.sale_id,))
        check = _bad(demo_db)
        assert first.receipt_no in check.problem  # type: ignore[operator]
        with _shell(demo_db) as conn:  # put it back by hand for the next statement
            conn.execute("DELETE FROM sale_lines WHERE sale_id = ?", (first.sale_id,))
            for line_id, line in zip(
                ids, _cart(demo_db, "KK-NAS-500", "MK-TMP-01").lines, strict=True
            ):  # with their own ids: version-3 entries hash them (audit.Covered.children_of)
                conn.execute(
                    "INSERT INTO sale_lines (id, sale_id, product_id, sku, name, qty, unit_price, "
                    "line_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (line_id, first.sale_id, line.product_id, line.sku, line.name, 1,
                     line.unit_price, line.total),
                )  # fmt: skip
        assert audit.verify(demo_db).ok


def test_editing_or_deleting_a_payment_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    done = _three_sales(demo_db, cashier)
    with _shell(demo_db) as conn:
        conn.execute("UPDATE payments SET method = 'tunai' WHERE sale_id = ?", (done[1].sale_id,))
    assert done[1].receipt_no in _bad(demo_db).problem  # type: ignore[operator]
    with _shell(demo_db) as conn:
        conn.execute("UPDATE payments SET method = 'qris' WHERE sale_id = ?", (done[1].sale_id,))
    assert audit.verify(demo_db).ok
    with _shell(demo_db) as conn:
        conn.execute("DELETE FROM payments WHERE sale_id = ?", (done[2].sale_id,))
    assert done[2].receipt_no in _bad(demo_db).problem  # type: ignore[operator]


def test_deleting_a_sale_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    second = _three_sales(demo_db, cashier)[1]
    with _shell(demo_db) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM stock_movements WHERE sale_id = ?", (second.sale_id,))
        conn.execute("DELETE FROM sales WHERE id = ?", (second.sale_id,))
    check = _bad(demo_db)
    entry = _sale_entry(demo_db, second.receipt_no)
    assert check.first_bad_id == entry and "dihapus" in check.problem  # type: ignore[operator]


def test_inserting_a_sale_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    _three_sales(demo_db, cashier)
    with _shell(demo_db) as conn:
        conn.execute(
            "INSERT INTO sales (receipt_no, stand, day, seq, created_at, user_id, shift_id, "
            "status, total) SELECT 'FAKE-1', stand, day, 99, created_at, user_id, shift_id, "
            "status, total FROM sales LIMIT 1"
        )
    check = _bad(demo_db)
    assert "FAKE-1" in check.problem and "disisipkan" in check.problem  # type: ignore[operator]


def test_editing_deleting_or_inserting_an_audit_row_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    _three_sales(demo_db, cashier)
    with _shell(demo_db) as conn:
        last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        conn.execute("UPDATE audit_log SET user_id = NULL WHERE id = ?", (last - 1,))
    check = _bad(demo_db)
    assert check.first_bad_id == last - 1 and str(last - 1) in check.problem  # type: ignore[operator]

    with _shell(demo_db) as conn:
        conn.execute("DELETE FROM audit_log WHERE id = ?", (last - 1,))
    check = _bad(demo_db)
    assert check.first_bad_id == last and "dihapus" in check.problem  # type: ignore[operator]


def test_an_audit_row_inserted_between_is_named(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    _three_sales(demo_db, cashier)
    with _shell(demo_db) as conn:
        rows = conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
        conn.execute("DELETE FROM audit_log")
        for row in rows[:2]:
            conn.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        conn.execute(
            "INSERT INTO audit_log (id, at, user_id, action, detail, prev_hash, hash) "
            "VALUES (3, '2025-01-01 00:00:00.000001', NULL, 'login', '{}', ?, ?)",
            (rows[1][6], "f" * 64),
        )
        for row in rows[2:]:
            conn.execute(
                "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)", (row[0] + 1, *row[1:])
            )
    check = _bad(demo_db)
    assert check.first_bad_id == 3


def test_an_old_database_with_version_1_entries_still_verifies(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    """Entries written before the chain covered the books: hashed the old way, no digest."""
    with _shell(demo_db) as conn:
        conn.execute("DELETE FROM audit_log")
        prev = GENESIS
        for n, receipt in enumerate(("OLD-1", "OLD-2"), start=1):
            at = datetime(2024, 5, n, 10, 0, 0, 250)
            detail = json.dumps({"receipt_no": receipt, "total": 5000}, separators=(",", ":"))
            digest = digest_v1(prev, at, None, "sale", detail)
            conn.execute(
                "INSERT INTO audit_log (at, user_id, action, detail, prev_hash, hash) "
                "VALUES (?, NULL, 'sale', ?, ?, ?)",
                (at.strftime("%Y-%m-%d %H:%M:%S.%f"), detail, prev, digest),
            )
            conn.execute(
                "INSERT INTO sales (receipt_no, stand, day, seq, created_at, user_id, shift_id, "
                "status, total) VALUES (?, 'OLD', '2024-05-01', ?, ?, 1, NULL, 'completed', 5000)",
                (receipt, n, at.strftime("%Y-%m-%d %H:%M:%S.%f")),
            )
            prev = digest
    assert audit.verify(demo_db).ok
    sales.checkout_cash(demo_db, cashier, _cart(demo_db, "MK-TMP-01"), 5_000)  # a version-2 entry
    check = audit.verify(demo_db)
    assert check.ok and check.entries >= 3
    with _shell(demo_db) as conn:
        conn.execute("DELETE FROM sales WHERE receipt_no = 'OLD-2'")
    check = _bad(demo_db)
    assert "OLD-2" in check.problem and check.first_bad_id == 2  # type: ignore[operator]


def test_list_entries_by_day(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    first = _three_sales(demo_db, cashier)[0]
    rows = audit_verify.list_entries(demo_db, first.created_at.date())
    assert [r.detail["receipt_no"] for r in rows if r.action == "sale"] == [
        first.receipt_no,
        *[r.detail["receipt_no"] for r in rows if r.action == "sale"][1:],
    ]
    assert all("v" not in r.detail for r in rows)
    assert audit_verify.list_entries(demo_db, datetime(2001, 1, 1).date()) == []


def test_names_with_quotes_escapes_and_accents_verify(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    """The digest written from Python values matches the text SQLite builds at verify."""
    cart = Cart()
    # Three products at their catalog prices (checkout refuses a price nobody approved).
    for code, name in zip(
        ("MK-TMP-01", "KK-NAS-500", "SV-MUG-01"),
        ['Kursi "Jati" 1/2\\', "Tas o'Neil — Bekasi ✓", "Peci\ttab\nbaris\x01"],
        strict=True,
    ):
        p = catalog.find_by_code(demo_db, code)
        cart.add(p.id, p.sku, name, p.price)
    sold = sales.checkout(
        demo_db,
        cashier,
        cart,
        [NonCashPayment("transfer", cart.total, 'REF "x" ü', "BRI", True)],
        0,
    )
    assert audit.verify(demo_db).ok
    with _shell(demo_db) as conn:
        conn.execute("UPDATE sale_lines SET name = 'Peci' WHERE name LIKE 'Peci%'")
    assert sold.receipt_no in _bad(demo_db).problem  # type: ignore[operator]
