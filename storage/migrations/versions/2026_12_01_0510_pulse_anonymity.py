"""anonymous answers wait sealed in a pool; open waves' group labels are sealed

Revision ID: 0510
Revises: 0400
Create Date: 2026-12-01

Answers of open anonymous waves stored before this revision kept plain group labels;
those labels are removed here (the migration has no sealing key), so no open wave keeps
a label that could single out its only respondent from a state or agency.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0510"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pulse_pending_answers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["wave_id"],
            ["pulse_waves.id"],
            name=op.f("fk_pulse_pending_answers_wave_id_pulse_waves"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_pending_answers")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_pulse_pending_answers_wave_id", "pulse_pending_answers", ["wave_id"], unique=False)
    op.add_column("pulse_responses", sa.Column("sealed_groups", sa.Text(), nullable=True))
    op.execute(
        "UPDATE pulse_responses SET group_state = NULL, group_agency = NULL WHERE wave_id IN ("
        "SELECT pulse_waves.id FROM pulse_waves JOIN pulses ON pulses.id = pulse_waves.pulse_id "
        "WHERE pulse_waves.status = 'open' AND pulses.anonymous)"
    )


def downgrade() -> None:
    with op.batch_alter_table("pulse_responses") as batch:
        batch.drop_column("sealed_groups")
    op.drop_index("ix_pulse_pending_answers_wave_id", table_name="pulse_pending_answers")
    op.drop_table("pulse_pending_answers")
