"""Typed button values and modal metadata: renderers write them (``to_value``), listeners read them (``from_value``).

Whoever sends a request can edit every value and ``private_metadata`` in it, so
``from_value`` believes nothing: ids must be 1..2^63-1, strings are bounded,
required keys must be there, and anything else raises ``StalePayload``, which
the error guard answers with a friendly "this is out of date". Checking that
the person may act on the object an id names is the listener's next step
(``domain.roles``); a valid payload is not a permission.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import astuple, dataclass
from typing import Any, ClassVar, Self

from domain.errors import PeerbotError

ID_MAX = 2**63 - 1
VALUE_MAX = 2000  # a button's value (Slack's limit)
METADATA_MAX = 3000  # a view's private_metadata (Slack's limit)
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,30}$")


class StalePayload(PeerbotError):
    """A button value or form metadata that is malformed, tampered with, or from an older peerbot."""

    def __init__(self, reopen: str) -> None:
        super().__init__(f"This is out of date — please reopen it from {reopen}.")


def json_object(raw: object, reopen: str, limit: int) -> dict[str, Any]:
    if not isinstance(raw, str) or len(raw) > limit:
        raise StalePayload(reopen)
    try:
        data = json.loads(raw)
    except ValueError:
        raise StalePayload(reopen) from None
    if not isinstance(data, dict):
        raise StalePayload(reopen)
    return data


def database_id(raw: object, reopen: str) -> int:
    """A database id: a positive integer that fits a BIGINT, as a JSON number or a string of digits."""
    if isinstance(raw, bool):
        raise StalePayload(reopen)
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 19:
        raw = int(raw)
    if not isinstance(raw, int) or not 1 <= raw <= ID_MAX:
        raise StalePayload(reopen)
    return raw


def optional_id(raw: object, reopen: str) -> int | None:
    return None if raw is None else database_id(raw, reopen)


def bounded_text(raw: object, reopen: str, *, limit: int, allow_empty: bool = True) -> str:
    if not isinstance(raw, str) or len(raw) > limit or (not allow_empty and not raw):
        raise StalePayload(reopen)
    return raw


def channel_ref(raw: object, reopen: str) -> str:
    text = bounded_text(raw, reopen, limit=32)
    if text and not CHANNEL_ID.match(text):
        raise StalePayload(reopen)
    return text


def small_int(raw: object, reopen: str, *, low: int, high: int) -> int:
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 6:
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise StalePayload(reopen)
    return raw


def compact_json(data: Mapping[str, Any]) -> str:
    return json.dumps(dict(data), separators=(",", ":"), ensure_ascii=False)


# ---- one id in a button ------------------------------------------------------------------------
@dataclass(frozen=True)
class IdButton:
    """A button whose value is one object's id, written as plain digits."""

    REOPEN: ClassVar[str] = "where you found it"
    id: int

    def to_value(self) -> str:
        return str(self.id)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(database_id(raw, cls.REOPEN))


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
class NetworkButton(IdButton):
    REOPEN: ClassVar[str] = "peerbot's Home tab"


@dataclass(frozen=True)
class ResourceButton(IdButton):
    REOPEN: ClassVar[str] = "`/resources`"


# ---- modal metadata ------------------------------------------------------------------------------
class IdForm:
    """A modal's metadata naming one row: ``{KEY: id}``. Subclasses are frozen dataclasses with that one field."""

    REOPEN: ClassVar[str] = "where you found it"
    KEY: ClassVar[str] = "id"

    def to_value(self) -> str:
        (row_id,) = astuple(self)  # type: ignore[call-overload]
        return compact_json({self.KEY: row_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(database_id(json_object(raw, cls.REOPEN, METADATA_MAX).get(cls.KEY), cls.REOPEN))  # type: ignore[call-arg]


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


@dataclass(frozen=True)
class SetupForm:
    """The setup modal: the channel `/peerbot setup` was run in."""

    REOPEN: ClassVar[str] = "`/peerbot setup` in the network's channel"
    channel_id: str

    def to_value(self) -> str:
        return compact_json({"channel_id": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        channel = channel_ref(data.get("channel_id"), cls.REOPEN)
        if not channel:
            raise StalePayload(cls.REOPEN)
        return cls(channel)


@dataclass(frozen=True)
class ProfileForm(IdForm):
    REOPEN: ClassVar[str] = "`/peerbot profile` or peerbot's Home tab"
    KEY: ClassVar[str] = "network_id"
    network_id: int


@dataclass(frozen=True)
class ResourceAddForm:
    """Sharing a resource: the library it goes to, and where to confirm (the channel it was started from)."""

    REOPEN: ClassVar[str] = "`/resources add`"
    network_id: int
    channel_id: str = ""

    def to_value(self) -> str:
        return compact_json({"network_id": self.network_id, "channel_id": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        return cls(
            database_id(data.get("network_id"), cls.REOPEN), channel_ref(data.get("channel_id") or "", cls.REOPEN)
        )


@dataclass(frozen=True)
class ResourceForm(IdForm):
    """Editing, deleting, or adding topics to an existing entry."""

    REOPEN: ClassVar[str] = "`/resources`"
    KEY: ClassVar[str] = "resource_id"
    resource_id: int


# ---- resource library buttons --------------------------------------------------------------------
RESULT_MODES = ("search", "recent", "mine")


@dataclass(frozen=True)
class MoreResults:
    """The More button under a page of /resources results."""

    REOPEN: ClassVar[str] = "`/resources`"
    network_id: int
    mode: str
    text: str
    offset: int

    def to_value(self) -> str:
        return compact_json({"n": self.network_id, "m": self.mode, "q": self.text, "o": self.offset})

    @classmethod
    def from_value(cls, raw: object, *, max_offset: int, max_text: int) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        mode = bounded_text(data.get("m"), cls.REOPEN, limit=10)
        if mode not in RESULT_MODES:
            raise StalePayload(cls.REOPEN)
        return cls(
            database_id(data.get("n"), cls.REOPEN),
            mode,
            bounded_text(data.get("q"), cls.REOPEN, limit=max_text),
            small_int(data.get("o"), cls.REOPEN, low=0, high=max_offset),
        )


class MenuChoice:
    """An overflow-menu choice: an action among ``ACTIONS`` and the id of the row it is for.

    Subclasses are frozen dataclasses with exactly two fields, the action then the id, named for what they hold.
    """

    REOPEN: ClassVar[str] = "where you found it"
    ACTIONS: ClassVar[tuple[str, ...]] = ("edit", "delete")

    def to_value(self) -> str:
        action, row_id = astuple(self)  # type: ignore[call-overload]
        return compact_json({"a": action, "id": row_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        action = data.get("a")
        if action not in cls.ACTIONS:
            raise StalePayload(cls.REOPEN)
        return cls(str(action), database_id(data.get("id"), cls.REOPEN))  # type: ignore[call-arg]


@dataclass(frozen=True)
class ManageChoice(MenuChoice):
    """Edit or Delete in a result's overflow menu."""

    REOPEN: ClassVar[str] = "`/resources`"
    action: str
    resource_id: int
