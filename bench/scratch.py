"""A scratch database for a bench: PostgreSQL's public schema dropped and recreated, then migrated to head."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from storage import migrate
from storage.db import create_db_engine


def reset_and_migrate(engine: Engine) -> Engine:
    """Empty a PostgreSQL scratch database (SQLite benches start from a new file) and apply every migration."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    migrate.upgrade(engine)
    return engine


def scratch_engine(url: str) -> Engine:
    return reset_and_migrate(create_db_engine(url))
