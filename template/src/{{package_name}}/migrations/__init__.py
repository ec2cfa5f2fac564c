"""Alembic migrations; run them with the `db` CLI commands."""
