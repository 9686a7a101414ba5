"""Pauses: days a network takes off (a holiday, a summer break), in its own time zone.

On a paused day no meeting is held (its occurrences are skipped, and come back if the pause is
removed), no meeting reminder and no pulse reminder is sent, no pulse wave opens (a repeating pulse
skips to its next wave, a one-time pulse waits for the day after the pause) and no introduction
round starts. Each rule looks at the day the thing was scheduled for, not at when the clock runs,
so a clock stopped across a pause sends nothing for its days when it comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from domain.errors import NotFound, PeerbotError
from domain.intros.schedule import due_round
from domain.markup import escape
from domain.pulses.definitions import Recurrence as PulseRecurrence
from domain.pulses.definitions import next_wave_start
from storage import calendar as store
from storage import pulses as pulse_store
from storage.models import IntroSettings, Meeting, Network, Occurrence, OccurrenceStatus, Pause, PulseWave, WaveStatus

REASON_MAX = 150
LONGEST_DAYS = 366


def local_day(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def covering(pauses: Sequence[Pause], day: date) -> Pause | None:
    return next((p for p in pauses if p.first_day <= day <= p.last_day), None)


def paused_at(session: Session, *, network: Network, moment: datetime) -> Pause | None:
    """The pause covering the network's local day of ``moment``, if any."""
    return covering(store.pauses_of(session, network_id=network.id), local_day(moment, network.timezone))


@dataclass(frozen=True)
class PauseRequest:
    first_day: date
    last_day: date
    reason: str


def parse_request(args: Sequence[str], *, single_day: bool, today: date) -> PauseRequest:
    """``FIRST [LAST] [reason…]`` (``/meeting pause``) or ``DAY [reason…]`` (``/meeting holiday``)."""
    usage = (
        "Use `/meeting holiday 2026-12-24 Winter holiday` for one day."
        if single_day
        else "Use `/meeting pause 2026-08-01 2026-08-31 Summer break` for a range of days (both included)."
    )
    words = list(args)
    first = _day(words.pop(0)) if words else None
    if first is None:
        raise PeerbotError(f"Give the first day as YYYY-MM-DD. {usage}")
    last = first
    if not single_day and words and _day(words[0]) is not None:
        last = _day(words.pop(0)) or first
    reason = " ".join(words).strip() or ("Holiday" if single_day else "Pause")
    if last < first:
        raise PeerbotError(f"The last day can't be before the first. {usage}")
    if last < today:
        raise PeerbotError("Those days are over already: a pause can only cover today or later.")
    if (last - first).days >= LONGEST_DAYS:
        raise PeerbotError(f"A pause can last at most {LONGEST_DAYS} days; add another for a longer break.")
    if len(reason) > REASON_MAX:
        raise PeerbotError(f"Keep the reason to {REASON_MAX} characters or fewer.")
    return PauseRequest(first, last, reason)


def _day(word: str) -> date | None:
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


@dataclass(frozen=True)
class Changed:
    """Occurrences a pause took away (or gave back), grouped by series, soonest first."""

    by_meeting: dict[int, tuple[Meeting, list[Occurrence]]]

    def add(self, meeting: Meeting, occurrence: Occurrence) -> None:
        self.by_meeting.setdefault(meeting.id, (meeting, []))[1].append(occurrence)

    def raise_sequences(self) -> None:
        """Each changed series' invite gets a new version, so calendars replace the one they hold."""
        for meeting, _ in self.by_meeting.values():
            meeting.calendar_sequence += 1


def skip_paused(session: Session, *, network: Network, now: datetime, meeting_id: int | None = None) -> Changed:
    """Skip every upcoming occurrence (of one series, or the whole network) on a paused day."""
    pauses = store.pauses_of(session, network_id=network.id, ending_on_or_after=local_day(now, network.timezone))
    changed = Changed({})
    if not pauses:
        return changed
    for occurrence, meeting in store.future_occurrences(
        session, network_id=network.id, now=now, statuses=[OccurrenceStatus.SCHEDULED]
    ):
        if meeting_id is not None and meeting.id != meeting_id:
            continue
        if covering(pauses, local_day(occurrence.start_utc, meeting.timezone)) is not None:
            occurrence.status, occurrence.cancelled_at = OccurrenceStatus.SKIPPED, now
            changed.add(meeting, occurrence)
    changed.raise_sequences()
    session.flush()
    return changed


SKIPPED_SHOWN = 15
SKIPPED_AHEAD = timedelta(days=366)


def skipped_ahead(
    session: Session, *, network_id: int, now: datetime
) -> tuple[list[tuple[Occurrence, Meeting]], Sequence[Pause]]:
    """The network's meetings skipped for a pause in the coming year (soonest first), and its pauses."""
    skipped = store.skipped_between(
        session, network_id=network_id, now=now, until=now + SKIPPED_AHEAD, limit=SKIPPED_SHOWN
    )
    return skipped, store.pauses_of(session, network_id=network_id)


def add_pause(
    session: Session, *, network: Network, request: PauseRequest, by_user: str, now: datetime
) -> tuple[Pause, Changed]:
    pause = store.add_pause(
        session,
        team_id=network.team_id,
        network_id=network.id,
        first_day=request.first_day,
        last_day=request.last_day,
        reason=request.reason,
        by_user=by_user,
        now=now,
    )
    return pause, skip_paused(session, network=network, now=now)


def find_pause(session: Session, *, network: Network, ref: str | None) -> Pause:
    digits = (ref or "").lstrip("#")
    pause = store.get_pause(session, pause_id=int(digits)) if digits.isdigit() and len(digits) < 10 else None
    if pause is None or pause.network_id != network.id:
        raise NotFound(
            f"I couldn't find pause `{escape(ref or '')}` in *{escape(network.name)}*. `/meeting pauses` lists them."
        )
    return pause


def remove_pause(session: Session, *, network: Network, pause: Pause, now: datetime) -> Changed:
    """Delete the pause; upcoming occurrences it skipped (and no other pause covers) are back on."""
    store.delete_pause(session, pause=pause)
    others = store.pauses_of(session, network_id=network.id)
    changed = Changed({})
    for occurrence, meeting in store.future_occurrences(
        session, network_id=network.id, now=now, statuses=[OccurrenceStatus.SKIPPED]
    ):
        day = local_day(occurrence.start_utc, meeting.timezone)
        if pause.first_day <= day <= pause.last_day and meeting.cancelled_at is None and not covering(others, day):
            occurrence.status, occurrence.cancelled_at = OccurrenceStatus.SCHEDULED, None
            changed.add(meeting, occurrence)
    changed.raise_sequences()
    session.flush()
    return changed


def day_after(pause: Pause, at: datetime, zone: str) -> datetime:
    """The same local time on the first day after the pause."""
    tz = ZoneInfo(zone)
    local: time = at.astimezone(tz).timetz().replace(tzinfo=None)
    return datetime.combine(pause.last_day + timedelta(days=1), local, tzinfo=tz).astimezone(at.tzinfo)


def postpone_paused_wave(session: Session, *, wave_id: int) -> bool:
    """A pulse wave due to open on a paused day moves: a repeating pulse's to its next start outside the
    pause (that wave is skipped), any other's to the same time on the first day after it. True if it moved."""
    wave = session.get(PulseWave, wave_id)
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
    if wave is None or pulse is None or wave.status != WaveStatus.SCHEDULED:
        return False
    zone = pulse_store.network_of(session, pulse=pulse).timezone
    pauses = store.pauses_of(session, network_id=pulse.network_id)
    start, length = wave.opens_at, wave.deadline - wave.opens_at
    for _ in range(100):  # pauses are finite and at most a year each: this ends long before
        pause = covering(pauses, local_day(start, zone))
        if pause is None:
            break
        following = next_wave_start(start, PulseRecurrence(pulse.recurrence), zone=zone)
        start = following if following is not None else day_after(pause, start, zone)
    if start == wave.opens_at:
        return False
    wave.opens_at, wave.deadline = start, start + length
    session.flush()
    return True


def round_paused(session: Session, *, network: Network, settings: IntroSettings, now: datetime) -> bool:
    """The introduction round due now starts on a paused day: it is skipped (the next one starts as usual)."""
    times = due_round(settings, timezone=network.timezone, now=now)
    return times is not None and paused_at(session, network=network, moment=times.starts_at) is not None
