"""`pos receipt NO --print` and `pos print-test`, run as real processes."""

import os
import subprocess
import sys
from pathlib import Path

from escpos_decoder import decode
from printer_fakes import FakeNetworkPrinter, closed_port

from pos.core.cart import Cart
from pos.services import catalog, sales, settings


def pos(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_receipt_print_and_print_test(demo_db, cashier, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cart = Cart()
    p = catalog.find_by_code(demo_db, "KK-NAS-500")
    cart.add(p.id, p.sku, p.name, p.price)
    sale = sales.checkout_cash(demo_db, cashier, cart, 65_000)
    db = str(demo_db.path)

    nothing = pos("--db", db, "receipt", sale.receipt_no)
    assert nothing.returncode == 1 and "--print" in nothing.stderr
    unset = pos("--db", db, "receipt", sale.receipt_no, "--print")
    assert unset.returncode == 1 and "printer" in unset.stderr.lower()
    assert "Traceback" not in unset.stderr

    settings.set_from_text(demo_db, "printer.receipt", f"escpos-net:127.0.0.1:{closed_port()}")
    dead = pos("--db", db, "receipt", sale.receipt_no, "--print")
    assert dead.returncode == 1 and "TIDAK dicetak" in dead.stderr

    printer = FakeNetworkPrinter()
    try:
        settings.set_from_text(demo_db, "printer.receipt", printer.spec)
        out = tmp_path / "r.pdf"
        done = pos(
            "--db", db, "receipt", sale.receipt_no, "--print", "--out", str(out), "--width", "58"
        )
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")
        again = pos("--db", db, "receipt", sale.receipt_no, "--print")
        assert again.returncode == 0, again.stderr
        test = pos("--db", db, "print-test", "receipt")
        assert test.returncode == 0, test.stderr
        first, copy, sample = (decode(bytes(j.data)) for j in printer.wait_for_jobs(3))
    finally:
        printer.close()
    assert max(len(t) for t in first.texts) == 32  # --width 58
    assert "SALINAN" not in first.texts and "SALINAN" in copy.texts
    assert "TES CETAK" in sample.texts

    no_label = pos("--db", db, "print-test", "label")
    assert no_label.returncode == 1 and "label" in no_label.stderr.lower()
