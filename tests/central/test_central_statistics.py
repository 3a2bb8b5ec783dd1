"""The import has the server's statistics take in each stand once (PostgreSQL): its first days
are ANALYZEd after they commit, and a stand the statistics know already (another process, an
earlier run) is not ANALYZEd again, however many import runs bring its days."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from synthetic import write_day

from pos.services.central_db import CentralDb, open_central
from pos.services.central_write import analyze_new_stands
from pos.services.consolidate import consolidate

FIRST = date(2025, 3, 3)


@pytest.fixture
def server(postgres_url: str) -> Iterator[CentralDb]:
    central = open_central(postgres_url)
    yield central
    central.close()


def _analyzes(central: CentralDb) -> list[str]:
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("ANALYZE"):
            seen.append(statement)

    event.listen(central.engine, "before_cursor_execute", note)
    return seen


def _days(root: Path, stand: str, first: int, count: int) -> list[Path]:
    return [
        write_day(root, stand, FIRST + timedelta(days=first + d), n_sales=3) for d in range(count)
    ]


def test_each_stand_is_analyzed_once(server: CentralDb, tmp_path: Path) -> None:
    analyzes = _analyzes(server)
    consolidate(server, _days(tmp_path, "AAA", 0, 2))
    assert len(analyzes) == 1  # the new stand's first days
    consolidate(server, _days(tmp_path, "AAA", 2, 2))  # a run of this process again
    assert len(analyzes) == 1

    other = open_central(server.engine.url.render_as_string(hide_password=False))
    try:  # another process (as a --jobs worker): the statistics know the stand
        analyzes_there = _analyzes(other)
        consolidate(other, _days(tmp_path, "AAA", 4, 2))
        assert analyzes_there == []
        consolidate(other, _days(tmp_path, "BBB", 0, 2))  # a stand they do not know
        assert len(analyzes_there) == 1
    finally:
        other.close()


def test_a_stand_the_statistics_do_not_know_is_analyzed(server: CentralDb) -> None:
    analyzes = _analyzes(server)
    with server.engine.connect() as conn:
        seen: set[str] = set()
        analyze_new_stands(conn, True, {"ZZZ"}, seen)
        assert seen == {"ZZZ"} and len(analyzes) == 1
        analyze_new_stands(conn, True, {"ZZZ"}, seen)
        analyze_new_stands(conn, False, {"YYY"}, set())  # SQLite keeps no such statistics
        assert len(analyzes) == 1
