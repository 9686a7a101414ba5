"""Typed button values and form metadata of peer introductions (see rendering.payloads for the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import METADATA_MAX, IdButton, compact_json, database_id, json_object


@dataclass(frozen=True)
class IntroGroupButton(IdButton):
    """We met / We're scheduling / Skip this time: the group (its id) the introduction was for."""

    REOPEN: ClassVar[str] = "the introduction's group message"


@dataclass(frozen=True)
class IntrosForm:
    """The settings modal: the network whose introductions it sets up."""

    REOPEN: ClassVar[str] = "`/peerbot intros` in the network's channel"
    network_id: int

    def to_value(self) -> str:
        return compact_json({"network_id": self.network_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(database_id(json_object(raw, cls.REOPEN, METADATA_MAX).get("network_id"), cls.REOPEN))
