"""Peer introductions: each network's settings, members' participation, rounds, groups and who was in them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class IntroOutcome(StrEnum):
    MET = "met"
    SCHEDULING = "scheduling"
    SKIPPED = "skipped"


class IntroSettings(Base):
    """How a network's introductions run; one row per network, made when a facilitator first saves them."""

    __tablename__ = "intro_settings"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool]
    every_weeks: Mapped[int]  # 1, 2 or 4
    weekday: Mapped[int]  # 0 = Monday, in the network's time zone
    hour: Mapped[int]
    minute: Mapped[int]
    group_size: Mapped[int]  # 2 or 3
    cross_state: Mapped[bool]
    cross_agency: Mapped[bool]
    shared_interests: Mapped[bool]
    avoid_repeat_rounds: Mapped[int]
    prompt: Mapped[str | None] = mapped_column(Text)
    # The local date of the first round under these settings; later rounds follow every ``every_weeks`` weeks.
    starts_on: Mapped[date]
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]


class IntroParticipant(Base):
    """A member's own choice about introductions; no row means they take part."""

    __tablename__ = "intro_participants"
    __table_args__ = (UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    opted_out: Mapped[bool]
    skip_next: Mapped[bool]
    paused_until: Mapped[date | None]  # last local day of the pause
    updated_at: Mapped[datetime]


class IntroRound(Base):
    """One round of introductions; unique per network and start, so two clocks can never start it twice."""

    __tablename__ = "intro_rounds"
    __table_args__ = (UniqueConstraint("network_id", "starts_at"), UniqueConstraint("network_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    number: Mapped[int]
    starts_at: Mapped[datetime]
    nudge_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    group_size: Mapped[int]
    left_out: Mapped[str | None] = mapped_column(String(32))  # the one person a round could not place
    created_at: Mapped[datetime]


class IntroGroup(Base):
    """A small group introduced in one round, its group DM and what its members said happened."""

    __tablename__ = "intro_groups"
    __table_args__ = (Index("ix_intro_groups_round_id", "round_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("intro_rounds.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    introduced_at: Mapped[datetime | None]
    outcome: Mapped[IntroOutcome | None] = mapped_column(
        Enum(IntroOutcome, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    outcome_by: Mapped[str | None] = mapped_column(String(32))
    outcome_at: Mapped[datetime | None]


class IntroGroupMember(Base):
    """One person in one group; the key makes each person part of at most one group per round."""

    __tablename__ = "intro_group_members"
    __table_args__ = (Index("ix_intro_group_members_group_id", "group_id"),)

    round_id: Mapped[int] = mapped_column(ForeignKey("intro_rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("intro_groups.id", ondelete="CASCADE"))
    state: Mapped[str | None] = mapped_column(String(2))  # as their profile said when they were introduced
    unreachable: Mapped[bool] = mapped_column(default=False)
