"""Alembic environment: runs peerbot's migrations against the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

import storage.models  # noqa: F401  (registers every table on the metadata)
from storage.db import create_db_engine
from storage.migrate import is_model_object
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The full-text index is raw SQL in the migration and library tables aren't models: never drop them.
        include_object=is_model_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("peerbot migrations run online only: use `peerbot db upgrade`.")
run_migrations_online()
