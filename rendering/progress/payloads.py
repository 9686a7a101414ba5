"""Typed button values and form metadata of network progress surfaces (see rendering.payloads for the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from rendering.payloads import (
    METADATA_MAX,
    VALUE_MAX,
    IdForm,
    MenuChoice,
    StalePayload,
    channel_ref,
    compact_json,
    database_id,
    json_object,
    optional_id,
)


@dataclass(frozen=True)
class ProgressForm:
    """A progress modal: the network it is for, the area when editing one, and where it was opened from."""

    REOPEN: ClassVar[str] = "`/peerbot roadmap`"
    network_id: int
    area_id: int | None = None
    channel_id: str = ""
    entry_id: int | None = None  # the person's own report, collaboration or change being edited

    def to_value(self) -> str:
        data: dict[str, Any] = {"n": self.network_id, "c": self.channel_id}
        if self.area_id is not None:
            data["a"] = self.area_id
        if self.entry_id is not None:
            data["e"] = self.entry_id
        return compact_json(data)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, METADATA_MAX)
        return cls(
            database_id(data.get("n"), cls.REOPEN),
            optional_id(data.get("a"), cls.REOPEN),
            channel_ref(data.get("c") or "", cls.REOPEN),
            optional_id(data.get("e"), cls.REOPEN),
        )


@dataclass(frozen=True)
class AreaChoice(MenuChoice):
    """Edit or Delete in a priority area's menu."""

    REOPEN: ClassVar[str] = "`/peerbot roadmap`"
    action: str
    area_id: int


@dataclass(frozen=True)
class CollabButton:
    """Confirm or Decline under a collaboration a member was named in."""

    REOPEN: ClassVar[str] = "`/peerbot collab`"
    collaboration_id: int

    def to_value(self) -> str:
        return str(self.collaboration_id)

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(database_id(raw, cls.REOPEN))


NEED_CHOICES = ("planned", "in_progress", "received", "log")


@dataclass(frozen=True)
class NeedChoice(MenuChoice):
    """A TA need's menu: a new status, or "log" to log assistance delivered."""

    REOPEN: ClassVar[str] = "`/peerbot ta`"
    ACTIONS: ClassVar[tuple[str, ...]] = tuple(NEED_CHOICES)
    action: str
    need_id: int


@dataclass(frozen=True)
class NeedForm(IdForm):
    """The log-assistance modal: which need."""

    REOPEN: ClassVar[str] = "`/peerbot ta`"
    need_id: int


ENTRY_KINDS = ("report", "collab", "change")
ENTRY_ACTIONS = ("edit", "withdraw")


@dataclass(frozen=True)
class EntryChoice:
    """Edit or Withdraw in the menu of one of the person's own entries: which kind, which row."""

    REOPEN: ClassVar[str] = "`/peerbot entries`"
    kind: str
    entry_id: int
    action: str = "withdraw"

    def to_value(self) -> str:
        return compact_json({"k": self.kind, "id": self.entry_id, "a": self.action})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        kind, action = data.get("k"), data.get("a")
        if kind not in ENTRY_KINDS or action not in ENTRY_ACTIONS:
            raise StalePayload(cls.REOPEN)
        return cls(str(kind), database_id(data.get("id"), cls.REOPEN), str(action))
