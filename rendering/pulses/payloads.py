"""Typed button values and form metadata of pulse surfaces (see rendering.payloads for the rules)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from rendering.payloads import (
    METADATA_MAX,
    VALUE_MAX,
    StalePayload,
    bounded_text,
    channel_ref,
    compact_json,
    database_id,
    json_object,
    small_int,
)


@dataclass(frozen=True)
class TemplateChoice:
    REOPEN: ClassVar[str] = "`/pulse templates`"
    key: str
    channel_id: str = ""

    def to_value(self) -> str:
        return compact_json({"t": self.key, "c": self.channel_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        key = bounded_text(data.get("t"), cls.REOPEN, limit=64, allow_empty=False)
        return cls(key, channel_ref(data.get("c") or "", cls.REOPEN))


@dataclass(frozen=True)
class BuilderForm:
    """The pulse builder: where `/pulse new` was run (which network), and how many question slots it shows."""

    REOPEN: ClassVar[str] = "`/pulse new`"
    channel_id: str
    count: int = 1

    def to_value(self) -> str:
        return compact_json({"channel_id": self.channel_id, "count": self.count})

    @classmethod
    def from_value(cls, raw: object, *, max_questions: int) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        count = small_int(data.get("count", 1), cls.REOPEN, low=1, high=max_questions)
        return cls(channel_ref(data.get("channel_id") or "", cls.REOPEN), count)


@dataclass(frozen=True)
class QuestionSlots:
    """The builder's Add / Remove question buttons: how many slots to show next."""

    REOPEN: ClassVar[str] = "`/pulse new`"
    count: int

    def to_value(self) -> str:
        return str(self.count)

    @classmethod
    def from_value(cls, raw: object, *, max_questions: int) -> Self:
        return cls(small_int(raw, cls.REOPEN, low=1, high=max_questions))


@dataclass(frozen=True)
class ShareResults:
    REOPEN: ClassVar[str] = "`/pulse results`"
    pulse_id: int
    wave_id: int

    def to_value(self) -> str:
        return compact_json({"p": self.pulse_id, "w": self.wave_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        return cls(database_id(data.get("p"), cls.REOPEN), database_id(data.get("w"), cls.REOPEN))


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
        database_id(key, reopen)
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
        return compact_json({"w": self.wave_id, "v": self.choice})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        return cls(database_id(data.get("w"), cls.REOPEN), small_int(data.get("v"), cls.REOPEN, low=0, high=CHOICE_MAX))


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
        return compact_json(data)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        key = data.get("k")
        return cls(
            database_id(data.get("w"), cls.REOPEN),
            _draft(data.get("d"), cls.REOPEN),
            None if key is None else bounded_text(key, cls.REOPEN, limit=CHANGE_KEY_MAX, allow_empty=False),
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
        return compact_json({"w": self.wave_id, "change": self.changing, "k": self.change_key, "ts": self.message_ts})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        key, changing = data.get("k"), data.get("change", False)
        if not isinstance(changing, bool):
            raise StalePayload(cls.REOPEN)
        return cls(
            database_id(data.get("w"), cls.REOPEN),
            changing,
            None if key is None else bounded_text(key, cls.REOPEN, limit=CHANGE_KEY_MAX, allow_empty=False),
            bounded_text(data.get("ts") or "", cls.REOPEN, limit=32),
        )
