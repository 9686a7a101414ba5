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


def person_from_user(user: dict[str, Any], *, org_name: str | None = None) -> Person:
    """A person from a users.info user; a person of another organization may come with few fields."""
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
        org_team_id=user.get("team_id") or profile.get("team") or None,
        org_name=str(org_name)[:120] if org_name else None,
    )


def organization_name(client: WebClient, team_id: str) -> str | None:
    """The name of an organization sharing a channel with peerbot, or None when Slack won't say."""
    try:
        team = client.team_info(team=team_id).get("team") or {}
    except SlackApiError as exc:
        logger.info("could not name an organization: %s", exc.response.get("error"))
        return None
    return str(team.get("name") or "") or None


def fetch_person(client: WebClient, user_id: str, *, home_team_id: str | None = None) -> Person | None:
    """The person's current name, time zone and organization, or None if Slack doesn't know them.

    Someone from another organization (``home_team_id`` differs from theirs) is named by team.info.
    """
    try:
        response = client.users_info(user=user_id)
    except SlackApiError as exc:
        if exc.response.get("error") in MISSING_USER_ERRORS:
            return None
        raise
    user = response.get("user") or {}
    if not user.get("id"):
        return None
    team_id = str(user.get("team_id") or "")
    external = bool(home_team_id and team_id and team_id != home_team_id)
    return person_from_user(user, org_name=organization_name(client, team_id) if external else None)


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


def fetch_channel_people(client: WebClient, channel_id: str, *, home_team_id: str | None = None) -> list[Person]:
    """Everyone in the channel, with their details; people Slack can't describe are skipped."""
    people = []
    for user_id in channel_member_ids(client, channel_id):
        person = fetch_person(client, user_id, home_team_id=home_team_id)
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
