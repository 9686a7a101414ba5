"""Pulse waves: open due waves and send their DMs, remind non-respondents, close at the deadline or on request.

Every DM goes through ``deliver_once`` under a key naming the wave, the kind of
message and the person, so restarts, overlapping runs and the builder's own
"open now" never send anything twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from domain.calendar import pauses
from domain.deliveries import DeliveryKind, names_of
from domain.pulses import lifecycle
from domain.pulses.after_meetings import create_due_meeting_waves
from domain.pulses.definitions import QuestionDraft
from domain.pulses.deliveries import pulse_invite_key, pulse_notice_key, pulse_reminder_key
from domain.pulses.pool import settle_open_wave
from rendering.deliveries import could_not_reach
from rendering.pulses.messages import invite_blocks
from rendering.pulses.results import closed_notice
from rendering.text import escape
from slackio.delivery import Delivered, Message, Outcome, deliver_all, deliver_once
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.changes import Change, record
from storage.db import truncate_write_ahead_log
from workflows.context import RunContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FanOut:
    sent: int = 0
    unreachable: int = 0
    failed: int = 0
    missed: tuple[str, ...] = ()  # who could not be messaged (unreachable or refused), by user id


@dataclass(frozen=True)
class _WaveMessage:
    team_id: str
    network_id: int
    created_by: str
    title: str
    network_name: str
    blocks_kwargs: dict[str, object]


def _wave_message(ctx: RunContext, wave_id: int) -> tuple[_WaveMessage, list[QuestionDraft]] | None:
    with ctx.session_factory.begin() as session:
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            return None
        network = pulse_store.network_of(session, pulse=pulse)
        questions = [lifecycle.question_draft(q) for q in pulse_store.questions(session, pulse_id=pulse.id)]
        follows = (
            pulse_store.followed_meeting(session, occurrence_id=wave.occurrence_id) if wave.occurrence_id else None
        )
        message = _WaveMessage(
            team_id=pulse.team_id,
            network_id=pulse.network_id,
            created_by=pulse.created_by,
            title=pulse.title,
            network_name=network.name,
            blocks_kwargs={
                "wave_id": wave.id,
                "title": pulse.title,
                "intro": pulse.intro,
                "network_name": network.name,
                "anonymous": pulse.anonymous,
                "deadline": wave.deadline,
                "follows": follows,
            },
        )
    return message, questions


def _fan_out(
    ctx: RunContext, *, wave_id: int, users: list[str], kind: DeliveryKind, key: Callable[[str], str], reminder: bool
) -> FanOut:
    loaded = _wave_message(ctx, wave_id)
    if loaded is None:
        return FanOut()
    message, questions = loaded
    blocks = [b.to_dict() for b in invite_blocks(questions=questions, reminder=reminder, **message.blocks_kwargs)]  # type: ignore[arg-type]
    text = f"{'Reminder: ' if reminder else ''}{escape(message.title)} — a pulse from {escape(message.network_name)}"

    missed: list[str] = []

    def after(sent: Message, result: Delivered) -> None:
        if result.outcome in (Outcome.UNREACHABLE, Outcome.FAILED):
            missed.append(sent.channel)  # list.append is atomic: workers may add at once

    counts = deliver_all(
        (
            Message(
                team_id=message.team_id,
                network_id=message.network_id,
                key=key(user_id),
                kind=kind,
                channel=user_id,
                text=text,
                blocks=blocks,
                owner=message.created_by,
            )
            for user_id in users
        ),
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        after=after,
    )
    return FanOut(
        sent=counts[Outcome.SENT],
        unreachable=counts[Outcome.UNREACHABLE],
        failed=counts[Outcome.FAILED],
        missed=tuple(sorted(missed)),
    )


def _missed_names(ctx: RunContext, *, wave_id: int, missed: tuple[str, ...]) -> list[str]:
    with ctx.session_factory.begin() as session:
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if pulse is None:
            return list(missed)
        return names_of(session, network_id=pulse.network_id, user_ids=list(missed))


def _tell_creator(ctx: RunContext, *, wave_id: int, key: str, text: str) -> None:
    loaded = _wave_message(ctx, wave_id)
    if loaded is None:
        return
    message, _ = loaded
    deliver_once(
        session_factory=ctx.session_factory,
        client=ctx.slack,
        clock=ctx.clock,
        team_id=message.team_id,
        network_id=message.network_id,
        key=pulse_notice_key(wave_id, key),
        kind=DeliveryKind.PULSE_NOTICE,
        channel=message.created_by,
        text=text,
    )


def open_due_waves(ctx: RunContext) -> dict[int, FanOut]:
    """Open every wave whose time has come and DM its recipients; tell the facilitator who was unreachable.

    First, meetings that just ended get the waves of the pulses that follow them.
    """
    with ctx.session_factory.begin() as session:
        create_due_meeting_waves(session, now=ctx.clock.now(), team_id=ctx.team_id)
    with ctx.session_factory.begin() as session:
        due = pulse_store.waves_due_to_open(session, now=ctx.clock.now(), team_id=ctx.team_id)
    results: dict[int, FanOut] = {}
    for wave_id in due:
        with ctx.session_factory.begin() as session:
            if pauses.postpone_paused_wave(session, wave_id=wave_id):
                continue  # due on a day the network paused
            opened = lifecycle.open_wave(session, wave_id=wave_id, now=ctx.clock.now())
            if opened is not None:
                record(session, Change.network_pulses(opened.network_id))
        if opened is None:
            continue
        result = _fan_out(
            ctx,
            wave_id=wave_id,
            users=list(opened.recipients),
            kind=DeliveryKind.PULSE_INVITE,
            key=partial(pulse_invite_key, wave_id),
            reminder=False,
        )
        with ctx.session_factory.begin() as session:
            lifecycle.record_unreachable(session, wave_id=wave_id, count=result.unreachable + result.failed)
        results[wave_id] = result
        missed = result.unreachable + result.failed
        loaded = _wave_message(ctx, wave_id)
        name = escape(loaded[0].title) if loaded else "Your pulse"
        text = f"*{name}* went to {result.sent} of {len(opened.recipients)} people."
        if missed:
            text += " " + could_not_reach(_missed_names(ctx, wave_id=wave_id, missed=result.missed))
        _tell_creator(ctx, wave_id=wave_id, key="opened", text=text)
    return results


def send_pulse_reminders(ctx: RunContext) -> dict[int, FanOut]:
    """Remind the people who haven't answered, when a wave's next reminder is due."""
    now = ctx.clock.now()
    due: list[tuple[int, int, list[str]]] = []
    with ctx.session_factory.begin() as session:
        for wave in pulse_store.open_waves(session, team_id=ctx.team_id):
            pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id)
            if pulse is None:
                continue
            number = lifecycle.reminder_due(wave=wave, pulse=pulse, now=now)
            if number is not None and pauses.paused_at(
                session,
                network=pulse_store.network_of(session, pulse=pulse),
                moment=lifecycle.reminder_at(wave=wave, pulse=pulse, number=number),
            ):
                wave.reminders_sent = max(wave.reminders_sent, number)  # due on a paused day: not sent
                continue
            if number is not None:
                due.append((wave.id, number, lifecycle.non_respondents(session, wave=wave, pulse=pulse)))
    results: dict[int, FanOut] = {}
    for wave_id, number, users in due:
        results[wave_id] = result = _fan_out(
            ctx,
            wave_id=wave_id,
            users=users,
            kind=DeliveryKind.PULSE_REMINDER,
            key=partial(pulse_reminder_key, wave_id, number),
            reminder=True,
        )
        if result.missed:
            loaded = _wave_message(ctx, wave_id)
            name = escape(loaded[0].title) if loaded else "Your pulse"
            names = _missed_names(ctx, wave_id=wave_id, missed=result.missed)
            _tell_creator(
                ctx,
                wave_id=wave_id,
                key=f"reminder:{number}:unreached",
                text=f"Reminder {number} for *{name}*: {could_not_reach(names)}",
            )
        with ctx.session_factory.begin() as session:
            reminded = pulse_store.get_wave(session, wave_id=wave_id)
            if reminded is not None:
                reminded.reminders_sent = max(reminded.reminders_sent, number)
    return results


def close_due_waves(ctx: RunContext) -> list[int]:
    """Close waves at their deadline and tell the facilitator the response rate."""
    with ctx.session_factory.begin() as session:
        due = pulse_store.waves_due_to_close(session, now=ctx.clock.now(), team_id=ctx.team_id)
    closed = []
    for wave_id in due:
        if close_wave_and_notify(ctx, wave_id=wave_id):
            closed.append(wave_id)
    return closed


def close_wave_and_notify(ctx: RunContext, *, wave_id: int) -> bool:
    with ctx.session_factory.begin() as session:
        if not lifecycle.close_wave(session, wave_id=wave_id, now=ctx.clock.now()):
            return False
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        pulse = pulse_store.get_pulse(session, pulse_id=wave.pulse_id) if wave else None
        if wave is None or pulse is None:
            return True
        record(session, Change.network_pulses(pulse.network_id))
        text = closed_notice(
            pulse_id=pulse.id,
            title=pulse.title,
            wave_number=wave.number,
            responded=len(answer_store.respondent_ids(session, wave_id=wave_id)),
            asked=len(pulse_store.recipients(session, wave_id=wave_id)),
        )
    _tell_creator(ctx, wave_id=wave_id, key="closed", text=text)
    return True


def settle_anonymous_answers(ctx: RunContext) -> int:
    """One short transaction per wave, so answers keep flowing in between; returns answers moved."""
    with ctx.session_factory.begin() as session:
        wave_ids = pulse_store.open_anonymous_wave_ids(session)
    moved = 0
    for wave_id in wave_ids:
        with ctx.session_factory.begin() as session:
            moved += settle_open_wave(session, wave_id=wave_id)
    # Also after a close (which rewrites a wave's answers): the log keeps at most a minute of history.
    truncate_write_ahead_log(ctx.session_factory)
    return moved
