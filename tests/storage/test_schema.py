"""The migrated schema is exactly the models', and datetimes come back aware on every backend."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from storage import migrate
from storage import network as store
from storage.db import SessionFactory
from storage.migrate import is_model_object
from storage.models import Base, Member, Network
from storage.resources import FTS_TABLE, SEARCH_COLUMNS

NOW = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_migrations_produce_exactly_the_schema_the_models_describe(engine: Engine) -> None:
    # The full-text objects are made by raw SQL in the migration, and library tables (slack_sdk's stores)
    # are not ORM models, so the comparison skips them (storage.migrate.is_model_object says which they are).
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": is_model_object})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert migrate.schema_is_current(engine)


def test_the_full_text_index_exists_on_this_backend(engine: Engine) -> None:
    inspector = inspect(engine)
    if engine.dialect.name == "sqlite":
        assert FTS_TABLE in inspector.get_table_names()
    else:
        columns = {c["name"] for c in inspector.get_columns("resources")}
        indexes = {i["name"] for i in inspector.get_indexes("resources")}
        for column in SEARCH_COLUMNS.values():
            assert column in columns and f"ix_resources_{column}" in indexes


def _network(session_factory: SessionFactory) -> Network:
    with session_factory.begin() as session:
        return store.add_network(
            session, team_id="T1", channel_id="C1", name="N", timezone="America/Chicago", created_by="U1", now=NOW
        )


def test_datetimes_come_back_aware_and_in_utc(session_factory: SessionFactory) -> None:
    network_id = _network(session_factory).id
    with session_factory() as session:
        network = session.get(Network, network_id)
        assert network is not None
        assert network.created_at == NOW and network.created_at.tzinfo is not None


def test_other_offsets_are_stored_as_the_same_instant(session_factory: SessionFactory) -> None:
    chicago = timezone(timedelta(hours=-6))
    with session_factory.begin() as session:
        network = store.add_network(
            session,
            team_id="T1",
            channel_id="C9",
            name="N",
            timezone="UTC",
            created_by="U1",
            now=datetime(2026, 3, 8, 1, 30, tzinfo=chicago),
        )
    with session_factory() as session:
        stored = session.get(Network, network.id)
        assert stored is not None and stored.created_at == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_naive_datetimes_are_refused(session_factory: SessionFactory) -> None:
    with pytest.raises(Exception, match="naive datetime"), session_factory.begin() as session:
        store.add_network(
            session,
            team_id="T1",
            channel_id="C2",
            name="N",
            timezone="UTC",
            created_by="U1",
            now=datetime(2026, 1, 1, 12, 0),
        )
    with session_factory() as session:
        assert session.scalar(select(Network).where(Network.home_channel_id == "C2")) is None


def test_concurrent_upserts_of_one_member_leave_one_row(session_factory: SessionFactory) -> None:
    network = _network(session_factory)
    errors: list[BaseException] = []

    def join(name: str) -> None:
        try:
            with session_factory.begin() as session:
                store.upsert_member(
                    session,
                    network=network,
                    user_id="U7",
                    display_name=name,
                    timezone=None,
                    now=NOW,
                    in_channel=True,
                )
        except BaseException as exc:  # collected so the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=join, args=(f"name{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with session_factory() as session:
        rows = session.scalars(select(Member).where(Member.user_id == "U7")).all()
    assert len(rows) == 1 and rows[0].in_channel
