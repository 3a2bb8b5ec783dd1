"""`consolidate`: verified exports into the central database, once, on SQLite and PostgreSQL."""

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from pos.db.models_central import (
    CentralDay,
    CentralPayment,
    CentralRefund,
    CentralReplacement,
    CentralSale,
    CentralSaleLine,
)
from pos.services.central_db import CentralDb
from pos.services.consolidate import consolidate, find_exports

DAY1, DAY2 = date(2026, 11, 2), date(2026, 11, 3)


def counts(central: CentralDb) -> dict[str, int]:
    with central.reading() as conn:
        return {
            model.__tablename__: int(
                conn.execute(select(func.count()).select_from(model)).scalar_one()
            )
            for model in (CentralDay, CentralSale, CentralSaleLine, CentralPayment, CentralRefund)
        }


def run(central: CentralDb, *paths: Path) -> list[str]:
    folders, refused = find_exports(paths)
    return [o.status for o in refused + consolidate(central, folders)]


def test_import_then_again_changes_nothing(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sticks = tmp_path / "sticks"
    for code in ("JBR01", "PLG02"):
        stand = make_stand(code)
        for day in (DAY1, DAY2):
            stand.sell_day(day, 3, returns=day == DAY2)
            stand.export(day, sticks / code)
    seen: list[tuple[int, int, str]] = []
    folders, _ = find_exports([sticks])
    outcomes = consolidate(central, folders, lambda n, total, o: seen.append((n, total, o.status)))
    assert [o.status for o in outcomes] == ["imported"] * 4
    assert seen == [(n, 4, "imported") for n in (1, 2, 3, 4)]
    first = counts(central)
    # 3 sales a day per stand, and the day with returns one more (voided)
    assert first["central_sales"] == 2 * (3 + 4)
    assert first["central_refunds"] == 2 * 2
    assert first["central_days"] == 4

    assert run(central, sticks) == ["unchanged"] * 4
    assert counts(central) == first
    with central.reading() as conn:
        stands = conn.execute(select(CentralSale.stand).distinct().order_by(CentralSale.stand))
        assert [s for (s,) in stands] == ["JBR01", "PLG02"]


def test_two_stands_with_the_same_receipt_numbers_never_collide(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folders = []
    for code in ("A1", "B1"):
        stand = make_stand(code)
        stand.sell_day(DAY1, 2)
        folders.append(stand.export(DAY1, tmp_path / "sticks"))
    assert run(central, *folders) == ["imported", "imported"]
    with central.reading() as conn:
        keys = conn.execute(select(CentralSale.stand, CentralSale.receipt_no)).all()
    assert sorted(keys) == [
        ("A1", "A1-20261102-0001"), ("A1", "A1-20261102-0002"),
        ("B1", "B1-20261102-0001"), ("B1", "B1-20261102-0002"),
    ]  # fmt: skip


def _tamper(folder: Path, name: str) -> None:
    path = folder / name
    path.write_bytes(path.read_bytes().replace(b"100000", b"900000", 1))


def test_a_corrupted_export_is_refused_whole_and_the_others_import(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    good, bad = [], []
    for day in (DAY1, DAY2):
        stand.sell_day(day, 2)
    good = stand.export(DAY1, tmp_path / "sticks")
    bad = stand.export(DAY2, tmp_path / "sticks")
    (bad / "payments.csv").write_bytes((bad / "payments.csv").read_bytes() + b"x")
    folders, _ = find_exports([tmp_path / "sticks"])
    outcomes = consolidate(central, folders)
    assert [o.status for o in outcomes] == ["imported", "refused"]
    assert outcomes[1].folder == bad
    assert any("payments.csv" in p for p in outcomes[1].problems)
    assert counts(central)["central_days"] == 1
    with central.reading() as conn:
        days = conn.execute(select(CentralSale.day).distinct()).scalars().all()
    assert days == [DAY1] and good.exists()


def _rewrite_consistently(folder: Path, name: str, change) -> None:  # type: ignore[no-untyped-def]
    """Change a file and its manifest entry, as a forger would: verification alone passes."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["name"] == name:
            data = path.read_bytes()
            entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_hostile_cells_refuse_the_export(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 2)
    cases = {
        "foreign": lambda rows: rows[1].__setitem__(0, "PLG02-20261102-0001"),
        "negative": lambda rows: rows[1].__setitem__(5, "-5"),
        "control": lambda rows: rows[1].__setitem__(2, "Sari\x00"),
        "total": lambda rows: rows[1].__setitem__(5, "1"),
    }
    for name, change in cases.items():
        folder = stand.export(DAY1, tmp_path / name)
        _rewrite_consistently(folder, "sales.csv", change)
        outcome = consolidate(central, [folder])[0]
        assert outcome.status == "refused", name
        assert outcome.problems, name
    assert counts(central)["central_sales"] == 0


def test_a_corrected_re_export_replaces_the_day_and_is_logged(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 2)
    first = stand.export(DAY1, tmp_path / "sticks")
    stand.sell_day(DAY1, 3)  # the stand sold more that day and exported again
    second = stand.export(DAY1, tmp_path / "sticks")
    assert second.name == "JBR01_2026-11-02_2"
    assert run(central, first) == ["imported"]
    assert run(central, second) == ["replaced"]
    assert counts(central)["central_sales"] == 5
    sha = {
        f: hashlib.sha256((f / "manifest.json").read_bytes()).hexdigest() for f in (first, second)
    }
    with central.reading() as conn:
        log = conn.execute(
            select(
                CentralReplacement.old_sha256,
                CentralReplacement.new_sha256,
                CentralReplacement.new_folder,
            )
        ).all()
        day = conn.execute(select(CentralDay.manifest_sha256, CentralDay.sales_count)).one()
    assert log == [(sha[first], sha[second], second.name)]
    assert tuple(day) == (sha[second], 5)
    # the old stick again: the correction stays; the corrected one again: unchanged
    assert run(central, first) == ["superseded"]
    assert run(central, second) == ["unchanged"]
    assert counts(central)["central_sales"] == 5


def test_a_folder_of_sticks_and_a_path_without_exports(central, make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 1)
    stand.export(DAY1, tmp_path / "office" / "stick-1" / "LAPAK")
    (tmp_path / "office" / "stick-2").mkdir()
    (tmp_path / "empty").mkdir()
    assert run(central, tmp_path / "office", tmp_path / "empty") == ["refused", "imported"]


def test_documents_already_imported_from_another_day_refuse_only_that_export(
    central, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A stick whose manifest says another day for receipts already imported: that export is
    refused with a clear reason, and the exports before and after it in the same run import."""
    import shutil

    from synthetic import write_day

    first = write_day(tmp_path / "sticks", "JBR01", DAY1, n_sales=3)
    later = write_day(tmp_path / "sticks", "JBR01", date(2026, 11, 5), n_sales=3)
    copied = shutil.copytree(first, tmp_path / "sticks" / "JBR01_copied")
    manifest = json.loads((copied / "manifest.json").read_text(encoding="utf-8"))
    manifest["date"] = DAY2.isoformat()
    (copied / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    outcomes = consolidate(central, [first, copied, later])
    assert [o.status for o in outcomes] == ["imported", "refused", "imported"]
    assert "sudah diimpor dari hari atau lapak lain" in outcomes[1].problems[0]
    assert counts(central)["central_sales"] == 6
    assert counts(central)["central_days"] == 2
    again = consolidate(central, [copied])
    assert [o.status for o in again] == ["refused"]
    assert counts(central)["central_sale_lines"] == 12


def test_a_central_database_of_a_newer_lapak_is_refused(central_url: str) -> None:
    """The schema check is the stand's (migrate.refuse_newer), said as the central's problem."""
    import pytest
    from sqlalchemy import text

    from pos.services.central_db import CentralProblem, open_central

    open_central(central_url).close()
    central = open_central(central_url)
    with central.writing() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    central.close()
    with pytest.raises(CentralProblem, match="9999"):
        open_central(central_url)
