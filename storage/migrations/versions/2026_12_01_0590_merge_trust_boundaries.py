"""merge the delivery-states, pulse-anonymity, resource-links and card-lease heads

Revision ID: 0590
Revises: 0500, 0510, 0520, 0530
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0590"
down_revision: str | Sequence[str] | None = ("0500", "0510", "0520", "0530")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
