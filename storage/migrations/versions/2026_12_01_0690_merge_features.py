"""merge the App Home, network progress and peer introductions heads

Revision ID: 0690
Revises: 0610, 0620, 0630
Create Date: 2026-12-01
"""

from collections.abc import Sequence

revision: str = "0690"
down_revision: str | Sequence[str] | None = ("0610", "0620", "0630")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
