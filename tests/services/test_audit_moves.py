"""Tamper tests for stock movements (audit_moves) and for child rows given another id (entries
of version 3 hash their documents' child rows with their ids): each named exactly, after the
last block and inside older blocks, by the quick pass's fall-back walk and by the command."""

import sqlite3

import pytest
from sale_helpers import PINS, actor, blocks_of, cart_of, product_id, read, tamper

from pos.cli import main
from pos.core.errors import DatabaseProblem
from pos.services import audit, audit_blocks, audit_fast, audit_verify, refunds, sales, shifts
from pos.services import stock as stock_service
from pos.services.refunds import ReturnItem

JOKO = PINS["Pak Joko"]


def _ledger(db):  # type: ignore[no-untyped-def]
    """A sale, a return (one back to stock, one damaged), a void, a receipt, an adjustment and
    a count: every writer of movements once. Verified intact."""
    sari = actor(db, "Sari")
    joko = actor(db, "Pak Joko")
    shifts.open_shift(db, sari, 100_000)
    sale = sales.checkout_cash(db, sari, cart_of(db, "KK-NAS-500", "MK-TMP-01"), 200_000)
    line = refunds.find_sale(db, sale.receipt_no).lines[0].sale_line_id
    refunds.refund(
        db, sari, sale.receipt_no, [ReturnItem(line, 1, damaged=True)], "tunai", "rusak", JOKO
    )
    voided = sales.checkout_cash(db, sari, cart_of(db, "MK-TMP-01"), 50_000)
    refunds.void_sale(db, sari, voided.receipt_no, "salah", JOKO)
    pid = product_id(db, "MK-TMP-01")
    stock_service.receive(db, joko, None, [stock_service.StockLine(pid, 4)])
    stock_service.adjust(db, joko, pid, -1, "rusak")
    stock_service.count(db, joko, {pid: 2})
    check = audit.verify(db)
    assert check.ok, check.problem
    assert audit_fast.quick_check(db.path) == check.entries
    return db


@pytest.fixture
def ledger(demo_db):  # type: ignore[no-untyped-def]
    return _ledger(demo_db)


@pytest.fixture
def blocked_ledger(demo_db, monkeypatch):  # type: ignore[no-untyped-def]
    """The same in blocks of three entries, then two more sales after the last block."""
    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    db = _ledger(demo_db)
    sari = actor(db, "Sari")
    for _ in range(2):
        sales.checkout_cash(db, sari, cart_of(db, "MK-TMP-01"), 50_000)
    return db


def _movements(db) -> list[int]:  # type: ignore[no-untyped-def]
    return [r[0] for r in read(db, "SELECT id FROM stock_movements ORDER BY id")]


def _covering_entry(db, movement: int) -> int:  # type: ignore[no-untyped-def]
    for entry_id, detail in read(db, "SELECT id, detail FROM audit_log ORDER BY id"):
        moves = audit.fields(detail).get("moves")
        if moves and moves[0] < movement <= moves[0] + len(moves[1]) // audit.MOVE_DIGEST:
            return int(entry_id)
    raise AssertionError(movement)


def _named(capsys, db, text: str, entry: int | None) -> None:  # type: ignore[no-untyped-def]
    """The quick pass leaves it to the walk, which names it; the command says the same."""
    assert audit_fast.quick_check(db.path) is None
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and walked.first_bad_id == entry
    code = main(["--db", str(db.path), "--lang", "en", "audit", "verify"])
    out = capsys.readouterr().out
    assert code == 1 and text in out, out


def test_every_writer_covers_its_movements_with_their_ids(ledger) -> None:  # type: ignore[no-untyped-def]
    ids = _movements(ledger)
    kinds = {r[0] for r in read(ledger, "SELECT kind FROM stock_movements")}
    assert {"opening", "sale", "return", "damaged", "void", "receive", "adjust", "count"} <= kinds
    wanted = audit_verify_moves(ledger)
    assert sorted(wanted) == ids  # each movement in exactly one entry's span, none left out
    # A sale's movements are covered by the sale's own entry (one transaction).
    sale_id, receipt = read(ledger, "SELECT id, receipt_no FROM sales ORDER BY id")[0]
    for (movement,) in read(
        ledger, "SELECT id FROM stock_movements WHERE sale_id = ? AND kind = 'sale'", sale_id
    ):
        entry = _covering_entry(ledger, movement)
        (detail,) = read(ledger, "SELECT detail FROM audit_log WHERE id = ?", entry)[0]
        assert audit.fields(detail)["receipt_no"] == receipt


def audit_verify_moves(db) -> dict[int, tuple[int, str]]:  # type: ignore[no-untyped-def]
    from pos.services import audit_moves

    walked = audit_moves.Walked()
    for entry_id, detail in read(db, "SELECT id, detail FROM audit_log ORDER BY id"):
        walked.entry(entry_id, audit.entry_version(detail), detail)
    assert walked.before == 0  # a new database: every movement is covered
    return audit_moves.expected(walked.spans)


@pytest.mark.parametrize("where", ["after the last block", "in the last block", "first block"])
@pytest.mark.parametrize("change", ["field", "delete", "re-id", "note"])
def test_a_movement_changed_removed_or_given_another_id_is_named(
    capsys, blocked_ledger, where: str, change: str
) -> None:  # type: ignore[no-untyped-def]
    db = blocked_ledger
    found = blocks_of(db)
    low, high = found.inside["stock_movements"]
    ids = _movements(db)
    movement = {
        "after the last block": max(ids),
        "in the last block": high,
        "first block": min(i for i in ids if i > low),
    }[where]
    assert (movement > high) == (where == "after the last block")
    entry = _covering_entry(db, movement)
    statement = {
        "field": f"UPDATE stock_movements SET qty = qty - 1 WHERE id = {movement}",
        "delete": f"DELETE FROM stock_movements WHERE id = {movement}",
        "re-id": f"UPDATE stock_movements SET id = {max(ids) + 50} WHERE id = {movement}",
        "note": f"UPDATE stock_movements SET note = 'x' WHERE id = {movement}",
    }[change]
    tamper(db, statement)
    said = "changed" if change in ("field", "note") else "was removed"
    _named(capsys, db, f"Stock movement {movement} ", entry)
    assert said in audit_verify.walk_chain(db).problem  # type: ignore[operator]


@pytest.mark.parametrize("new_id", ["after", "below one", "in a gap"])
def test_a_movement_inserted_is_named(capsys, blocked_ledger, new_id: str) -> None:  # type: ignore[no-untyped-def]
    db = blocked_ledger
    ids = _movements(db)
    if new_id == "in a gap":
        tamper(db, f"DELETE FROM stock_movements WHERE id = {ids[3]}")  # a gap, then filled
        tamper(db, f"INSERT INTO stock_movements (id, product_id, qty, kind, created_at) "
                   f"SELECT {ids[3]}, product_id, 5, 'receive', created_at "
                   f"FROM stock_movements WHERE id = {ids[4]}")  # fmt: skip
        _named(capsys, db, f"Stock movement {ids[3]} differs", _covering_entry(db, ids[3]))
        return
    target = max(ids) + 1 if new_id == "after" else -3
    tamper(
        db,
        "INSERT INTO stock_movements (id, product_id, qty, kind, created_at) "
        f"SELECT {target}, product_id, 5, 'receive', created_at FROM stock_movements LIMIT 1",
    )
    _named(capsys, db, f"Stock movement {target} is not in the audit log", None)


def test_the_quick_pass_and_the_walk_agree_on_a_ledger_left_alone(blocked_ledger) -> None:  # type: ignore[no-untyped-def]
    walked = audit_verify.walk_chain(blocked_ledger)
    assert walked.ok
    assert audit_fast.quick_check(blocked_ledger.path) == walked.entries
    assert blocks_of(blocked_ledger).inside["stock_movements"][1] > 0  # blocks hold movements


# --- child rows given another id ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "document"),
    [("sale_lines", "sale_id"), ("payments", "sale_id"), ("refund_lines", "refund_id")],
)
@pytest.mark.parametrize("blocks", [False, True])
@pytest.mark.parametrize("which", ["first", "last"])
def test_a_child_row_given_a_new_id_is_named(
    capsys, demo_db, monkeypatch, table: str, document: str, blocks: bool, which: str
) -> None:  # type: ignore[no-untyped-def]
    if blocks:
        monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    db = _ledger(demo_db)
    top = read(db, f'SELECT max(id) FROM "{table}"')[0][0]
    if blocks:  # the documents of the ledger now lie in blocks: the first, or the last
        sari = actor(db, "Sari")
        for _ in range(4):
            sales.checkout_cash(db, sari, cart_of(db, "MK-TMP-01"), 50_000)
        top = blocks_of(db).inside[table][1]
    order = "id" if which == "first" else "id DESC"
    (row, parent) = read(
        db, f'SELECT id, "{document}" FROM "{table}" WHERE id <= ? ORDER BY {order} LIMIT 1', top
    )[0]
    top = read(db, f'SELECT max(id) FROM "{table}"')[0][0]
    tamper(db, f'UPDATE "{table}" SET id = {top + 7} WHERE id = {row}')
    walked = audit_verify.walk_chain(db)
    assert not walked.ok and walked.first_bad_id is not None
    kind = "sale" if document == "sale_id" else "refund"
    label = "receipt_no" if kind == "sale" else "refund_no"
    (name,) = read(db, f"SELECT {label} FROM {kind}s WHERE id = ?", parent)[0]
    _named(capsys, db, str(name), walked.first_bad_id)


def test_two_sales_lines_swapping_ids_after_the_last_block_are_named(capsys, demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    first, second = (
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000) for _ in range(2)
    )
    a, b = (
        read(demo_db, "SELECT id FROM sale_lines WHERE sale_id = ?", s.sale_id)[0][0]
        for s in (first, second)
    )
    # Each sale's lines read the same (same product, same price): only the ids tell them apart.
    tamper(
        demo_db,
        f"UPDATE sale_lines SET id = -1 WHERE id = {a}",
        f"UPDATE sale_lines SET id = {a} WHERE id = {b}",
        f"UPDATE sale_lines SET id = {b} WHERE id = -1",
    )
    _named(capsys, demo_db, first.receipt_no, _sale_entry(demo_db, first.receipt_no))


def _sale_entry(db, receipt: str) -> int:  # type: ignore[no-untyped-def]
    for entry_id, detail in read(db, "SELECT id, detail FROM audit_log WHERE action = 'sale'"):
        if audit.fields(detail)["receipt_no"] == receipt:
            return int(entry_id)
    raise AssertionError(receipt)


def test_a_row_at_the_largest_id_stops_a_sale_with_a_message(demo_db) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    tamper(demo_db, "UPDATE stock_movements SET id = 9223372036854775807 WHERE id = 1")
    with pytest.raises(DatabaseProblem, match="stock_movements"):
        sales.checkout_cash(demo_db, sari, cart_of(demo_db, "MK-TMP-01"), 50_000)
    assert len(read(demo_db, "SELECT id FROM sales")) == 1  # nothing of the second sale


@pytest.mark.parametrize(
    "keys",
    ['"moves":[1,2,3]', '"moves":"x"', '"moves":[1,"ab"', '"moves":{"a":1}', '"covers":1'],
)
def test_keys_no_writer_writes_name_their_entry_even_rehashed(capsys, ledger, keys) -> None:  # type: ignore[no-untyped-def]
    """A whole-chain rewrite could give an entry any `moves` or `covers`: named, never a
    traceback."""
    entry_id, at, user_id, action, prev = read(
        ledger, "SELECT id, at, user_id, action, prev_hash FROM audit_log ORDER BY id DESC LIMIT 1"
    )[0]
    detail = '{"v":3,' + keys + "}"
    digest = audit.digest_v2(prev, at, user_id, action, detail)
    conn = sqlite3.connect(ledger.path)
    conn.execute(
        "UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?", (detail, digest, entry_id)
    )
    conn.commit()
    conn.close()
    walked = audit_verify.walk_chain(ledger)
    assert not walked.ok and walked.first_bad_id == entry_id
    assert audit_fast.quick_check(ledger.path) is None
    assert main(["--db", str(ledger.path), "--lang", "en", "audit", "verify"]) == 1
    assert f"Audit entry {entry_id} " in capsys.readouterr().out
