"""The central database on both engines: an SQLite file, and PostgreSQL on a real server."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from central_helpers import Stand

from pos.services.central_db import CentralDb, open_central


@pytest.fixture(params=["sqlite", "postgresql"])
def central_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "office" / "central.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def central(central_url: str) -> Iterator[CentralDb]:
    db = open_central(central_url)
    yield db
    db.close()


@pytest.fixture
def make_stand(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], Stand]]:
    made: list[Stand] = []

    def make(code: str) -> Stand:
        stand = Stand(tmp_path / "stands", code, monkeypatch)
        made.append(stand)
        return stand

    yield make
    for stand in made:
        stand.close()
