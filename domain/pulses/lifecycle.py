"""Pulse lifecycle: creating a pulse, opening waves to a fixed audience, reminding, closing, recurring.

Anonymity design (see also storage/models/pulses.py, domain/pulses/answers.py and
domain/pulses/pool.py): who was asked (``pulse_wave_recipients``) and who answered
(``pulse_respondents``) are kept strictly apart from what was answered. An anonymous
answer waits sealed in a pool and reaches ``pulse_responses`` only in shuffled batches
of at least the network's minimum group size, with its group labels sealed. When an
anonymous wave closes, the rest of the pool joins, labels that could single someone out
are removed (``domain.pulses.privacy``), the change keys are forgotten, and the responses
are rewritten in a random order in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound, PeerbotError
from domain.markup import escape
from domain.pulses.after_meetings import require_followable_series
from domain.pulses.definitions import Audience, PulseDraft, QuestionDraft, QuestionKind, Recurrence, next_wave_start
from domain.pulses.pool import settle
from domain.pulses.privacy import FLOOR_MIN_GROUP
from domain.pulses.privacy import min_group_size as min_group_size  # where handlers look for it
from storage import network as network_store
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Member, Network, Pulse, PulseQuestion, PulseWave, WaveStatus

REMINDER_LEAD = timedelta(days=1)


@dataclass(frozen=True)
class OpenedWave:
    wave_id: int
    pulse_id: int
    network_id: int
    team_id: str
    created_by: str
    recipients: tuple[str, ...]


def create_pulse(
    session: Session, *, network: Network, draft: PulseDraft, by_user: str, now: datetime
) -> PulseWave | None:
    """Save the pulse and its first wave (scheduled; the opening job sends it).

    A pulse after each meeting has no wave yet (None): each one is made when a meeting ends.
    """
    draft.validate(now=now)
    if draft.recurrence == Recurrence.AFTER_MEETING:
        require_followable_series(session, network=network, meeting_id=draft.meeting_id, now=now)
    if not audience_members(session, network=network, draft=draft):
        field = {Audience.STATES: "audience_states", Audience.MEMBERS: "audience_users"}.get(draft.audience, "audience")
        raise InvalidInput({field: _empty_audience_message(draft.audience)})
    opens = draft.opens_at or now
    assert draft.deadline is not None  # validated
    pulse = Pulse(
        team_id=network.team_id,
        network_id=network.id,
        title=draft.title.strip(),
        intro=draft.intro.strip(),
        anonymous=draft.anonymous,
        audience=draft.audience,
        audience_states=json.dumps(sorted(draft.audience_states)),
        audience_users=json.dumps(sorted(draft.audience_users)),
        results_visibility=draft.results_visibility,
        reminders=draft.reminders,
        recurrence=draft.recurrence,
        meeting_id=draft.meeting_id if draft.recurrence == Recurrence.AFTER_MEETING else None,
        wave_length_minutes=max(int((draft.deadline - opens).total_seconds() // 60), 1),
        created_by=by_user,
        created_at=now,
    )
    rows = [
        PulseQuestion(
            position=position,
            kind=q.kind,
            text=q.text.strip(),
            choices=json.dumps(list(q.choices)),
            max_choices=q.max_choices if q.kind == QuestionKind.MULTIPLE else None,
            required=q.required,
        )
        for position, q in enumerate(draft.questions, start=1)
    ]
    pulse_store.add_pulse(session, pulse, rows)
    if draft.recurrence == Recurrence.AFTER_MEETING:
        return None
    return pulse_store.add_wave(session, pulse_id=pulse.id, number=1, opens_at=opens, deadline=draft.deadline)


def _empty_audience_message(audience: Audience) -> str:
    if audience == Audience.STATES:
        return "Nobody on the roster is in the chosen states yet (members set their state with `/peerbot profile`)."
    if audience == Audience.MEMBERS:
        return "None of the chosen people are on the network's roster."
    if audience == Audience.PER_STATE:
        return "Nobody on the roster has set their state yet, so no state can answer."
    return "The network's roster is empty."


def audience_members(session: Session, *, network: Network, draft: PulseDraft) -> list[Member]:
    roster = network_store.roster(session, network_id=network.id)
    if draft.audience == Audience.STATES:
        chosen = set(draft.audience_states)
        return [m for m in roster if m.state in chosen]
    if draft.audience == Audience.MEMBERS:
        chosen = set(draft.audience_users)
        return [m for m in roster if m.user_id in chosen]
    if draft.audience == Audience.PER_STATE:
        return [m for m in roster if m.state]
    return list(roster)


def draft_of(pulse: Pulse, questions: list[PulseQuestion]) -> PulseDraft:
    return PulseDraft(
        title=pulse.title,
        intro=pulse.intro,
        questions=tuple(question_draft(q) for q in questions),
        anonymous=pulse.anonymous,
        audience=Audience(pulse.audience),
        audience_states=tuple(json.loads(pulse.audience_states)),
        audience_users=tuple(json.loads(pulse.audience_users)),
    )


def question_draft(question: PulseQuestion) -> QuestionDraft:
    return QuestionDraft(
        text=question.text,
        kind=QuestionKind(question.kind),
        choices=tuple(json.loads(question.choices)),
        max_choices=question.max_choices,
        required=question.required,
    )


def open_wave(session: Session, *, wave_id: int, now: datetime) -> OpenedWave | None:
    """Fix the wave's recipients and mark it open; None if someone else already opened it."""
    wave = pulse_store.lock_wave(session, wave_id=wave_id)
    if wave is None or wave.status != WaveStatus.SCHEDULED:
        return None
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    network = pulse_store.network_of(session, pulse=pulse)
    members = audience_members(session, network=network, draft=draft_of(pulse, []))
    pulse_store.add_recipients(session, wave_id=wave.id, rows=[(m.user_id, m.state, m.agency) for m in members])
    wave.status = WaveStatus.OPEN
    wave.opened_at = now
    if wave.deadline <= now:  # opened late (peerbot was down): keep the promised length
        wave.deadline = now + timedelta(minutes=pulse.wave_length_minutes)
    _schedule_next_wave(session, pulse=pulse, wave=wave)
    session.flush()
    return OpenedWave(
        wave_id=wave.id,
        pulse_id=pulse.id,
        network_id=network.id,
        team_id=network.team_id,
        created_by=pulse.created_by,
        recipients=tuple(m.user_id for m in members),
    )


def _schedule_next_wave(session: Session, *, pulse: Pulse, wave: PulseWave) -> None:
    zone = pulse_store.network_of(session, pulse=pulse).timezone
    start = next_wave_start(wave.opens_at, Recurrence(pulse.recurrence), zone=zone)
    if start is None:
        return
    if any(w.number == wave.number + 1 for w in pulse_store.waves(session, pulse_id=pulse.id)):
        return
    pulse_store.add_wave(
        session,
        pulse_id=pulse.id,
        number=wave.number + 1,
        opens_at=start,
        deadline=start + timedelta(minutes=pulse.wave_length_minutes),
    )


def record_unreachable(session: Session, *, wave_id: int, count: int) -> None:
    wave = pulse_store.get_wave(session, wave_id=wave_id)
    if wave is not None and count:
        wave.unreachable += count
        session.flush()


def close_wave(session: Session, *, wave_id: int, now: datetime) -> bool:
    """Close an open wave; False if it was not open. Anonymous: the pool joins, labels are decided, all shuffled."""
    wave = pulse_store.lock_wave(session, wave_id=wave_id)
    if wave is None or wave.status != WaveStatus.OPEN:
        return False
    wave.status = WaveStatus.CLOSED
    wave.closed_at = now
    pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
    assert pulse is not None
    if pulse.anonymous:
        settle(session, pulse=pulse, wave=wave, final=True)
    session.flush()
    return True


def reminder_due(*, wave: PulseWave, pulse: Pulse, now: datetime) -> int | None:
    """The number (1-based) of the reminder due now for this open wave, if any.

    Reminders are spread evenly before the deadline, the last one a day before it
    (or halfway through a wave shorter than two days).
    """
    if wave.status != WaveStatus.OPEN or wave.reminders_sent >= pulse.reminders or now >= wave.deadline:
        return None
    length = wave.deadline - (wave.opened_at or wave.opens_at)
    lead = REMINDER_LEAD if length >= 2 * REMINDER_LEAD else length / 2
    last = wave.deadline - lead
    start = wave.opened_at or wave.opens_at
    step = (last - start) / pulse.reminders
    due_at = start + step * (wave.reminders_sent + 1)
    return wave.reminders_sent + 1 if now >= due_at else None


def non_respondents(session: Session, *, wave: PulseWave, pulse: Pulse) -> list[str]:
    answered = answer_store.respondent_ids(session, wave_id=wave.id)
    people = pulse_store.recipients(session, wave_id=wave.id)
    if pulse.audience == Audience.PER_STATE:
        done = answer_store.answered_states(session, wave_id=wave.id)
        return [r.user_id for r in people if r.user_id not in answered and r.state not in done]
    return [r.user_id for r in people if r.user_id not in answered]


def stop_recurring(session: Session, *, pulse: Pulse) -> int:
    """Stop a recurring pulse: no further waves. Returns how many scheduled waves were cancelled."""
    cancelled = 0
    for wave in pulse_store.scheduled_waves(session, pulse_id=pulse.id):
        if wave.number > 1 or pulse.recurrence != Recurrence.NONE:
            pulse_store.delete_wave(session, wave=wave)
            cancelled += 1
    pulse.recurrence = Recurrence.NONE
    session.flush()
    return cancelled


def set_min_group_size(session: Session, *, network_id: int, size: int) -> None:
    if size < FLOOR_MIN_GROUP:
        raise PeerbotError(f"The smallest group a breakdown may show can't go below {FLOOR_MIN_GROUP}.")
    pulse_store.set_min_group_size(session, network_id=network_id, size=min(size, 1000))


def find_pulse(session: Session, *, network: Network, ref: str | None) -> Pulse:
    """A pulse of the network by number (``#3`` or ``3``), or its newest one."""
    pulses = pulse_store.pulses_for_network(session, network_id=network.id)
    if not pulses:
        raise NotFound("This network has no pulses yet. Start one with `/pulse new`.")
    if not ref:
        return pulses[0]
    digits = ref.lstrip("#")
    if digits.isdigit():
        for pulse in pulses:
            if pulse.id == int(digits):
                return pulse
    raise NotFound(f"I couldn't find pulse `{escape(ref)}` in *{escape(network.name)}*. `/pulse list` shows them.")
