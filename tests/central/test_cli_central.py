"""`pos consolidate` and `pos central` as real processes: exit codes, messages, JSON."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from synthetic import write_day


def pos(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LAPAK_CENTRAL", None)
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_consolidate_names_a_bad_export_and_imports_the_rest(tmp_path: Path) -> None:
    central = str(tmp_path / "office" / "central.db")
    sticks = tmp_path / "sticks"
    good = write_day(sticks, "JBR01", date(2026, 1, 1), n_sales=5)
    bad = write_day(sticks, "JBR01", date(2026, 1, 2), n_sales=5)
    (bad / "sales.csv").write_text("receipt_no\r\n", encoding="utf-8")
    done = pos("consolidate", "--into", central, str(sticks))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "[1/2] JBR01 2026-01-01: diimpor (5 penjualan)" in done.stderr
    assert str(bad) in done.stderr and "sales.csv" in done.stderr
    assert "1 diimpor" in done.stdout and "1 ditolak" in done.stdout
    again = pos("consolidate", "--into", central, str(good))
    assert again.returncode == 0 and "1 tidak berubah" in again.stdout

    assert pos("central", "stand", "JBR01", "--central", central, "--name", "Lapak Jember",
               "--regency", "Jember").returncode == 0  # fmt: skip
    listed = pos("central", "stands", "--central", central, "--json")
    assert listed.returncode == 0, listed.stderr
    [stand] = json.loads(listed.stdout)
    assert (stand["code"], stand["name"], stand["last_day"], stand["days"]) == (
        "JBR01", "Lapak Jember", "2026-01-01", 1,
    )  # fmt: skip
    report = pos("central", "report", "--central", central, "--from", "2026-01-01",
                 "--to", "2026-12-31", "--regency", "Jember", "--json")  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert "pos report sales --central" in report.stderr  # the one report, under its old name
    [figures] = json.loads(report.stdout)
    assert (figures["key"], figures["sales"]) == ("JBR01", 5)

    books = pos("report", "sales", "--central", central, "--from", "2026-01-01", "--to",
                "2026-01-31", "--by", "regency", "--regency", "Jember", "--json")  # fmt: skip
    assert books.returncode == 0, books.stderr
    [row] = json.loads(books.stdout)
    assert (row["key"], row["sales"], row["net"]) == ("Jember", 5, figures["net"])
    stand_db = str(tmp_path / "stand" / "lapak.db")
    refused = pos("--db", stand_db, "report", "sales", "--from", "2026-01-01", "--to",
                  "2026-01-31", "--by", "stand", "--stand", "JBR01")  # fmt: skip
    assert refused.returncode == 1 and "--central" in refused.stderr


def test_bad_central_databases_are_one_clear_line(tmp_path: Path) -> None:
    folder = write_day(tmp_path, "JBR01", date(2026, 1, 1), n_sales=1)
    for url, words in (
        ("mysql://u:secret@localhost/x", "PostgreSQL"),
        ("postgresql://office:secret@127.0.0.1:1/lapak", "127.0.0.1:1"),
        (str(tmp_path / "notes.txt"), "notes.txt"),
    ):
        (tmp_path / "notes.txt").write_text("not a database\n" * 20)
        done = pos("consolidate", "--into", url, str(folder))
        assert done.returncode == 1, url
        assert words in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "secret" not in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    unknown = pos("central", "report", "--central", str(tmp_path / "c.db"), "--from",
                  "2026-01-01", "--to", "2026-01-31", "--stand", "NOPE")  # fmt: skip
    assert unknown.returncode == 1 and "NOPE" in unknown.stderr
