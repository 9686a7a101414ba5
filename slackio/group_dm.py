"""Opening a group DM with several people, leaving out those Slack cannot reach."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackio.directory import fetch_person

logger = logging.getLogger(__name__)

# conversations.open refuses the whole group for one of these; the person is found and left out.
PERSON_ERRORS = frozenset(
    {"user_not_found", "user_disabled", "cannot_dm_bot", "account_inactive", "user_not_visible", "users_not_found"}
)


@dataclass(frozen=True)
class GroupDm:
    channel_id: str | None  # None: fewer than two reachable people, so no conversation
    unreachable: tuple[str, ...] = ()


def open_group_dm(client: WebClient, user_ids: Sequence[str]) -> GroupDm:
    """The group DM of these people (Slack gives the same one each time); a 429 is waited out by the client.

    Raises SlackApiError for anything but an unreachable person (rate limits that outlast the client's
    waits, a Slack outage), so the caller can try again on its next pass.
    """
    people = list(user_ids)
    unreachable: list[str] = []
    while len(people) >= 2:
        try:
            response = client.conversations_open(users=",".join(people))
            return GroupDm(str(response["channel"]["id"]), tuple(unreachable))
        except SlackApiError as exc:
            if exc.response.get("error") not in PERSON_ERRORS:
                raise
            missing = [u for u in people if not _reachable(client, u)]
            if not missing:
                raise
            logger.warning("group DM: %d of %d people cannot be messaged", len(missing), len(people))
            unreachable.extend(missing)
            people = [u for u in people if u not in missing]
    return GroupDm(None, tuple(unreachable))


def _reachable(client: WebClient, user_id: str) -> bool:
    person = fetch_person(client, user_id)
    return person is not None and not person.deleted and not person.is_bot
