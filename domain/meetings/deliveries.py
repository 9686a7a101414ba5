"""The meetings feature's delivery keys, one function per key shape (the kinds: domain/deliveries.py)."""

from __future__ import annotations

from datetime import datetime

from domain.deliveries import dm


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
