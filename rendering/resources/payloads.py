"""The resources feature's typed button values and modal metadata (the validators: rendering/payloads.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import (
    METADATA_MAX,
    VALUE_MAX,
    IdButton,
    IdForm,
    MenuChoice,
    StalePayload,
    bounded_text,
    channel_ref,
    compact_json,
    database_id,
    json_object,
    small_int,
)


@dataclass(frozen=True)
class ResourceButton(IdButton):
    REOPEN: ClassVar[str] = "`/resources`"


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


@dataclass(frozen=True)
class ManageChoice(MenuChoice):
    """Edit or Delete in a result's overflow menu."""

    REOPEN: ClassVar[str] = "`/resources`"
    action: str
    resource_id: int
