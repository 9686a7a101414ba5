"""The cross-state resource library: entries, their labels, helpful votes, curated topics, digest schedules."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ResourceKind(StrEnum):
    TOOLKIT = "toolkit"
    POLICY = "policy"
    REPORT = "report"
    DATA = "data"
    TRAINING = "training"
    OTHER = "other"


class LabelKind(StrEnum):
    STATE = "state"
    TOPIC = "topic"
    TAG = "tag"


class Resource(Base):
    """One shared link. ``topics`` and ``tags`` are newline-joined copies of its labels, kept for full-text search.

    The full-text index is not mapped here: on SQLite it is the FTS5 table ``resources_fts`` kept current by
    triggers, on PostgreSQL the generated ``search_vector`` column; both are made by the migration.
    """

    __tablename__ = "resources"
    __table_args__ = (
        UniqueConstraint("network_id", "normalized_url"),
        Index("ix_resources_network_id_created_at", "network_id", "created_at"),
        Index("ix_resources_network_id_shared_by", "network_id", "shared_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    normalized_url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(Text)
    states: Mapped[str] = mapped_column(String(200))
    topics: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(Text)
    kind: Mapped[ResourceKind] = mapped_column(
        Enum(ResourceKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    shared_by: Mapped[str] = mapped_column(String(32))
    helpful_votes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    @property
    def state_codes(self) -> list[str]:
        return self.states.split()

    @property
    def topic_names(self) -> list[str]:
        return [t for t in self.topics.split("\n") if t]

    @property
    def tag_names(self) -> list[str]:
        return [t for t in self.tags.split("\n") if t]


class ResourceLabel(Base):
    """A state, topic or tag of a resource, lower-cased (topics, tags) so filters match exactly in SQL."""

    __tablename__ = "resource_labels"
    __table_args__ = (Index("ix_resource_labels_kind_value", "kind", "value", "resource_id"),)

    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[LabelKind] = mapped_column(
        Enum(LabelKind, native_enum=False, length=8, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )
    value: Mapped[str] = mapped_column(String(100), primary_key=True)


class ResourceVote(Base):
    """One member found one resource helpful; the primary key makes it one vote per member."""

    __tablename__ = "resource_votes"

    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime]


class ResourceTopic(Base):
    """A topic facilitators curate for their network; members pick from these when they add a resource."""

    __tablename__ = "resource_topics"
    __table_args__ = (UniqueConstraint("network_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class DigestSchedule(Base):
    """When a network's weekly digest goes out, in the network's time zone (absent: Monday 09:00)."""

    __tablename__ = "resource_digest_schedules"

    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)
    hour: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime]
