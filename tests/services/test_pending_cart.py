"""The cart being rung up, kept in pending_carts: written even while another process writes."""

import sqlite3
import threading

from sqlalchemy import event

from pos.core.cart import Cart
from pos.services import sales


def a_cart(n: int = 1) -> Cart:
    cart = Cart()
    cart.add(1, "KK-NAS-500", "Nastar Keju Toples 500 gr", 65_000, n)
    return cart


def test_saved_and_loaded(demo_db) -> None:  # type: ignore[no-untyped-def]
    sales.save_pending_cart(demo_db, a_cart(3))
    assert sales.load_pending_cart(demo_db) == a_cart(3)
    sales.save_pending_cart(demo_db, a_cart(4))
    assert sales.load_pending_cart(demo_db) == a_cart(4)
    sales.save_pending_cart(demo_db, Cart())
    assert sales.load_pending_cart(demo_db).is_empty()


def test_save_waits_for_another_writer_instead_of_failing(demo_db) -> None:  # type: ignore[no-untyped-def]
    # Another process (the CLI, a backup restore...) holds the write lock for a moment and
    # commits a change. A save that read first was refused at once ("database is locked") and
    # the cart was not on disk; now it waits for the lock like any writer should.
    sales.save_pending_cart(demo_db, a_cart(1))
    other = sqlite3.connect(demo_db.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE settings SET value = value")

    def release() -> None:
        other.execute("COMMIT")

    timer = threading.Timer(0.3, release)
    timer.start()
    try:
        sales.save_pending_cart(demo_db, a_cart(2))
    finally:
        timer.join()
        other.close()
    assert sales.load_pending_cart(demo_db) == a_cart(2)


def test_save_survives_a_write_by_another_process_at_the_same_moment(demo_db) -> None:  # type: ignore[no-untyped-def]
    # The race of the kill -9 report: another process commits just before the cart is written.
    # A save that had read anything in its transaction (the stand's clock setting, the row to
    # merge) was then refused at once with "database is locked" (SQLite cannot move a read
    # snapshot forward), so the newest cart never reached the disk.
    # Writes start with BEGIN IMMEDIATE, so the other process's write (in a thread here, as a
    # process would run) waits for the save's lock instead of slipping in: both must land.
    sales.save_pending_cart(demo_db, a_cart(1))
    others: list[threading.Thread] = []

    def other_write() -> None:
        with sqlite3.connect(demo_db.path, timeout=30) as other:
            other.execute("INSERT INTO settings (key, value) VALUES ('probe.race', '1')")

    def another_write_at_once(conn, cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "pending_carts" in statement and not statement.lstrip().upper().startswith("SELECT"):
            others.append(threading.Thread(target=other_write))
            others[-1].start()
            others[-1].join(0.2)  # it tries while the save holds the write lock

    event.listen(demo_db.engine, "before_cursor_execute", another_write_at_once)
    try:
        sales.save_pending_cart(demo_db, a_cart(2))
    finally:
        event.remove(demo_db.engine, "before_cursor_execute", another_write_at_once)
        for thread in others:
            thread.join()
    assert sales.load_pending_cart(demo_db) == a_cart(2)
    assert others
    with sqlite3.connect(demo_db.path) as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'probe.race'").fetchone()


def test_a_damaged_draft_gives_an_empty_cart(demo_db) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(demo_db.path) as conn:
        conn.execute(
            "INSERT INTO pending_carts (id, payload, updated_at) VALUES (1, '{\"lines\": [{}]}', "
            "'2026-01-01 00:00:00')"
        )
    assert sales.load_pending_cart(demo_db).is_empty()
