"""The pulses feature's delivery keys, one function per key shape (the kinds: domain/deliveries.py)."""

from __future__ import annotations


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
