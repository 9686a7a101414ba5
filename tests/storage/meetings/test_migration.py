"""The meetings migration creates exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from storage.models import Base

MEETING_TABLES = {"meetings", "occurrences", "rsvps", "agenda_suggestions", "agenda_votes", "attendance"}


def _touches_meeting_tables(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"table_name='{name}'" in text or f"{name}." in text for name in MEETING_TABLES)


def test_meeting_tables_in_the_database_match_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if _touches_meeting_tables(d)] == []
