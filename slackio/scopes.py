"""The bot scopes peerbot asks Slack for, each tied to the Web API methods, events and surfaces that need it.

A test (tests/slackio/test_scopes.py) reads peerbot's source for every Web API method it calls and checks
that this table covers each, that manifest.json asks for exactly the scopes they need (no more), and that
README's scope table explains each. Add a method here when peerbot starts calling it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Web API method -> the scopes peerbot's own use of it needs (Slack's method pages list the alternatives).
METHOD_SCOPES: Mapping[str, frozenset[str]] = {
    "auth.test": frozenset(),
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    # A member's DM (files, my data) and a peer introduction's group DM of two or three people.
    "conversations.open": frozenset({"im:write", "mpim:write"}),
    # The home channel may be public or private.
    "conversations.info": frozenset({"channels:read", "groups:read"}),
    "conversations.members": frozenset({"channels:read", "groups:read"}),
    "users.info": frozenset({"users:read"}),
    "team.info": frozenset({"team:read"}),
    "views.open": frozenset(),
    "views.update": frozenset(),
    "views.publish": frozenset(),
    # files_upload_v2 calls these two: Slack's external upload flow.
    "files.getUploadURLExternal": frozenset({"files:write"}),
    "files.completeUploadExternal": frozenset({"files:write"}),
}

# Bot events -> the scopes Slack requires to deliver them.
EVENT_SCOPES: Mapping[str, frozenset[str]] = {
    "app_home_opened": frozenset(),
    "member_joined_channel": frozenset({"channels:read", "groups:read"}),
    "member_left_channel": frozenset({"channels:read", "groups:read"}),
    "user_change": frozenset({"users:read"}),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
}

# Slash commands and message shortcuts both need `commands`.
SURFACE_SCOPES: Mapping[str, frozenset[str]] = {
    "slash_commands": frozenset({"commands"}),
    "shortcuts": frozenset({"commands"}),
}

# What peerbot asks each workspace for, in manifest.json's order (OAuth installs send this list).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "mpim:write",
    "files:write",
    "users:read",
    "channels:read",
    "groups:read",
    "team:read",
)


def scopes_needed(*, methods: Iterable[str], events: Iterable[str], surfaces: Iterable[str]) -> set[str]:
    """Every scope these calls, events and surfaces need; KeyError names one the tables do not know."""
    needed: set[str] = set()
    for method in methods:
        needed |= METHOD_SCOPES[method]
    for event in events:
        needed |= EVENT_SCOPES[event]
    for surface in surfaces:
        needed |= SURFACE_SCOPES[surface]
    return needed
