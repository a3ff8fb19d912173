"""Persistence: SQLAlchemy 2 models, Alembic migrations, the blob store."""
