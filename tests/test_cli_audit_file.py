"""`pos audit verify` on a file as it is (services.audit_file): no ORM, the same answers."""

import sqlite3
import stat
from pathlib import Path

import pytest
from plain_verify import verify_in_fresh_python

from pos.cli import main
from pos.db import session as db_session
from pos.services import audit_fast, audit_file, settings
from pos.services.setup import init_database

SRC = str(Path(__file__).resolve().parents[1])


def _verify(capsys, path: Path, *before: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main([*before, "--db", str(path), "audit", "verify"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo(capsys, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "d.db"
    assert main(["--db", str(path), "--demo", "init"]) == 0
    capsys.readouterr()
    return path


def test_the_constants_it_reads_without_sqlalchemy_are_the_usual_ones() -> None:
    assert audit_fast.BUSY_TIMEOUT_MS == db_session.BUSY_TIMEOUT_MS
    assert audit_file.SQLITE_HEADER == db_session.SQLITE_HEADER
    assert settings.LANGUAGE.key == audit_file.LANGUAGE_KEY


def test_verify_of_an_intact_file_imports_no_sqlalchemy(demo: Path) -> None:
    lines = verify_in_fresh_python(demo)
    assert lines[-1] == "plain 0"
    assert "Log audit utuh" in "\n".join(lines)  # the stand's language: Indonesian by default


def test_the_stand_language_and_lang_are_followed(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo)
    conn.execute("INSERT INTO settings (key, value) VALUES ('ui.language', 'en')")
    conn.commit()
    conn.close()
    code, out, _err = _verify(capsys, demo)
    assert code == 0 and "Audit log intact" in out
    code, out, _err = _verify(capsys, demo, "--lang", "id")
    assert code == 0 and "Log audit utuh" in out


def test_a_changed_entry_is_named_after_the_quick_pass(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE audit_log SET detail = detail || ' ' WHERE id = 3")
    conn.commit()
    conn.close()
    assert audit_fast.quick_check(demo) is None
    code, out, _err = _verify(capsys, demo, "--lang", "en")
    assert (code, out.strip()) == (1, "Audit check failed: Audit entry 3 was changed.")


def test_a_stock_difference_is_named(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE products SET on_hand = on_hand + 7 WHERE id = 3")
    conn.commit()
    conn.close()
    assert audit_file.stock_differences(demo)[0][0] == 3
    code, out, _err = _verify(capsys, demo, "--lang", "en")
    assert code == 1 and "product 3:" in out


def test_a_missing_file_takes_the_usual_path(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "new" / "d.db"
    assert audit_file.open_file(path) is None
    code, out, _err = _verify(capsys, path, "--lang", "en")
    assert code == 0 and "Audit log intact: 0 entries" in out and path.is_file()


def test_no_active_admin_is_refused_as_before(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE users SET active = 0 WHERE role = 'admin'")
    conn.commit()
    conn.close()
    assert audit_file.open_file(demo) is None
    code, out, err = _verify(capsys, demo, "--lang", "en")
    assert code == 1 and not out and "no active user with that role" in err


def test_an_older_schema_is_upgraded_first(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(demo)
    conn.execute("UPDATE alembic_version SET version_num = 'zzzz'")
    conn.commit()
    conn.close()
    assert audit_file.open_file(demo) is None
    code, _out, err = _verify(capsys, demo, "--lang", "en")
    assert code == 1 and "newer version of Lapak" in err


def test_a_read_only_file_gets_the_usual_message(capsys, demo: Path) -> None:  # type: ignore[no-untyped-def]
    init_database(demo).close()  # checkpointed: the file alone holds the database
    demo.chmod(stat.S_IRUSR)
    try:
        assert audit_file.open_file(demo) is None
        code, _out, err = _verify(capsys, demo, "--lang", "en")
    finally:
        demo.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1 and "read-only" in err


def test_a_file_that_is_not_sqlite_gets_the_usual_message(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    assert audit_file.open_file(path) is None
    code, _out, err = _verify(capsys, path, "--lang", "en")
    assert code == 1 and "not an SQLite file" in err
