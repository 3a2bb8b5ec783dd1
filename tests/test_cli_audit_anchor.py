"""`pos audit verify --anchor ID:HASH | --anchor-file MANIFEST`: a rewritten chain is named."""

import json
from pathlib import Path

import pytest
from chain_rewrite import rewrite_sale
from plain_verify import verify_in_fresh_python

from pos.cli import main

SRC = str(Path(__file__).resolve().parents[1])


def _sell(path: Path) -> str:
    from pos.core.cart import Cart
    from pos.db.session import Database
    from pos.services import catalog, sales
    from pos.services.auth import system_actor

    db = Database(path)
    try:
        product = catalog.find_by_code(db, "KK-NAS-500")
        cart = Cart()
        cart.add(product.id, product.sku, product.name, product.price)
        return sales.checkout_cash(db, system_actor(db), cart, 100_000).receipt_no
    finally:
        db.close()


@pytest.fixture
def exported(capsys, tmp_path: Path) -> tuple[Path, Path, str]:  # type: ignore[no-untyped-def]
    """A demo database with a closed shift of one sale, exported: (database, folder, receipt)."""
    path = tmp_path / "d.db"
    db = ["--db", str(path)]
    assert main([*db, "--demo", "init"]) == 0
    assert main([*db, "shift", "open", "--float", "100000"]) == 0
    receipt = _sell(path)
    assert main([*db, "shift", "close", "--counted", "100000"]) == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    assert main([*db, "export", "--to", str(stick)]) == 0
    capsys.readouterr()
    (folder,) = stick.iterdir()
    return path, folder, receipt


def _verify(capsys, path: Path, *options: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(path), "audit", "verify", *options])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_intact_chain_matches_its_anchors(capsys, exported) -> None:  # type: ignore[no-untyped-def]
    path, folder, _receipt = exported
    head = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["audit"]["head"]
    code, out, err = _verify(
        capsys,
        path,
        "--anchor-file",
        str(folder),
        "--anchor-file",
        str(folder / "manifest.json"),
        "--anchor",
        f"{head['id']}:{head['hash'][:16]}",
    )
    assert (code, err) == (0, "")
    assert "3 diperiksa" in out
    assert "Log audit utuh" in out


def test_a_rewritten_chain_fails_its_anchor(capsys, exported) -> None:  # type: ignore[no-untyped-def]
    path, folder, receipt = exported
    rewrite_sale(path, receipt, 1)
    assert _verify(capsys, path)[0] == 0  # the chain alone says intact
    code, out, err = _verify(capsys, path, "--anchor-file", str(folder))
    head = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["audit"]["head"]
    assert (code, err) == (1, "")
    assert f"entri audit {head['id']} " in out
    assert "utuh" not in out


@pytest.mark.parametrize(
    "options",
    [
        ("--anchor", "12"),
        ("--anchor", "abc:0123456789abcdef"),
        ("--anchor-file", "/no/such/manifest.json"),
    ],
)
def test_bad_anchors_are_usage_errors(capsys, exported, options: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    path, _folder, _receipt = exported
    with pytest.raises(SystemExit) as done:
        main(["--db", str(path), "audit", "verify", *options])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("pos audit verify:")


def test_checking_an_anchor_file_imports_no_sqlalchemy(exported) -> None:  # type: ignore[no-untyped-def]
    path, folder, _receipt = exported
    assert verify_in_fresh_python(path, "--anchor-file", str(folder))[-1] == "plain 0"


def test_the_usual_opening_checks_anchors_too(capsys, exported) -> None:  # type: ignore[no-untyped-def]
    path, folder, receipt = exported
    # --demo sends verify the usual way (the ORM); the answers are the same.
    code, out, _err = _verify_usual(capsys, path, "--anchor-file", str(folder))
    assert code == 0
    assert "1 diperiksa" in out
    rewrite_sale(path, receipt, 1)
    code, out, _err = _verify_usual(capsys, path, "--anchor-file", str(folder))
    assert code == 1
    assert "tidak lagi cocok" in out


def _verify_usual(capsys, path: Path, *options: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--db", str(path), "--demo", "audit", "verify", *options])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_and_z_say_the_head(capsys, exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _folder, _receipt = exported
    stick = tmp_path / "stick2"
    stick.mkdir()
    assert main(["--db", str(path), "export", "--to", str(stick)]) == 0
    lines = capsys.readouterr().out.splitlines()
    (folder,) = stick.iterdir()
    head = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["audit"]["head"]
    anchor = f"{head['id']}:{head['hash'][:16]}"
    assert "aman dicabut" in lines[0]  # the line scripts read stays first, as it was
    assert lines[1] == f"Kepala audit: {anchor} (catat di buku kantor)."
    assert _verify(capsys, path, "--anchor", anchor)[0] == 0

    assert main(["--db", str(path), "shift", "z", "1"]) == 0
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if line.startswith("Kepala audit")]
    z_anchor = row.split()[-1]
    assert f"pos audit verify --anchor {z_anchor}" in out  # the terminal has room to explain
    assert _verify(capsys, path, "--anchor", z_anchor)[0] == 0
