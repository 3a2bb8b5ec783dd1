"""A throwaway PostgreSQL server for the tests: initdb on a temp folder, a free loopback port.

initdb refuses to run as root, so as root the server runs as the `postgres` user (`su`); as
anybody else it runs as that user. Under CI=true a missing server is a failure, never a skip.
"""

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVER_USER = "postgres"


def unavailable(reason: str) -> None:
    # CI installs PostgreSQL (./dev test does): there a missing server fails the run.
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is needed in CI: {reason}")
    pytest.skip(reason)


def server_bin() -> Path | None:
    """Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<major>/bin, not on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    return Path(found[-1]).parent if found else None


def _major(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["su", SERVER_USER, "-s", "/bin/sh", "-c", shlex.join(argv)]


@contextmanager
def postgres_server(durable: bool = False) -> Iterator[str]:
    """Start a server; yields the SQLAlchemy URL of its `lapak` database; stops it after.

    Tests skip the disk flushes (a throwaway server); `durable` keeps them, as an office's
    server would, for benchmarks.
    """
    bindir = server_bin()
    if bindir is None:
        unavailable("PostgreSQL is not installed (./dev test installs the Debian package)")
        return
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SERVER_USER)
        except KeyError:
            unavailable(f"no {SERVER_USER} user to run the server as")
            return
    folder = Path(tempfile.mkdtemp(prefix="lapak-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    user = SERVER_USER if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    try:
        _run(
            [str(bindir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8",
             "--no-sync", "--locale=C"],
        )  # fmt: skip
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=40"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
             str(folder / "server.log"), "-w", "-t", "60", "start"],
        )  # fmt: skip
    except RuntimeError as e:
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(str(e))
        return
    try:
        _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, "lapak"])
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}/lapak"
    finally:
        subprocess.run(
            _as_server_user(
                [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            ),
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _run(argv: list[str]) -> None:
    done = subprocess.run(
        _as_server_user(argv), capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{Path(argv[0]).name} failed: {(done.stderr or done.stdout)[-500:]}")


def fresh_database(server_url: str, name: str) -> str:
    """A new empty database on the running server (each test gets its own)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)
