"""workspace_removals: when peerbot was removed from a workspace, so its networks are purged after a grace period

Revision ID: 0770
Revises: 0750
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0770"
down_revision: str | Sequence[str] | None = "0750"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace_removals",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_workspace_removals")),
    )


def downgrade() -> None:
    op.drop_table("workspace_removals")
