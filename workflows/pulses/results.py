"""Pulse results from Slack: reading them, sharing a summary to the home channel, and CSV exports to the DM."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block

from domain.errors import NotAllowed, NotFound, PeerbotError
from domain.network import roles
from domain.pulses import lifecycle
from domain.pulses.definitions import ResultsVisibility
from domain.pulses.export import csv_filename, responses_csv, summary_csv
from domain.pulses.results import find_wave, trend, wave_results
from rendering.pulses.chart import trend_chart_png
from rendering.pulses.results import results_blocks, summary_blocks
from rendering.text import escape
from slackio.files import upload_to_dm
from storage import pulses as pulse_store
from storage.models import WaveStatus
from workflows.interaction import CommandScope, Interaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Results:
    blocks: list[Block]
    title: str
    chart: tuple[str, bytes] | None  # (filename, PNG) of the trend across waves, for facilitators


def results(use: Interaction, scope: CommandScope, *, pulse_ref: str | None, wave_number: int | None) -> Results:
    """A wave's results: facilitators see everything; members what the pulse lets them, once asked."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        is_facilitator = roles.is_facilitator(session, network=network, user_id=scope.user_id)
        pulse = lifecycle.find_pulse(session, network=network, ref=pulse_ref)
        wave = find_wave(session, pulse=pulse, number=wave_number)
        if wave is None or wave.status == WaveStatus.SCHEDULED:
            raise NotFound(f"*{escape(pulse.title)}* has no wave with results yet.")
        if not is_facilitator:
            _require_member_may_see(
                visibility=ResultsVisibility(pulse.results_visibility),
                closed=wave.status == WaveStatus.CLOSED,
                was_asked=pulse_store.get_recipient(session, wave_id=wave.id, user_id=scope.user_id) is not None,
            )
        figures = wave_results(session, pulse=pulse, wave=wave)
        questions, points = trend(session, pulse=pulse)
        title = pulse.title
    blocks = results_blocks(figures, trend=(questions, points), for_facilitator=is_facilitator)
    chart = None
    if is_facilitator and questions and len(points) > 1:
        png = trend_chart_png(title=title, questions=questions, points=points)
        chart = (f"pulse-{figures.pulse_id}-trend.png", png)
    return Results(blocks, title, chart)


def send_trend_chart(use: Interaction, scope: CommandScope, found: Results) -> None:
    """The trend chart into the facilitator's DM (after the results were shown)."""
    if found.chart is None:
        return
    filename, png = found.chart
    _upload(
        use,
        user_id=scope.user_id,
        filename=filename,
        content=png,
        title=f"{found.title}: trend by wave",
        comment=f"Trend across waves for *{escape(found.title)}*.",
    )


def _require_member_may_see(*, visibility: ResultsVisibility, closed: bool, was_asked: bool) -> None:
    if visibility == ResultsVisibility.NEVER or not was_asked:
        raise NotAllowed("The results of this pulse are for its facilitators only.")
    if visibility == ResultsVisibility.AFTER_CLOSE and not closed:
        raise NotAllowed("Results are shown once this pulse closes.")


def share(use: Interaction, *, pulse_id: int, wave_id: int, user_id: str) -> str:
    """Post a wave's summary in the home channel (facilitators); returns the confirmation."""
    with use.session_factory.begin() as session:
        pulse = pulse_store.get_pulse(session, pulse_id=pulse_id)
        wave = pulse_store.get_wave(session, wave_id=wave_id)
        if pulse is None or wave is None or wave.pulse_id != pulse.id:
            raise NotFound("That pulse no longer exists.")
        network = pulse_store.network_of(session, pulse=pulse)
        roles.require_facilitator(session, network=network, user_id=user_id, doing="share pulse results")
        blocks = summary_blocks(wave_results(session, pulse=pulse, wave=wave))
        channel, title = network.home_channel_id, pulse.title
    try:
        use.client.chat_postMessage(
            channel=channel, text=f"Pulse results: {escape(title)}", blocks=[b.to_dict() for b in blocks]
        )
    except SlackApiError as exc:
        raise PeerbotError(f"I couldn't post in <#{channel}> ({exc.response.get('error')}).") from exc
    return f"Shared a summary of *{escape(title)}* in <#{channel}>."


def export(use: Interaction, scope: CommandScope, *, pulse_ref: str | None) -> str:
    """Two CSV files (responses, summary) into the facilitator's DM; returns the confirmation."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="export pulse answers")
        pulse = lifecycle.find_pulse(session, network=network, ref=pulse_ref)
        files = [
            (csv_filename(pulse, "responses"), responses_csv(session, pulse=pulse)),
            (csv_filename(pulse, "summary"), summary_csv(session, pulse=pulse)),
        ]
        title = pulse.title
    for filename, content in files:
        _upload(
            use,
            user_id=scope.user_id,
            filename=filename,
            content=content,
            title=filename,
            comment=f"Export of *{escape(title)}*: `{filename}`.",
        )
    return f"I've sent the CSV files for *{escape(title)}* to our DM."


def _upload(use: Interaction, *, user_id: str, filename: str, content: bytes, title: str, comment: str) -> None:
    try:
        upload_to_dm(use.client, user_id=user_id, filename=filename, content=content, title=title, comment=comment)
    except SlackApiError as exc:
        logger.warning("pulse file upload failed: %s", exc.response.get("error"))
        raise PeerbotError(f"Slack refused the file upload ({exc.response.get('error')}); please try again.") from exc
