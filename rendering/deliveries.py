"""What peerbot tells a facilitator about delivery: whom a fan-out missed, and messages it could not confirm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from rendering.ids import DeliveryAction
from rendering.text import SECTION_TEXT_MAX, escape, truncate

NAMES_SHOWN = 20  # past this, "and N more": the notice stays readable and within Block Kit limits
NAME_MAX = 80


def people_list(names: Sequence[str], *, shown: int = NAMES_SHOWN) -> str:
    """``Ana, Ben and Cal`` / ``Ana, Ben, … and 12 more``: escaped names, never over a section's limit."""
    clean = [escape(truncate(name, NAME_MAX)) for name in names]
    if len(clean) > shown:
        head, rest = clean[:shown], len(clean) - shown
        return truncate(", ".join(head), SECTION_TEXT_MAX - 40) + f" and {rest} more"
    if len(clean) <= 1:
        return "".join(clean)
    return truncate(", ".join(clean[:-1]), SECTION_TEXT_MAX - NAME_MAX - 10) + f" and {clean[-1]}"


def could_not_reach(names: Sequence[str]) -> str:
    """The sentence every fan-out notice uses to say who was skipped."""
    if not names:
        return ""
    return (
        f"{len(names)} could not be reached: {people_list(names)} "
        "(deactivated, a bot, or Slack refused the message). Everyone else got theirs."
    )


def unknown_outcome_notice(*, what: str, where: str, delivery_id: int) -> tuple[str, list[dict[str, Any]]]:
    """Slack did not answer when peerbot posted ``what``: it may or may not be there; offer to send it again."""
    text = (
        f"I'm not sure {what} reached {where}: Slack didn't confirm it. "
        "Check there; if it's missing, choose *Send again*."
    )
    blocks = [
        SectionBlock(text=truncate(text, SECTION_TEXT_MAX)),
        ActionsBlock(
            elements=[ButtonElement(text="Send again", action_id=DeliveryAction.RESEND, value=str(delivery_id))]
        ),
    ]
    return text, [b.to_dict() for b in blocks]


_KIND_PHRASES = {
    "meeting_announcement": "the meeting announcement",
    "meeting_reminder": "a meeting reminder",
    "meeting_changed": "the notice that a meeting moved",
    "meeting_cancelled": "the notice that a meeting was cancelled",
    "calendar_invite": "an updated calendar invite",
    "calendar_notice": "the notice that meetings are skipped for a pause",
    "pulse_invite": "a pulse invitation",
    "pulse_reminder": "a pulse reminder",
    "resource_digest": "the weekly resource digest",
    "intro": "a peer introduction",
    "intro_nudge": "a reminder about a peer introduction",
    "intro_follow_up": "a follow-up about a peer introduction",
}


def kind_phrase(kind: str) -> str:
    return _KIND_PHRASES.get(kind, "a message")


def destination(channel: str) -> str:
    """``<#C…>`` for a channel, ``<@U…>`` for a person."""
    return f"<@{channel}>" if channel[:1] in ("U", "W") else f"<#{channel}>"
