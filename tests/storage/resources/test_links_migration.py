"""Migration 0520: libraries that hold a link as http:// and as https:// end up with one entry, nothing lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Integer, String, Text, column, select, table, text
from sqlalchemy.engine import Engine

from domain.resources.library import DuplicateLink, ResourceDraft, add_resource
from storage import migrate
from storage.db import create_db_engine, create_session_factory
from storage.models import Network
from storage.types import UTCDateTime

SCHEMA = "migration_0520"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

networks = table(
    "networks",
    column("id", Integer),
    column("team_id", String),
    column("name", String),
    column("home_channel_id", String),
    column("timezone", String),
    column("created_by", String),
    column("created_at", UTCDateTime()),
    column("updated_at", UTCDateTime()),
)
resources = table(
    "resources",
    column("id", Integer),
    column("network_id", Integer),
    column("title", String),
    column("url", String),
    column("normalized_url", String),
    column("description", Text),
    column("states", String),
    column("topics", Text),
    column("tags", Text),
    column("kind", String),
    column("shared_by", String),
    column("helpful_votes", Integer),
    column("created_at", UTCDateTime()),
    column("updated_at", UTCDateTime()),
)
labels = table("resource_labels", column("resource_id", Integer), column("kind", String), column("value", String))
votes = table(
    "resource_votes", column("resource_id", Integer), column("user_id", String), column("created_at", UTCDateTime())
)


@pytest.fixture
def old_database(engine: Engine, tmp_path: Path) -> Iterator[Engine]:
    """A database of its own (a file on SQLite, a schema on PostgreSQL) migrated only as far as 0400."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        own = create_db_engine(engine.url, connect_args={"options": f"-csearch_path={SCHEMA}"})
    else:
        own = create_db_engine(f"sqlite:///{tmp_path / 'before-0520.db'}")
    migrate.upgrade(own, "0400")
    yield own
    own.dispose()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))


def _entry(resource_id: int, url: str, key: str, minutes: int, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": resource_id,
        "network_id": 1,
        "title": f"Entry {resource_id}",
        "url": url,
        "normalized_url": key,
        "description": "",
        "states": "",
        "topics": "",
        "tags": "",
        "kind": "toolkit",
        "shared_by": "UMARIA",
        "helpful_votes": 0,
        "created_at": T0 + timedelta(minutes=minutes),
        "updated_at": T0 + timedelta(minutes=minutes),
    }
    return values | fields


def test_http_and_https_twins_are_merged_into_the_first_shared(old_database: Engine) -> None:
    with old_database.begin() as connection:
        connection.execute(
            networks.insert().values(
                id=1,
                team_id="T1",
                name="Equity Learning",
                home_channel_id="CHOME",
                timezone="America/Chicago",
                created_by="UFAC",
                created_at=T0,
                updated_at=T0,
            )
        )
        connection.execute(
            resources.insert(),
            [
                _entry(
                    1,
                    "http://example.org/guide",
                    "http://example.org/guide",
                    0,
                    states="MS",
                    topics="Child care",
                    tags="rural",
                    helpful_votes=2,
                ),
                _entry(
                    2,
                    "https://example.org/guide/",
                    "https://example.org/guide",
                    5,
                    states="MS CO",
                    topics="Workforce\nchild care",
                    description="The later copy's description.",
                    helpful_votes=2,
                ),
                _entry(3, "http://example.org/only-http", "http://example.org/only-http", 9),
            ],
        )
        connection.execute(
            labels.insert(),
            [
                {"resource_id": 1, "kind": "state", "value": "MS"},
                {"resource_id": 1, "kind": "topic", "value": "child care"},
                {"resource_id": 1, "kind": "tag", "value": "rural"},
                {"resource_id": 2, "kind": "state", "value": "MS"},
                {"resource_id": 2, "kind": "state", "value": "CO"},
                {"resource_id": 2, "kind": "topic", "value": "workforce"},
                {"resource_id": 2, "kind": "topic", "value": "child care"},
            ],
        )
        connection.execute(
            votes.insert(),
            [
                {"resource_id": 1, "user_id": "UDEV", "created_at": T0},
                {"resource_id": 1, "user_id": "UFAC", "created_at": T0},
                {"resource_id": 2, "user_id": "UDEV", "created_at": T0},
                {"resource_id": 2, "user_id": "UKIM", "created_at": T0},
            ],
        )

    migrate.upgrade(old_database, "0520")

    with old_database.begin() as connection:
        rows = connection.execute(select(resources).order_by(resources.c.id)).mappings().all()
        kept_labels = set(connection.execute(select(labels.c.kind, labels.c.value).where(labels.c.resource_id == 1)))
        voters = set(connection.execute(select(votes.c.user_id).where(votes.c.resource_id == 1)).scalars())
        orphans = connection.execute(select(labels).where(labels.c.resource_id == 2)).all()
    assert [(r["id"], r["url"], r["normalized_url"]) for r in rows] == [
        (1, "http://example.org/guide", "https://example.org/guide"),
        (3, "http://example.org/only-http", "https://example.org/only-http"),
    ]
    merged = rows[0]
    assert merged["title"] == "Entry 1"
    assert merged["states"] == "MS CO"
    assert merged["topics"] == "Child care\nWorkforce"
    assert merged["tags"] == "rural"
    assert merged["description"] == "The later copy's description."
    assert voters == {"UDEV", "UFAC", "UKIM"} and merged["helpful_votes"] == 3
    assert kept_labels == {
        ("state", "MS"),
        ("state", "CO"),
        ("topic", "child care"),
        ("topic", "workforce"),
        ("tag", "rural"),
    }
    assert orphans == []

    # Sharing the https form of a link stored as http:// now finds the existing entry.
    migrate.upgrade(old_database)
    session_factory = create_session_factory(old_database)
    with session_factory.begin() as session:
        network = session.get(Network, 1)
        assert network is not None
        with pytest.raises(DuplicateLink) as duplicate:
            add_resource(
                session,
                network=network,
                draft=ResourceDraft(title="Again", url="https://example.org/only-http", kind="toolkit"),
                by_user="UDEV",
                now=T0 + timedelta(days=1),
                create_topics=True,
            )
        assert duplicate.value.existing.id == 3
