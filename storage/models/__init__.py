"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.deliveries import Delivery, DeliveryStatus
from storage.models.networks import Member, Network, Role
from storage.models.resources import (
    DigestSchedule,
    LabelKind,
    Resource,
    ResourceKind,
    ResourceLabel,
    ResourceTopic,
    ResourceVote,
)

__all__ = [
    "Base",
    "Delivery",
    "DeliveryStatus",
    "DigestSchedule",
    "LabelKind",
    "Member",
    "Network",
    "Resource",
    "ResourceKind",
    "ResourceLabel",
    "ResourceTopic",
    "ResourceVote",
    "Role",
]
