"""Fake Slack workspace state and the Web API method implementations.

Handlers receive already validated arguments (see ``validation.py``) and
either return the success payload (without ``ok``) or raise ``ApiError``.
The caller (``SlackStub``) holds its lock while calling in here.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .validation import ApiError

__all__ = ["Channel", "User", "Workspace"]

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


@dataclass
class Channel:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    bot_is_member: bool = True
    is_archived: bool = False


def _tz_info(tz: str) -> tuple[str, int]:
    """(tz_label, tz_offset seconds) for an IANA zone, right now (as Slack does)."""
    now = dt.datetime.now(zoneinfo.ZoneInfo(tz))
    abbrev = now.tzname() or tz
    offset = now.utcoffset() or dt.timedelta(0)
    return _TZ_LABELS.get(abbrev, abbrev), int(offset.total_seconds())


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


class Workspace:
    """In-memory workspace: users, channels, messages, views, files."""

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
        return self.dm_channel(user.id), [user.id]

    def channel_members(self, chan: Channel) -> list[str]:
        members = list(chan.members)
        if chan.bot_is_member and self.bot_user_id not in members:
            members.append(self.bot_user_id)
        return members

    # ----------------------------------------------------------- dispatch
    def handle(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        handler: Callable[[dict[str, Any]], dict[str, Any]] = getattr(self, "m_" + method.replace(".", "_"))
        return handler(args)

    def m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://peerbot-test.slack.com/",
            "team": "Peerbot Test",
            "user": "peerbot",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        u = self._user(args["user"])
        tz_label, tz_offset = _tz_info(u.tz)
        profile = {
            "display_name": u.display_name,
            "display_name_normalized": u.display_name,
            "real_name": u.real_name,
            "real_name_normalized": u.real_name,
            "team": self.team_id,
        }
        if u.is_bot:
            profile["bot_id"] = self.bot_id
        return {
            "user": {
                "id": u.id,
                "team_id": self.team_id,
                "name": u.name,
                "real_name": u.real_name,
                "deleted": u.deleted,
                "is_bot": u.is_bot,
                "is_app_user": False,
                "tz": u.tz,
                "tz_label": tz_label,
                "tz_offset": tz_offset,
                "profile": profile,
            }
        }

    def m_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        ref = str(args["channel"])
        if ref.startswith("D"):
            user = self._dm_user(ref)
            if user is None:
                raise ApiError("channel_not_found")
            return {
                "channel": {
                    "id": ref,
                    "is_im": True,
                    "is_channel": False,
                    "is_private": True,
                    "is_member": True,
                    "is_archived": False,
                    "user": user.id,
                }
            }
        c = self._channel(ref)
        return {
            "channel": {
                "id": c.id,
                "name": c.name,
                "is_channel": not c.id.startswith("G"),
                "is_group": c.is_private,
                "is_im": False,
                "is_private": c.is_private,
                "is_member": c.bot_is_member,
                "is_archived": c.is_archived,
            }
        }

    def m_conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        ref = str(args["channel"])
        user = self._dm_user(ref) if ref.startswith("D") else None
        members = [user.id, self.bot_user_id] if user else self.channel_members(self._channel(ref))
        limit = int(args.get("limit") or 100)
        limit = 100 if limit <= 0 else min(limit, 1000)
        offset = 0
        if args.get("cursor"):
            try:
                kind, _, value = base64.b64decode(str(args["cursor"]), validate=True).decode().partition(":")
                offset = int(value) if kind == "offset" else -1
            except (binascii.Error, UnicodeDecodeError, ValueError):
                offset = -1
            if not 0 <= offset <= len(members):
                raise ApiError("invalid_cursor")
        page, end = members[offset : offset + limit], offset + limit
        cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(members) else ""
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("channel") and not args.get("users"):
            channel_id, _ = self._resolve(args["channel"], posting=False)
            return {"channel": {"id": channel_id}}
        users = args["users"]
        ids = [u.strip() for u in (users.split(",") if isinstance(users, str) else users) if u.strip()]
        if len(ids) != 1:
            raise ApiError("stub_unsupported", ["[ERROR] the Slack stub only supports 1:1 DMs"])
        if ids[0][:1] not in ("U", "W"):
            raise ApiError("user_not_found")
        channel_id, _ = self._resolve(ids[0], posting=True)
        already = channel_id in self.opened_dms
        self.opened_dms.add(channel_id)
        return {"no_op": already, "already_open": already, "channel": {"id": channel_id}}

    # ------------------------------------------------------------- chat
    def _message(self, args: dict[str, Any], ts: str) -> dict[str, Any]:
        msg: dict[str, Any] = {
            "type": "message",
            "ts": ts,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "team": self.team_id,
            "text": args.get("text") or "",
            "blocks": copy.deepcopy(args.get("blocks") or []),
        }
        for key in ("thread_ts", "attachments", "metadata"):
            if args.get(key):
                msg[key] = copy.deepcopy(args[key])
        return msg

    def m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id, _ = self._resolve(args["channel"], posting=True)
        msg = self._message(args, self.next_ts())
        if _flag(args.get("reply_broadcast")):
            msg["subtype"] = "thread_broadcast"
        self.messages.setdefault(channel_id, []).append(msg)
        return {"channel": channel_id, "ts": msg["ts"], "message": copy.deepcopy(msg)}

    def m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id, members = self._resolve(args["channel"], posting=True)
        user = self._user(args["user"])
        if user.id not in members:
            raise ApiError("user_not_in_channel")
        msg = self._message(args, self.next_ts())
        self.ephemeral_messages.append({"channel": channel_id, "to_user": user.id, **msg})
        return {"message_ts": msg["ts"]}

    def _find(self, args: dict[str, Any]) -> tuple[str, int]:
        channel_id, _ = self._resolve(args["channel"], posting=False)
        for i, msg in enumerate(self.messages.get(channel_id, [])):
            if msg["ts"] == str(args["ts"]):
                return channel_id, i
        raise ApiError("message_not_found")

    def m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id, index = self._find(args)
        msg = self.messages[channel_id][index]
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in args and args[key] is not None:
                msg[key] = copy.deepcopy(args[key])
        msg["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        return {"channel": channel_id, "ts": msg["ts"], "text": msg["text"], "message": copy.deepcopy(msg)}

    def m_chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id, index = self._find(args)
        msg = self.messages[channel_id].pop(index)
        return {"channel": channel_id, "ts": msg["ts"]}

    # ------------------------------------------------------------ views
    def _use_trigger(self, trigger_id: Any) -> dict[str, Any]:
        trigger = self.triggers.get(str(trigger_id))
        if trigger is None:
            raise ApiError("invalid_trigger_id")
        if trigger["used"]:
            raise ApiError("exchanged_trigger_id")
        trigger["used"] = True
        return trigger

    def _store_view(
        self, view: dict[str, Any], view_id: str, *, root: str | None = None, previous: str | None = None
    ) -> dict[str, Any]:
        external_id = view.get("external_id") or ""
        owner = self.external_owner(external_id)
        if external_id and owner not in (None, view_id):
            raise ApiError("duplicate_external_id")
        n = self._next()
        stored = {
            "private_metadata": "",
            "callback_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            **copy.deepcopy(view),
            "id": view_id,
            "team_id": self.team_id,
            "app_id": "ASTUB",
            "bot_id": self.bot_id,
            "app_installed_team_id": self.team_id,
            "external_id": external_id,
            "state": {"values": {}},
            "hash": f"{1_700_000_000 + n}.{n:08x}",
            "root_view_id": root or view_id,
            "previous_view_id": previous,
        }
        self.views[view_id] = stored
        return stored

    def external_owner(self, external_id: str) -> str | None:
        return next((vid for vid, v in self.views.items() if external_id and v.get("external_id") == external_id), None)

    def m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        self._use_trigger(args["trigger_id"])
        return {"view": copy.deepcopy(self._store_view(args["view"], self.new_id("V")))}

    def m_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        parent_id = self._use_trigger(args["trigger_id"])["view_id"]
        parent = self.views.get(parent_id or "")
        root = parent["root_view_id"] if parent else None
        depth = sum(1 for v in self.views.values() if root and v["root_view_id"] == root)
        if depth >= 3:
            raise ApiError("push_limit_reached")
        stored = self._store_view(args["view"], self.new_id("V"), root=root, previous=parent_id if parent else None)
        return {"view": copy.deepcopy(stored)}

    def m_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id") or self.external_owner(str(args.get("external_id") or ""))
        current = self.views.get(str(view_id or ""))
        if current is None:
            raise ApiError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise ApiError("hash_conflict")
        view = {**args["view"], "external_id": args["view"].get("external_id") or current["external_id"]}
        stored = self._store_view(
            view, current["id"], root=current["root_view_id"], previous=current["previous_view_id"]
        )
        for user_id, home in self.home_views.items():
            if home["id"] == stored["id"]:
                self.home_views[user_id] = stored
        return {"view": copy.deepcopy(stored)}

    def m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._user(args["user_id"])
        current = self.home_views.get(user.id)
        if current and args.get("hash") and args["hash"] != current["hash"]:
            raise ApiError("hash_conflict")
        stored = self._store_view(args["view"], current["id"] if current else self.new_id("V"))
        self.home_views[user.id] = stored
        return {"view": copy.deepcopy(stored)}

    # ------------------------------------------------------------ files
    def m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        file_id = self.new_id("F")
        self.pending_files[file_id] = {
            "filename": str(args["filename"]),
            "length": int(args["length"]),
            "content": None,
        }
        return {"upload_url": f"{self._base_url()}/upload/{file_id}", "file_id": file_id}

    def receive_upload(self, file_id: str, content: bytes) -> bool:
        pending = self.pending_files.get(file_id)
        if pending is None:
            return False
        pending["content"] = content
        return True

    def m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = args["files"]
        for entry in entries:
            pending = self.pending_files.get(str(entry["id"]))
            if pending is None or pending["content"] is None:
                raise ApiError("file_not_found")
        channel = args.get("channel_id") or str(args.get("channels") or "").split(",")[0]
        channel_id = self._resolve(channel, posting=True)[0] if channel else None
        files = []
        for entry in entries:
            pending = self.pending_files.pop(str(entry["id"]))
            title = entry.get("title") or pending["filename"]
            self.uploads.append(
                {
                    "file_id": entry["id"],
                    "filename": pending["filename"],
                    "title": title,
                    "content": pending["content"],
                    "channel_id": channel_id,
                    "initial_comment": args.get("initial_comment"),
                    "thread_ts": args.get("thread_ts"),
                }
            )
            files.append(
                {"id": entry["id"], "title": title, "name": pending["filename"], "size": len(pending["content"])}
            )
        return {"files": files}
