"""Persistence: SQLAlchemy models, the engine with its pragmas, and Alembic migrations."""
