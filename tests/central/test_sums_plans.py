"""The import builds a stand-day's report sums on PostgreSQL without nested loops (a new
stand's first days are planned before the statistics have seen it), and only those."""

from datetime import date
from pathlib import Path

from sqlalchemy import Connection, text
from synthetic import write_day

from pos.services import report_summaries
from pos.services.central_db import open_central
from pos.services.consolidate import consolidate


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
    folder = write_day(tmp_path / "sticks", "JBR01", date(2026, 3, 2), n_sales=3)
    central = open_central(postgres_url)
    try:
        assert [o.status for o in consolidate(central, [folder])] == ["imported"]
    finally:
        central.close()
    assert seen[-1] == "after on"  # the rest of the import plans as usual
    assert seen[:-1] and set(seen[:-1]) == {"off"}
