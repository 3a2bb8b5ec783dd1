"""`pos report sales`, `pos split`, `pos recap`, `pos deposit` on the month of books_data.py."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "services"))

from books_data import BASE_TOTAL, SHARES, TOTALS, WORKSHOPS, november
from test_cli import pos

from pos.cli import main


@pytest.fixture
def month_db(demo_db, monkeypatch) -> str:  # type: ignore[no-untyped-def]
    november(demo_db, monkeypatch)
    return str(demo_db.path)


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_report_sales_json_rows(month_db, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys,
        "--db",
        month_db,
        "report",
        "sales",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "workshop",
        "--json",
    )
    assert code == 0
    rows = json.loads(out)
    for row in rows:
        assert {"key", "qty", "gross", "discount", "refunds", "net", "cost", "profit"} <= set(row)
    assert sum(r["net"] for r in rows) == TOTALS["net"]
    code, text, _ = run(
        capsys,
        "--db",
        month_db,
        "report",
        "sales",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "payment",
    )
    assert code == 0 and "QRIS" in text
    # the table speaks the interface's language (Indonesian by default), headers included
    heads = text.splitlines()[1].split()
    assert heads == ["Jml", "Bruto", "Diskon", "Pengembalian", "Neto", "HPP", "Laba"], heads
    assert "cara bayar" in text.splitlines()[0] and "payment" not in text


def test_split_recap_and_deposit_from_the_command_line(month_db, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--db", month_db, "split", "list", "--json")
    assert code == 0 and [s["base"] for s in json.loads(out)] == ["profit", "sales"]
    code, out, _ = run(
        capsys, "--db", month_db, "recap", "new", "--from", "2026-11-01", "--to", "2026-11-30"
    )
    assert code == 0 and out.strip() == "DEMO-K2026-0001"
    code, out, _ = run(capsys, "--db", month_db, "recap", "list", "--json")
    listed = json.loads(out)
    assert listed[0]["recap_no"] == "DEMO-K2026-0001"
    assert (listed[0]["from"], listed[0]["to"], listed[0]["base_total"]) == (
        "2026-11-01",
        "2026-11-30",
        BASE_TOTAL,
    )
    assert listed[0]["base"] == "profit+sales"
    code, out, _ = run(capsys, "--db", month_db, "recap", "list")
    assert code == 0 and "laba+penjualan" in out and "profit" not in out
    code, out, _ = run(capsys, "--db", month_db, "recap", "show", "DEMO-K2026-0001", "--json")
    shown = json.loads(out)
    assert shown["base_total"] == BASE_TOTAL and shown["shares"] == SHARES
    assert {w["name"]: (w["base_total"], w["shares"]) for w in shown["workshops"]} == WORKSHOPS
    pdf = Path(month_db).parent / "rekap.pdf"
    code, out, _ = run(
        capsys, "--db", month_db, "recap", "show", "DEMO-K2026-0001", "--out", str(pdf)
    )
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    owed = SHARES["PNBP"]
    code, out, err = run(
        capsys,
        "--db",
        month_db,
        "deposit",
        "add",
        "DEMO-K2026-0001",
        "--billing",
        "820123456789012",
        "--ntpn",
        "0A1B2C3D4E5F6G7H",
        "--bank",
        "BRI",
        "--date",
        "2026-11-30",
        "--amount",
        str(owed),
    )
    assert code == 0 and err == ""
    code, out, err = run(
        capsys,
        "--db",
        month_db,
        "deposit",
        "add",
        "DEMO-K2026-0001",
        "--billing",
        "820123456789013",
        "--ntpn",
        "0A1B2C3D4E5F6G7J",
        "--bank",
        "BRI",
        "--date",
        "2026-11-30",
        "--amount",
        "1000",
    )
    assert code == 0 and "Rp1.000" in err  # over what is owed: recorded, with a warning
    code, out, _ = run(capsys, "--db", month_db, "deposit", "list", "--json")
    assert [d["amount"] for d in json.loads(out)] == [owed, 1000]
    assert json.loads(out)[0]["billing_code"] == "820123456789012"
    code, out, _ = run(
        capsys, "--db", month_db, "deposit", "target", "2026", "--set", "150000", "--json"
    )
    assert json.loads(out) == {
        "year": 2026,
        "target": 150000,
        "owed": owed,
        "deposited": owed + 1000,
    }


def test_bad_input_is_one_line_and_changes_nothing(month_db, capsys) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("split", "set", "--from", "2026-12-01", "--base", "sales", "a=50", "b=40"),
        ("split", "set", "--from", "2026-12-01", "--base", "sales", "a=110", "b=-10"),
        (
            "deposit",
            "add",
            "NOPE",
            "--billing",
            "12345",
            "--ntpn",
            "0A1B2C3D4E5F6G7H",
            "--bank",
            "BRI",
            "--date",
            "2026-11-30",
            "--amount",
            "5",
        ),
        ("recap", "show", "DEMO-K2026-0042"),
    ):
        code, out, err = run(capsys, "--db", month_db, *args)
        assert code == 1 and out == "" and len(err.strip().splitlines()) == 1, (args, err)
    code, out, _ = run(capsys, "--db", month_db, "split", "list", "--json")
    assert len(json.loads(out)) == 2


def test_report_sales_refuses_an_unknown_key(tmp_path: Path) -> None:
    done = pos(
        "--db",
        str(tmp_path / "l.db"),
        "report",
        "sales",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--by",
        "colour",
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_report_sales_shows_the_top_rows_unless_all(month_db, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pos.services import books

    monkeypatch.setattr(books, "TOP_ROWS", 2)
    args = ("--db", month_db, "report", "sales", "--from", "2026-11-01", "--to", "2026-11-30")
    code, out, _ = run(capsys, *args, "--by", "product", "--json")
    every = json.loads(out)
    assert code == 0 and len(every) > 3  # JSON: always every row
    code, text, _ = run(capsys, *args, "--by", "product")
    lines = text.splitlines()[2:]
    assert code == 0 and len(lines) == 2 + 1 + 1  # two products, the others, the total
    assert f"{len(every) - 2} lainnya" in lines[2]
    code, text, _ = run(capsys, *args, "--by", "product", "--all")
    assert code == 0 and len(text.splitlines()[2:]) == len(every) + 1
