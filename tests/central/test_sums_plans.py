"""The import builds a stand-day's report sums on PostgreSQL without nested loops (a new
stand's first days are planned before the statistics have seen it), and only those."""

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text
from synthetic import write_day

from pos.services import report_summaries
from pos.services.central_db import open_central
from pos.services.consolidate import consolidate


def _import_a_day(url: str, tmp_path: Path) -> None:
    """One stand's day of three sales, imported into the central database at `url`."""
    folder = write_day(tmp_path / "sticks", "JBR01", date(2026, 3, 2), n_sales=3)
    central = open_central(url)
    try:
        assert [o.status for o in consolidate(central, [folder])] == ["imported"]
    finally:
        central.close()


def test_stand_day_sums_are_planned_without_nested_loops(
    postgres_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    store = report_summaries.store_stand_days

    def watched(conn: Connection, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(conn.execute(text("SHOW enable_nestloop")).scalar_one())
        store(conn, *args, **kwargs)

    def after(conn: Connection, stand_days) -> None:  # type: ignore[no-untyped-def]
        build(conn, stand_days)
        seen.append("after " + conn.execute(text("SHOW enable_nestloop")).scalar_one())

    build = report_summaries.build_days
    monkeypatch.setattr(report_summaries, "store_stand_days", watched)
    monkeypatch.setattr("pos.services.consolidate.build_days", after)
    _import_a_day(postgres_url, tmp_path)
    assert seen[-1] == "after on"  # the rest of the import plans as usual
    assert seen[:-1] and set(seen[:-1]) == {"off"}


def test_a_day_built_at_once_by_another_import_is_retried_without_nested_loops(
    postgres_url: str, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The first attempt meets another import's mark (a unique violation, the savepoint
    rolled back): the next attempt still plans without nested loops, in the same batch."""
    from pos.services import consolidate as consolidate_module

    seen: list[str] = []
    store = report_summaries.store_stand_days
    redone: list[bool] = []

    def clashing(conn: Connection, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        seen.append(conn.execute(text("SHOW enable_nestloop")).scalar_one())
        if len(seen) == 1:  # as another import's mark of the same day would
            conn.execute(text("CREATE TEMP TABLE clash (x int PRIMARY KEY)"))
            conn.execute(text("INSERT INTO clash VALUES (1), (1)"))
        store(conn, *args, **kwargs)

    redo = consolidate_module._Batch._redo
    monkeypatch.setattr(report_summaries, "store_stand_days", clashing)
    monkeypatch.setattr(
        consolidate_module._Batch, "_redo", lambda self: redone.append(True) or redo(self)
    )
    _import_a_day(postgres_url, tmp_path)
    assert len(seen) > 1 and set(seen) == {"off"}
    assert redone == []  # retried inside build_days, not by storing the batch again
