"""Restoring an older backup never gives a number twice: receipts, void and refund slips,
orders, kuitansi, order refunds, recaps and Z reports continue past what the replaced database
had used; the restore's audit entry says which counters moved; a damaged current database is
still replaced, with a clear word that its numbers could not be carried."""

import sqlite3
from datetime import date, timedelta

import pytest
from sale_helpers import PINS, actor, cart_of, last_detail

from pos.core.orders import OrderItem
from pos.core.revenue_split import parse_share
from pos.services import (
    audit,
    backup,
    numbering,
    order_pickup,
    orders,
    recaps,
    refunds,
    restoring,
    sales,
    settings,
    shifts,
    splits,
)
from pos.services.setup import init_database

JOKO = PINS["Pak Joko"]
CHAIRS = [OrderItem(1, "MB-KRS-JTI")]


def _sell(db, who) -> str:  # type: ignore[no-untyped-def]
    return sales.checkout_cash(db, who, cart_of(db, "MK-TMP-01"), 1_000_000).receipt_no


def _refund(db, who, receipt_no: str) -> str:  # type: ignore[no-untyped-def]
    line = refunds.find_sale(db, receipt_no).lines[0].sale_line_id
    item = refunds.ReturnItem(line, 1)
    return refunds.refund(db, who, receipt_no, [item], "tunai", "rusak").refund_no


def _one_of_each(db, due: date) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """One document of each numbered kind (a shift open); their numbers by kind."""
    sari, joko, admin = (actor(db, n) for n in ("Sari", "Pak Joko", "Admin"))
    today = settings.stand_now(db).date()
    made: dict[str, str] = {}
    made["V"] = refunds.void_sale(db, joko, _sell(db, sari), "salah").refund_no
    made["R"] = _refund(db, joko, _sell(db, sari))
    made["PO"] = order = orders.new_order(db, sari, "SD 3", due, CHAIRS).order_no
    made["KW"] = orders.pay(db, sari, order, 100_000).kuitansi_no
    made["PB"] = order_pickup.cancel(db, sari, order, True, "batal", JOKO)[0]
    made["K"] = recaps.create_recap(db, admin, today, today).recap_no
    made["Z"] = str(shifts.close_shift(db, sari, total=0).z_number)
    return made


def _reopen(db):  # type: ignore[no-untyped-def]
    db.close()
    return init_database(db.path)


def test_receipts_after_a_restore_are_never_ones_already_printed(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 100_000)
    printed = [_sell(demo_db, sari) for _ in range(3)]
    older = backup.backup_to(demo_db, tmp_path / "pagi.db")
    printed += [_sell(demo_db, sari) for _ in range(2)]
    demo_db.close()

    done = restoring.restore_report(demo_db.path, older)

    db = init_database(demo_db.path)
    try:
        new = _sell(db, sari)
        assert new not in printed
        assert new.endswith("-0006")
        assert done.warning is None
        day = printed[0].split("-")[1]
        period = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        assert [(m.kind, m.period, m.before, m.after) for m in done.moved] == [
            ("receipt", period, 3, 5)
        ]
        detail = last_detail(db.path, "restore")
        assert detail["numbers_carried"] == [
            {"kind": "receipt", "stand": "DEMO", "period": period, "before": 3, "after": 5}
        ]
        assert "0006" not in done.message(older, db.path)
        assert "3 → 5" in done.message(older, db.path)
        assert audit.verify(db).ok
    finally:
        db.close()


def test_every_numbered_document_kind_continues_past_the_replaced_database(
    demo_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sari, admin = actor(demo_db, "Sari"), actor(demo_db, "Admin")
    today = settings.stand_now(demo_db).date()
    splits.set_split(demo_db, admin, date(2020, 1, 1), "sales", [parse_share("pnbp=100")])
    shifts.open_shift(demo_db, sari, 100_000)
    due = today + timedelta(days=14)
    older = backup.backup_to(demo_db, tmp_path / "pagi.db")

    used = _one_of_each(demo_db, due)
    demo_db.close()

    done = restoring.restore_report(demo_db.path, older)

    assert {m.kind for m in done.moved} >= {"receipt", "V", "R", "PO", "KW", "PB", "K", "Z"}
    db = init_database(demo_db.path)
    try:
        again = _one_of_each(db, due)  # the shift of the backup is still open
        for kind, number in used.items():
            assert again[kind] != number, kind
            assert again[kind].endswith("2"), (kind, again[kind])  # the next one, no gap
        assert audit.verify(db).ok
    finally:
        db.close()


def test_a_restore_never_lowers_a_counter_nor_moves_one_not_behind(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 0)
    _sell(demo_db, sari)
    same = backup.backup_to(demo_db, tmp_path / "sama.db")
    demo_db.close()
    done = restoring.restore_report(demo_db.path, same)
    assert done.moved == ()
    assert last_detail(demo_db.path, "restore")["numbers_carried"] == []
    conn = sqlite3.connect(demo_db.path)
    try:
        cursor = conn.cursor()
        conn.execute("BEGIN")
        assert numbering.carry_forward(cursor, {("receipt", "DEMO", "2026-01-01"): 0}) == []
        conn.rollback()
    finally:
        conn.close()


def _schema_page_midway(path) -> int:  # type: ignore[no-untyped-def]
    """The offset of the schema's leaf page nearest the middle of the file: SQLite copies a
    damaged data page without reading it, so only damage it must read stops a backup. Which
    page is midway depends on the migrations (0026 moved the schema's rows)."""
    conn = sqlite3.connect(path)
    try:
        size, count = conn.execute(
            "SELECT page_size, page_count FROM pragma_page_size, pragma_page_count"
        ).fetchone()
        pages = [
            page
            for (page,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema' AND pagetype = 'leaf'"
            )
        ]
    except sqlite3.OperationalError:  # an SQLite built without dbstat: the middle, as before
        pages = [count // 2 + 1]
    finally:
        conn.close()
    return (min(pages, key=lambda page: abs(page - count // 2)) - 1) * size


@pytest.mark.parametrize("where", ["header", "pages"])
def test_a_damaged_current_database_is_still_replaced_and_says_numbers_were_not_carried(
    demo_db, tmp_path, where
) -> None:  # type: ignore[no-untyped-def]
    good = backup.backup_to(demo_db, tmp_path / "pagi.db")
    demo_db.close()
    with open(demo_db.path, "r+b") as f:  # a cut power mid-write, a failing disk
        f.seek(0 if where == "header" else _schema_page_midway(demo_db.path))
        f.write(b"\xde\xad" * 4096)
    damaged = demo_db.path.read_bytes()

    done = restoring.restore_report(demo_db.path, good)

    assert done.safety is not None and done.safety.read_bytes() == damaged
    conn = sqlite3.connect(demo_db.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM products").fetchone()[0] == 46
    finally:
        conn.close()
    detail = last_detail(demo_db.path, "restore")
    if where == "header":  # nothing of it can be read
        assert done.warning is not None and "tidak dapat" in done.warning
        assert detail["numbers_not_carried"] and detail["replaced_up_to"] is None
        assert done.warning in done.message(good, demo_db.path)
    else:  # whatever SQLite could still read was carried; never a traceback either way
        assert (done.warning is None) == ("numbers_not_carried" not in detail)
    db = init_database(demo_db.path)
    assert audit.verify(db).ok
    db.close()


def test_the_command_line_restore_says_what_moved(demo_db, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pos.cli import main

    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 0)
    older = backup.backup_to(demo_db, tmp_path / "pagi.db")
    _sell(demo_db, sari)
    demo_db.close()
    assert main(["--db", str(demo_db.path), "restore", str(older)]) == 0
    out = capsys.readouterr().out
    assert "0 → 1" in out and "struk" in out


def test_a_backup_of_an_older_version_is_upgraded_and_its_counters_raised(
    demo_db, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pos.db.migrate import HEAD_REVISION, upgrade
    from pos.db.session import make_engine

    sari = actor(demo_db, "Sari")
    shifts.open_shift(demo_db, sari, 0)
    printed = _sell(demo_db, sari)
    old = tmp_path / "lama.db"
    engine = make_engine(old)
    upgrade(engine, "0005")  # before void slips, orders and floors existed
    engine.dispose()
    demo_db.close()

    done = restoring.restore_report(demo_db.path, old)

    assert [(m.kind, m.after) for m in done.moved] == [("receipt", 1)]
    conn = sqlite3.connect(demo_db.path)
    try:
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
        )
        day = printed.split("-")[1]
        (last,) = conn.execute(
            "SELECT last_seq FROM receipt_counters WHERE stand = 'DEMO' AND day = ?",
            (f"{day[:4]}-{day[4:6]}-{day[6:]}",),
        ).fetchone()
        assert last == 1
    finally:
        conn.close()
