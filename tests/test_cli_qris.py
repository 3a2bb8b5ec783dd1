"""`pos config set qris.static` checks the payload; `pos qris --amount N --png FILE` prints the
dynamic payload and writes a QR code that decodes back to it."""

import shutil
import subprocess
from pathlib import Path

import pytest
from test_cli import pos

from pos.core.qris import parse

STATIC = (
    "00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI"
    "51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE "
    "OK12295776006KEDIRI61056421262070703A0163047127"
)


def test_set_static_then_amount_with_png(tmp_path: Path) -> None:
    db = str(tmp_path / "lapak.db")
    missing = pos("--db", db, "--lang", "en", "qris", "--amount", "570000")
    assert missing.returncode == 1
    assert "No QRIS is set" in missing.stderr and "Traceback" not in missing.stderr

    bad = pos("--db", db, "--lang", "en", "config", "set", "qris.static", STATIC[:-1] + "8")
    assert bad.returncode == 1
    assert "CRC" in bad.stderr and "Traceback" not in bad.stderr
    assert pos("--db", db, "--lang", "en", "qris", "--amount", "1").returncode == 1  # not stored

    assert pos("--db", db, "config", "set", "qris.static", STATIC).returncode == 0
    png = tmp_path / "qris.png"
    done = pos("--db", db, "qris", "--amount", "570.000", "--png", str(png))
    assert done.returncode == 0, done.stderr
    payload = done.stdout.splitlines()[0]
    built = parse(payload)
    assert (built.amount, built.dynamic) == (570_000, True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg (zbar-tools) is not installed")
    decoded = subprocess.run(
        ["zbarimg", "--nodbus", "-q", "--raw", str(png)], capture_output=True, text=True
    )
    assert decoded.stdout.strip() == payload


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "10000000000000"])
def test_bad_amounts_are_refused(tmp_path: Path, amount: str) -> None:
    db = str(tmp_path / "lapak.db")
    assert pos("--db", db, "config", "set", "qris.static", STATIC).returncode == 0
    done = pos("--db", db, "qris", f"--amount={amount}", "--png", str(tmp_path / "q.png"))
    assert done.returncode != 0
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert not (tmp_path / "q.png").exists()
