"""Typed button values and modal metadata: renderers write them (``to_value``), listeners read them (``from_value``).

Whoever sends a request can edit every value and ``private_metadata`` in it, so
``from_value`` believes nothing: ids must be 1..2^63-1, strings are bounded,
required keys must be there, and anything else raises ``StalePayload``, which
the error guard answers with a friendly "this is out of date". Checking that
the person may act on the object an id names is the resolver's next step
(``handlers/kit/subjects.py``, ``domain.network.roles``); a valid payload is not a permission.

This module is the kit: the validators and the shapes every feature shares. Each feature's own
payloads live in ``rendering/<feature>/payloads.py``.
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
class NetworkButton(IdButton):
    REOPEN: ClassVar[str] = "peerbot's Home tab"


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
