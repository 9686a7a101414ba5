"""deliveries say what is known: pending, waiting on Retry-After, in flight, sent, failed, unknown

Revision ID: 0500
Revises: 0400
Create Date: 2026-12-01

A "claimed" delivery had no outcome: whether it was posted is unknown, so it becomes "unknown".
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0500"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("claimed", "sent", "failed")
NEW = ("pending", "waiting", "in_flight", "sent", "failed", "unknown")


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("retry_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("attempted_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("owner", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("payload", sa.Text(), nullable=True))
        batch.alter_column(
            "status",
            existing_type=sa.Enum(*OLD, name="deliverystatus", native_enum=False, length=16),
            type_=sa.Enum(*NEW, name="deliverystatus", native_enum=False, length=16),
            existing_nullable=False,
        )
    op.execute("UPDATE deliveries SET status = 'unknown' WHERE status = 'claimed'")


def downgrade() -> None:
    op.execute("UPDATE deliveries SET status = 'claimed' WHERE status IN ('pending', 'waiting', 'in_flight', 'unknown')")
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column(
            "status",
            existing_type=sa.Enum(*NEW, name="deliverystatus", native_enum=False, length=16),
            type_=sa.Enum(*OLD, name="deliverystatus", native_enum=False, length=16),
            existing_nullable=False,
        )
        batch.drop_column("payload")
        batch.drop_column("owner")
        batch.drop_column("attempted_at")
        batch.drop_column("retry_at")
