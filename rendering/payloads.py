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
from dataclasses import dataclass, field
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


def _object(raw: object, reopen: str, limit: int) -> dict[str, Any]:
    if not isinstance(raw, str) or len(raw) > limit:
        raise StalePayload(reopen)
    try:
        data = json.loads(raw)
    except ValueError:
        raise StalePayload(reopen) from None
    if not isinstance(data, dict):
        raise StalePayload(reopen)
    return data


def _id(raw: object, reopen: str) -> int:
    """A database id: a positive integer that fits a BIGINT, as a JSON number or a string of digits."""
    if isinstance(raw, bool):
        raise StalePayload(reopen)
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 19:
        raw = int(raw)
    if not isinstance(raw, int) or not 1 <= raw <= ID_MAX:
        raise StalePayload(reopen)
    return raw


def _optional_id(raw: object, reopen: str) -> int | None:
    return None if raw is None else _id(raw, reopen)


def _text(raw: object, reopen: str, *, limit: int, allow_empty: bool = True) -> str:
    if not isinstance(raw, str) or len(raw) > limit or (not allow_empty and not raw):
        raise StalePayload(reopen)
    return raw


def _channel(raw: object, reopen: str) -> str:
    text = _text(raw, reopen, limit=32)
    if text and not CHANNEL_ID.match(text):
        raise StalePayload(reopen)
    return text


def _small_int(raw: object, reopen: str, *, low: int, high: int) -> int:
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 6:
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise StalePayload(reopen)
    return raw


def _dumps(data: Mapping[str, Any]) -> str:
    return json.dumps(dict(data), separators=(",", ":"), ensure_ascii=False)


# ---- one id in a button ------------------------------------------------------------------------
@dataclass(frozen=True)
class _IdButton:
    """A button whose value is one object's id, written as plain digits."""

    REOPEN: ClassVar[str] = "where you found it"
    id: int

    def to_value(self) -> str:
        return str(self.id)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(_id(raw, cls.REOPEN))


@dataclass(frozen=True)
class OccurrenceButton(_IdButton):
    """RSVP, check-in, suggest-a-topic, mark attendance and cancel buttons."""

    REOPEN: ClassVar[str] = "`/meeting list`"


@dataclass(frozen=True)
class MeetingButton(_IdButton):
    REOPEN: ClassVar[str] = "`/meeting edit`"


@dataclass(frozen=True)
class SuggestionButton(_IdButton):
    REOPEN: ClassVar[str] = "`/agenda list`"


@dataclass(frozen=True)
class NetworkButton(_IdButton):
    REOPEN: ClassVar[str] = "peerbot's Home tab"


@dataclass(frozen=True)
class ResourceButton(_IdButton):
    REOPEN: ClassVar[str] = "`/resources`"


# ---- modal metadata ------------------------------------------------------------------------------
@dataclass(frozen=True)
class OccurrenceForm:
    """The agenda, suggest-a-topic and attendance modals: which occurrence they are about."""

    REOPEN: ClassVar[str] = "the meeting's card or `/meeting list`"
    occurrence_id: int

    def to_value(self) -> str:
        return _dumps({"occurrence_id": self.occurrence_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        return cls(_id(data.get("occurrence_id"), cls.REOPEN))


@dataclass(frozen=True)
class MeetingForm:
    """The schedule/edit modal: the network it schedules for, and the series when editing."""

    REOPEN: ClassVar[str] = "`/meeting`"
    network_id: int
    meeting_id: int | None = None

    def to_value(self) -> str:
        return _dumps({"network_id": self.network_id, "meeting_id": self.meeting_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        return cls(_id(data.get("network_id"), cls.REOPEN), _optional_id(data.get("meeting_id"), cls.REOPEN))


@dataclass(frozen=True)
class SetupForm:
    """The setup modal: the channel `/peerbot setup` was run in."""

    REOPEN: ClassVar[str] = "`/peerbot setup` in the network's channel"
    channel_id: str

    def to_value(self) -> str:
        return _dumps({"channel_id": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        channel = _channel(data.get("channel_id"), cls.REOPEN)
        if not channel:
            raise StalePayload(cls.REOPEN)
        return cls(channel)


@dataclass(frozen=True)
class ProfileForm:
    REOPEN: ClassVar[str] = "`/peerbot profile` or peerbot's Home tab"
    network_id: int

    def to_value(self) -> str:
        return _dumps({"network_id": self.network_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(_id(_object(raw, cls.REOPEN, METADATA_MAX).get("network_id"), cls.REOPEN))


@dataclass(frozen=True)
class ResourceAddForm:
    """Sharing a resource: the library it goes to, and where to confirm (the channel it was started from)."""

    REOPEN: ClassVar[str] = "`/resources add`"
    network_id: int
    channel_id: str = ""

    def to_value(self) -> str:
        return _dumps({"network_id": self.network_id, "channel_id": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        return cls(_id(data.get("network_id"), cls.REOPEN), _channel(data.get("channel_id") or "", cls.REOPEN))


@dataclass(frozen=True)
class ResourceForm:
    """Editing, deleting, or adding topics to an existing entry."""

    REOPEN: ClassVar[str] = "`/resources`"
    resource_id: int

    def to_value(self) -> str:
        return _dumps({"resource_id": self.resource_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(_id(_object(raw, cls.REOPEN, METADATA_MAX).get("resource_id"), cls.REOPEN))


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
        return _dumps({"n": self.network_id, "m": self.mode, "q": self.text, "o": self.offset})

    @classmethod
    def from_value(cls, raw: object, *, max_offset: int, max_text: int) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        mode = _text(data.get("m"), cls.REOPEN, limit=10)
        if mode not in RESULT_MODES:
            raise StalePayload(cls.REOPEN)
        return cls(
            _id(data.get("n"), cls.REOPEN),
            mode,
            _text(data.get("q"), cls.REOPEN, limit=max_text),
            _small_int(data.get("o"), cls.REOPEN, low=0, high=max_offset),
        )


@dataclass(frozen=True)
class ManageChoice:
    """Edit or Delete in a result's overflow menu."""

    REOPEN: ClassVar[str] = "`/resources`"
    action: str
    resource_id: int

    def to_value(self) -> str:
        return _dumps({"a": self.action, "id": self.resource_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        action = data.get("a")
        if action not in ("edit", "delete"):
            raise StalePayload(cls.REOPEN)
        return cls(str(action), _id(data.get("id"), cls.REOPEN))


# ---- pulses --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateChoice:
    REOPEN: ClassVar[str] = "`/pulse templates`"
    key: str
    channel_id: str = ""

    def to_value(self) -> str:
        return _dumps({"t": self.key, "c": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        key = _text(data.get("t"), cls.REOPEN, limit=64, allow_empty=False)
        return cls(key, _channel(data.get("c") or "", cls.REOPEN))


@dataclass(frozen=True)
class BuilderForm:
    """The pulse builder: where `/pulse new` was run (which network), and how many question slots it shows."""

    REOPEN: ClassVar[str] = "`/pulse new`"
    channel_id: str
    count: int = 1

    def to_value(self) -> str:
        return _dumps({"channel_id": self.channel_id, "count": self.count})

    @classmethod
    def from_value(cls, raw: object, *, max_questions: int) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        count = _small_int(data.get("count", 1), cls.REOPEN, low=1, high=max_questions)
        return cls(_channel(data.get("channel_id") or "", cls.REOPEN), count)


@dataclass(frozen=True)
class QuestionSlots:
    """The builder's Add / Remove question buttons: how many slots to show next."""

    REOPEN: ClassVar[str] = "`/pulse new`"
    count: int

    def to_value(self) -> str:
        return str(self.count)

    @classmethod
    def from_value(cls, raw: object, *, max_questions: int) -> Self:
        return cls(_small_int(raw, cls.REOPEN, low=1, high=max_questions))


@dataclass(frozen=True)
class ShareResults:
    REOPEN: ClassVar[str] = "`/pulse results`"
    pulse_id: int
    wave_id: int

    def to_value(self) -> str:
        return _dumps({"p": self.pulse_id, "w": self.wave_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        return cls(_id(data.get("p"), cls.REOPEN), _id(data.get("w"), cls.REOPEN))


DRAFT_ANSWER_MAX = 3000
CHOICE_MAX = 1000
CHANGE_KEY_MAX = 64


def _draft_answer(answer: object) -> bool:
    if isinstance(answer, str):
        return len(answer) <= DRAFT_ANSWER_MAX
    if isinstance(answer, int) and not isinstance(answer, bool):
        return 0 <= answer <= CHOICE_MAX
    return isinstance(answer, list) and len(answer) <= 50 and all(_draft_answer(a) for a in answer)


def _draft(raw: object, reopen: str) -> dict[str, Any]:
    """A partly filled answer form kept in the Answer button: question id -> text, a choice, or choices.

    Only the shape is checked here; the answers themselves are checked against the questions on submit.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict) or len(raw) > 50:
        raise StalePayload(reopen)
    for key, answer in raw.items():
        _id(key, reopen)
        if not _draft_answer(answer) or (isinstance(answer, list) and any(isinstance(a, list) for a in answer)):
            raise StalePayload(reopen)
    return dict(raw)


@dataclass(frozen=True)
class OneClickAnswer:
    """A one-question pulse's answer button in the DM."""

    REOPEN: ClassVar[str] = "the pulse's DM, or `/pulse`"
    wave_id: int
    choice: int  # a scale's 1-5, or the chosen option's index

    def to_value(self) -> str:
        return _dumps({"w": self.wave_id, "v": self.choice})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        return cls(_id(data.get("w"), cls.REOPEN), _small_int(data.get("v"), cls.REOPEN, low=0, high=CHOICE_MAX))


@dataclass(frozen=True)
class AnswerButton:
    """Answer / Continue answering / Change answer: the wave, a kept draft, an anonymous answer's change key."""

    REOPEN: ClassVar[str] = "the pulse's DM, or `/pulse`"
    wave_id: int
    draft: Mapping[str, Any] = field(default_factory=dict)
    change_key: str | None = None

    def to_value(self) -> str:
        data: dict[str, Any] = {"w": self.wave_id}
        if self.draft:
            data["d"] = dict(self.draft)
        if self.change_key:
            data["k"] = self.change_key
        return _dumps(data)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, VALUE_MAX)
        key = data.get("k")
        return cls(
            _id(data.get("w"), cls.REOPEN),
            _draft(data.get("d"), cls.REOPEN),
            None if key is None else _text(key, cls.REOPEN, limit=CHANGE_KEY_MAX, allow_empty=False),
        )


@dataclass(frozen=True)
class AnswerForm:
    """The answer modal: the wave, whether it changes an answer (and its key), and the DM it was opened from.

    ``message_ts`` only says which of peerbot's own DMs to thank in; the listener
    uses it only if it matches a message peerbot stored for this person and wave.
    """

    REOPEN: ClassVar[str] = "the pulse's DM, or `/pulse`"
    wave_id: int
    changing: bool = False
    change_key: str | None = None
    message_ts: str = ""

    def to_value(self) -> str:
        return _dumps({"w": self.wave_id, "change": self.changing, "k": self.change_key, "ts": self.message_ts})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = _object(raw, cls.REOPEN, METADATA_MAX)
        key, changing = data.get("k"), data.get("change", False)
        if not isinstance(changing, bool):
            raise StalePayload(cls.REOPEN)
        return cls(
            _id(data.get("w"), cls.REOPEN),
            changing,
            None if key is None else _text(key, cls.REOPEN, limit=CHANGE_KEY_MAX, allow_empty=False),
            _text(data.get("ts") or "", cls.REOPEN, limit=32),
        )
