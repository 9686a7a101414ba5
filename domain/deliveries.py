"""Delivery kinds and the keys every feature shares (each feature's own key shapes: domain/<feature>/deliveries.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy.orm import Session

from storage import network as network_store


class DeliveryKind(StrEnum):
    MEETING_ANNOUNCEMENT = "meeting_announcement"
    MEETING_REMINDER = "meeting_reminder"
    MEETING_REMINDER_PROBLEM = "meeting_reminder_problem"
    MEETING_CHANGED = "meeting_changed"
    MEETING_CANCELLED = "meeting_cancelled"
    PULSE_INVITE = "pulse_invite"
    PULSE_REMINDER = "pulse_reminder"
    PULSE_NOTICE = "pulse_notice"
    RESOURCE_DIGEST = "resource_digest"
    INTRO = "intro"  # a group's introduction in its group DM
    INTRO_NUDGE = "intro_nudge"
    INTRO_FOLLOW_UP = "intro_follow_up"
    COLLAB_REQUEST = "collab_request"  # asks a member named in a collaboration to confirm it
    TA_STATUS = "ta_status"  # tells a state's team a TA need changed status
    FAN_OUT_NOTICE = "fan_out_notice"  # tells a facilitator whom a fan-out could not reach
    UNKNOWN_OUTCOME_NOTICE = "unknown_outcome_notice"  # tells a facilitator a message may not have arrived
    HOME_NUDGE = "home_nudge"  # a facilitator's friendly note to a quiet member, from Home


CHANNEL = "channel"


def dm(user_id: str) -> str:
    """The destination part of a key for a direct message."""
    return f"dm:{user_id}"


def fan_out_notice_key(scope: str) -> str:
    """The one notice to a facilitator about whom the fan-out named by ``scope`` could not reach."""
    return f"{scope}:unreached"


def unknown_outcomes_key(delivery_ids: Sequence[int]) -> str:
    """The one notice about these unknown-outcome deliveries (the same set is never told twice)."""
    digest = hashlib.sha256(",".join(str(i) for i in sorted(delivery_ids)).encode()).hexdigest()[:24]
    return f"unknown:{len(delivery_ids)}:{digest}"


def fan_out_of(key: str) -> str:
    """What a delivery key names without its destination: the fan-out it belongs to (``reminder:7:…:60``)."""
    head, _, _ = key.rpartition(":")
    return head.removesuffix(":dm") or key


def names_of(session: Session, *, network_id: int, user_ids: Sequence[str]) -> list[str]:
    """The roster name of each person, in order (their user id if peerbot never learned a name)."""
    names = network_store.display_names(session, network_id=network_id, user_ids=user_ids)
    return [names.get(user_id, user_id) for user_id in user_ids]
