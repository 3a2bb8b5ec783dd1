"""`pos user ...` and `pos init --admin-pin`: exit codes, messages, and no PIN in any output."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db_arg(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "lapak.db")]


def test_init_with_admin_pin_then_manage_users(capsys, db_arg) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(capsys, *db_arg, "init", "--admin-pin", "4321")
    assert code == 0 and "Admin" in out and "4321" not in out
    assert run(capsys, *db_arg, "user", "add", "Sari", "--role", "kasir", "--pin", "1111")[0] == 0
    assert (
        run(capsys, *db_arg, "user", "add", "Pak Joko", "--role", "supervisor", "--pin", "2222")[0]
        == 0
    )
    code, out, _err = run(capsys, *db_arg, "user", "list", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"name": "Admin", "role": "admin", "active": True, "has_pin": True},
        {"name": "Pak Joko", "role": "supervisor", "active": True, "has_pin": True},
        {"name": "Sari", "role": "kasir", "active": True, "has_pin": True},
    ]
    assert "argon2" not in out and "1111" not in out

    assert run(capsys, *db_arg, "user", "set-pin", "sari", "--pin", "5555")[0] == 0
    assert run(capsys, *db_arg, "user", "set-role", "Sari", "--role", "supervisor")[0] == 0
    code, out, _err = run(capsys, *db_arg, "user", "deactivate", "Pak Joko")
    assert code == 0 and "Pak Joko" in out
    code, out, _err = run(capsys, *db_arg, "user", "list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["Admin", "Sari", "Pak"]
    assert "nonaktif" in out.splitlines()[-1]

    from pos.services import login
    from pos.services.setup import init_database

    db = init_database(db_arg[1])
    try:
        assert login.authenticate_pin(db, "5555").role == "supervisor"
        assert login.authenticate_pin(db, "4321").role == "admin"
    finally:
        db.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("user", "add", "Rina", "--role", "kasir", "--pin", "12ab"), "4 sampai 8 angka"),
        (("user", "add", "Rina", "--role", "kasir", "--pin", "123"), "4 sampai 8 angka"),
        (("user", "add", "Rina", "--role", "kasir", "--pin", "123456789"), "4 sampai 8 angka"),
        (("user", "add", "Rina", "--role", "kasir", "--pin", "9999"), "sudah dipakai"),
        (("user", "add", "Rina", "--role", "bos", "--pin", "5555"), "Peran bos"),
        (("user", "add", "Admin", "--role", "kasir", "--pin", "5555"), "Sudah ada"),
        (("user", "set-pin", "Nobody", "--pin", "5555"), "Tidak ada pengguna"),
        (("user", "deactivate", "Admin"), "admin terakhir"),
        (("init", "--admin-pin", "5555"), "sudah punya PIN"),
    ],
)
def test_bad_input_is_one_clear_line(capsys, db_arg, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, *db_arg, "init", "--admin-pin", "9999")[0] == 0
    code, out, err = run(capsys, *db_arg, *args)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "9999" not in err and "5555" not in err
    code, out, _err = run(capsys, *db_arg, "user", "list", "--json")
    assert [u["name"] for u in json.loads(out)] == ["Admin"]  # nothing changed


def test_the_pin_can_come_from_stdin(capsys, db_arg, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("8642\n"))
    assert run(capsys, *db_arg, "init", "--admin-pin", "-")[0] == 0
    from pos.services import login
    from pos.services.setup import init_database

    db = init_database(db_arg[1])
    try:
        assert login.authenticate_pin(db, "8642").name == "Admin"
    finally:
        db.close()


def test_unlock_lifts_a_lockout(capsys, db_arg) -> None:  # type: ignore[no-untyped-def]
    from pos.services import login
    from pos.services.setup import init_database

    assert run(capsys, *db_arg, "init", "--admin-pin", "9999")[0] == 0
    db = init_database(db_arg[1])
    try:
        for _ in range(5):
            with pytest.raises((login.WrongPin, login.LoginLocked)):
                login.authenticate_pin(db, "0000")
        with pytest.raises(login.LoginLocked):
            login.authenticate_pin(db, "9999")
        assert run(capsys, *db_arg, "user", "unlock")[0] == 0
        assert login.authenticate_pin(db, "9999").name == "Admin"
    finally:
        db.close()


def test_demo_users_from_a_real_process(tmp_path: Path) -> None:
    """As a person runs it: real argon2 cost, the demo's four users, PINs never printed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pos",
            "--db",
            str(tmp_path / "d.db"),
            "--demo",
            "user",
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    listed = {u["name"]: u["role"] for u in json.loads(done.stdout)}
    assert listed == {"Admin": "admin", "Pak Joko": "supervisor", "Sari": "kasir", "Budi": "kasir"}
    for pin in ("9999", "2222", "1111", "3333"):
        assert pin not in done.stdout + done.stderr
