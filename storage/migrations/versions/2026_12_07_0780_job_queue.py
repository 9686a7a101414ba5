"""The job queue `peerbot worker` claims scheduled work from (procrastinate's schema; PostgreSQL only)

The SQL is procrastinate's own, read from the installed package, which pyproject pins to one
minor version (3.10): a later procrastinate comes with a new migration applying its migration
scripts (`procrastinate schema --migrations-path`). SQLite has no queue (everything runs in the
one local process), so this revision does nothing there.

Revision ID: 0780
Revises: 0770
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0780"
down_revision: str | Sequence[str] | None = "0770"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every object procrastinate's schema creates is named procrastinate_*.
_PREFIX = "procrastinate\\_%"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # Straight to the driver without parameters: the SQL's own "%" and ":" stay as written.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    here = "n.nspname = current_schema()"
    for (name,) in bind.exec_driver_sql(
        f"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "  # noqa: S608
        f"WHERE {here} AND c.relkind = 'r' AND c.relname LIKE %(p)s",
        {"p": _PREFIX},
    ).all():
        op.execute(f'DROP TABLE IF EXISTS "{name}" CASCADE')
    for (signature,) in bind.exec_driver_sql(
        f"SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "  # noqa: S608
        f"WHERE {here} AND p.proname LIKE %(p)s",
        {"p": _PREFIX},
    ).all():
        op.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")
    for (name,) in bind.exec_driver_sql(
        f"SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "  # noqa: S608
        f"WHERE {here} AND t.typtype IN ('e', 'c') AND t.typname LIKE %(p)s",
        {"p": _PREFIX},
    ).all():
        op.execute(f'DROP TYPE IF EXISTS "{name}" CASCADE')
