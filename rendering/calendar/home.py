"""The calendar's part of Home: the network's pauses coming up, and the person's private calendar feed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject, ContextBlock, MarkdownTextObject

from rendering.calendar.ids import CalendarAction, CalendarBlock
from rendering.calendar.messages import pause_line
from rendering.payloads import NetworkButton
from rendering.text import slack_date
from storage.models import Network, Pause

PAUSES_SHOWN = 3


def pauses_blocks(pauses: Sequence[Pause]) -> list[Block]:
    if not pauses:
        return []
    lines = [f":palm_tree: Paused: {pause_line(p)}" for p in pauses[:PAUSES_SHOWN]]
    if len(pauses) > PAUSES_SHOWN:
        lines.append(f"_…and {len(pauses) - PAUSES_SHOWN} more: see `/meeting pauses`._")
    lines.append("_No meetings, reminders, pulses or introductions on those days._")
    return [ContextBlock(elements=[MarkdownTextObject(text="\n".join(lines))])]


def feed_blocks(network: Network, feed_since: datetime | None) -> list[Block]:
    value = NetworkButton(network.id).to_value()
    if feed_since is None:
        status = "*Calendar feed:* off. Subscribe in your calendar app to see this network's meetings there."
        elements = [ButtonElement(text="Get my calendar feed", action_id=CalendarAction.FEED_CREATE, value=value)]
    else:
        since = slack_date(feed_since, "{date_short}", feed_since.date().isoformat())
        status = f"*Calendar feed:* on since {since} (a private address only you have)."
        elements = [
            ButtonElement(
                text="Make a new address",
                action_id=CalendarAction.FEED_CREATE,
                value=value,
                confirm=ConfirmObject(
                    title="Make a new address?",
                    text="The address you have now stops working; subscribe to the new one instead.",
                    confirm="Make a new one",
                    deny="Keep it",
                ),
            ),
            ButtonElement(
                text="Turn off",
                action_id=CalendarAction.FEED_REVOKE,
                value=value,
                style="danger",
                confirm=ConfirmObject(
                    title="Turn the feed off?",
                    text="Calendars subscribed to it stop getting this network's meetings.",
                    confirm="Turn it off",
                    deny="Keep it",
                ),
            ),
        ]
    return [
        ContextBlock(elements=[MarkdownTextObject(text=status)]),
        ActionsBlock(block_id=CalendarBlock.FEED, elements=elements),
    ]
