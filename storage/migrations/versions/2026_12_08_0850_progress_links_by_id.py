"""progress: roadmap pulse questions link to their priority area by id; TA needs keep their requester's user id

Revision ID: 0850
Revises: 0810
Create Date: 2026-12-08

A roadmap pulse question used to find its area by matching "Progress on <name>", so renaming an area
while a pulse was open lost the answers; the link is now the area's id (set when the clock first
matches the question, or before an area is renamed). A TA need from an assessment stored its requester
as a typed "<@U…>" string, shown escaped; that id moves to its own column. On SQLite, batch mode rebuilds
the table to add the foreign key (storage.migrate runs with foreign keys off and checks them after).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0850"
down_revision: str | Sequence[str] | None = "0820"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MENTION = re.compile(r"^<@([A-Z0-9]{1,30})>$")


def upgrade() -> None:
    with op.batch_alter_table("pulse_questions") as batch:
        batch.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_pulse_questions_area_id_priority_areas", "priority_areas", ["area_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("ta_needs") as batch:
        batch.add_column(sa.Column("requested_by_user", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    needs = sa.table("ta_needs", sa.column("id", sa.Integer), sa.column("requested_by", sa.String))
    moved = sa.table(
        "ta_needs", sa.column("id", sa.Integer), sa.column("requested_by", sa.String), sa.column("requested_by_user")
    )
    for need_id, requested_by in bind.execute(sa.select(needs.c.id, needs.c.requested_by)).all():
        found = _MENTION.match(requested_by or "")
        if found:
            bind.execute(
                moved.update()
                .where(moved.c.id == need_id)
                .values(requested_by="", requested_by_user=found.group(1))
            )


def downgrade() -> None:
    bind = op.get_bind()
    needs = sa.table(
        "ta_needs", sa.column("id", sa.Integer), sa.column("requested_by", sa.String), sa.column("requested_by_user")
    )
    for need_id, user_id in bind.execute(
        sa.select(needs.c.id, needs.c.requested_by_user).where(needs.c.requested_by_user.is_not(None))
    ).all():
        bind.execute(needs.update().where(needs.c.id == need_id).values(requested_by=f"<@{user_id}>"))
    with op.batch_alter_table("ta_needs") as batch:
        batch.drop_column("requested_by_user")
    with op.batch_alter_table("pulse_questions") as batch:
        batch.drop_constraint("fk_pulse_questions_area_id_priority_areas", type_="foreignkey")
        batch.drop_column("area_id")
