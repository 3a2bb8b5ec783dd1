"""`pos audit verify` and `pos audit list` on a database with sales, then tampered."""

import json
import sqlite3
from pathlib import Path

from pos.cli import main
from pos.core.cart import Cart
from pos.services import catalog, sales, shifts
from pos.services.auth import Actor
from pos.services.setup import init_database


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_verify_then_list_then_tamper(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.db"
    assert run(capsys, "--db", str(path), "--demo", "init")[0] == 0
    db = init_database(path)
    try:
        with db.Session() as s:
            sari = s.execute(sqlite_text("SELECT id FROM users WHERE name = 'Sari'")).scalar_one()
        cashier = Actor(int(sari), "Sari", "kasir")
        shifts.open_shift(db, cashier, 0)
        p = catalog.find_by_code(db, "MK-TMP-01")
        cart = Cart()
        cart.add(p.id, p.sku, p.name, p.price)
        sold = sales.checkout_cash(db, cashier, cart, 5_000)
    finally:
        db.close()

    code, out, _err = run(capsys, "--db", str(path), "audit", "verify")
    assert code == 0 and out.strip()
    code, out, _err = run(
        capsys,
        "--db",
        str(path),
        "audit",
        "list",
        "--json",
        "--date",
        f"{sold.created_at:%Y-%m-%d}",
    )
    assert code == 0
    entries = json.loads(out)
    (sale,) = [e for e in entries if e["action"] == "sale"]
    assert sale["user"] == "Sari" and sale["detail"]["receipt_no"] == sold.receipt_no
    code, out, _err = run(capsys, "--db", str(path), "audit", "list")
    assert code == 0 and sold.receipt_no in out
    code, out, _err = run(
        capsys, "--db", str(path), "audit", "list", "--json", "--date", "2001-01-01"
    )
    assert code == 0 and json.loads(out) == []

    conn = sqlite3.connect(path)
    conn.execute("UPDATE payments SET amount = 1")
    conn.commit()
    conn.close()
    code, out, _err = run(capsys, "--db", str(path), "audit", "verify")
    assert code == 1 and sold.receipt_no in out


def test_a_bad_date_is_refused(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    try:
        main(["--db", str(tmp_path / "d.db"), "audit", "list", "--date", "kemarin"])
    except SystemExit as e:
        assert e.code == 2
    else:
        raise AssertionError("a bad date was accepted")
    assert "kemarin" in capsys.readouterr().err


def sqlite_text(sql: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return text(sql)


def test_verify_compares_stock_on_hand_with_the_ledger(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.db"
    assert run(capsys, "--db", str(path), "--demo", "init")[0] == 0
    code, out, _err = run(capsys, "--db", str(path), "audit", "verify")
    assert code == 0 and "Stok di tangan sama dengan buku stok" in out
    conn = sqlite3.connect(path)
    conn.execute("UPDATE products SET on_hand = on_hand - 2 WHERE sku = 'MK-TMP-01'")
    conn.commit()
    (pid,) = conn.execute("SELECT id FROM products WHERE sku = 'MK-TMP-01'").fetchone()
    conn.close()
    code, out, _err = run(capsys, "--db", str(path), "audit", "verify")
    assert code == 1 and f"produk {pid}: 58, menurut buku stok 60" in out


def test_list_leaves_out_the_block_entries_unless_asked(
    capsys, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from pos.services import audit_blocks

    monkeypatch.setattr(audit_blocks, "BLOCK_ENTRIES", 3)
    path = tmp_path / "d.db"
    assert run(capsys, "--db", str(path), "--demo", "init")[0] == 0
    db = init_database(path)
    try:
        cashier = Actor(1, "Admin", "admin")
        shifts.open_shift(db, cashier, 0)
        p = catalog.find_by_code(db, "MK-TMP-01")
        for _ in range(4):
            cart = Cart()
            cart.add(p.id, p.sku, p.name, p.price)
            sales.checkout_cash(db, cashier, cart, 5_000)
    finally:
        db.close()
    code, out, _err = run(capsys, "--db", str(path), "audit", "list", "--json")
    assert code == 0
    actions = [e["action"] for e in json.loads(out)]
    assert "sale" in actions and audit_blocks.BLOCK_ACTION not in actions
    code, out, _err = run(capsys, "--db", str(path), "audit", "list")
    assert code == 0 and audit_blocks.BLOCK_ACTION not in out and "sale" in out
    code, out, _err = run(capsys, "--db", str(path), "audit", "list", "--blocks", "--json")
    blocks = [e for e in json.loads(out) if e["action"] == audit_blocks.BLOCK_ACTION]
    assert code == 0 and blocks and all(e["user"] is None for e in blocks)
    code, out, _err = run(capsys, "--db", str(path), "audit", "list", "--blocks")
    lines = [line for line in out.splitlines() if audit_blocks.BLOCK_ACTION in line]
    assert code == 0 and lines
    assert all(line.split()[3] == "sistem" for line in lines)  # the system, in Indonesian
