"""Check a built bundle: it runs `init`, lists the demo catalog, and the window starts offscreen."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# PRODUCT.md: under 150 MB. Counted in MiB, as du -sh shows it.
MAX_SIZE_MB = 150


def run(exe: Path, *args: str, extra_env: dict[str, str] | None = None) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(extra_env or {})}
    out = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)
    if out.returncode != 0:
        sys.exit(f"FAILED: {exe.name} {' '.join(args)}\n{out.stdout}\n{out.stderr}")
    return out.stdout


def folder_size_mb(folder: Path) -> float:
    # PyInstaller links some libraries under two names: count each file once.
    files = (f for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) / 2**20


def main() -> None:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/lapak")
    exe = bundle / ("lapak.exe" if os.name == "nt" else "lapak")
    # python-escpos dies on import without its printer profiles.
    profiles = bundle / "_internal" / "escpos" / "capabilities.json"
    if not profiles.is_file():
        sys.exit(f"FAILED: {profiles} is missing")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "lapak.db")
        print(run(exe, "--db", db, "init").strip())
        products = json.loads(run(exe, "--db", db, "--demo", "catalog", "list", "--json"))
        assert len(products) >= 40, len(products)
        run(exe, "--db", db, extra_env={"LAPAK_EXIT_WHEN_READY": "1"})
        # reportlab loads its barcode modules by name: a bundle without them dies here.
        labels = Path(tmp) / "labels.pdf"
        run(
            exe,
            "--db",
            db,
            "labels",
            "--template",
            "tnj-103",
            "--out",
            str(labels),
            "KK-NAS-500:2",
            "MK-TMP-01:1",
        )
        assert labels.read_bytes().startswith(b"%PDF"), "no label PDF"
        # A real ESC/POS receipt through python-escpos (its profiles, its barcode), to a file.
        device = Path(tmp) / "lp0"
        device.write_bytes(b"")
        run(exe, "--db", db, "config", "set", "printer.receipt", f"escpos-file:{device}")
        run(exe, "--db", db, "print-test", "receipt")
        receipt = device.read_bytes()
        assert receipt.startswith(b"\x1b@\x1bt\x00") and b"\x1dV" in receipt, receipt[:40]
        out = Path(tmp) / "stick"
        out.mkdir()
        run(exe, "--db", db, "export", "--to", str(out))
        exported = next(out.iterdir())
        run(exe, "verify-export", str(exported))
    size = folder_size_mb(bundle)
    print(
        f"bundle OK: init, demo catalog ({len(products)} products), window, labels, "
        f"ESC/POS receipt, export; "
        f"{size:.0f} MB"
    )
    if size > MAX_SIZE_MB:
        sys.exit(f"FAILED: bundle is {size:.0f} MB, over {MAX_SIZE_MB} MB")


if __name__ == "__main__":
    main()
