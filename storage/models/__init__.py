"""All ORM models; importing this package registers every table on Base.metadata."""

from storage.models.base import Base
from storage.models.calendar import CalendarFeed, Pause
from storage.models.cards import CardRefreshLease
from storage.models.deliveries import Delivery, DeliveryStatus
from storage.models.health import ProcessHeartbeat
from storage.models.home import HomeRefreshMark, HomeTab
from storage.models.intros import (
    IntroGroup,
    IntroGroupMember,
    IntroOutcome,
    IntroParticipant,
    IntroRound,
    IntroSettings,
)
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
from storage.models.network import Member, MembershipSpell, Network, Role
from storage.models.progress import (
    ChangeMade,
    Collaboration,
    CollaborationPartner,
    PriorityArea,
    ProgressReport,
    Roadmap,
    TaDelivery,
    TaNeed,
    TaProvider,
)
from storage.models.pulses import (
    PendingAnswer,
    Pulse,
    PulseNetworkSettings,
    PulseQuestion,
    PulseWave,
    Respondent,
    Response,
    WaveRecipient,
    WaveStatus,
)
from storage.models.resources import (
    DigestSchedule,
    LabelKind,
    Resource,
    ResourceKind,
    ResourceLabel,
    ResourceTopic,
    ResourceVote,
)
from storage.models.workspaces import WorkspaceRemoval

__all__ = [
    "AgendaSuggestion",
    "AgendaVote",
    "Attendance",
    "AttendanceSource",
    "Base",
    "CalendarFeed",
    "CardRefreshLease",
    "ChangeMade",
    "Collaboration",
    "CollaborationPartner",
    "Delivery",
    "DeliveryStatus",
    "DigestSchedule",
    "HomeRefreshMark",
    "HomeTab",
    "IntroGroup",
    "IntroGroupMember",
    "IntroOutcome",
    "IntroParticipant",
    "IntroRound",
    "IntroSettings",
    "LabelKind",
    "Meeting",
    "Member",
    "MembershipSpell",
    "Network",
    "Occurrence",
    "OccurrenceStatus",
    "Pause",
    "PendingAnswer",
    "PriorityArea",
    "ProcessHeartbeat",
    "ProgressReport",
    "Pulse",
    "PulseNetworkSettings",
    "PulseQuestion",
    "PulseWave",
    "Recurrence",
    "Resource",
    "ResourceKind",
    "ResourceLabel",
    "ResourceTopic",
    "ResourceVote",
    "Respondent",
    "Response",
    "Roadmap",
    "Role",
    "Rsvp",
    "RsvpAnswer",
    "TaDelivery",
    "TaNeed",
    "TaProvider",
    "WaveRecipient",
    "WaveStatus",
    "WorkspaceRemoval",
]
