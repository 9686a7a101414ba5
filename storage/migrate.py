"""Apply and inspect Alembic migrations; the only way peerbot's schema is made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from storage.resources import is_search_index_object

# Tables a library defines and peerbot's migrations create for it (slack_sdk's installation and OAuth state
# stores; the job queue): peerbot's models don't describe them, so schema comparison leaves them out.
LIBRARY_TABLE_PREFIXES = ("slack_", "procrastinate_")


def is_model_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic ``include_object`` hook: only what peerbot's models describe (no library tables, no search index)."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    if table is not None and table.startswith(LIBRARY_TABLE_PREFIXES):
        return False
    return is_search_index_object(obj, name, type_, reflected, compare_to)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "heads") -> None:
    _run(engine, lambda config: command.upgrade(config, revision))


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, lambda config: command.downgrade(config, revision))


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run migrations in one transaction; on SQLite with foreign keys off, then checked.

    SQLite alters a table by rebuilding it (Alembic's batch mode): with foreign keys on,
    dropping the old table would cascade into every table that refers to it. This is
    SQLite's documented procedure: keys off (only possible outside a transaction),
    migrate, check every key before committing, keys back on.
    """
    config = alembic_config(engine)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _raw_pragma(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                step(config)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left {len(broken)} rows with broken foreign keys")
        finally:
            if sqlite:
                _raw_pragma(connection, "PRAGMA foreign_keys=ON")


def _raw_pragma(connection: Connection, pragma: str) -> None:
    # Straight to the driver: SQLAlchemy would open a transaction first, and SQLite
    # ignores this pragma inside one.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(pragma)


def expected_heads(engine: Engine) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def current_heads(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def schema_is_current(engine: Engine) -> bool:
    return current_heads(engine) == expected_heads(engine)
