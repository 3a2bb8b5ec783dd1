"""`pos audit verify` run in a fresh Python, to see which path it took: the plain sqlite3 one
(SQLAlchemy never imported) or the ORM's."""

import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1])


def verify_in_fresh_python(db: Path, *options: str) -> list[str]:
    """The command's output lines, the last one "plain CODE" or "ORM CODE"."""
    argv = ["--db", str(db), "audit", "verify", *options]
    script = (
        "import sys\nfrom pos.cli import main\n"
        f"code = main({argv!r})\n"
        "print('ORM' if 'sqlalchemy' in sys.modules else 'plain', code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=SRC,
        env={**os.environ, "PYTHONPATH": SRC},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
