"""What the app loads on the way to its lock screen, and in which order: start-up time is spent
here (see the start benchmark in tests/bench)."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from pos.cli import main
code = main(["--db", sys.argv[1]])
names = list(sys.modules)
print(code)
print(names.index("sqlalchemy.orm") < names.index("PySide6.QtCore"))
print(sorted(n for n in ("pos.db.models_books", "pos.db.models_central") if n in sys.modules))
"""


def test_the_lock_screen_needs_neither_the_books_nor_the_regional_tables(tmp_path: Path) -> None:
    """SQLAlchemy comes before Qt (PySide6 reads the source of each module imported after it),
    and the models of the books and of the regional office wait for their first use."""
    db = tmp_path / "lapak.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LAPAK_EXIT_WHEN_READY": "1"}
    # A stand's database already made (creating one runs Alembic, which needs every table).
    init = [sys.executable, "-m", "pos", "--db", str(db), "--demo", "init"]
    assert subprocess.run(init, capture_output=True, env=env, timeout=120).returncode == 0
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == ["0", "True", "[]"], out.stdout + out.stderr


def test_the_full_metadata_has_every_table() -> None:
    from pos.db.models import full_metadata

    tables = set(full_metadata().tables)
    assert {"products", "refunds", "central_sales"} <= tables
    assert any(name.startswith("recap") or "deposit" in name for name in tables)
