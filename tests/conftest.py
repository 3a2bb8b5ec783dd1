"""Shared fixtures: a fresh database per test, the demo catalog, the default actors."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Benchmarks build a 100k-product database: they run with `./dev bench`, not in the test suite.
collect_ignore_glob = [] if os.environ.get("LAPAK_BENCH") else ["bench/*"]


@pytest.fixture(autouse=True)
def _indonesian_by_default() -> Iterator[None]:
    from pos.i18n import current_language, set_language

    before = current_language()
    set_language("id")
    yield
    set_language(before)


@pytest.fixture(autouse=True, scope="session")
def _cheap_pin_hashes() -> Iterator[None]:
    """argon2 at full cost adds ~0.3 s to each test that loads the demo users.

    Hashes carry their own parameters, so this changes nothing else; tests/bench measures the
    real cost, and subprocesses (CLI, e2e) hash at full cost.
    """
    from argon2 import PasswordHasher

    from pos.services import pins

    before = pins.HASHER
    pins.HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    pins.HASHER = before


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lapak.db"


@pytest.fixture(scope="session")
def _new_database_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database made by the whole migration chain and first start, for tests to copy.

    Running the twenty migrations costs about 0.5 s a database; copying the file costs
    milliseconds, and the copy is byte for byte what `init_database` makes of a new path.
    tests/db builds its databases through the chain itself.
    """
    from pos.services.setup import init_database

    path = tmp_path_factory.mktemp("new-database") / "lapak.db"
    init_database(path).close()
    return path


@pytest.fixture
def db(db_path: Path, _new_database_file: Path):  # type: ignore[no-untyped-def]
    from pos.services.setup import init_database

    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_new_database_file, db_path)
    database = init_database(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    from pos.services.auth import system_actor
    from pos.services.setup import load_demo

    load_demo(db, system_actor(db))
    return db


@pytest.fixture
def admin(db):  # type: ignore[no-untyped-def]
    """The stand's first admin (what the command line acts as)."""
    from pos.services.auth import system_actor

    return system_actor(db)


def first_of_role(db, role: str):  # type: ignore[no-untyped-def]
    """The first active user with `role`; a PIN-less one is added when there is none."""
    from pos.core.errors import NotFound
    from pos.db.models import User
    from pos.services.auth import Actor, default_actor, supervisor_actor

    lookup = {"kasir": default_actor, "supervisor": supervisor_actor}[role]
    try:
        return lookup(db)
    except NotFound:
        pass
    with db.Session.begin() as session:
        user = User(name=role.capitalize(), role=role, active=True)
        session.add(user)
        session.flush()
        return Actor(user.id, user.name, user.role)


@pytest.fixture
def kasir(db):  # type: ignore[no-untyped-def]
    """A cashier (Sari on the demo database)."""
    return first_of_role(db, "kasir")


@pytest.fixture
def cashier(kasir, db):  # type: ignore[no-untyped-def]
    """A cashier (Sari on the demo database), on an open shift (selling needs one)."""
    from pos.services import shifts

    shifts.open_shift(db, kasir, 0)
    return kasir


@pytest.fixture
def supervisor(db):  # type: ignore[no-untyped-def]
    """A supervisor (Pak Joko on the demo database)."""
    return first_of_role(db, "supervisor")


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A PostgreSQL server started for this test session (initdb on a temp folder), stopped
    at the end; its URL. Skipped where PostgreSQL is not installed, a failure under CI."""
    from pg_server import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server_url: str, request: pytest.FixtureRequest) -> str:
    """A new, empty database of its own on the session's PostgreSQL server."""
    import re

    from pg_server import fresh_database

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return fresh_database(postgres_server_url, name)
