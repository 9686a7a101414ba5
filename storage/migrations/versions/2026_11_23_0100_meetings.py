"""meetings: series, occurrences, rsvps, agenda suggestions and votes, attendance

Revision ID: 0100
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0100"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "recurrence", _enum("recurrence", "none", "weekly", "monthly_weekday", "monthly_day"), nullable=False
        ),
        sa.Column("interval_weeks", sa.Integer(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("occurrence_count", sa.Integer(), nullable=True),
        sa.Column("video_link", sa.String(length=500), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=False),
        sa.Column("reminder_offsets", sa.JSON(), nullable=False),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_meetings_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    op.create_index("ix_meetings_network_id", "meetings", ["network_id"], unique=False)
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("start_utc", UTCDateTime(), nullable=False),
        sa.Column("end_utc", UTCDateTime(), nullable=False),
        sa.Column("status", _enum("occurrencestatus", "scheduled", "cancelled"), nullable=False),
        sa.Column("announcement_channel", sa.String(length=32), nullable=True),
        sa.Column("announcement_ts", sa.String(length=32), nullable=True),
        sa.Column("card_version", sa.Integer(), nullable=False),
        sa.Column("agenda_text", sa.Text(), nullable=True),
        sa.Column("agenda_channel", sa.String(length=32), nullable=True),
        sa.Column("agenda_ts", sa.String(length=32), nullable=True),
        sa.Column("cancelled_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_occurrences_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_occurrences_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occurrences")),
        sa.UniqueConstraint("meeting_id", "sequence", name=op.f("uq_occurrences_meeting_id_sequence")),
    )
    op.create_index("ix_occurrences_status_start_utc", "occurrences", ["status", "start_utc"], unique=False)
    op.create_index(
        "ix_occurrences_network_id_start_utc", "occurrences", ["network_id", "start_utc"], unique=False
    )
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("answer", _enum("rsvpanswer", "going", "maybe", "no"), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occurrence_id"], ["occurrences.id"], name=op.f("fk_rsvps_occurrence_id_occurrences"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
        sa.UniqueConstraint("occurrence_id", "user_id", name=op.f("uq_rsvps_occurrence_id_user_id")),
    )
    op.create_table(
        "agenda_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=300), nullable=False),
        sa.Column("on_agenda", sa.Boolean(), nullable=False),
        sa.Column("author_told", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_agenda_suggestions_occurrence_id_occurrences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_suggestions")),
    )
    op.create_index(
        "ix_agenda_suggestions_occurrence_id", "agenda_suggestions", ["occurrence_id"], unique=False
    )
    op.create_table(
        "agenda_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("voted_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["suggestion_id"],
            ["agenda_suggestions.id"],
            name=op.f("fk_agenda_votes_suggestion_id_agenda_suggestions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_votes")),
        sa.UniqueConstraint("suggestion_id", "user_id", name=op.f("uq_agenda_votes_suggestion_id_user_id")),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("source", _enum("attendancesource", "check_in", "facilitator"), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["occurrences.id"],
            name=op.f("fk_attendance_occurrence_id_occurrences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("occurrence_id", "user_id", name=op.f("uq_attendance_occurrence_id_user_id")),
    )


def downgrade() -> None:
    op.drop_table("attendance")
    op.drop_table("agenda_votes")
    op.drop_index("ix_agenda_suggestions_occurrence_id", table_name="agenda_suggestions")
    op.drop_table("agenda_suggestions")
    op.drop_table("rsvps")
    op.drop_index("ix_occurrences_network_id_start_utc", table_name="occurrences")
    op.drop_index("ix_occurrences_status_start_utc", table_name="occurrences")
    op.drop_table("occurrences")
    op.drop_index("ix_meetings_network_id", table_name="meetings")
    op.drop_table("meetings")
