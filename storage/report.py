"""Queries the evaluation report needs over a period; flush, never commit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import (
    Member,
    Pulse,
    PulseWave,
    Respondent,
    WaveRecipient,
    WaveStatus,
)


def members(session: Session, *, network_id: int) -> Sequence[Member]:
    return session.scalars(select(Member).where(Member.network_id == network_id).order_by(Member.id)).all()


def waves_between(
    session: Session, *, network_id: int, start: datetime, end: datetime
) -> list[tuple[Pulse, PulseWave]]:
    """Waves that opened in [start, end), by pulse then wave number."""
    rows = session.execute(
        select(Pulse, PulseWave)
        .join(PulseWave, PulseWave.pulse_id == Pulse.id)
        .where(
            Pulse.network_id == network_id,
            PulseWave.status != WaveStatus.SCHEDULED,
            PulseWave.opens_at >= start,
            PulseWave.opens_at < end,
        )
        .order_by(Pulse.id, PulseWave.number)
    )
    return [(pulse, wave) for pulse, wave in rows]


def recipients_by_wave(session: Session, *, wave_ids: Sequence[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    if wave_ids:
        rows = session.execute(
            select(WaveRecipient.wave_id, WaveRecipient.user_id).where(WaveRecipient.wave_id.in_(wave_ids))
        )
        for wave_id, user_id in rows:
            found[wave_id].add(user_id)
    return found


def respondents_by_wave(session: Session, *, wave_ids: Sequence[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = defaultdict(set)
    if wave_ids:
        rows = session.execute(select(Respondent.wave_id, Respondent.user_id).where(Respondent.wave_id.in_(wave_ids)))
        for wave_id, user_id in rows:
            found[wave_id].add(user_id)
    return found
