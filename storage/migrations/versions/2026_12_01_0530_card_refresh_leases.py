"""card refresh leases

Revision ID: 0530
Revises: 0400
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0530"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_refresh_leases",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ident", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_allowed_at", UTCDateTime(), nullable=False),
        sa.Column("shown_version", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "ident", name=op.f("pk_card_refresh_leases")),
    )


def downgrade() -> None:
    op.drop_table("card_refresh_leases")
