"""members.org_team_id / org_name: the organization a member of a Slack Connect channel belongs to

Revision ID: 0740
Revises: 0720
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0740"
down_revision: str | Sequence[str] | None = "0720"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("org_team_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("org_name", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("org_name")
        batch.drop_column("org_team_id")
