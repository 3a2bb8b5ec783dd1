"""Autogenerate an Alembic migration from the models: python scripts/new_migration.py "message".

Review the generated file, then put its revision into HEAD_REVISION and KNOWN_REVISIONS in
pos/db/migrate.py.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from pos.db.migrate import HEAD_REVISION, alembic_config, upgrade
from pos.db.session import Database

if len(sys.argv) != 2:
    print(__doc__)
    sys.exit(2)
with tempfile.TemporaryDirectory() as tmp:
    db = Database(Path(tmp) / "scratch.db")
    upgrade(db.engine, HEAD_REVISION)
    next_id = f"{int(HEAD_REVISION) + 1:04d}"
    command.revision(
        alembic_config(db.engine), message=sys.argv[1], autogenerate=True, rev_id=next_id
    )
    db.close()
