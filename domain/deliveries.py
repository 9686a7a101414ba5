"""Delivery kinds and keys: one function per key shape, used by the sender and by whoever looks a delivery up."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime
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


def announcement_key(occurrence_id: int) -> str:
    return f"announce:{occurrence_id}"


def announced_occurrence(key: str) -> int | None:
    """The occurrence an ``announcement_key`` names (None for any other key)."""
    prefix, _, rest = key.partition(":")
    return int(rest) if prefix == "announce" and rest.isdigit() else None


def reminder_key(occurrence_id: int, start_utc: datetime, offset_minutes: int, destination: str) -> str:
    """Unique per occurrence, start instant, offset and destination: a rescheduled meeting gets fresh keys."""
    return f"reminder:{occurrence_id}:{int(start_utc.timestamp())}:{offset_minutes}:{destination}"


def reminder_prefix(occurrence_id: int, start_utc: datetime, offset_minutes: int) -> str:
    """What every DM key of one reminder starts with."""
    return reminder_key(occurrence_id, start_utc, offset_minutes, "dm:")


def reminder_problem_key(channel_reminder_key: str) -> str:
    return f"{channel_reminder_key}:undeliverable"


def series_scope(meeting_id: int) -> str:
    return f"series:{meeting_id}"


def occurrence_scope(occurrence_id: int) -> str:
    return f"occurrence:{occurrence_id}"


def cancel_key(scope: str, destination: str) -> str:
    return f"cancel:{scope}:{destination}"


def moved_key(occurrence_id: int, start_utc: datetime, user_id: str) -> str:
    return f"moved:{occurrence_id}:{int(start_utc.timestamp())}:{dm(user_id)}"


def pulse_invite_key(wave_id: int, user_id: str) -> str:
    return f"pulse:{wave_id}:invite:{user_id}"


def pulse_wave_prefix(wave_id: int) -> str:
    """Every delivery key of one wave starts with this: invites, reminders and notices."""
    return f"pulse:{wave_id}:"


def pulse_reminder_key(wave_id: int, number: int, user_id: str) -> str:
    return f"pulse:{wave_id}:reminder:{number}:{user_id}"


def pulse_notice_key(wave_id: int, what: str) -> str:
    """A notice to the pulse's creator about one wave: ``opened``, ``closed``, ``reminder:2``…"""
    return f"pulse:{wave_id}:{what}"


def digest_key(network_id: int, week: date) -> str:
    """Each ISO week's digest of one network (``week`` is any day of that week)."""
    iso = week.isocalendar()
    return f"digest:{network_id}:{iso.year}-W{iso.week:02d}"


def intro_round_prefix(round_id: int) -> str:
    """Every delivery key of one round of introductions starts with this (also the scope of its notice)."""
    return f"intro:{round_id}:"


def intro_key(round_id: int, group_id: int, what: str = "introduction") -> str:
    """A group's ``introduction``, ``nudge`` or ``follow-up``."""
    return f"intro:{round_id}:{group_id}:{what}"


def intro_scope(round_id: int) -> str:
    return f"intro:{round_id}"


def nudge_key(network_id: int, user_id: str) -> str:
    """The one nudge a quiet member of a network ever gets."""
    return f"nudge:{network_id}:{dm(user_id)}"


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
