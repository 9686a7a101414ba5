"""The resources feature's delivery keys, one function per key shape (the kinds: domain/deliveries.py)."""

from __future__ import annotations

from datetime import date


def digest_key(network_id: int, week: date) -> str:
    """Each ISO week's digest of one network (``week`` is any day of that week)."""
    iso = week.isocalendar()
    return f"digest:{network_id}:{iso.year}-W{iso.week:02d}"
