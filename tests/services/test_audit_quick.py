"""The quick pass of verify (audit_fast) says "intact" exactly when the walk does.

It must answer on its own for an intact database of every covered kind (else verify is slow),
read each document as the walk reads it, and never say "intact" where the walk names a row.
"""

import sqlite3
from datetime import datetime, timedelta

import pytest
from sale_helpers import PINS, actor, cart_of, tamper

from pos.core.orders import OrderItem
from pos.services import audit, audit_fast, audit_verify, orders, refunds, sales, settings, shifts
from pos.services.refunds import ReturnItem


@pytest.fixture
def books(demo_db):  # type: ignore[no-untyped-def]
    """Sales (one with an odd name), a refund with its approval, an order and its payment."""
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    sold = [
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "KK-NAS-500", "MK-TMP-01"), 100_000),
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000),
    ]
    line = refunds.find_sale(demo_db, sold[0].receipt_no).lines[0].sale_line_id
    refunds.refund(
        demo_db, sari, sold[0].receipt_no, [ReturnItem(line, 1)], "tunai", "rusak", PINS["Pak Joko"]
    )
    due = settings.stand_now(demo_db).date() + timedelta(days=7)
    made = orders.new_order(demo_db, sari, 'SD "3" Négeri', due, [OrderItem(2, "MB-KRS-JTI")])
    orders.pay(demo_db, sari, made.order_no, 100_000)
    return demo_db


def test_an_intact_database_is_answered_by_the_quick_pass(books) -> None:  # type: ignore[no-untyped-def]
    walked = audit_verify.walk_chain(books)
    assert walked.ok
    assert audit_fast.quick_check(books.path) == walked.entries
    assert audit.verify(books) == walked


def test_the_quick_pass_reads_each_document_as_the_walk_does(books) -> None:  # type: ignore[no-untyped-def]
    quick = audit_fast.quick_digests(books.path)
    slow = audit_fast.document_digests(books.path, audit_verify.document_sql)
    assert set(quick) == set(slow) == set(audit.COVERED)
    for kind, (ids, digests) in slow.items():
        assert quick[kind] == (",".join(map(str, ids)), digests), kind
        assert ids, kind  # every kind has a document here


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sales SET total = total + 1 WHERE id = (SELECT max(id) FROM sales)",
        "UPDATE sale_lines SET name = name || char(30) WHERE id = 1",
        "UPDATE sale_lines SET qty = CAST(qty AS TEXT) || 'x' WHERE id = 1",
        "UPDATE sale_lines SET name = CAST(name AS BLOB) WHERE id = 1",
        "UPDATE sales SET stand = CAST(stand AS BLOB) WHERE id = 1",
        "DELETE FROM payments WHERE id = (SELECT max(id) FROM payments)",
        "INSERT INTO payments (sale_id, method, amount, tendered, change, confirmed) "
        "SELECT id, 'tunai', 1, 1, 0, 1 FROM sales LIMIT 1",
        "UPDATE refund_lines SET qty = qty + 1",
        "UPDATE approvals SET reason = 'lain'",
        "UPDATE order_lines SET qty = qty + 1",
        "UPDATE order_payments SET amount = amount - 1",
        "UPDATE orders SET customer = 'x'",
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
        "DELETE FROM audit_log WHERE id = 2",
        "UPDATE audit_log SET detail = replace(detail, '\"covers\"', '\"kovers\"') "
        "WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'sale')",
        "UPDATE audit_log SET at = CAST(at AS BLOB) WHERE id = 3",
        "UPDATE audit_log SET hash = CAST(hash AS BLOB) WHERE id = (SELECT max(id) FROM audit_log)",
        "UPDATE audit_log SET action = action || char(30) WHERE id = 3",
    ],
)
def test_the_quick_pass_never_says_intact_where_the_walk_names_a_row(books, statement) -> None:  # type: ignore[no-untyped-def]
    tamper(books, statement)
    walked = audit_verify.walk_chain(books)
    assert not walked.ok and walked.problem
    assert audit_fast.quick_check(books.path) is None
    assert audit.verify(books) == walked


def test_version_1_entries_leave_it_to_the_walk(books) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(books.path)
    first = conn.execute("SELECT id, at, user_id, action FROM audit_log ORDER BY id").fetchone()
    entries = conn.execute("SELECT id, at, user_id, action, detail FROM audit_log ORDER BY id")
    rows = entries.fetchall()
    conn.close()
    assert first is not None and rows
    # Rewrite the first entry as version 1 and re-chain everything after it, as an old
    # database would hold it.
    statements = []
    prev = audit.GENESIS
    for n, (entry_id, at, user_id, action, detail) in enumerate(rows):
        if n == 0:
            detail = '{"old":true}'
            digest = audit.digest_v1(prev, datetime.fromisoformat(at), user_id, action, detail)
        else:
            digest = audit.digest_v2(prev, at, user_id, action, detail)
        statements.append(
            f"UPDATE audit_log SET detail = '{detail}', prev_hash = '{prev}', hash = '{digest}' "
            f"WHERE id = {entry_id}"
            if n == 0
            else f"UPDATE audit_log SET prev_hash = '{prev}', hash = '{digest}' WHERE id = {entry_id}"
        )
        prev = digest
    tamper(books, *statements)
    assert audit_fast.quick_check(books.path) is None
    assert audit.verify(books).ok


def test_documents_without_child_rows_join_as_the_walk_writes_them() -> None:
    kind = audit.SALE
    pieces = [
        ("1,2,3", [b"[[1],[", b"[[2],[", b"[[3],["]),
        ("1,3", [b"[1]],[", b"[3]],["]),  # sale 2 has no line
        ("2", [b"[9]]]"]),  # only sale 2 has a payment
    ]
    ids, digests = audit_fast._join(kind, pieces)
    texts = [b"[[1],[[1]],[]]", b"[[2],[],[[9]]]", b"[[3],[[3]],[]]"]
    assert ids == "1,2,3"
    assert digests == [audit_fast._hexdigests([t])[0] for t in texts]
    assert texts[0].decode() == audit.document_text([1], [[[1]], []])


def test_an_empty_database_is_intact(db) -> None:  # type: ignore[no-untyped-def]
    tamper(db, "DELETE FROM audit_log")
    assert audit_fast.quick_check(db.path) == 0
    assert audit.verify(db).ok


def test_entries_grouped_in_another_order_still_match_row_by_row() -> None:
    a, b = "a" * 64, "b" * 64
    assert audit_fast._same_documents("1,2", [a, b], "1,2", a + b)
    assert audit_fast._same_documents("1,2", [a, b], "2,1", b + a)
    assert not audit_fast._same_documents("1,2", [a, b], "2,1", a + b)
    assert not audit_fast._same_documents("1,2", [a, b], "2,1,1", b + a + a)  # covered twice
    assert not audit_fast._same_documents("1,2", [a, b], "1", a)  # 2 was inserted
    assert not audit_fast._same_documents("1", [a], "2,1", b + a)  # 2 was removed
    assert audit_fast._same_documents("", [], "", "")
