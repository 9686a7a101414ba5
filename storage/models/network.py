"""Networks and their members (roster, roles and profiles)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, enum_column


class Role(StrEnum):
    FACILITATOR = "facilitator"
    MEMBER = "member"


class Network(Base):
    """A peer learning network, living in one home channel of one workspace."""

    __tablename__ = "networks"
    __table_args__ = (UniqueConstraint("team_id", "home_channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(80))
    home_channel_id: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    members: Mapped[list[Member]] = relationship(back_populates="network", lazy="raise")


class Member(Base):
    """A person in a network: on the roster while in the home channel, and/or a facilitator."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("network_id", "user_id"),
        Index("ix_members_team_id_user_id", "team_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    display_name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str | None] = mapped_column(String(64))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    in_channel: Mapped[bool]
    state: Mapped[str | None] = mapped_column(String(2))
    agency: Mapped[str | None] = mapped_column(String(200))
    role_title: Mapped[str | None] = mapped_column(String(200))
    learning_interests: Mapped[str | None] = mapped_column(Text)
    dm_reminders: Mapped[bool] = mapped_column(default=True)
    # A facilitator's word on whether this person counts in participation figures; None: the default rule.
    participant: Mapped[bool | None]
    # The person's own organization (Slack Connect): None or the network's team for people of the workspace.
    org_team_id: Mapped[str | None] = mapped_column(String(32))
    org_name: Mapped[str | None] = mapped_column(String(120))
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    updated_at: Mapped[datetime]

    network: Mapped[Network] = relationship(back_populates="members", lazy="raise")


class MembershipSpell(Base):
    """One stretch of time a person was on a network's roster: who was a member at any past instant."""

    __tablename__ = "membership_spells"
    __table_args__ = (
        Index("ix_membership_spells_network_id_user_id", "network_id", "user_id"),
        Index("ix_membership_spells_network_id_joined_at", "network_id", "joined_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]  # None while the spell is open
