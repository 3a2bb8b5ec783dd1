"""Alembic environment: runs on the engine handed over by pos.db.migrate (never a URL in an ini)."""

from alembic import context

from pos.db.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        include_name=lambda name, type_, parent: (
            not (type_ == "table" and name is not None and name.startswith("product_fts"))
        ),
    )
    context.run_migrations()
