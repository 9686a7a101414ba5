"""resource library: resources, labels, votes, curated topics, digest schedules, full-text search

Revision ID: 0300
Revises: 0002
Create Date: 2026-11-23

Full-text search lives in the database and is kept current inside the transaction that writes a
resource: on SQLite an external-content FTS5 table maintained by triggers; on PostgreSQL a generated
tsvector columns with GIN indexes. Both tokenise the same way (see storage/search.py): runs of letters
and digits, lower-cased, no stemming, no stop words, accents kept.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0300"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE resources_fts USING fts5(
        title, description, topics, tags,
        content='resources', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='2 3'
    )""",
    """CREATE TRIGGER resources_fts_after_insert AFTER INSERT ON resources BEGIN
        INSERT INTO resources_fts(rowid, title, description, topics, tags)
        VALUES (new.id, new.title, new.description, new.topics, new.tags);
    END""",
    """CREATE TRIGGER resources_fts_after_delete AFTER DELETE ON resources BEGIN
        INSERT INTO resources_fts(resources_fts, rowid, title, description, topics, tags)
        VALUES ('delete', old.id, old.title, old.description, old.topics, old.tags);
    END""",
    """CREATE TRIGGER resources_fts_after_update AFTER UPDATE OF title, description, topics, tags ON resources BEGIN
        INSERT INTO resources_fts(resources_fts, rowid, title, description, topics, tags)
        VALUES ('delete', old.id, old.title, old.description, old.topics, old.tags);
        INSERT INTO resources_fts(rowid, title, description, topics, tags)
        VALUES (new.id, new.title, new.description, new.topics, new.tags);
    END""",
]

# Replacing every run of non-alphanumerics with a space first makes PostgreSQL's parser see plain
# words only (no hosts, URLs or hyphenated compounds), which is how FTS5's unicode61 tokenizer splits.
# One generated column and GIN index per relevance bucket (title; title+topics+tags; everything):
# weights in a single tsvector would need a heap recheck of every row matching anywhere.
POSTGRES_WORDS = "to_tsvector('simple'::regconfig, regexp_replace({}, '[^[:alnum:]]+', ' ', 'g'))"
POSTGRES_FTS = [
    statement
    for column, source in (
        ("search_title", "title"),
        ("search_meta", "title || ' ' || topics || ' ' || tags"),
        ("search_all", "title || ' ' || topics || ' ' || tags || ' ' || description"),
    )
    for statement in (
        f"ALTER TABLE resources ADD COLUMN {column} tsvector "
        f"GENERATED ALWAYS AS ({POSTGRES_WORDS.format(source)}) STORED",
        f"CREATE INDEX ix_resources_{column} ON resources USING gin ({column})",
    )
]


def upgrade() -> None:
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("normalized_url", sa.String(length=2000), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("states", sa.String(length=200), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("toolkit", "policy", "report", "data", "training", "other", name="resourcekind",
                    native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("shared_by", sa.String(length=32), nullable=False),
        sa.Column("helpful_votes", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"], name=op.f("fk_resources_network_id_networks"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
        sa.UniqueConstraint("network_id", "normalized_url", name=op.f("uq_resources_network_id_normalized_url")),
    )
    op.create_index("ix_resources_network_id_created_at", "resources", ["network_id", "created_at"], unique=False)
    op.create_index("ix_resources_network_id_shared_by", "resources", ["network_id", "shared_by"], unique=False)
    op.create_table(
        "resource_labels",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("state", "topic", "tag", name="labelkind", native_enum=False, length=8),
                  nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.id"],
                                name=op.f("fk_resource_labels_resource_id_resources"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "kind", "value", name=op.f("pk_resource_labels")),
    )
    op.create_index("ix_resource_labels_kind_value", "resource_labels", ["kind", "value", "resource_id"], unique=False)
    op.create_table(
        "resource_votes",
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["resource_id"], ["resources.id"],
                                name=op.f("fk_resource_votes_resource_id_resources"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id", "user_id", name=op.f("pk_resource_votes")),
    )
    op.create_table(
        "resource_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"],
                                name=op.f("fk_resource_topics_network_id_networks"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_topics")),
        sa.UniqueConstraint("network_id", "key", name=op.f("uq_resource_topics_network_id_key")),
    )
    op.create_table(
        "resource_digest_schedules",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"],
                                name=op.f("fk_resource_digest_schedules_network_id_networks"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_resource_digest_schedules")),
    )
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS resources_fts_after_{trigger}")
        op.execute("DROP TABLE IF EXISTS resources_fts")
    op.drop_table("resource_digest_schedules")
    op.drop_table("resource_topics")
    op.drop_table("resource_votes")
    op.drop_index("ix_resource_labels_kind_value", table_name="resource_labels")
    op.drop_table("resource_labels")
    op.drop_index("ix_resources_network_id_shared_by", table_name="resources")
    op.drop_index("ix_resources_network_id_created_at", table_name="resources")
    op.drop_table("resources")
