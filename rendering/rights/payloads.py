"""Typed button values of data rights surfaces (see rendering.payloads for the rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Self

from rendering.payloads import VALUE_MAX, StalePayload, compact_json, json_object

USER_ID = re.compile(r"^[UW][A-Z0-9]{2,30}$")


@dataclass(frozen=True)
class ForgetButton:
    """Forget me / Keep my data: whose data the confirmation is about (checked against the clicker)."""

    REOPEN: ClassVar[str] = "`/peerbot forget me`"
    user_id: str

    def to_value(self) -> str:
        return compact_json({"forget": self.user_id})

    @classmethod
    def from_value(cls, raw: object) -> Self:
        data = json_object(raw, cls.REOPEN, VALUE_MAX)
        user_id = data.get("forget")
        # Exactly one key, so another button's value that happens to name a person is never taken for this one.
        if set(data) != {"forget"} or not isinstance(user_id, str) or not USER_ID.fullmatch(user_id):
            raise StalePayload(cls.REOPEN)
        return cls(user_id)
