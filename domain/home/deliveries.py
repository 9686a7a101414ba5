"""The home feature's delivery keys, one function per key shape (the kinds: domain/deliveries.py)."""

from __future__ import annotations

from domain.deliveries import dm


def nudge_key(network_id: int, user_id: str) -> str:
    """The one nudge a quiet member of a network ever gets."""
    return f"nudge:{network_id}:{dm(user_id)}"
