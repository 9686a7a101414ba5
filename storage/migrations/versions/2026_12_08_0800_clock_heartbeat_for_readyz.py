"""process_heartbeats: when the clock last ran, so /readyz can tell a stopped clock

Revision ID: 0800
Revises: 0780
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0800"
down_revision: str | Sequence[str] | None = "0780"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "process_heartbeats",
        sa.Column("process", sa.String(length=32), nullable=False),
        sa.Column("beat_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("process", name=op.f("pk_process_heartbeats")),
    )


def downgrade() -> None:
    op.drop_table("process_heartbeats")
