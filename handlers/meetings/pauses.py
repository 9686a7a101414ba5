"""/meeting pause, holiday, pauses and unpause: the days a network takes off."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from handlers.kit.subjects import command_scope
from workflows import calendar
from workflows.interaction import Interaction


def pause(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    text = calendar.add_pause(interaction, command_scope(command), args=args, single_day=False)
    respond(text=text, response_type="ephemeral")


def holiday(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    text = calendar.add_pause(interaction, command_scope(command), args=args, single_day=True)
    respond(text=text, response_type="ephemeral")


def list_pauses(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    blocks = calendar.list_pauses(interaction, command_scope(command))
    respond(blocks=blocks, text="Pauses", response_type="ephemeral")


def unpause(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    text = calendar.remove_pause(interaction, command_scope(command), ref=args[0] if args else None)
    respond(text=text, response_type="ephemeral")


SUBCOMMANDS: dict[str, Any] = {
    "pause": pause,
    "holiday": holiday,
    "pauses": list_pauses,
    "unpause": unpause,
}
