"""The intros feature's delivery keys, one function per key shape (the kinds: domain/deliveries.py)."""

from __future__ import annotations


def intro_round_prefix(round_id: int) -> str:
    """Every delivery key of one round of introductions starts with this (also the scope of its notice)."""
    return f"intro:{round_id}:"


def intro_key(round_id: int, group_id: int, what: str = "introduction") -> str:
    """A group's ``introduction``, ``nudge`` or ``follow-up``."""
    return f"intro:{round_id}:{group_id}:{what}"


def intro_scope(round_id: int) -> str:
    return f"intro:{round_id}"
