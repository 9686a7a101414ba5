"""Meetings: series, their materialised occurrences, RSVPs, agenda suggestions and votes, attendance."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, enum_column


class Recurrence(StrEnum):
    NONE = "none"
    WEEKLY = "weekly"  # every ``interval_weeks`` weeks on the start date's weekday
    MONTHLY_WEEKDAY = "monthly_weekday"  # the start date's n-th weekday of each month ("first Tuesday")
    MONTHLY_DAY = "monthly_day"  # the start date's day of the month


class OccurrenceStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"  # falls in one of the network's pauses (a holiday); back on if the pause is removed


class RsvpAnswer(StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NO = "no"


class AttendanceSource(StrEnum):
    CHECK_IN = "check_in"
    FACILITATOR = "facilitator"


class Meeting(Base):
    """A meeting series as the facilitator described it, in the network's local wall-clock time."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(150))
    timezone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date]
    start_time: Mapped[time]
    duration_minutes: Mapped[int]
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence))
    interval_weeks: Mapped[int]
    end_date: Mapped[date | None]
    occurrence_count: Mapped[int | None]
    video_link: Mapped[str | None] = mapped_column(String(500))
    place: Mapped[str | None] = mapped_column(String(200))
    channel_id: Mapped[str] = mapped_column(String(32))
    reminder_offsets: Mapped[list[int]] = mapped_column(JSON)  # minutes before the start
    cancelled_at: Mapped[datetime | None]
    # The series' calendar invite version (iCalendar SEQUENCE): raised by every change people's calendars follow.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Occurrence(Base):
    """One meeting on the calendar, at a UTC instant; past ones are kept with their attendance."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("meeting_id", "sequence"),
        Index("ix_occurrences_status_start_utc", "status", "start_utc"),
        Index("ix_occurrences_network_id_start_utc", "network_id", "start_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    sequence: Mapped[int]
    start_utc: Mapped[datetime]
    end_utc: Mapped[datetime]
    status: Mapped[OccurrenceStatus] = mapped_column(enum_column(OccurrenceStatus))
    announcement_channel: Mapped[str | None] = mapped_column(String(32))
    announcement_ts: Mapped[str | None] = mapped_column(String(32))
    card_version: Mapped[int]  # bumped with every RSVP, so a stale in-place update can be detected and redone
    agenda_text: Mapped[str | None] = mapped_column(Text)
    agenda_channel: Mapped[str | None] = mapped_column(String(32))
    agenda_ts: Mapped[str | None] = mapped_column(String(32))
    cancelled_at: Mapped[datetime | None]


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("occurrence_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    answer: Mapped[RsvpAnswer] = mapped_column(enum_column(RsvpAnswer))
    answered_at: Mapped[datetime]


class AgendaSuggestion(Base):
    __tablename__ = "agenda_suggestions"
    __table_args__ = (Index("ix_agenda_suggestions_occurrence_id", "occurrence_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(300))
    on_agenda: Mapped[bool]
    author_told: Mapped[bool]
    created_at: Mapped[datetime]


class AgendaVote(Base):
    __tablename__ = "agenda_votes"
    __table_args__ = (UniqueConstraint("suggestion_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("agenda_suggestions.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    voted_at: Mapped[datetime]


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("occurrence_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    source: Mapped[AttendanceSource] = mapped_column(enum_column(AttendanceSource))
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime]
