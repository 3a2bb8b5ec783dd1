"""No traceback reaches a user: each probe gives one clear line on stderr and a non-zero exit."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def pos(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pos", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def refused(out: subprocess.CompletedProcess[str], expected: str) -> None:
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and expected in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stand") / "lapak.db"
    assert pos("--db", str(path), "--demo", "init").returncode == 0
    return path


def test_importing_a_folder_named_like_a_csv(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    refused(pos("--db", str(demo), "catalog", "import", str(folder)), "folder")


@pytest.mark.parametrize(
    "where",
    ["", "/proc/lapak.db", "under-a-file/lapak.db", "read-only/lapak.db"],
    ids=["empty", "proc", "under-a-file", "read-only"],
)
def test_backup_to_a_place_that_cannot_take_it(demo: Path, tmp_path: Path, where: str) -> None:
    (tmp_path / "under-a-file").write_text("x")
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    if where and not where.startswith("/"):
        where = str(tmp_path / where)
    out = pos("--db", str(demo), "backup", "--to", where)
    read_only.chmod(0o755)
    if where.startswith(str(read_only)) and out.returncode == 0:
        pytest.skip("root writes into a read-only folder; /proc covers the case")
    refused(out, "Sebutkan berkas" if not where else "Cadangan tidak dapat ditulis")


def _export(tmp_path: Path, files: list[object]) -> Path:
    folder = tmp_path / "DEMO_2026-01-01"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"files": files}))
    return folder


def test_verify_export_of_a_manifest_naming_a_number(tmp_path: Path) -> None:
    folder = _export(tmp_path, [{"name": 123, "size": 1, "sha256": "0"}])
    out = pos("verify-export", str(folder))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "123" in out.stderr and "diubah orang" in out.stderr


@pytest.mark.parametrize("name", ["/etc/hostname", "../secret.txt", "sub/../../secret.txt"])
def test_verify_export_stays_inside_its_folder(tmp_path: Path, name: str) -> None:
    import hashlib

    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    target = Path(name) if name.startswith("/") else secret
    data = target.read_bytes() if target.exists() else b""
    folder = _export(
        tmp_path,
        [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}],
    )
    out = pos("verify-export", str(folder))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "diubah orang" in out.stderr, out.stderr


def test_verify_export_refuses_a_link_out_of_the_folder(tmp_path: Path) -> None:
    import hashlib

    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    data = secret.read_bytes()
    folder = _export(
        tmp_path,
        [{"name": "sales.csv", "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}],
    )
    (folder / "sales.csv").symlink_to(secret)
    out = pos("verify-export", str(folder))
    assert out.returncode == 1 and "sales.csv" in out.stderr and "diubah orang" in out.stderr


def test_a_closed_pipe_is_quiet(demo: Path) -> None:
    out = subprocess.run(
        f"{sys.executable} -m pos --db {demo} config list | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.startswith("stand.code") and out.stderr == ""


def test_an_unexpected_error_is_one_line_and_logged(demo: Path) -> None:
    # A receipt number no query expects: fine. An unforeseen crash: simulated by a
    # database whose settings table is gone, which no command is written to expect.
    import sqlite3

    broken = demo.with_name("broken.db")
    broken.write_bytes(demo.read_bytes())
    with sqlite3.connect(broken) as conn:
        conn.execute("DROP TABLE settings")
    out = pos("--db", str(broken), "config", "list")
    refused(out, "lapak.log")
    log = (broken.parent / "lapak.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "settings" in log


def test_a_library_warning_goes_to_the_log_not_between_the_lines(demo: Path) -> None:
    """psycopg logs "error ignored terminating" a pipeline whose error was already raised (an
    import's unique violation, retried): Python would print it on stderr among the progress
    lines. After a command has started, such a warning goes to lapak.log instead."""
    script = (
        "import logging, sys\n"
        "from pos.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "logging.getLogger('psycopg').warning('error ignored terminating <Pipeline>: boom')\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, "--db", str(demo), "config", "list"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert out.returncode == 0 and out.stdout, out.stderr
    assert out.stderr == ""
    log = (demo.parent / "lapak.log").read_text(encoding="utf-8")
    assert "WARNING psycopg: error ignored terminating <Pipeline>: boom" in log


def test_a_spawned_import_worker_sends_library_warnings_to_the_same_log(tmp_path: Path) -> None:
    """`consolidate --jobs N` spawns processes that start with no logging set up: each worker
    is given the command's log file, so psycopg's warnings there stay off the terminal too."""
    import logging

    from pos import library_log
    from pos.services import consolidate

    log_file = tmp_path / "lapak.log"
    psycopg_log = logging.getLogger("psycopg")
    consolidate._open_worker(str(tmp_path / "central.db"), "id", log_file)
    try:
        psycopg_log.warning("error ignored terminating <Pipeline>: in a worker")
    finally:
        assert consolidate._worker is not None
        consolidate._worker.close()
        library_log.send_to(None)
        psycopg_log.propagate = True
    assert "error ignored terminating <Pipeline>: in a worker" in log_file.read_text("utf-8")
