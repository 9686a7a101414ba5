"""Who is who in Slack: people, channel membership and whether peerbot can post in a channel."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.network.people import Person

logger = logging.getLogger(__name__)

MISSING_USER_ERRORS = {"user_not_found", "user_not_visible", "account_inactive"}


def person_from_user(user: dict[str, Any]) -> Person:
    profile = user.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or user["id"]
    )
    return Person(
        user_id=user["id"],
        display_name=str(name)[:120],
        timezone=user.get("tz") or None,
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )


def fetch_person(client: WebClient, user_id: str) -> Person | None:
    """The person's current name and time zone, or None if Slack doesn't know them."""
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as exc:
        if exc.response.get("error") in MISSING_USER_ERRORS:
            return None
        raise
    return person_from_user(response["user"])


def channel_member_ids(client: WebClient, channel_id: str) -> Iterator[str]:
    cursor: str | None = None
    while True:
        response = client.conversations_members(channel=channel_id, limit=200, cursor=cursor)
        yield from response.get("members", [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return


def is_channel_member(client: WebClient, channel_id: str, user_id: str) -> bool | None:
    """Whether the person is in the channel right now; None when Slack won't say."""
    try:
        return any(member == user_id for member in channel_member_ids(client, channel_id))
    except SlackApiError as exc:
        logger.warning("could not read a channel's members: %s", exc.response.get("error"))
        return None


def fetch_channel_people(client: WebClient, channel_id: str) -> list[Person]:
    """Everyone in the channel, with their details; people Slack can't describe are skipped."""
    people = []
    for user_id in channel_member_ids(client, channel_id):
        person = fetch_person(client, user_id)
        if person is None:
            logger.info("skipping channel member Slack could not describe", extra={"channel": channel_id})
            continue
        people.append(person)
    return people


@dataclass(frozen=True)
class ChannelAccess:
    found: bool
    is_member: bool
    is_archived: bool
    name: str | None
    is_direct: bool = False  # a DM or group DM: not a channel a network can live in

    @property
    def usable(self) -> bool:
        return self.found and self.is_member and not self.is_archived


def channel_access(client: WebClient, channel_id: str) -> ChannelAccess:
    try:
        channel = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as exc:
        if exc.response.get("error") in {"channel_not_found", "not_in_channel"}:
            return ChannelAccess(found=False, is_member=False, is_archived=False, name=None)
        raise
    return ChannelAccess(
        found=True,
        is_member=bool(channel.get("is_member")),
        is_archived=bool(channel.get("is_archived")),
        name=channel.get("name"),
        is_direct=bool(channel.get("is_im") or channel.get("is_mpim")),
    )
