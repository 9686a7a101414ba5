"""What peerbot tells a facilitator about delivery: whom a fan-out missed, and messages it could not confirm."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock

from rendering.ids import DeliveryAction
from rendering.payloads import VALUE_MAX, StalePayload, compact_json, database_id, json_object
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


# Ids one "Send again" button carries: a value stays within Slack's 2,000 characters (each id is at most 20).
RESEND_MAX = 90


@dataclass(frozen=True)
class ResendButton:
    """ "Send again" on a notice: the unknown-outcome deliveries it names (``{"d": [id, …]}``; an older notice's
    value is one id as plain digits). Each id is loaded and checked again when it is clicked."""

    REOPEN: ClassVar[str] = "the newest notice about it"
    delivery_ids: tuple[int, ...]

    def to_value(self) -> str:
        return compact_json({"d": list(self.delivery_ids)})

    @classmethod
    def from_value(cls, raw: object) -> ResendButton:
        if isinstance(raw, str) and raw.isascii() and raw.isdigit():
            return cls((database_id(raw, cls.REOPEN),))
        ids = json_object(raw, cls.REOPEN, VALUE_MAX).get("d")
        if not isinstance(ids, list) or not 1 <= len(ids) <= RESEND_MAX:
            raise StalePayload(cls.REOPEN)
        parsed = tuple(database_id(i, cls.REOPEN) for i in ids)
        if len(set(parsed)) != len(parsed):
            raise StalePayload(cls.REOPEN)
        return cls(parsed)


def unknown_outcome_notice(
    *, what: str, people: Sequence[str], channels: Sequence[str], delivery_ids: Sequence[int]
) -> tuple[str, list[dict[str, Any]]]:
    """One notice for a fan-out's messages Slack never confirmed: whom (roster names) and where, one "Send again".

    ``what`` is the kind's phrase ("a meeting reminder"); ``people`` are names (escaped here), ``channels`` ids.
    """
    count = len(people) + len(channels)
    where = [f"<#{c}>" for c in channels]
    if people:
        where.append(people_list(people))
    if count == 1:
        text = (
            f"I'm not sure {what} reached {where[0]}: Slack didn't confirm it (or peerbot stopped while posting). "
            "Check there; if it's missing, choose *Send again*."
        )
    else:
        text = (
            f"I'm not sure {what} reached these {count}: {', '.join(where)}. Slack didn't confirm them "
            "(or peerbot stopped while posting). Each may or may not have it; *Send again* sends it once more "
            f"to all {count}."
        )
    blocks = [
        SectionBlock(text=truncate(text, SECTION_TEXT_MAX)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Send again",
                    action_id=DeliveryAction.RESEND,
                    value=ResendButton(tuple(delivery_ids)).to_value(),
                )
            ]
        ),
    ]
    return truncate(text, SECTION_TEXT_MAX), [b.to_dict() for b in blocks]


_KIND_PHRASES = {
    "meeting_announcement": "the meeting announcement",
    "meeting_reminder": "a meeting reminder",
    "meeting_changed": "the notice that a meeting moved",
    "meeting_cancelled": "the notice that a meeting was cancelled",
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
