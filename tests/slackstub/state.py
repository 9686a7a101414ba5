"""Fake Slack workspace state: users, channels, messages, views, files, and id/lookup helpers.

Lookups raise ``ApiError`` with the error code Slack would answer.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .validation import ApiError

__all__ = ["Channel", "User", "WorkspaceState", "flag", "tz_info"]

_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "GMT": "Greenwich Mean Time",
    "BST": "British Summer Time",
    "UTC": "Coordinated Universal Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
}


@dataclass
class User:
    id: str
    name: str
    real_name: str
    display_name: str
    tz: str = "America/New_York"
    is_bot: bool = False
    deleted: bool = False
    team_id: str | None = None  # None: the workspace's own; else another organization (Slack Connect)


@dataclass
class Channel:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    bot_is_member: bool = True
    is_archived: bool = False
    team_id: str | None = None  # the workspace that owns it; None: the stub's own


def tz_info(tz: str) -> tuple[str, int]:
    """(tz_label, tz_offset seconds) for an IANA zone, right now (as Slack does)."""
    now = dt.datetime.now(zoneinfo.ZoneInfo(tz))
    abbrev = now.tzname() or tz
    offset = now.utcoffset() or dt.timedelta(0)
    return _TZ_LABELS.get(abbrev, abbrev), int(offset.total_seconds())


def flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


class WorkspaceState:
    """In-memory workspace state; ``Workspace`` adds the Web API methods."""

    def __init__(self, *, team_id: str, bot_user_id: str, bot_id: str, base_url: Callable[[], str]) -> None:
        self.team_id, self.bot_user_id, self.bot_id = team_id, bot_user_id, bot_id
        self._base_url = base_url
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.ephemeral_messages: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.uploads: list[dict[str, Any]] = []
        self.triggers: dict[str, dict[str, Any]] = {}
        self.pending_files: dict[str, dict[str, Any]] = {}
        self.opened_dms: set[str] = set()
        self.group_dms: dict[str, list[str]] = {}  # mpim channel id -> its people (without the bot)
        self.orgs: dict[str, str] = {}  # Slack Connect: team id -> organization name
        self.dm_refusing_orgs: set[str] = set()  # organizations whose people refuse DMs from this app
        self.acting_team: str | None = None  # the workspace whose bot token makes the current call
        self._counter = 0
        self.users[bot_user_id] = User(bot_user_id, "peerbot", "Peerbot", "Peerbot", is_bot=True)

    # ------------------------------------------------------------- ids
    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def next_ts(self) -> str:
        n = self._next() * 100
        return f"{1_700_000_000 + n // 1_000_000}.{n % 1_000_000:06d}"

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{self._next():08d}"

    def new_trigger_id(self, view_id: str | None = None) -> str:
        n = self._next()
        trigger = f"{1_700_000_000 + n}.{self.team_id}.{n:032x}"
        self.triggers[trigger] = {"used": False, "view_id": view_id}
        return trigger

    def dm_channel(self, user_id: str) -> str:
        return "D" + user_id[1:]

    # ----------------------------------------------------------- lookups
    def _user(self, user_id: Any) -> User:
        user = self.users.get(str(user_id))
        if user is None:
            raise ApiError("user_not_found")
        return user

    def _dm_user(self, channel_id: str) -> User | None:
        for user in self.users.values():
            if not user.is_bot and self.dm_channel(user.id) == channel_id:
                return user
        return None

    def _channel(self, ref: Any) -> Channel:
        """A visible C/G channel by id (or #name); private ones need the bot as member."""
        ref = str(ref)
        chan = self.channels.get(ref) or next((c for c in self.channels.values() if c.name == ref.lstrip("#")), None)
        if chan is None or (chan.is_private and not chan.bot_is_member):
            raise ApiError("channel_not_found")
        return chan

    def _resolve(self, ref: Any, *, posting: bool) -> tuple[str, list[str]]:
        """Return (channel id, human members) for a channel/DM/user reference."""
        ref = str(ref)
        if ref[:1] in ("U", "W"):
            user = self._user(ref)
        elif ref.startswith("D"):
            found = self._dm_user(ref)
            if found is None:
                raise ApiError("channel_not_found")
            user = found
        else:
            chan = self._channel(ref)
            if posting and chan.is_archived:
                raise ApiError("is_archived")
            if posting and not chan.bot_is_member:
                raise ApiError("not_in_channel")
            return chan.id, list(chan.members)
        if user.is_bot:
            raise ApiError("cannot_dm_bot")
        if user.deleted:
            raise ApiError("user_disabled")
        if user.team_id in self.dm_refusing_orgs:
            raise ApiError("invalid_user_combination")
        return self.dm_channel(user.id), [user.id]

    def channel_members(self, chan: Channel) -> list[str]:
        members = list(chan.members)
        if chan.bot_is_member and self.bot_user_id not in members:
            members.append(self.bot_user_id)
        return members

    def _use_trigger(self, trigger_id: Any) -> dict[str, Any]:
        trigger = self.triggers.get(str(trigger_id))
        if trigger is None:
            raise ApiError("invalid_trigger_id")
        if trigger["used"]:
            raise ApiError("exchanged_trigger_id")
        trigger["used"] = True
        return trigger

    def external_owner(self, external_id: str) -> str | None:
        return next((vid for vid, v in self.views.items() if external_id and v.get("external_id") == external_id), None)

    def receive_upload(self, file_id: str, content: bytes) -> bool:
        pending = self.pending_files.get(file_id)
        if pending is None:
            return False
        pending["content"] = content
        return True
