"""The office keeps the audit heads of each stand's exports and warns of a rewritten chain."""

import json
import threading
from datetime import date, datetime
from pathlib import Path

from chain_rewrite import rewrite_sale
from sqlalchemy import func, insert, select, text

from pos.commands.central import _line
from pos.db.models_central import CentralAuditHead, CentralStand
from pos.services.central_anchors import record_heads
from pos.services.central_db import CentralDb, open_central
from pos.services.central_read import DayImport
from pos.services.consolidate import consolidate
from pos.services.export_verify import MANIFEST

DAY1, DAY2, DAY3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)


def _heads(central: CentralDb) -> int:
    with central.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(CentralAuditHead)).scalar_one())


def _exports(make_stand, tmp_path: Path, rewrite: bool) -> list[Path]:  # type: ignore[no-untyped-def]
    """Three days of a stand exported; with `rewrite`, day 1's first sale is rewritten (and the
    whole chain rehashed) after day 2's export."""
    stand = make_stand("PLG01")
    folders = []
    for day in (DAY1, DAY2, DAY3):
        stand.sell_day(day, 2)
        folders.append(stand.export(day, tmp_path / "sticks" / day.isoformat()))
        if rewrite and day == DAY2:
            rewrite_sale(stand.db.path, "PLG01-20261102-0001", 1)
    return folders


def test_intact_exports_import_without_warnings(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcomes = consolidate(central, _exports(make_stand, tmp_path, rewrite=False))
    assert [o.status for o in outcomes] == ["imported"] * 3
    assert [o.warnings for o in outcomes] == [[], [], []]
    assert _heads(central) == 3  # each export's head; its view of the previous one is the same


def test_a_rewrite_between_exports_is_reported(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folders = _exports(make_stand, tmp_path, rewrite=True)
    second = json.loads((folders[1] / MANIFEST).read_text(encoding="utf-8"))["audit"]["head"]
    outcomes = consolidate(central, folders)
    assert [o.status for o in outcomes] == ["imported"] * 3  # the books still import
    assert outcomes[0].warnings == outcomes[1].warnings == []
    (warning,) = outcomes[2].warnings
    assert "PLG01" in warning
    assert f"entri {second['id']} " in warning
    assert second["hash"][:16] in warning
    assert DAY2.isoformat() in warning
    assert warning in _line(outcomes[2])


def test_an_older_stick_imported_later_is_compared_too(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folders = _exports(make_stand, tmp_path, rewrite=True)
    outcomes = consolidate(central, [folders[2], folders[0]])
    assert outcomes[0].warnings == []
    assert outcomes[1].warnings == []  # day 3 names day 2's head, not day 1's
    outcomes = consolidate(central, [folders[1]])  # day 2's stick arrives last
    assert len(outcomes[0].warnings) == 1


def test_old_and_changed_manifests_never_stop_the_import(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folders = _exports(make_stand, tmp_path, rewrite=False)
    old = json.loads((folders[0] / MANIFEST).read_text(encoding="utf-8"))
    del old["audit"]  # an export of a Lapak from before anchors
    (folders[0] / MANIFEST).write_text(json.dumps(old), encoding="utf-8")
    hostile = json.loads((folders[1] / MANIFEST).read_text(encoding="utf-8"))
    hostile["audit"] = {"head": {"id": "1; DROP TABLE x", "hash": [1] * 10}}
    (folders[1] / MANIFEST).write_text(json.dumps(hostile), encoding="utf-8")
    outcomes = consolidate(central, folders[:2])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert outcomes[0].warnings == []
    (warning,) = outcomes[1].warnings
    assert "PLG01" in warning


def test_two_imports_at_once_still_compare(postgres_url: str, tmp_path: Path) -> None:
    """PostgreSQL, two imports of a stand's days at once: the second export's view of an entry
    the first holds uncommitted waits for it, and is compared once it commits."""
    central = open_central(postgres_url)
    first_day = DayImport(
        tmp_path / "PLG01_2026-11-02", "PLG01", DAY1, "a" * 64, "1",
        audit={"head": {"id": 5, "hash": "a" * 64}, "previous": None},
    )  # fmt: skip
    second_day = DayImport(
        tmp_path / "PLG01_2026-11-03", "PLG01", DAY2, "b" * 64, "1",
        audit={"head": {"id": 9, "hash": "c" * 64}, "previous": {"id": 5, "hash": "b" * 64}},
    )  # fmt: skip
    found: list[list[str]] = []
    try:
        with central.engine.begin() as conn:
            conn.execute(insert(CentralStand).values(code="PLG01"))
        with central.engine.connect() as first, central.engine.connect() as second:
            waiting = second.execute(text("SELECT pg_backend_pid()")).scalar_one()
            second.commit()
            with first.begin():
                assert record_heads(first, True, first_day, datetime(2026, 11, 3)) == []

                def import_second() -> None:
                    with second.begin():
                        found.append(record_heads(second, True, second_day, datetime(2026, 11, 4)))

                thread = threading.Thread(target=import_second)
                thread.start()
                with central.engine.connect() as watch:
                    while (
                        thread.is_alive()
                        and not watch.execute(
                            text(
                                "SELECT count(*) FROM pg_stat_activity "
                                "WHERE pid = :pid AND wait_event_type = 'Lock'"
                            ),
                            {"pid": waiting},
                        ).scalar_one()
                    ):
                        watch.rollback()
            thread.join()
    finally:
        central.close()
    (warnings,) = found
    assert len(warnings) == 1
    assert "entri 5 " in warnings[0]
