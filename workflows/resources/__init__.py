"""Resource library use cases: the weekly digest the clock posts (``digest``), sharing and curating entries
(``entries``), and searching the library (``search``)."""

from __future__ import annotations

from workflows.resources.digest import post_weekly_digests

__all__ = ["post_weekly_digests"]
