"""Typed form metadata of the evaluation report (see rendering.payloads for the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import METADATA_MAX, compact_json, database_id, json_object


@dataclass(frozen=True)
class ReportForm:
    """The report modal: the network whose report it builds."""

    REOPEN: ClassVar[str] = "`/peerbot report` in the network's channel"
    network_id: int

    def to_value(self) -> str:
        return compact_json({"network_id": self.network_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        return cls(database_id(json_object(raw, cls.REOPEN, METADATA_MAX).get("network_id"), cls.REOPEN))
