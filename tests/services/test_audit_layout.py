"""The quick pass reads a document's child rows unsorted: a table rebuilt with the sqlite3 shell
so that they come in another order than the id's must not make it say "intact" where the walk
names the document (two lines' ids swapped, the rows left where they were)."""

import sqlite3

import pytest
from sale_helpers import actor, cart_of, tamper

from pos.cli import main
from pos.services import audit_blocks, audit_fast, audit_links, audit_verify, sales, shifts

# Lets a table be renamed although the app's triggers name it (as an attacker would).
_LEGACY = "PRAGMA legacy_alter_table = ON"
# sale_lines again, its id a plain column beside the rowid, its rows in the same places.
_NOT_ROWID = (
    _LEGACY,
    "CREATE TABLE l2 AS SELECT * FROM sale_lines ORDER BY id",
    "DROP TABLE sale_lines",
    "ALTER TABLE l2 RENAME TO sale_lines",
)
_SALE_ID_INDEX = "CREATE INDEX ix_sale_lines_sale_id ON sale_lines (sale_id)"


@pytest.fixture
def two_lines(demo_db):  # type: ignore[no-untyped-def]
    """One sale of two lines, the second of two units; (database, its receipt, its line ids)."""
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    cart = cart_of(demo_db, "KK-NAS-500", "MK-TMP-01", "MK-TMP-01")
    sale = sales.checkout_cash(demo_db, sari, cart, 200_000)
    conn = sqlite3.connect(demo_db.path)
    try:
        rows = conn.execute(
            "SELECT l.id, l.qty FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "WHERE s.receipt_no = ? ORDER BY l.id",
            (sale.receipt_no,),
        ).fetchall()
    finally:
        conn.close()
    assert [qty for _id, qty in rows] == [1, 2]
    assert audit_fast.quick_check(demo_db.path) is not None
    return demo_db, sale.receipt_no, (rows[0][0], rows[1][0])


def _swap(first: int, second: int) -> tuple[str, ...]:
    return (
        f"UPDATE sale_lines SET id = -1 WHERE id = {first}",
        f"UPDATE sale_lines SET id = {first} WHERE id = {second}",
        f"UPDATE sale_lines SET id = {second} WHERE id = -1",
    )


def _walk_names(db, receipt: str) -> None:  # type: ignore[no-untyped-def]
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and receipt in (walked.problem or "")
    assert audit_fast.quick_check(db.path) is None


@pytest.mark.parametrize(
    "rebuild",
    [
        pytest.param((*_NOT_ROWID, _SALE_ID_INDEX), id="id-not-rowid"),
        pytest.param(_NOT_ROWID, id="id-not-rowid-no-index"),
    ],
)
def test_lines_whose_ids_are_not_the_rowid_are_left_to_the_walk(
    capsys, two_lines, rebuild: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    db, receipt, (first, second) = two_lines
    tamper(db, *rebuild, *_swap(first, second))
    _walk_names(db, receipt)
    code = main(["--db", str(db.path), "--lang", "en", "audit", "verify"])
    out = capsys.readouterr().out
    assert code == 1 and f"sale {receipt} differs" in out


@pytest.mark.parametrize(
    "index",
    [
        pytest.param("(sale_id, qty)", id="key-and-another-column"),
        pytest.param("(sale_id DESC)", id="descending"),
    ],
)
def test_lines_read_over_another_index_are_left_to_the_walk(two_lines, index: str) -> None:  # type: ignore[no-untyped-def]
    db, receipt, (first, second) = two_lines
    # Read over this index the swapped lines would come in the order their entry recorded.
    tamper(
        db,
        "DROP INDEX ix_sale_lines_sale_id",
        f"CREATE INDEX ix_sale_lines_sale_id ON sale_lines {index}",
        *_swap(first, second),
    )
    _walk_names(db, receipt)


def test_a_rebuilt_table_holding_the_same_rows_is_intact_by_the_walk(two_lines) -> None:  # type: ignore[no-untyped-def]
    db, _receipt, _ids = two_lines
    tamper(db, *_NOT_ROWID, _SALE_ID_INDEX)
    assert audit_fast.quick_check(db.path) is None  # not read as it relies on: the walk answers
    assert audit_verify.verify_chain(db).ok


@pytest.fixture
def blocked(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    """Eight one-line sales in blocks of three entries: (database, the line ids of sales in a
    block, the block entry vouching for each of them)."""
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    for _ in range(8):
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    conn = audit_fast.connect(demo_db.path)
    try:
        found = audit_blocks.layout(conn)
        assert found is not None
        vouching = {
            line: entry
            for entry, (spans, _digest) in zip(found.ids[1:], found.blocks, strict=True)
            for line in range(spans["sale_lines"][0] + 1, spans["sale_lines"][1] + 1)
        }
    finally:
        conn.close()
    assert len(vouching) >= 4
    return demo_db, sorted(vouching), vouching


def _verify(capsys, db) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(db.path), "--lang", "en", "audit", "verify"])
    return code, capsys.readouterr().out


def test_a_line_given_another_id_inside_a_block_is_named(capsys, blocked) -> None:  # type: ignore[no-untyped-def]
    db, lines, vouching = blocked
    # Another sale's line (same product, same price) now answers to the first line's id:
    # a refund of that id would name the other sale's line.
    tamper(db, *_swap(lines[0], lines[1]))
    # Version 3: a document's text holds its rows' ids, so the walk names the sale...
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and walked.first_bad_id is not None
    assert walked.first_bad_id < vouching[lines[0]]  # the sale's own entry, inside the block
    assert audit_fast.quick_check(db.path) is None
    code, out = _verify(capsys, db)
    assert code == 1 and "differs from what audit entry" in out
    # ...and the block that vouched for the line names it as well (version-2 documents).
    conn = audit_fast.connect(db.path)
    try:
        assert audit_blocks.first_changed_block(conn) == vouching[lines[0]]
    finally:
        conn.close()


@pytest.mark.parametrize(
    "statements",
    [
        pytest.param(("UPDATE sale_lines SET id = 5000 WHERE id = {line}",), id="moved-out"),
        pytest.param(
            (
                "CREATE TEMP TABLE t AS SELECT * FROM sale_lines WHERE id = {line}",
                "DELETE FROM sale_lines WHERE id = {line}",
                "UPDATE t SET id = {line} + 1000",
                "INSERT INTO sale_lines SELECT * FROM t",
            ),
            id="re-inserted-with-a-new-id",
        ),
        pytest.param(
            (
                "UPDATE payments SET id = 5000 WHERE sale_id = (SELECT sale_id FROM sale_lines "
                "WHERE id = {line})",
            ),
            id="payment-moved-out",
        ),
    ],
)
def test_a_row_moved_out_of_its_block_is_named(capsys, blocked, statements) -> None:  # type: ignore[no-untyped-def]
    db, lines, vouching = blocked
    tamper(db, *(s.format(line=lines[1]) for s in statements))
    code, out = _verify(capsys, db)
    # The sale whose row moved, by its own entry (version 3 hashes the rows' ids)...
    walked = audit_verify.walk_chain(db)
    assert code == 1 and "differs from what audit entry" in out
    assert walked.first_bad_id is not None and walked.first_bad_id < vouching[lines[1]]
    conn = audit_fast.connect(db.path)
    try:  # ...and the block that vouched for it
        assert audit_blocks.first_changed_block(conn) == vouching[lines[1]]
    finally:
        conn.close()


def test_rows_stored_in_another_order_with_the_same_ids_are_intact(capsys, blocked) -> None:  # type: ignore[no-untyped-def]
    db, _lines, _vouching = blocked
    tamper(
        db,
        _LEGACY,
        "CREATE TABLE l2 AS SELECT * FROM sale_lines ORDER BY id DESC",
        "DROP TABLE sale_lines",
        "ALTER TABLE l2 RENAME TO sale_lines",
        _SALE_ID_INDEX,
    )
    assert audit_fast.quick_check(db.path) is None  # the blocks' rows as stored differ
    code, out = _verify(capsys, db)
    assert code == 0 and "Audit log intact" in out


_COPY_ENTRY = (
    "INSERT INTO audit_log (id, at, user_id, action, detail, prev_hash, hash) "
    "SELECT {id}, at, user_id, action, detail, prev_hash, hash FROM audit_log WHERE id = {of}"
)


@pytest.mark.parametrize(
    "statement",
    [
        pytest.param(
            "INSERT INTO sales (id, receipt_no, stand, day, seq, created_at, user_id, shift_id, "
            "total, status, discount) SELECT 4611686018427387904, 'X-1', stand, day, 99, "
            "created_at, user_id, shift_id, total, status, discount FROM sales LIMIT 1",
            id="sale-far-away",
        ),
        pytest.param(
            _COPY_ENTRY.format(id=4611686018427387904, of="(SELECT max(id) FROM audit_log)"),
            id="entry-far-away",
        ),
        # Below the quick pass's old lower bound (an id > -2**63): it was never read.
        pytest.param(_COPY_ENTRY.format(id=-(2**63), of=1), id="entry-at-the-lowest-id"),
    ],
)
def test_a_row_inserted_with_an_id_far_from_the_others_is_named(
    capsys, two_lines, statement: str
) -> None:  # type: ignore[no-untyped-def]
    db, _receipt, _ids = two_lines
    tamper(db, statement)
    conn = audit_fast.connect(db.path)
    try:  # one chunk a few rows, not one per 50,000 possible ids between them
        assert len(audit_links.chunks(conn, "sales", "id", float("-inf"), 2**63 - 1)) <= 2
        assert len(audit_links.chunks(conn, "audit_log", "id", float("-inf"), 2**63 - 1)) <= 2
    finally:
        conn.close()
    assert audit_fast.quick_check(db.path) is None
    code, out = _verify(capsys, db)
    walked = audit_verify.walk_chain(db)  # in the language the command left set
    assert not walked.ok
    assert code == 1 and out.strip() == f"Audit check failed: {walked.problem}"
