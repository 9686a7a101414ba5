"""resource links: http:// and https:// of one address share one key; existing pairs are merged

Revision ID: 0520
Revises: 0400
Create Date: 2026-12-01

The duplicate key of a resource (``normalized_url``) now always says https. Keys that said http are
rewritten; where a network already holds the https form of the same address, the two entries become
one: the one shared first is kept (its title and link as shared), and it gains the other's states,
topics, tags and helpful votes (one per member), and its description if it had none. Nothing a member
wrote is lost except the second copy's title and link, which named the same address.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0520"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HTTP, HTTPS = "http://", "https://"


def _union(first: str, second: str, separator: str) -> str:
    """Labels of both entries, first ones first, each once (ignoring case)."""
    seen: dict[str, str] = {}
    for label in [*first.split(separator), *second.split(separator)]:
        if label.strip() and label.lower() not in seen:
            seen[label.lower()] = label
    return separator.join(seen.values())


def _merge(bind: sa.Connection, keeper: Any, loser: Any) -> None:
    params = {"keeper": keeper.id, "loser": loser.id}
    shared_voters = bind.execute(
        sa.text(
            "SELECT count(*) FROM resource_votes v WHERE v.resource_id = :loser AND EXISTS "
            "(SELECT 1 FROM resource_votes k WHERE k.resource_id = :keeper AND k.user_id = v.user_id)"
        ),
        params,
    ).scalar_one()
    bind.execute(
        sa.text(
            "INSERT INTO resource_votes (resource_id, user_id, created_at) "
            "SELECT :keeper, v.user_id, v.created_at FROM resource_votes v WHERE v.resource_id = :loser AND NOT EXISTS "
            "(SELECT 1 FROM resource_votes k WHERE k.resource_id = :keeper AND k.user_id = v.user_id)"
        ),
        params,
    )
    bind.execute(
        sa.text(
            "INSERT INTO resource_labels (resource_id, kind, value) "
            "SELECT :keeper, l.kind, l.value FROM resource_labels l WHERE l.resource_id = :loser AND NOT EXISTS "
            "(SELECT 1 FROM resource_labels k WHERE k.resource_id = :keeper AND k.kind = l.kind AND k.value = l.value)"
        ),
        params,
    )
    bind.execute(
        sa.text(
            "UPDATE resources SET states = :states, topics = :topics, tags = :tags, description = :description, "
            "helpful_votes = :votes WHERE id = :keeper"
        ),
        {
            "keeper": keeper.id,
            "states": _union(keeper.states, loser.states, " "),
            "topics": _union(keeper.topics, loser.topics, "\n"),
            "tags": _union(keeper.tags, loser.tags, "\n"),
            "description": keeper.description or loser.description,
            "votes": keeper.helpful_votes + loser.helpful_votes - shared_voters,
        },
    )
    # Explicit, not by cascade: migrations run on SQLite with foreign keys off.
    for table in ("resource_votes", "resource_labels"):
        bind.execute(sa.text(f"DELETE FROM {table} WHERE resource_id = :loser"), params)
    bind.execute(sa.text("DELETE FROM resources WHERE id = :loser"), params)


def upgrade() -> None:
    bind = op.get_bind()
    columns = "id, network_id, normalized_url, states, topics, tags, description, helpful_votes, created_at"
    http_rows = bind.execute(
        sa.text(f"SELECT {columns} FROM resources WHERE normalized_url LIKE 'http://%' ORDER BY id")
    ).all()
    for row in http_rows:
        key = HTTPS + row.normalized_url[len(HTTP) :]
        twin = bind.execute(
            sa.text(f"SELECT {columns} FROM resources WHERE network_id = :network AND normalized_url = :key"),
            {"network": row.network_id, "key": key},
        ).first()
        if twin is not None:
            keeper, loser = sorted((row, twin), key=lambda r: (r.created_at, r.id))
            _merge(bind, keeper, loser)
            if keeper.id == twin.id:
                continue
        bind.execute(sa.text("UPDATE resources SET normalized_url = :key WHERE id = :id"), {"key": key, "id": row.id})


def downgrade() -> None:
    # Merged entries stay merged; keys of links shared as http:// say http again.
    op.execute(
        "UPDATE resources SET normalized_url = 'http://' || substr(normalized_url, 9) "
        "WHERE normalized_url LIKE 'https://%' AND lower(url) NOT LIKE 'https://%'"
    )
