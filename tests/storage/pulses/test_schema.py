"""The pulse migration builds exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from storage.models import Base

PULSE_TABLES = {
    "pulses",
    "pulse_questions",
    "pulse_waves",
    "pulse_wave_recipients",
    "pulse_respondents",
    "pulse_responses",
    "pulse_network_settings",
}


def _touches_pulse_table(diff: object) -> bool:
    text = repr(diff)
    return any(f"'{name}'" in text or f"Table('{name}'" in text for name in PULSE_TABLES)


def test_pulse_migration_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if _touches_pulse_table(d)] == []
    assert set(Base.metadata.tables) >= PULSE_TABLES
