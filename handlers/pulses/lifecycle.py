"""`/pulse close` and `/pulse extend` (facilitators): end a pulse's open wave now, or give it more time."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.pulses import lifecycle
from handlers.kit.deps import Deps
from rendering.pulses.messages import closed_early_text, extended_text
from rendering.text import escape
from storage import pulses as store
from storage.models import Network, WaveStatus
from workflows.context import JobContext
from workflows.pulses import close_wave_and_notify


def _facilitated(session: Session, command: dict[str, Any], *, doing: str) -> Network:
    """The command's network, once its user is confirmed, on the server, as one of its facilitators."""
    network = network_for_request(
        session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
    )
    roles.require_facilitator(session, network=network, user_id=command["user_id"], doing=doing)
    return network


def _job_context(deps: Deps, client: WebClient, context: BoltContext) -> JobContext:
    return JobContext(
        session_factory=deps.session_factory, client=client, clock=deps.clock, bot_user_id=context.bot_user_id
    )


def close(
    *,
    command: dict[str, Any],
    args: list[str],
    client: WebClient,
    respond: Respond,
    deps: Deps,
    context: BoltContext,
    **_: Any,
) -> None:
    """Close the open wave now: everything a deadline does happens (anonymous answers settle), and it says so."""
    with deps.session_factory.begin() as session:
        network = _facilitated(session, command, doing="close a pulse")
        pulse = lifecycle.find_pulse(session, network=network, ref=args[0] if args else None)
        open_ids = [w.id for w in store.waves(session, pulse_id=pulse.id) if w.status == WaveStatus.OPEN]
        title, anonymous = pulse.title, pulse.anonymous
    if not open_ids:
        raise PeerbotError(lifecycle.NO_OPEN_WAVE.format(title=escape(title)))
    closed = [w for w in open_ids if close_wave_and_notify(_job_context(deps, client, context), wave_id=w)]
    if not closed:
        raise PeerbotError(lifecycle.NO_OPEN_WAVE.format(title=escape(title)))
    respond(text=closed_early_text(title=title, anonymous=anonymous), response_type="ephemeral")


def extend(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **_: Any) -> None:
    """`/pulse extend #12 2026-12-20 [17:00]`: move the open wave's deadline later."""
    if not args:
        raise PeerbotError(lifecycle.EXTEND_USAGE)
    ref, when = (args[0], args[1:]) if args[0].startswith("#") or args[0].isdigit() else (None, args)
    with deps.session_factory.begin() as session:
        network = _facilitated(session, command, doing="extend a pulse")
        pulse = lifecycle.find_pulse(session, network=network, ref=ref)
        wave = lifecycle.open_wave_of(session, pulse=pulse)
        deadline = lifecycle.parse_new_deadline(when, current=wave.deadline, zone=network.timezone)
        lifecycle.extend_wave(session, pulse=pulse, wave=wave, deadline=deadline, now=deps.now())
        title = pulse.title
    respond(text=extended_text(title=title, deadline=deadline), response_type="ephemeral")
