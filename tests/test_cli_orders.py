"""`pos order ...` and `pos kuitansi`, run as real processes: the 40-chair order taken at a desk
from WhatsApp, paid in three parts, picked up, then in the day report and the export."""

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from pdfs import layout_text


def pos(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_forty_chairs_through_the_command_line(tmp_path: Path) -> None:
    from pos.services import settings, shifts
    from pos.services.auth import default_actor, system_actor
    from pos.services.setup import init_database, load_demo

    path = tmp_path / "lapak.db"
    db = init_database(path)
    load_demo(db, system_actor(db))
    shifts.open_shift(db, default_actor(db), 100_000)  # the app is open at the counter
    today = settings.stand_now(db).date()
    db.close()
    base = ("--db", str(path))
    due = (today + timedelta(days=14)).isoformat()

    made = pos(*base, "order", "new", "--customer", "SD Negeri 3", "--phone", "0812 3456 7890",
               "--channel", "whatsapp", "--due", due, "MB-KRS-JTI:40")  # fmt: skip
    assert made.returncode == 0, made.stderr
    order_no = made.stdout.strip()
    assert order_no == f"DEMO-PO-{today.year}-0001"
    first = pos(*base, "order", "pay", order_no, "--amount", "10000000")
    assert first.returncode == 0, first.stderr
    assert f"DEMO-KW-{today.year}-0001" in first.stdout and "Rp24.000.000" in first.stdout
    second = pos(*base, "order", "pay", order_no, "--amount", "14000000", "--method", "transfer",
                 "--reference", "TRX-77", "--bank", "BRI")  # fmt: skip
    assert second.returncode == 0 and "Rp10.000.000" in second.stdout
    too_much = pos(*base, "order", "pay", order_no, "--amount", "10000001")
    assert too_much.returncode == 1 and "Rp10.000.000" in too_much.stderr
    assert "Traceback" not in too_much.stderr
    assert pos(*base, "order", "status", order_no, "siap").returncode == 0
    third = pos(*base, "order", "pay", order_no, "--amount", "10000000")
    assert third.returncode == 0 and "Rp0" in third.stdout

    pdf = tmp_path / "kw2.pdf"
    written = pos(*base, "kuitansi", f"DEMO-KW-{today.year}-0002", "--out", str(pdf))
    assert written.returncode == 0, written.stderr
    assert "Terbilang: Empat belas juta rupiah" in layout_text(pdf)

    picked = pos(*base, "order", "pickup", order_no)
    assert picked.returncode == 0, picked.stderr
    listed = pos(*base, "order", "list", "--json")
    [row] = json.loads(listed.stdout)
    assert {k: row[k] for k in ("order_no", "customer", "status", "total", "paid", "balance")} == {
        "order_no": order_no, "customer": "SD Negeri 3", "status": "diambil",
        "total": 34_000_000, "paid": 34_000_000, "balance": 0,
    }  # fmt: skip
    assert row["due"] == due
    assert json.loads(pos(*base, "order", "list", "--json", "--open").stdout) == []

    day = json.loads(pos(*base, "report", "day", "--json").stdout)
    assert day["total"] == 34_000_000 and day["payments"] == {"pesanan": 34_000_000}
    assert day["orders"]["received"] == {"transfer": 14_000_000, "tunai": 20_000_000}
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = pos(*base, "export", "--to", str(stick))
    assert exported.returncode == 0, exported.stderr
    [folder] = list(stick.iterdir())
    lines = (folder / "order_payments.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all(order_no in line for line in lines[1:])


def test_bad_order_input_is_one_line_on_stderr(tmp_path: Path) -> None:
    base = ("--db", str(tmp_path / "lapak.db"), "--demo")
    soon = (date.today() + timedelta(days=30)).isoformat()
    for args, expected in (
        (("--due", "2020-01-01", "MB-KRS-JTI:1"), "sudah lewat"),
        (("--due", "besok", "MB-KRS-JTI:1"), "bukan tanggal"),
        (("--due", soon, "Lemari="), "KETERANGAN=HARGA"),
        (("--due", soon, "NOPE:1"), "NOPE"),
        (("--due", "2099-01-01", "MB-KRS-JTI:1"), "tiga tahun"),
    ):
        done = pos(*base, "order", "new", "--customer", "A", *args)
        assert done.returncode != 0 and expected in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    listed = pos(*base, "order", "list", "--json")
    assert json.loads(listed.stdout) == []
