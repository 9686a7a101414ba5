"""The meetings feature's typed button values and modal metadata (the validators: rendering/payloads.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import METADATA_MAX, IdButton, IdForm, compact_json, database_id, json_object, optional_id


@dataclass(frozen=True)
class OccurrenceButton(IdButton):
    """RSVP, check-in, suggest-a-topic, mark attendance and cancel buttons."""

    REOPEN: ClassVar[str] = "`/meeting list`"


@dataclass(frozen=True)
class MeetingButton(IdButton):
    REOPEN: ClassVar[str] = "`/meeting edit`"


@dataclass(frozen=True)
class SuggestionButton(IdButton):
    REOPEN: ClassVar[str] = "`/agenda list`"


@dataclass(frozen=True)
class OccurrenceForm(IdForm):
    """The agenda, suggest-a-topic and attendance modals: which occurrence they are about."""

    REOPEN: ClassVar[str] = "the meeting's card or `/meeting list`"
    KEY: ClassVar[str] = "occurrence_id"
    occurrence_id: int


@dataclass(frozen=True)
class MeetingForm:
    """The schedule/edit modal: the network it schedules for, and the series when editing."""

    REOPEN: ClassVar[str] = "`/meeting`"
    network_id: int
    meeting_id: int | None = None

    def to_value(self) -> str:
        return compact_json({"network_id": self.network_id, "meeting_id": self.meeting_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        return cls(database_id(data.get("network_id"), cls.REOPEN), optional_id(data.get("meeting_id"), cls.REOPEN))
