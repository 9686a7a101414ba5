"""Pulse surveys: definitions, questions, waves, who was asked, who answered, and the answers.

Anonymity lives in the shape of these tables. ``pulse_respondents`` records only
that a person answered a wave (for reminders and response rates). An anonymous answer
first waits, sealed, in ``pulse_pending_answers``; the clock moves answers from there
into ``pulse_responses`` in shuffled batches. A response row of an anonymous pulse has
a random primary key, no user id, no timestamp and no reference to anything
person-shaped, and while its wave is open its group labels are sealed too. On SQLite
both are WITHOUT ROWID tables, so storage order is the random key's order.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, enum_column


class QuestionKind(StrEnum):
    AGREEMENT = "agreement"
    RATING = "rating"
    SINGLE = "single"
    MULTIPLE = "multiple"
    TEXT = "text"


class Audience(StrEnum):
    NETWORK = "network"
    STATES = "states"
    MEMBERS = "members"
    PER_STATE = "per_state"


class ResultsVisibility(StrEnum):
    LIVE = "live"
    AFTER_CLOSE = "after_close"
    NEVER = "never"


class Recurrence(StrEnum):
    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    AFTER_MEETING = "after_meeting"  # a wave when each meeting of the chosen series ends


class WaveStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class Pulse(Base):
    """A survey definition and its settings; each time it runs is a wave."""

    __tablename__ = "pulses"
    __table_args__ = (Index("ix_pulses_network_id", "network_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(150))
    intro: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool]
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    audience_states: Mapped[str] = mapped_column(Text)  # JSON list of state codes
    audience_users: Mapped[str] = mapped_column(Text)  # JSON list of user ids
    results_visibility: Mapped[ResultsVisibility] = mapped_column(enum_column(ResultsVisibility))
    reminders: Mapped[int]
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence))
    # The meeting series an "after each meeting" pulse follows; a deleted series leaves the pulse and its results.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    wave_length_minutes: Mapped[int]
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]


class PulseQuestion(Base):
    __tablename__ = "pulse_questions"
    __table_args__ = (UniqueConstraint("pulse_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pulse_id: Mapped[int] = mapped_column(ForeignKey("pulses.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    text: Mapped[str] = mapped_column(String(500))
    choices: Mapped[str] = mapped_column(Text)  # JSON list of option labels
    max_choices: Mapped[int | None]
    required: Mapped[bool]


class PulseWave(Base):
    """One run of a pulse, with its own opening, deadline and fixed recipients."""

    __tablename__ = "pulse_waves"
    __table_args__ = (
        UniqueConstraint("pulse_id", "number"),
        Index("ix_pulse_waves_status_opens_at", "status", "opens_at"),
        # One wave per meeting occurrence, however many clocks race: a unique index (not a table
        # constraint) so SQLite can add it without rebuilding the table.
        Index("uq_pulse_waves_pulse_id_occurrence_id", "pulse_id", "occurrence_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pulse_id: Mapped[int] = mapped_column(ForeignKey("pulses.id", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[WaveStatus] = mapped_column(enum_column(WaveStatus))
    opens_at: Mapped[datetime]
    deadline: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reminders_sent: Mapped[int] = mapped_column(default=0)
    unreachable: Mapped[int] = mapped_column(default=0)
    # The meeting occurrence this wave follows ("after each meeting" pulses only).
    occurrence_id: Mapped[int | None] = mapped_column(ForeignKey("occurrences.id", ondelete="SET NULL"))


class WaveRecipient(Base):
    """Who a wave was sent to, fixed when it opens: the stable denominator of the response rate."""

    __tablename__ = "pulse_wave_recipients"
    __table_args__ = (UniqueConstraint("wave_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str | None] = mapped_column(String(2))
    agency: Mapped[str | None] = mapped_column(String(200))


class Respondent(Base):
    """The fact that a person answered a wave, and nothing about what they answered.

    ``state_unit`` is set only for one-answer-per-state pulses, where its uniqueness
    makes the database accept one answer per state.
    """

    __tablename__ = "pulse_respondents"
    __table_args__ = (
        UniqueConstraint("wave_id", "state_unit"),
        {"sqlite_with_rowid": False},
    )

    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state_unit: Mapped[str | None] = mapped_column(String(2))


class Response(Base):
    """One set of answers to a wave; for anonymous pulses, unlinked from any person."""

    __tablename__ = "pulse_responses"
    __table_args__ = (
        UniqueConstraint("wave_id", "user_id"),
        UniqueConstraint("change_key_hash"),
        Index("ix_pulse_responses_wave_id", "wave_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex, never sequential
    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id", ondelete="CASCADE"))
    user_id: Mapped[str | None] = mapped_column(String(32))  # named pulses only
    group_state: Mapped[str | None] = mapped_column(String(2))
    group_agency: Mapped[str | None] = mapped_column(String(200))
    answers: Mapped[str] = mapped_column(Text)  # JSON {question_id: value}
    change_key_hash: Mapped[str | None] = mapped_column(String(64))
    # Anonymous, open wave: the labels, sealed (domain.pulses.seal) until the close decides which may stay.
    sealed_groups: Mapped[str | None] = mapped_column(Text)


class PendingAnswer(Base):
    """An anonymous answer waiting to join a batch: everything it holds (answers, labels, change key) sealed."""

    __tablename__ = "pulse_pending_answers"
    __table_args__ = (
        Index("ix_pulse_pending_answers_wave_id", "wave_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex, never sequential
    wave_id: Mapped[int] = mapped_column(ForeignKey("pulse_waves.id", ondelete="CASCADE"))
    sealed: Mapped[str] = mapped_column(Text)


class PulseNetworkSettings(Base):
    """Per-network pulse settings: the smallest group a breakdown may show (never below 3)."""

    __tablename__ = "pulse_network_settings"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    min_group_size: Mapped[int]
