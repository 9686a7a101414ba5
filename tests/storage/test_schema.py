"""The migrations build exactly the schema the models describe, plus the full-text index."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from storage.models import Base
from storage.search import FTS_TABLE, SEARCH_COLUMNS, is_search_index_object


def test_migrations_match_the_models(engine: Engine) -> None:
    # The full-text objects are made by raw SQL in the migration and are not ORM models, so
    # the comparison skips them (storage.search.is_search_index_object says which they are).
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": is_search_index_object}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_the_full_text_index_exists_on_this_backend(engine: Engine) -> None:
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert FTS_TABLE in inspector.get_table_names()
    else:
        columns = {c["name"] for c in inspector.get_columns("resources")}
        indexes = {i["name"] for i in inspector.get_indexes("resources")}
        for column in SEARCH_COLUMNS.values():
            assert column in columns and f"ix_resources_{column}" in indexes
