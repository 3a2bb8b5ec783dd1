"""Exports of an older Lapak: without line costs they import with the cost unknown (NULL, and
the outcome says so); without refund_lines.csv a day with voids or refunds is refused with what
to do, and a day without them imports."""

import csv
import hashlib
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from sqlalchemy import select

from pos.cli import main
from pos.core.revenue_split import parse_share
from pos.db.models_central import CentralDay, CentralSale, CentralSaleLine
from pos.services.central_books import central_recap, set_central_split
from pos.services.consolidate import consolidate

DAY1, DAY2 = date(2026, 11, 2), date(2026, 11, 3)
# What the exports of Lapak before discounts (first) and before the central import (second) lacked.
BEFORE_DISCOUNTS = {
    "sales.csv": ("discount_total",),
    "lines.csv": ("list_price", "discount", "sale_discount", "discount_reason", "unit_cost"),
}
BEFORE_COSTS = {"lines.csv": ("unit_cost",)}


def age(folder: Path, columns: dict[str, tuple[str, ...]], files: tuple[str, ...]) -> Path:
    """The export as an older Lapak wrote it: without these columns and files, its manifest
    listing what is left with their sizes and hashes."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    kept = []
    for entry in manifest["files"]:
        path = folder / entry["name"]
        if entry["name"] in files:
            path.unlink()
            continue
        if entry["name"] in columns:
            with open(path, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f))
            keep = [i for i, c in enumerate(rows[0]) if c not in columns[entry["name"]]]
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerows([[r[i] for i in keep] for r in rows])
            path.write_bytes(out.getvalue().encode("utf-8"))
        data = path.read_bytes()
        entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
        kept.append(entry)
    manifest["files"] = kept
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_exports_without_costs_or_discounts_import_with_the_cost_unknown(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 3)
    stand.sell_day(DAY2, 2)
    older = age(stand.export(DAY1, tmp_path / "a"), BEFORE_DISCOUNTS, ("refund_lines.csv",))
    old = age(stand.export(DAY2, tmp_path / "b"), BEFORE_COSTS, ("refund_lines.csv",))
    outcomes = consolidate(central, [older, old])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert all("harga pokok" in o.notes[0] for o in outcomes), outcomes
    with central.reading() as conn:
        costs = conn.execute(select(CentralSaleLine.unit_cost).distinct()).scalars().all()
        discounts = conn.execute(select(CentralSale.discount_total).distinct()).scalars().all()
        days = conn.execute(select(CentralDay.day, CentralDay.total).order_by(CentralDay.day))
        totals = [tuple(row) for row in days]
    assert costs == [None]  # unknown, not zero
    assert discounts == [0]
    assert totals == [(DAY1, stand.report(DAY1).total), (DAY2, stand.report(DAY2).total)]


def test_a_day_with_refunds_but_no_refund_lines_is_refused_saying_what_to_do(
    central, make_stand, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 2, returns=True)
    folder = age(stand.export(DAY1, tmp_path / "sticks"), BEFORE_COSTS, ("refund_lines.csv",))
    [outcome] = consolidate(central, [folder])
    assert outcome.status == "refused"
    assert "refund_lines.csv" in outcome.problems[0]
    assert "pos export --date 2026-11-02" in outcome.problems[0]
    with central.reading() as conn:
        assert conn.execute(select(CentralDay.id)).first() is None
    # the day exported again by this version imports
    assert [o.status for o in consolidate(central, [stand.export(DAY1, tmp_path / "again")])] == [
        "imported"
    ]


def test_the_command_says_which_days_have_no_costs(make_stand, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 2)
    folder = age(stand.export(DAY1, tmp_path / "sticks"), BEFORE_COSTS, ("refund_lines.csv",))
    done = subprocess.run(
        [sys.executable, "-m", "pos", "consolidate", "--into", str(tmp_path / "c.db"), str(folder)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "JBR01 2026-11-02" in done.stderr and "harga pokok" in done.stderr, done.stderr


def _report(capsys, *args: str):  # type: ignore[no-untyped-def]
    code = main(["report", "sales", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_reports_say_which_revenue_has_no_known_cost(
    central, make_stand, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """Profit counts no cost for lines imported without one: the report says so (JSON, text)."""
    stand = make_stand("JBR01")
    stand.sell_day(DAY1, 3)
    stand.sell_day(DAY2, 2)
    old = age(stand.export(DAY1, tmp_path / "a"), BEFORE_COSTS, ("refund_lines.csv",))
    assert [o.status for o in consolidate(central, [old, stand.export(DAY2, tmp_path / "b")])] == [
        "imported", "imported",
    ]  # fmt: skip
    url = central.engine.url.render_as_string(hide_password=False)
    period = ("--central", url, "--from", DAY1.isoformat(), "--to", DAY2.isoformat())
    days = {r["key"]: r for r in json.loads(_report(capsys, *period, "--by", "day", "--json"))}
    first, second = days[DAY1.isoformat()], days[DAY2.isoformat()]
    assert first["net"] > 0 and first["unknown_cost_net"] == first["net"]
    assert first["unknown_cost_sales"] == 3 and first["unknown_cost_qty"] == first["qty"]
    assert (first["profit"], first["profit_at_most"], first["cost"]) == (None, first["net"], 0)
    assert second["unknown_cost_net"] == 0 and second["cost"] > 0
    assert second["profit"] == second["net"] - second["cost"] and "profit_at_most" not in second
    [whole] = json.loads(_report(capsys, *period, "--by", "stand", "--json"))
    assert (whole["unknown_cost_net"], whole["profit"]) == (first["net"], None)
    text = _report(capsys, *period, "--by", "day")
    day_lines = [line for line in text.splitlines() if line.startswith("2026-11-0")]
    assert "≤" in day_lines[0] and "≤" not in day_lines[1]
    assert "harga pokok" in text.splitlines()[-1]
    known = _report(capsys, "--central", url, "--from", DAY2.isoformat(), "--to",
                    DAY2.isoformat(), "--by", "workshop")  # fmt: skip
    assert "≤" not in known and "harga pokok" not in known
    set_central_split(central, date(2026, 1, 1), "profit", [parse_share("pnbp=100")], None)
    recap = central_recap(central, DAY1, DAY2)
    assert recap["unknown_cost_net"] == first["net"] == recap["stands"][0]["unknown_cost_net"]
    assert capsys.readouterr().out == ""
    assert main(["recap", "show", *period]) == 0
    assert "harga pokok" in capsys.readouterr().out.splitlines()[-1]
