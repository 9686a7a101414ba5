"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.deliveries import Delivery, DeliveryStatus
from storage.models.meetings import (
    AgendaSuggestion,
    AgendaVote,
    Attendance,
    AttendanceSource,
    Meeting,
    Occurrence,
    OccurrenceStatus,
    Recurrence,
    Rsvp,
    RsvpAnswer,
)
from storage.models.networks import Member, Network, Role

__all__ = [
    "AgendaSuggestion",
    "AgendaVote",
    "Attendance",
    "AttendanceSource",
    "Base",
    "Delivery",
    "DeliveryStatus",
    "Meeting",
    "Member",
    "Network",
    "Occurrence",
    "OccurrenceStatus",
    "Recurrence",
    "Role",
    "Rsvp",
    "RsvpAnswer",
]
