"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.deliveries import Delivery, DeliveryStatus
from storage.models.networks import Member, Network, Role
from storage.models.pulses import (
    Pulse,
    PulseNetworkSettings,
    PulseQuestion,
    PulseWave,
    Respondent,
    Response,
    WaveRecipient,
    WaveStatus,
)

__all__ = [
    "Base",
    "Delivery",
    "DeliveryStatus",
    "Member",
    "Network",
    "Pulse",
    "PulseNetworkSettings",
    "PulseQuestion",
    "PulseWave",
    "Respondent",
    "Response",
    "Role",
    "WaveRecipient",
    "WaveStatus",
]
