"""Pulse results, sharing a summary to the channel, and CSV exports (with the trend chart)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from handlers.kit.subjects import action_value, command_scope
from rendering.pulses.payloads import ShareResults
from rendering.text import escape
from workflows.interaction import Interaction
from workflows.pulses import results as flows


def _wave_number(args: list[str]) -> int | None:
    return int(args[1]) if len(args) > 1 and args[1].isdigit() else None


def results(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    scope = command_scope(command)
    found = flows.results(interaction, scope, pulse_ref=args[0] if args else None, wave_number=_wave_number(args))
    blocks = [b.to_dict() for b in found.blocks]
    respond(blocks=blocks, text=f"Results: {escape(found.title)}", response_type="ephemeral")
    flows.send_trend_chart(interaction, scope, found)


def share_results(ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction) -> None:
    ack()
    # The pulse and wave are loaded and checked (facilitators of its network) by the use case.
    choice = ShareResults.from_value(action_value(body))
    text = flows.share(interaction, pulse_id=choice.pulse_id, wave_id=choice.wave_id, user_id=body["user"]["id"])
    respond(text=text, response_type="ephemeral", replace_original=False)


def export(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    text = flows.export(interaction, command_scope(command), pulse_ref=args[0] if args else None)
    respond(text=text, response_type="ephemeral")
