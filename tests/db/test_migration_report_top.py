"""Migration report_top: report_pieces keep their totals (NULL for marks made before, whose
sums are added up as before) and report_sums get an index by net for the top rows."""

import sqlite3
from datetime import date
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from alembic import command

from pos.db import migrate
from pos.services import report_pieces
from pos.services.sales_report import STAND, top_report
from pos.services.setup import init_database

# Its number changes as others land before it: found by its name.
TOP = next(p.name[:4] for p in migrate.MIGRATIONS_DIR.glob("versions/*_report_top.py"))
BEFORE = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index(TOP) - 1]
KEPT = (
    "INSERT INTO report_sums (source, by, level, start, stand, key, label, sales, qty, gross, "
    "discount, refunds, net, cost) VALUES ('stand', 'payment', 'm', '2026-01-01', 'X', "
    "'tunai', 'tunai', 1, 1, 85000, 0, 0, 85000, 60000)"
)
MARK = (
    "INSERT INTO report_pieces (source, by, level, start, stand) "
    "VALUES ('stand', 'payment', 'm', '2026-01-01', 'X')"
)


def _columns(path: Path, name: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}


def test_old_marks_have_no_totals_and_still_add_up(tmp_path: Path) -> None:
    path = tmp_path / "before-top.db"
    old_rows.at_revision(path, BEFORE, old_rows.ADMIN, KEPT, MARK)
    assert "keys" not in _columns(path, "report_pieces")
    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert set(report_pieces.TOTALS) <= _columns(path, "report_pieces")
        with sqlite3.connect(path) as conn:  # the years' rows only (0025)
            (made,) = conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'ix_report_sums_top'"
            ).fetchone()
        assert made.endswith("WHERE level = 'y'")
        with db.engine.connect() as conn:
            piece = ("m", date(2026, 1, 1))
            assert report_pieces.totals(conn, STAND.name, "payment", piece) is None
            rows, others = top_report(conn, date(2026, 1, 1), date(2026, 1, 31), "payment", 1)
            kept = conn.exec_driver_sql("SELECT count(*) FROM report_sums").scalar()
        assert [(r.key, r.net, r.cost) for r in rows] == [("tunai", 85000, 60000)]
        assert others is None and kept == 1  # the old mark's sums, read as they were
        command.downgrade(migrate.alembic_config(db.engine), BEFORE)
        assert "keys" not in _columns(path, "report_pieces")
        with sqlite3.connect(path) as conn:
            indexes = {r[1] for r in conn.execute("PRAGMA index_list(report_sums)")}
            triggers = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'report_pieces_%'"
            ).fetchone()
        assert "ix_report_sums_top" not in indexes and "ix_report_sums_piece" in indexes
        assert triggers == (5,)  # 0020's, made again after the table was copied
    finally:
        db.close()
