"""Shared fixtures: a fresh database per test, the demo catalog, the default actors."""

import os
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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "lapak.db"


@pytest.fixture
def db(db_path: Path):  # type: ignore[no-untyped-def]
    from pos.services.setup import init_database

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
def cashier(db):  # type: ignore[no-untyped-def]
    """The default cashier, on an open shift (selling needs one)."""
    from pos.services import shifts
    from pos.services.auth import default_actor

    actor = default_actor(db)
    shifts.open_shift(db, actor, 0)
    return actor
