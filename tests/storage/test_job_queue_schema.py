"""The job queue's schema is procrastinate's own, applied by a migration on PostgreSQL (nothing on SQLite)."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from storage import migrate


def _queue_tables(engine: Engine) -> set[str]:
    return {name for name in inspect(engine).get_table_names() if name.startswith("procrastinate_")}


def test_the_queue_comes_with_upgrade_and_goes_with_downgrade_on_postgresql_only(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        assert _queue_tables(engine) == set(), "SQLite has no queue: the clock sends itself"
        return
    assert {"procrastinate_jobs", "procrastinate_workers"} <= _queue_tables(engine)
    try:
        migrate.downgrade(engine, "0770")
        with engine.connect() as connection:
            leftovers = connection.execute(
                text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%'")
            ).scalar_one()
        assert _queue_tables(engine) == set() and leftovers == 0
    finally:
        migrate.upgrade(engine)
    assert {"procrastinate_jobs", "procrastinate_workers"} <= _queue_tables(engine)
    assert migrate.schema_is_current(engine)
