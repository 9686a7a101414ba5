"""Every minute: move batches of waiting anonymous answers into the results, then empty SQLite's log."""

from __future__ import annotations

from domain.pulse_pool import settle_open_wave
from storage import pulses as store
from storage.db import truncate_write_ahead_log
from workflows.context import JobContext


def settle_anonymous_answers(ctx: JobContext) -> int:
    """One short transaction per wave, so answers keep flowing in between; returns answers moved."""
    with ctx.session_factory.begin() as session:
        wave_ids = store.open_anonymous_wave_ids(session)
    moved = 0
    for wave_id in wave_ids:
        with ctx.session_factory.begin() as session:
            moved += settle_open_wave(session, wave_id=wave_id)
    # Also after a close (which rewrites a wave's answers): the log keeps at most a minute of history.
    truncate_write_ahead_log(ctx.session_factory)
    return moved
