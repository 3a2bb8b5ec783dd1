"""Block entries (audit_blocks): a digest over the documents of every BLOCK_ENTRIES entries.

With blocks of three entries every covered row sits in a block, so tampering with a row in the
middle of one must still be named exactly as without blocks, and the quick pass never says
"intact" where the walk names a row.
"""

import hashlib
import json
import sqlite3
from datetime import timedelta

import pytest
from sale_helpers import PINS, actor, blocks_of, cart_of, tamper

from pos.core.orders import OrderItem
from pos.services import (
    audit,
    audit_blocks,
    audit_fast,
    audit_verify,
    orders,
    refunds,
    sales,
    settings,
    shifts,
)
from pos.services.refunds import ReturnItem

# A sale entry between two block entries: its block hashes it.
_INSIDE = (
    "(SELECT min(id) FROM audit_log WHERE action = 'sale' AND id > "
    "(SELECT min(id) FROM audit_log WHERE action = 'audit_block'))"
)


@pytest.fixture
def books(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    """Eight sales, a refund with its approval, an order and its payment, in blocks of three."""
    return _books(demo_db, monkeypatch, 3)


@pytest.fixture
def wide_books(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    """The same in blocks of five: entries in the middle of a block, not at its edges."""
    return _books(demo_db, monkeypatch, 5)


def _books(demo_db, monkeypatch, per_block: int):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", per_block)
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    sold = [
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "KK-NAS-500", "MK-TMP-01"), 100_000)
        for _ in range(8)
    ]
    line = refunds.find_sale(demo_db, sold[3].receipt_no).lines[0].sale_line_id
    refunds.refund(
        demo_db, sari, sold[3].receipt_no, [ReturnItem(line, 1)], "tunai", "rusak", PINS["Pak Joko"]
    )
    due = settings.stand_now(demo_db).date() + timedelta(days=7)
    made = orders.new_order(demo_db, sari, "SD Negeri", due, [OrderItem(2, "MB-KRS-JTI")])
    orders.pay(demo_db, sari, made.order_no, 100_000)
    # Four small sales at the end: at least four block entries of five whatever the demo's
    # own entries (its opening stock has one since the chain covers movements).
    for _ in range(4):
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    return demo_db


_layout = blocks_of


def _entry_of(db, receipt: str) -> int:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db.path)
    try:
        rows = conn.execute("SELECT id, detail FROM audit_log WHERE action = 'sale'").fetchall()
    finally:
        conn.close()
    return next(i for i, d in rows if json.loads(d)["receipt_no"] == receipt)


def _last_action(db) -> str:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(db.path)
    try:
        return str(conn.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0])
    finally:
        conn.close()


def test_blocks_vouch_for_the_documents_and_the_quick_pass_answers(books) -> None:  # type: ignore[no-untyped-def]
    found = _layout(books)
    assert len(found.blocks) >= 3
    assert found.inside["sales"][1] > found.inside["sales"][0]  # sales inside blocks
    walked = audit_verify.walk_chain(books)
    assert walked.ok
    assert audit_fast.quick_check(books.path) == walked.entries
    assert audit.verify(books) == walked


def test_a_block_entry_is_chained_like_any_other(books) -> None:  # type: ignore[no-untyped-def]
    entries = audit_verify.list_entries(books)
    blocks = [e for e in entries if e.action == audit_blocks.BLOCK_ACTION]
    assert blocks and all(e.user is None for e in blocks)
    assert set(blocks[0].detail["spans"]) == set(audit_blocks.BLOCK_TABLES)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE sales SET total = total + 1 WHERE id = 5",
        "UPDATE sale_lines SET name = 'x' WHERE id = (SELECT min(id) FROM sale_lines "
        "WHERE sale_id = 5)",
        "UPDATE sale_lines SET sale_id = 4 WHERE id = (SELECT max(id) FROM sale_lines "
        "WHERE sale_id = 5)",
        "UPDATE sale_lines SET name = CAST(name AS BLOB) WHERE id = (SELECT min(id) "
        "FROM sale_lines WHERE sale_id = 5)",
        "DELETE FROM payments WHERE sale_id = 5",
        "INSERT INTO payments (sale_id, method, amount, tendered, change, confirmed) "
        "VALUES (5, 'tunai', 1, 1, 0, 1)",
        "INSERT INTO sale_lines (sale_id, product_id, sku, name, qty, unit_price, line_total) "
        "VALUES (5, 1, 'X', 'X', 1, 1, 1)",
        "DELETE FROM sales WHERE id = 5",
        "UPDATE refund_lines SET qty = qty + 1",
        "UPDATE approvals SET reason = 'lain'",
        "UPDATE order_payments SET amount = amount - 1",
    ],
)
def test_a_row_changed_in_the_middle_of_a_block_is_named(books, statement) -> None:  # type: ignore[no-untyped-def]
    found = _layout(books)
    assert found.inside["sales"][0] < 5 <= found.inside["sales"][1]  # sale 5 is in a block
    tamper(books, statement)
    walked = audit_verify.walk_chain(books)
    assert not walked.ok and walked.problem
    assert audit_fast.quick_check(books.path) is None
    assert audit.verify(books) == walked


def test_a_sale_in_a_block_is_named_with_its_own_entry(books) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(books.path)
    receipt_no = conn.execute("SELECT receipt_no FROM sales WHERE id = 5").fetchone()[0]
    conn.close()
    tamper(books, "UPDATE payments SET amount = amount + 1 WHERE sale_id = 5")
    check = audit.verify(books)
    assert check.first_bad_id == _entry_of(books, receipt_no)
    assert receipt_no in (check.problem or "")


@pytest.mark.parametrize(
    "statement",
    [
        'UPDATE audit_log SET detail = replace(detail, \'"digest":"\', \'"digest":"0\') '
        "WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'audit_block')",
        "DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log "
        "WHERE action = 'audit_block')",
        "UPDATE audit_log SET action = 'x' WHERE id = (SELECT max(id) FROM audit_log "
        "WHERE action = 'audit_block')",
        f"UPDATE audit_log SET user_id = NULL WHERE id = {_INSIDE}",
        f"UPDATE audit_log SET at = CAST(at AS BLOB) WHERE id = {_INSIDE}",
        f"UPDATE audit_log SET hash = CAST(hash AS BLOB) WHERE id = {_INSIDE}",
        f"UPDATE audit_log SET detail = replace(detail, '\"total\":', '\"total\":1') "
        f"WHERE id = {_INSIDE}",
        f"UPDATE audit_log SET action = 'audit_block' WHERE id = {_INSIDE}",
        f"DELETE FROM audit_log WHERE id = {_INSIDE}",
    ],
)
def test_an_entry_or_a_block_entry_changed_or_removed_is_named(books, statement) -> None:  # type: ignore[no-untyped-def]
    tamper(books, statement)
    walked = audit_verify.walk_chain(books)
    assert not walked.ok and walked.first_bad_id is not None
    assert audit_fast.quick_check(books.path) is None
    assert audit.verify(books) == walked


def test_a_block_never_vouches_for_a_document_changed_before_it(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    while _last_action(demo_db) != audit_blocks.BLOCK_ACTION:
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)  # after the block
    conn = sqlite3.connect(demo_db.path)
    top, receipt_no = conn.execute("SELECT id, receipt_no FROM sales ORDER BY id DESC").fetchone()
    conn.close()
    tamper(demo_db, f"UPDATE sales SET total = total + 1 WHERE id = {top}")  # before its block
    for _ in range(4):
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    conn = sqlite3.connect(demo_db.path)
    digests = [
        json.loads(d)["digest"]
        for (d,) in conn.execute("SELECT detail FROM audit_log WHERE action = 'audit_block'")
    ]
    conn.close()
    assert None in digests  # the block over the changed sale vouches for nothing
    check = audit.verify(demo_db)
    assert check.first_bad_id == _entry_of(demo_db, receipt_no)
    assert receipt_no in (check.problem or "")
    assert audit_fast.quick_check(demo_db.path) is None


def test_without_blocks_verify_checks_every_document_as_before(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    conn = audit_fast.connect(demo_db.path)
    try:
        assert audit_blocks.layout(conn) is None
    finally:
        conn.close()
    assert audit_fast.quick_check(demo_db.path) == audit_verify.walk_chain(demo_db).entries


def _edges(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Entries where the quick pass reads the chain differently: a block's edges and middle."""
    ids = _layout(db).ids
    assert len(ids) >= 4
    middle = (ids[1] + ids[2]) // 2
    assert ids[1] + 1 < middle < ids[2] - 1  # an entry neither first nor last in its block
    conn = sqlite3.connect(db.path)
    top = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.close()
    assert top > ids[-1]  # entries after the last block entry
    return {
        "middle": middle,
        "first in a block": ids[1] + 1,
        "last in a block": ids[2] - 1,
        "block entry": ids[2],
        "first block entry": ids[0],
        "last block entry": ids[-1],
        "after the last block": ids[-1] + 1,
        "last entry": top,
    }


@pytest.mark.parametrize(
    "where",
    [
        "middle",
        "first in a block",
        "last in a block",
        "block entry",
        "first block entry",
        "last block entry",
        "after the last block",
        "last entry",
    ],
)
def test_an_entry_whose_prev_hash_was_changed_is_named_exactly(wide_books, where) -> None:  # type: ignore[no-untyped-def]
    entry = _edges(wide_books)[where]
    # A well-formed hash, but not the one before it: its own.
    tamper(wide_books, f"UPDATE audit_log SET prev_hash = hash WHERE id = {entry}")
    assert audit_fast.quick_check(wide_books.path) is None
    check = audit.verify(wide_books)
    assert check.first_bad_id == entry
    assert str(entry) in (check.problem or "")


@pytest.mark.parametrize("where", ["middle", "last in a block", "block entry", "last block entry"])
def test_an_entry_rehashed_and_relinked_is_named_exactly(wide_books, where) -> None:  # type: ignore[no-untyped-def]
    """Its hash changed and the next entry's prev_hash changed to match: the links hold."""
    entry = _edges(wide_books)[where]
    tamper(
        wide_books,
        f"UPDATE audit_log SET hash = '{'0' * 64}' WHERE id = {entry}",
        f"UPDATE audit_log SET prev_hash = '{'0' * 64}' WHERE id = {entry + 1}",
    )
    assert audit_fast.quick_check(wide_books.path) is None
    check = audit.verify(wide_books)
    assert check.first_bad_id == entry
    assert not check.ok


def test_block_entry_ids_follow_the_spans(books) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(books.path)
    ids = [
        i
        for (i,) in conn.execute(
            "SELECT id FROM audit_log WHERE action = 'audit_block' ORDER BY id"
        )
    ]
    conn.close()
    assert _layout(books).ids == tuple(ids)


def test_with_only_the_mark_every_entry_and_document_is_checked(demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One block entry (the mark): the entries and documents before and after it, once each."""
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    while _last_action(demo_db) != audit_blocks.BLOCK_ACTION:
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    found = _layout(demo_db)
    assert found.entries[0] == found.entries[1] and not found.blocks
    assert audit_fast.quick_check(demo_db.path) == audit_verify.walk_chain(demo_db).entries
    tamper(demo_db, "UPDATE sales SET total = total + 1 WHERE id = (SELECT max(id) FROM sales)")
    assert audit_fast.quick_check(demo_db.path) is None
    assert not audit.verify(demo_db).ok


def test_block_digests_cover_the_text_the_first_blocks_were_written_over(books) -> None:  # type: ignore[no-untyped-def]
    """Each table's rows as group_concat joined their json_array()s (blocks written then verify)."""
    tables = [*audit_blocks.TABLES, ("audit_log", None, audit_blocks.ENTRY_COLUMNS)]
    found = _layout(books)
    conn = audit_fast.connect(books.path)
    try:
        for spans, digest in found.blocks:
            first = hashlib.sha256()
            for table, key, columns in tables:
                names = ", ".join(f'"{c}"' for c in ("id", *((key,) if key else ()), *columns))
                rows = conn.execute(
                    f"SELECT CAST(group_concat(t, ',') AS BLOB) FROM (SELECT json_array({names}) "
                    f'AS t FROM "{table}" WHERE id > ? AND id <= ? ORDER BY id)',
                    spans[table],
                ).fetchone()[0]
                text = table.encode() + b"\x1e" + (rows or b"") + b"\x1d"
                assert audit_blocks.table_text(conn, table, spans[table]) == text
                first.update(text)
            assert first.hexdigest() == digest == audit_blocks.block_digest(conn, spans)
    finally:
        conn.close()
