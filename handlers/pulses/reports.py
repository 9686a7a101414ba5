"""Pulse results, sharing a summary to the channel, and CSV exports (with the trend chart)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import NotAllowed, NotFound, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.pulses import lifecycle
from domain.pulses.definitions import ResultsVisibility
from domain.pulses.export import csv_filename, responses_csv, summary_csv
from domain.pulses.results import find_wave, trend, wave_results
from handlers.kit.deps import Deps
from rendering.pulses.chart import trend_chart_png
from rendering.pulses.payloads import ShareResults
from rendering.pulses.results import results_blocks, summary_blocks
from rendering.text import escape
from slackio.files import upload_to_dm
from storage import pulses as pulse_store
from storage.models import WaveStatus

logger = logging.getLogger(__name__)


def _wave_number(args: list[str]) -> int | None:
    return int(args[1]) if len(args) > 1 and args[1].isdigit() else None


def results(
    *,
    command: dict[str, Any],
    args: list[str],
    client: WebClient,
    respond: Respond,
    deps: Deps,
    context: BoltContext,
    **_: Any,
) -> None:
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=user_id
        )
        is_facilitator = roles.is_facilitator(session, network=network, user_id=user_id)
        pulse = lifecycle.find_pulse(session, network=network, ref=args[0] if args else None)
        wave = find_wave(session, pulse=pulse, number=_wave_number(args))
        if wave is None or wave.status == WaveStatus.SCHEDULED:
            raise NotFound(f"*{escape(pulse.title)}* has no wave with results yet.")
        if not is_facilitator:
            _require_member_may_see(
                visibility=ResultsVisibility(pulse.results_visibility),
                closed=wave.status == WaveStatus.CLOSED,
                was_asked=pulse_store.get_recipient(session, wave_id=wave.id, user_id=user_id) is not None,
            )
        figures = wave_results(session, pulse=pulse, wave=wave)
        questions, points = trend(session, pulse=pulse)
        title = pulse.title
    blocks = results_blocks(figures, trend=(questions, points), for_facilitator=is_facilitator)
    respond(blocks=[b.to_dict() for b in blocks], text=f"Results: {escape(title)}", response_type="ephemeral")
    if is_facilitator and questions and len(points) > 1:
        png = trend_chart_png(title=title, questions=questions, points=points)
        _upload(
            client,
            user_id=user_id,
            filename=f"pulse-{figures.pulse_id}-trend.png",
            content=png,
            title=f"{title}: trend by wave",
            comment=f"Trend across waves for *{escape(title)}*.",
        )


def _require_member_may_see(*, visibility: ResultsVisibility, closed: bool, was_asked: bool) -> None:
    if visibility == ResultsVisibility.NEVER or not was_asked:
        raise NotAllowed("The results of this pulse are for its facilitators only.")
    if visibility == ResultsVisibility.AFTER_CLOSE and not closed:
        raise NotAllowed("Results are shown once this pulse closes.")


def share_results(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    user_id = body["user"]["id"]
    choice = ShareResults.from_value(body["actions"][0].get("value"))
    pulse_id, wave_id = choice.pulse_id, choice.wave_id
    with deps.session_factory.begin() as session:
        pulse = pulse_store.get_pulse(session, pulse_id=pulse_id)
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        if pulse is None or wave is None or wave.pulse_id != pulse.id:
            raise NotFound("That pulse no longer exists.")
        network = pulse_store.network_of(session, pulse=pulse)
        roles.require_facilitator(session, network=network, user_id=user_id, doing="share pulse results")
        blocks = summary_blocks(wave_results(session, pulse=pulse, wave=wave))
        channel, title = network.home_channel_id, pulse.title
    try:
        client.chat_postMessage(
            channel=channel, text=f"Pulse results: {escape(title)}", blocks=[b.to_dict() for b in blocks]
        )
    except SlackApiError as exc:
        raise PeerbotError(f"I couldn't post in <#{channel}> ({exc.response.get('error')}).") from exc
    respond(
        text=f"Shared a summary of *{escape(title)}* in <#{channel}>.",
        response_type="ephemeral",
        replace_original=False,
    )


def export(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, **_: Any
) -> None:
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=user_id
        )
        roles.require_facilitator(session, network=network, user_id=user_id, doing="export pulse answers")
        pulse = lifecycle.find_pulse(session, network=network, ref=args[0] if args else None)
        files = [
            (csv_filename(pulse, "responses"), responses_csv(session, pulse=pulse)),
            (csv_filename(pulse, "summary"), summary_csv(session, pulse=pulse)),
        ]
        title = pulse.title
    for filename, content in files:
        _upload(
            client,
            user_id=user_id,
            filename=filename,
            content=content,
            title=filename,
            comment=f"Export of *{escape(title)}*: `{filename}`.",
        )
    respond(text=f"I've sent the CSV files for *{escape(title)}* to our DM.", response_type="ephemeral")


def _upload(client: WebClient, *, user_id: str, filename: str, content: bytes, title: str, comment: str) -> None:
    try:
        upload_to_dm(client, user_id=user_id, filename=filename, content=content, title=title, comment=comment)
    except SlackApiError as exc:
        logger.warning("pulse file upload failed: %s", exc.response.get("error"))
        raise PeerbotError(f"Slack refused the file upload ({exc.response.get('error')}); please try again.") from exc
