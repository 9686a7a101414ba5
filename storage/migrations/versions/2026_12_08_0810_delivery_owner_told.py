"""deliveries.owner_told_at: when the owner of an unknown-outcome message was told (one notice per fan-out)

A message whose outcome is unknown is owed a notice to its owner. The notice gathers a fan-out's unknown
messages into one, sent when the fan-out ends or, if its sender died first, by the next safety-net pass:
the column says which are still owed one. Unknown messages from before this revision were each told already.

Revision ID: 0810
Revises: 0780
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0810"
down_revision: str | Sequence[str] | None = "0800"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("owner_told_at", UTCDateTime(), nullable=True))
    op.execute("UPDATE deliveries SET owner_told_at = finished_at WHERE status = 'unknown' AND owner IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("owner_told_at")
