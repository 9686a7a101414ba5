"""pulses after each meeting of a series; merges the meetings, pulses and resources heads

Revision ID: 0400
Revises: 0100, 0200, 0300
Create Date: 2026-11-23

On SQLite, batch mode rebuilds each table to add its foreign key; storage.migrate runs
migrations with SQLite's foreign keys off and checks them all before committing, so the
rebuild cannot cascade into the rows that refer to these tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0400"
down_revision: str | Sequence[str] | None = ("0100", "0200", "0300")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LINKS = (
    ("pulses", "meeting_id", "meetings"),
    ("pulse_waves", "occurrence_id", "occurrences"),
)


def upgrade() -> None:
    for table, column, referred in LINKS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch.create_foreign_key(f"fk_{table}_{column}_{referred}", referred, [column], ["id"], ondelete="SET NULL")
    op.create_index("uq_pulse_waves_pulse_id_occurrence_id", "pulse_waves", ["pulse_id", "occurrence_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_pulse_waves_pulse_id_occurrence_id", table_name="pulse_waves")
    for table, column, referred in reversed(LINKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_{column}_{referred}", type_="foreignkey")
            batch.drop_column(column)
