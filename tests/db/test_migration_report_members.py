"""Migration report_members: report_keys, report_pieces.members (NULL for marks made before:
the first report that needs them keeps them) and the index of report_sums' rows of negative
net; old rows stay, and the way down drops what it added, the triggers kept."""

import sqlite3
from datetime import date
from pathlib import Path

import old_rows  # tests/db: the old database and its rows
from alembic import command

from pos.db import migrate
from pos.services.report_members import fill, unpack
from pos.services.sales_report import STAND, top_report
from pos.services.setup import init_database

# Its number changes as others land before it: found by its name.
MEMBERS = next(p.name[:4] for p in migrate.MIGRATIONS_DIR.glob("versions/*_report_members.py"))
BEFORE = migrate.KNOWN_REVISIONS[migrate.KNOWN_REVISIONS.index(MEMBERS) - 1]
KEPT = (
    "INSERT INTO report_sums (source, by, level, start, stand, key, label, sales, qty, gross, "
    "discount, refunds, net, cost) VALUES ('stand', 'payment', 'm', '2026-01-01', 'X', "
    "'tunai', 'tunai', 1, 1, 85000, 0, 0, 85000, 60000)"
)
MARK = (
    "INSERT INTO report_pieces (source, by, level, start, stand, keys, sales, qty, gross, "
    "discount, refunds, net, cost) VALUES ('stand', 'payment', 'm', '2026-01-01', 'X', 1, 1, "
    "1, 85000, 0, 0, 85000, 60000)"
)


def _names(path: Path, kind: str) -> set[str]:
    with sqlite3.connect(path) as conn:
        query = "SELECT name FROM sqlite_master WHERE type = ?"
        return {r[0] for r in conn.execute(query, (kind,))}


def test_old_marks_get_their_members_and_the_way_down_drops_them(tmp_path: Path) -> None:
    path = tmp_path / "before-members.db"
    old_rows.at_revision(path, BEFORE, old_rows.ADMIN, KEPT, MARK)
    triggers = _names(path, "trigger")
    db = init_database(path)
    try:
        assert migrate.current_revision(db.engine) == migrate.HEAD_REVISION
        assert {"report_keys"} <= _names(path, "table")
        assert {"ix_report_sums_back"} <= _names(path, "index")
        with db.engine.connect() as conn:
            rows, others = top_report(conn, date(2026, 1, 1), date(2026, 1, 31), "payment", 1)
            members = conn.exec_driver_sql("SELECT members FROM report_pieces").scalar()
        assert [(r.key, r.net) for r in rows] == [("tunai", 85000)] and others is None
        assert members is None  # kept before: none yet
        with db.engine.begin() as conn:
            fill(conn, STAND.name, "payment", {("m", date(2026, 1, 1)): None})
            members = conn.exec_driver_sql("SELECT members FROM report_pieces").scalar()
            number = conn.exec_driver_sql("SELECT id FROM report_keys WHERE key = 'tunai'")
            assert unpack(members) == 1 << number.scalar_one()
        command.downgrade(migrate.alembic_config(db.engine), BEFORE)
        assert "report_keys" not in _names(path, "table")
        assert "ix_report_sums_back" not in _names(path, "index")
        assert _names(path, "trigger") == triggers
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM report_sums").fetchone() == (1,)
            assert conn.execute("SELECT count(*) FROM report_pieces").fetchone() == (1,)
    finally:
        db.close()
