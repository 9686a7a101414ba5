"""The Web API method implementations of the fake workspace.

Handlers receive already validated arguments (see ``validation.py``) and
either return the success payload (without ``ok``) or raise ``ApiError``.
The caller (``SlackStub``) holds its lock while calling in here.
"""

from __future__ import annotations

import base64
import binascii
import copy
from collections.abc import Callable
from typing import Any

from .state import Channel, WorkspaceState, flag, tz_info
from .validation import ApiError

__all__ = ["Workspace"]


class Workspace(WorkspaceState):
    """Workspace state plus one ``m_<method>`` per supported Web API method."""

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
        tz_label, tz_offset = tz_info(u.tz)
        profile = {
            "display_name": u.display_name,
            "display_name_normalized": u.display_name,
            "real_name": u.real_name,
            "real_name_normalized": u.real_name,
            "team": u.team_id or self.team_id,
        }
        if u.is_bot:
            profile["bot_id"] = self.bot_id if u.id == self.bot_user_id else "B" + u.id[1:]
        return {
            "user": {
                "id": u.id,
                "team_id": u.team_id or self.team_id,
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

    def m_team_info(self, args: dict[str, Any]) -> dict[str, Any]:
        team_id = str(args.get("team") or self.team_id)
        if team_id == self.team_id:
            return {"team": {"id": team_id, "name": "Peerbot Test", "domain": "peerbot-test"}}
        if team_id not in self.orgs:
            raise ApiError("team_not_found")
        return {"team": {"id": team_id, "name": self.orgs[team_id], "domain": team_id.lower()}}

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
        if len(ids) > 1:
            return self._open_group_dm(ids)
        if not ids or ids[0][:1] not in ("U", "W"):
            raise ApiError("user_not_found")
        channel_id, _ = self._resolve(ids[0], posting=True)
        already = channel_id in self.opened_dms
        self.opened_dms.add(channel_id)
        return {"no_op": already, "already_open": already, "channel": {"id": channel_id}}

    def _open_group_dm(self, ids: list[str]) -> dict[str, Any]:
        """A group DM (mpim) of the bot and 2-8 people: the same channel for the same people, as Slack does."""
        if len(set(ids)) > 8:
            raise ApiError("too_many_users")
        for user_id in ids:
            self._resolve(user_id, posting=True)  # a bot or a deactivated person refuses the whole group
        members = sorted(set(ids))
        existing = next((c for c in self.channels.values() if c.name == "mpdm-" + "--".join(members)), None)
        if existing is not None:
            return {"no_op": True, "already_open": True, "channel": {"id": existing.id, "is_mpim": True}}
        channel_id = self.new_id("G")
        self.channels[channel_id] = Channel(channel_id, "mpdm-" + "--".join(members), members, is_private=True)
        self.group_dms[channel_id] = members
        return {"channel": {"id": channel_id, "is_mpim": True}}

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
        if flag(args.get("reply_broadcast")):
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
    def _store_view(
        self, view: dict[str, Any], view_id: str, *, root: str | None = None, previous: str | None = None
    ) -> dict[str, Any]:
        external_id = view.get("external_id") or ""
        owner = self.external_owner(external_id)
        if external_id and owner not in (None, view_id):
            raise ApiError("duplicate_external_id")
        n = self._next()
        team_id = self.acting_team or self.team_id
        stored = {
            "private_metadata": "",
            "callback_id": "",
            "clear_on_close": False,
            "notify_on_close": False,
            **copy.deepcopy(view),
            "id": view_id,
            "team_id": team_id,
            "app_id": "ASTUB",
            "bot_id": self.bot_id,
            "app_installed_team_id": team_id,
            "external_id": external_id,
            "state": {"values": {}},
            "hash": f"{1_700_000_000 + n}.{n:08x}",
            "root_view_id": root or view_id,
            "previous_view_id": previous,
        }
        self.views[view_id] = stored
        return stored

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
