"""Migration report_sums_whole: the kept report sums become whole numbers (BIGINT); the old
float sums are gone and every piece unmarked, so the report reads the documents and builds
the pieces again in whole rupiah."""

import sqlite3
from datetime import date
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from alembic import command

from pos.db import migrate
from pos.services.sales_report import sales_report
from pos.services.setup import init_database

# Its number changes as others land before it: found by its name.
WHOLE = next(p.name[:4] for p in migrate.MIGRATIONS_DIR.glob("versions/*_report_sums_whole.py"))
BEFORE = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index(WHOLE) - 1]
OLD_SUMS = (
    "INSERT INTO report_sums (source, by, level, start, stand, key, label, sales, qty, gross, "
    "discount, refunds, net, cost) VALUES ('stand', 'payment', 'm', '2026-01-01', 'X', "
    "'tunai', 'tunai', 1, 0.5, 99.5, 0, 0, 99.5, 0.25)"
)
OLD_MARK = (
    "INSERT INTO report_pieces (source, by, level, start, stand) "
    "VALUES ('stand', 'payment', 'm', '2026-01-01', 'X')"
)
PAID = (
    "INSERT INTO payments (sale_id, method, amount, tendered, change) "
    "VALUES (1, 'tunai', 85000, 85000, 0)"
)


def _columns(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return {r[1]: r[2] for r in conn.execute("PRAGMA table_info(report_sums)")}


def test_old_float_sums_are_dropped_and_built_again_whole(tmp_path: Path) -> None:
    path = tmp_path / "before-whole.db"
    old_rows.at_revision(
        path,
        BEFORE,
        old_rows.ADMIN,
        old_rows.OPEN_SHIFT,
        old_rows.product("MB-1", "Kursi", "pcs", 85000),
        old_rows.completed_sale(85000),
        PAID,
        OLD_SUMS,
        OLD_MARK,
    )
    assert _columns(path)["net"] == "FLOAT"
    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert {_columns(path)[n] for n in ("qty", "gross", "net", "cost")} == {"BIGINT"}
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM report_pieces").scalar() == 0
            assert conn.exec_driver_sql("SELECT count(*) FROM report_sums").scalar() == 0
            rows = sales_report(conn, date(2026, 1, 1), date(2026, 1, 31), "payment")
        assert [(r.key, r.net) for r in rows] == [("tunai", 85000)]
        with sqlite3.connect(path) as conn:  # the month was built again, in whole rupiah
            kept = conn.execute("SELECT typeof(net), net FROM report_sums").fetchall()
        assert kept == [("integer", 85000)]
        command.downgrade(migrate.alembic_config(db.engine), BEFORE)
        assert _columns(path)["net"] == "FLOAT"
    finally:
        db.close()
