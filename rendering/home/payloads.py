"""Typed values of the Home tab's buttons and its search modal's metadata, validated on the way in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Self

from rendering.payloads import (
    VALUE_MAX,
    StalePayload,
    bounded_text,
    compact_json,
    database_id,
    json_object,
    small_int,
)

REOPEN = "peerbot's Home tab"
SEARCH_MAX = 500
OFFSET_MAX = 1000


class QuickAction(StrEnum):
    NEW_MEETING = "new_meeting"
    POST_AGENDA = "post_agenda"
    NEW_PULSE = "new_pulse"
    ADD_FACILITATOR = "add_facilitator"
    EXPORT_RESULTS = "export_results"


@dataclass(frozen=True)
class NudgeButton:
    """Nudge a quiet member: the network and the person (both checked again at click time)."""

    REOPEN: ClassVar[str] = REOPEN
    network_id: int
    user_id: str

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "u": self.user_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        user = bounded_text(data.get("u"), cls.REOPEN, limit=32, allow_empty=False)
        if not user.isalnum():
            raise StalePayload(cls.REOPEN)
        return cls(database_id(data.get("n"), cls.REOPEN), user)


@dataclass(frozen=True)
class QuickActionButton:
    REOPEN: ClassVar[str] = REOPEN
    network_id: int
    action: QuickAction

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "a": self.action.value})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        try:
            action = QuickAction(str(data.get("a")))
        except ValueError:
            raise StalePayload(cls.REOPEN) from None
        return cls(database_id(data.get("n"), cls.REOPEN), action)


@dataclass(frozen=True)
class DmsToggle:
    """Turn reminder DMs on or off in one network."""

    REOPEN: ClassVar[str] = REOPEN
    network_id: int
    enabled: bool

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "on": self.enabled})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        enabled = data.get("on")
        if not isinstance(enabled, bool):
            raise StalePayload(cls.REOPEN)
        return cls(database_id(data.get("n"), cls.REOPEN), enabled)


@dataclass(frozen=True)
class SearchPage:
    """One page of Home search results: the network, the words searched, where the page starts."""

    REOPEN: ClassVar[str] = REOPEN
    network_id: int
    text: str
    offset: int

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "q": self.text, "o": self.offset})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        return cls(
            database_id(data.get("n"), cls.REOPEN),
            bounded_text(data.get("q"), cls.REOPEN, limit=SEARCH_MAX, allow_empty=False),
            small_int(data.get("o"), cls.REOPEN, low=0, high=OFFSET_MAX),
        )


INTRO_CHOICES = ("on", "skip", "off")


@dataclass(frozen=True)
class IntrosChoiceButton:
    """In / skip the next round / off for peer introductions, in the network Home shows (checked at click time)."""

    REOPEN: ClassVar[str] = REOPEN
    network_id: int
    choice: str

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "c": self.choice})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        choice = data.get("c")
        if choice not in INTRO_CHOICES:
            raise StalePayload(cls.REOPEN)
        return cls(database_id(data.get("n"), cls.REOPEN), str(choice))
