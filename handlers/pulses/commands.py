"""/pulse and the pulse builder: start pulses, list, close, stop, see results, export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, NotFound, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.pulses import lifecycle
from domain.pulses.after_meetings import followable_series
from domain.pulses.definitions import MAX_QUESTIONS, PulseDraft
from domain.pulses.templates import template_draft
from handlers.kit.commands import dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_update
from handlers.pulses import reports
from handlers.pulses.forms import draft_from_builder, has_series_block
from rendering.common import notice_modal
from rendering.pulses.builder import builder_modal, error_blocks, saved_notice_text, templates_blocks
from rendering.pulses.messages import waiting_blocks, when
from rendering.pulses.payloads import BuilderForm, QuestionSlots, TemplateChoice
from rendering.pulses.results import pulse_list_lines
from rendering.text import escape, sections_from_lines
from storage import progress as progress_store
from storage import pulse_answers as answer_store
from storage import pulses as pulse_store
from storage.models import Network, WaveStatus
from workflows.context import RunContext
from workflows.pulses import close_wave_and_notify, open_due_waves

Subcommand = Callable[..., None]


def job_context(deps: Deps, client: WebClient, context: BoltContext) -> RunContext:
    return RunContext(
        session_factory=deps.session_factory, client=client, clock=deps.clock, bot_user_id=context.bot_user_id
    )


def facilitator_network(
    session: Session, deps: Deps, *, team_id: str, channel_id: str | None, user_id: str, doing: str
) -> Network:
    network = network_for_request(session, team_id=team_id, channel_id=channel_id, user_id=user_id)
    roles.require_facilitator(session, network=network, user_id=user_id, doing=doing)
    return network


def command_network(session: Session, deps: Deps, command: dict[str, Any], *, doing: str) -> Network:
    """The network a slash command is about, once its user is confirmed as one of its facilitators."""
    return facilitator_network(
        session,
        deps,
        team_id=command["team_id"],
        channel_id=command.get("channel_id"),
        user_id=command["user_id"],
        doing=doing,
    )


def pulse_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: BoltContext
) -> None:
    dispatch_subcommand(
        ack,
        command,
        name="/pulse",
        subcommands=SUBCOMMANDS,
        default="waiting",
        client=client,
        respond=respond,
        deps=deps,
        context=context,
    )


def waiting(*, command: dict[str, Any], respond: Respond, deps: Deps, **_: Any) -> None:
    with deps.session_factory.begin() as session:
        rows = [
            (wave.id, pulse.title, wave.deadline)
            for wave, pulse in pulse_store.waiting_waves(
                session, team_id=command["team_id"], user_id=command["user_id"]
            )
        ]
    blocks = waiting_blocks(rows)
    respond(blocks=[b.to_dict() for b in blocks], text="Pulses waiting for you", response_type="ephemeral")


def new(*, command: dict[str, Any], client: WebClient, deps: Deps, **_: Any) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, deps, command, doing="start a pulse")
        series = followable_series(session, network=network, now=deps.now())
    view = builder_modal(
        draft=PulseDraft(), question_count=1, channel_id=command.get("channel_id") or "", series=series
    )
    client.views_open(trigger_id=command["trigger_id"], view=view)


def templates(*, command: dict[str, Any], respond: Respond, deps: Deps, **_: Any) -> None:
    with deps.session_factory.begin() as session:
        command_network(session, deps, command, doing="start a pulse")
    blocks = templates_blocks(channel_id=command.get("channel_id") or "")
    respond(blocks=[b.to_dict() for b in blocks], text="Ready-made pulses", response_type="ephemeral")


def _builder_series(deps: Deps, body: dict[str, Any], channel_id: str) -> tuple[list[Any], list[str]]:
    """The series a pulse may follow and the roadmap's priority areas, once the clicker is checked as a facilitator."""
    with deps.session_factory.begin() as session:
        network = facilitator_network(
            session,
            deps,
            team_id=body["team"]["id"],
            channel_id=channel_id or None,
            user_id=body["user"]["id"],
            doing="start a pulse",
        )
        series = list(followable_series(session, network=network, now=deps.now()))
        areas = [area.name for area in progress_store.areas(session, network_id=network.id)]
    return series, areas


def use_template(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    choice = TemplateChoice.from_value(body["actions"][0].get("value"))
    key, channel_id = choice.key, choice.channel_id
    series, areas = _builder_series(deps, body, channel_id)
    draft = template_draft(key, now=deps.now(), default_series=series[0][0] if series else None, areas=areas)
    if draft is None:
        raise NotFound("That template no longer exists; run `/pulse templates` again.")
    view = builder_modal(draft=draft, question_count=len(draft.questions), channel_id=channel_id, series=series)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def resize_builder(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Add or remove a question slot; Slack keeps what was typed in blocks whose ids stay the same."""
    ack()
    view = body.get("view") or {}  # a builder button outside the builder is out of date (BuilderForm says so)
    count = QuestionSlots.from_value(body["actions"][0].get("value"), max_questions=MAX_QUESTIONS).count
    channel_id = BuilderForm.from_value(view.get("private_metadata"), max_questions=MAX_QUESTIONS).channel_id
    series, _areas = _builder_series(deps, body, channel_id)
    updated = builder_modal(draft=draft_from_builder(view), question_count=count, channel_id=channel_id, series=series)
    client.views_update(view_id=view["id"], hash=view.get("hash"), view=updated)


def submit_builder(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext
) -> None:
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    channel_id = BuilderForm.from_value(view.get("private_metadata"), max_questions=MAX_QUESTIONS).channel_id or None
    draft, now = draft_from_builder(view), deps.now()
    series_block = has_series_block(view)
    try:
        draft.validate(now=now)
    except InvalidInput as exc:
        ack(response_action="errors", errors=error_blocks(exc.errors, has_series_block=series_block))
        return
    with deps.session_factory.begin() as session:
        try:
            network = facilitator_network(
                session, deps, team_id=team_id, channel_id=channel_id, user_id=user_id, doing="start a pulse"
            )
            wave = lifecycle.create_pulse(session, network=network, draft=draft, by_user=user_id, now=now)
        except InvalidInput as exc:
            ack(response_action="errors", errors=error_blocks(exc.errors, has_series_block=series_block))
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        opens_at = wave.opens_at if wave is not None else now
        opens_now = wave is not None and opens_at <= now
        follows = dict(followable_series(session, network=network, now=now)).get(draft.meeting_id or 0)
    text = saved_notice_text(
        title=draft.title.strip(),
        opens_now=opens_now,
        opens_at_text=when(opens_at),
        follows_series=follows if wave is None else None,
    )
    ack_update(ack, notice_modal("Pulse saved", text))
    if opens_now:
        open_due_waves(job_context(deps, client, context))


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
    with deps.session_factory.begin() as session:
        network = command_network(session, deps, command, doing="close a pulse")
        pulse = lifecycle.find_pulse(session, network=network, ref=args[0] if args else None)
        open_ids = [w.id for w in pulse_store.waves(session, pulse_id=pulse.id) if w.status == WaveStatus.OPEN]
        title = pulse.title
    if not open_ids:
        raise PeerbotError(f"*{escape(title)}* has no open wave to close.")
    for wave_id in open_ids:
        close_wave_and_notify(job_context(deps, client, context), wave_id=wave_id)
    respond(text=f"Closed *{escape(title)}*. `/pulse results` shows how it went.", response_type="ephemeral")


def stop(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **_: Any) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, deps, command, doing="stop a pulse")
        pulse = lifecycle.find_pulse(session, network=network, ref=args[0] if args else None)
        cancelled = lifecycle.stop_recurring(session, pulse=pulse)
        title = pulse.title
    respond(
        text=f"*{escape(title)}* won't send any more waves ({cancelled} upcoming cancelled). "
        "An open wave stays open until its deadline, or `/pulse close`.",
        response_type="ephemeral",
    )


def list_pulses(*, command: dict[str, Any], respond: Respond, deps: Deps, **_: Any) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, deps, command, doing="list pulses")
        rows = []
        for pulse in pulse_store.pulses_for_network(session, network_id=network.id)[:100]:
            waves = pulse_store.waves(session, pulse_id=pulse.id)
            latest = next((w for w in reversed(waves) if w.status != WaveStatus.SCHEDULED), waves[0] if waves else None)
            status = f"wave {latest.number} {latest.status}" if latest else "no waves"
            responded = len(answer_store.respondent_ids(session, wave_id=latest.id)) if latest else 0
            rows.append((pulse.id, pulse.title, status, responded))
    lines = pulse_list_lines(rows) or ["No pulses yet. Start one with `/pulse new` or `/pulse templates`."]
    blocks = sections_from_lines(lines, max_blocks=20, noun="more pulses")
    respond(blocks=[b.to_dict() for b in blocks], text="Pulses", response_type="ephemeral")


def threshold(*, command: dict[str, Any], args: list[str], respond: Respond, deps: Deps, **_: Any) -> None:
    if not args or not args[0].isdigit():
        raise PeerbotError("Use `/pulse threshold 5` to show breakdowns only for groups of 5 or more (at least 3).")
    with deps.session_factory.begin() as session:
        network = command_network(session, deps, command, doing="change how results are broken down")
        lifecycle.set_min_group_size(session, network_id=network.id, size=int(args[0]))
        size = lifecycle.min_group_size(session, network_id=network.id)
    respond(text=f"Breakdowns now show only groups of {size} or more respondents.", response_type="ephemeral")


SUBCOMMANDS: dict[str, Subcommand] = {
    "waiting": waiting,
    "new": new,
    "templates": templates,
    "list": list_pulses,
    "close": close,
    "stop": stop,
    "threshold": threshold,
    "results": reports.results,
    "export": reports.export,
}
