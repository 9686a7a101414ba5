"""pulses after each meeting of a series; merges the meetings, pulses and resources heads

Revision ID: 0400
Revises: 0100, 0200, 0300
Create Date: 2026-11-23

SQLite cannot add a foreign key with ALTER TABLE, and rebuilding pulse_waves in batch
mode would drop the old table, and a dropped table's ON DELETE CASCADE empties its
recipients, respondents and responses. So on SQLite the column is added plain and its
named foreign key written into the stored table definition (the documented
writable_schema technique for changes that leave the on-disk rows as they are: a new
nullable column is NULL in every existing row, which any foreign key accepts). The
uniqueness is a unique index on both backends.
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
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, referred in LINKS:
        name = f"fk_{table}_{column}_{referred}"
        if sqlite:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            _sqlite_add_foreign_key(
                table, f"CONSTRAINT {name} FOREIGN KEY({column}) REFERENCES {referred} (id) ON DELETE SET NULL"
            )
        else:
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
            op.create_foreign_key(name, table, referred, [column], ["id"], ondelete="SET NULL")
    op.create_index("uq_pulse_waves_pulse_id_occurrence_id", "pulse_waves", ["pulse_id", "occurrence_id"], unique=True)


def _sqlite_add_foreign_key(table: str, constraint: str) -> None:
    bind = op.get_bind()
    definition = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    closing = definition.rstrip().rindex(")")
    rewritten = f"{definition[:closing].rstrip()}, \n\t{constraint}\n)"
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (rewritten, table))
    # A new schema version makes every connection (this one included) re-read the definitions.
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def downgrade() -> None:
    op.drop_index("uq_pulse_waves_pulse_id_occurrence_id", table_name="pulse_waves")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, referred in reversed(LINKS):
        if sqlite:
            with op.batch_alter_table(table) as batch:
                batch.drop_column(column)
        else:
            op.drop_constraint(f"fk_{table}_{column}_{referred}", table, type_="foreignkey")
            op.drop_column(table, column)
