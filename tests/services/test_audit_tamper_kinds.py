"""Tamper tests for every kind of covered row: refunds, their lines, approvals and payments,
each edited, deleted or inserted with sqlite3; and the quick pass never hides what the walk finds.
"""

import sqlite3

import pytest
from sale_helpers import PINS, actor, cart_of, tamper

from pos.services import audit, audit_fast, audit_verify, refunds, sales, shifts
from pos.services.refunds import ReturnItem

JOKO = PINS["Pak Joko"]


@pytest.fixture
def returned(demo_db):  # type: ignore[no-untyped-def]
    """A sale with one unit returned (a refund, its line, its approval), verified intact."""
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    sale = sales.checkout_cash(demo_db, sari, cart_of(demo_db, "KK-NAS-500", "MK-TMP-01"), 100_000)
    line = refunds.find_sale(demo_db, sale.receipt_no).lines[0].sale_line_id
    done = refunds.refund(
        demo_db, sari, sale.receipt_no, [ReturnItem(line, 1)], "tunai", "rusak", JOKO
    )
    assert audit.verify(demo_db).ok
    return sale, done


@pytest.mark.parametrize(
    ("statement", "names"),
    [
        ("DELETE FROM refund_lines", "refund"),
        (
            "INSERT INTO refund_lines (refund_id, sale_line_id, qty, amount, disposition) "
            "SELECT refund_id, sale_line_id, qty, amount, disposition FROM refund_lines",
            "refund",
        ),
        ("UPDATE refunds SET method = 'qris'", "refund"),
        (
            "INSERT INTO payments (sale_id, method, amount, tendered, change, confirmed) "
            "SELECT id, 'tunai', 1, 1, 0, 1 FROM sales",
            "penjualan",
        ),
        ("UPDATE payments SET tendered = tendered + 1", "penjualan"),
        ("UPDATE approvals SET approver_id = requested_by", "approval"),
    ],
)
def test_a_covered_row_changed_or_added_is_named(
    demo_db, returned, statement: str, names: str
) -> None:  # type: ignore[no-untyped-def]
    tamper(demo_db, statement)
    check = audit.verify(demo_db)
    assert not check.ok and names in (check.problem or "")
    assert check.first_bad_id is not None


def test_a_refund_or_an_approval_removed_or_inserted_is_named(demo_db, returned) -> None:  # type: ignore[no-untyped-def]
    _sale, done = returned
    conn = sqlite3.connect(demo_db.path)
    refund_row = conn.execute("SELECT * FROM refunds").fetchone()
    lines = conn.execute("SELECT * FROM refund_lines").fetchall()
    conn.execute("DELETE FROM refund_lines")
    conn.execute("DELETE FROM refunds")
    conn.commit()
    check = audit.verify(demo_db)
    assert not check.ok and "refund" in (check.problem or "") and check.first_bad_id
    # Put back under another id: a row the log never saw.
    conn.execute(f"INSERT INTO refunds VALUES ({', '.join('?' * len(refund_row))})",
                 (refund_row[0] + 10, *refund_row[1:]))  # fmt: skip
    for line in lines:
        conn.execute(f"INSERT INTO refund_lines VALUES ({', '.join('?' * len(line))})",
                     (line[0], refund_row[0] + 10, *line[2:]))  # fmt: skip
    conn.commit()
    check = audit.verify(demo_db)
    assert not check.ok and done.refund_no in (check.problem or "")
    conn.execute("DELETE FROM approvals WHERE id NOT IN (SELECT approval_id FROM refunds)")
    conn.execute(
        "INSERT INTO approvals (action, approver_id, requested_by, reason, detail, created_at) "
        "SELECT action, approver_id, requested_by, 'palsu', detail, created_at FROM approvals"
    )
    conn.commit()
    conn.close()
    assert not audit.verify(demo_db).ok


def test_the_quick_pass_and_the_walk_agree(demo_db, returned) -> None:  # type: ignore[no-untyped-def]
    """The documents' thread finds what the row-by-row walk finds, and says nothing else."""
    found = audit_fast.document_digests(demo_db.path, audit_verify.document_sql)
    assert set(found) == set(audit.COVERED) and found["refund"][0]
    with demo_db.engine.begin() as conn:
        walked = audit_verify._walk_entries(conn.connection.driver_connection.cursor())
    assert not isinstance(walked, audit_verify.AuditCheck)
    assert audit_fast.all_match(found, walked[1])
    tamper(demo_db, "UPDATE refunds SET reason = 'lain'")
    assert not audit_fast.all_match(
        audit_fast.document_digests(demo_db.path, audit_verify.document_sql), walked[1]
    )
    assert audit_verify.walk_chain(demo_db) == audit_verify.verify_chain(demo_db)


def test_a_failing_documents_thread_falls_back_to_the_walk(demo_db, returned, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(path, document_sql):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(audit_fast, "document_digests", broken)
    assert audit.verify(demo_db).ok
    tamper(demo_db, "UPDATE payments SET amount = amount + 1")
    assert "penjualan" in (audit.verify(demo_db).problem or "")


def test_the_documents_are_read_from_a_folder_with_uri_characters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.services.auth import system_actor
    from pos.services.setup import init_database, load_demo

    folder = tmp_path / "toko #1 50%"  # (a "?" the engine URL itself cannot take yet)
    folder.mkdir()
    db = init_database(folder / "lapak.db")
    try:
        load_demo(db, system_actor(db))
        found = audit_fast.document_digests(db.path, audit_verify.document_sql)
        assert set(found) == set(audit.COVERED)
        assert audit.verify(db).ok
    finally:
        db.close()
