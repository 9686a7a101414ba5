"""Facilitators end a pulse's open wave early (everything a deadline does happens now) or give it more time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.pulses import lifecycle
from rendering.pulses.messages import closed_early_text, extended_text
from rendering.text import escape
from storage import pulses as pulse_store
from storage.models import Network, Pulse, WaveStatus
from workflows.context import RunContext
from workflows.interaction import Interaction
from workflows.pulses.waves import close_wave_and_notify


@dataclass(frozen=True)
class PulseAsked:
    """Who asks what of which pulse (``ref`` as typed: ``#12``, or None for the newest)."""

    team_id: str
    channel_id: str | None
    user_id: str
    ref: str | None


def _facilitated_pulse(session: Session, asked: PulseAsked, *, doing: str) -> tuple[Network, Pulse]:
    network = network_for_request(session, team_id=asked.team_id, channel_id=asked.channel_id, user_id=asked.user_id)
    roles.require_facilitator(session, network=network, user_id=asked.user_id, doing=doing)
    return network, lifecycle.find_pulse(session, network=network, ref=asked.ref)


def close_pulse_now(use: Interaction, asked: PulseAsked) -> str:
    """A facilitator closes a pulse's open wave before its deadline; returns what they are told."""
    with use.session_factory.begin() as session:
        _network, pulse = _facilitated_pulse(session, asked, doing="close a pulse")
        open_ids = [w.id for w in pulse_store.waves(session, pulse_id=pulse.id) if w.status == WaveStatus.OPEN]
        title, anonymous = pulse.title, pulse.anonymous
    ctx = RunContext(
        session_factory=use.session_factory, client=use.client, clock=use.clock, bot_user_id=use.bot_user_id
    )
    closed = [wave_id for wave_id in open_ids if close_wave_and_notify(ctx, wave_id=wave_id)]
    if not closed:
        raise PeerbotError(lifecycle.NO_OPEN_WAVE.format(title=escape(title)))
    return closed_early_text(title=title, anonymous=anonymous)


def extend_pulse(use: Interaction, asked: PulseAsked, *, words: list[str]) -> str:
    """A facilitator moves a pulse's open wave's deadline later; returns what they are told."""
    with use.session_factory.begin() as session:
        network, pulse = _facilitated_pulse(session, asked, doing="extend a pulse")
        wave = lifecycle.open_wave_of(session, pulse=pulse)
        deadline = lifecycle.parse_new_deadline(words, current=wave.deadline, zone=network.timezone)
        lifecycle.extend_wave(session, pulse=pulse, wave=wave, deadline=deadline, now=use.now())
        return extended_text(title=pulse.title, deadline=deadline)
