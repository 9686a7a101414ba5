"""Network use cases: the nightly roster refresh (``roster``), setting up a network and following its channel
(``setup``), and people: the roster, facilitators and profiles (``people``)."""

from __future__ import annotations

from workflows.network.roster import refresh_rosters

__all__ = ["refresh_rosters"]
