"""Every minute: re-store open anonymous waves' answers so no database trace ties one to its author."""

from __future__ import annotations

from domain.pulses import restore_open_anonymous_answers
from storage import pulses as store
from workflows.context import JobContext


def restore_anonymous_answers(ctx: JobContext) -> int:
    """One short transaction per wave, so answers keep flowing in between; returns waves re-stored."""
    with ctx.session_factory.begin() as session:
        wave_ids = store.open_anonymous_wave_ids(session)
    restored = 0
    for wave_id in wave_ids:
        with ctx.session_factory.begin() as session:
            restored += restore_open_anonymous_answers(session, wave_id=wave_id)
    return restored
