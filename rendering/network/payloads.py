"""The network feature's typed button values and modal metadata (the validators: rendering/payloads.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import METADATA_MAX, IdForm, StalePayload, channel_ref, compact_json, json_object


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
