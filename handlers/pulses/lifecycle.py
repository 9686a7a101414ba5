"""`/pulse close` and `/pulse extend` (facilitators): end a pulse's open wave now, or give it more time."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from domain.errors import PeerbotError
from domain.pulses import lifecycle
from workflows.interaction import Interaction
from workflows.pulses.closing import PulseAsked, close_pulse_now, extend_pulse


def _asked(command: dict[str, Any], ref: str | None) -> PulseAsked:
    return PulseAsked(command["team_id"], command.get("channel_id"), command["user_id"], ref)


def close(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    """`/pulse close [#12]`: everything a deadline does happens now (anonymous answers settle), and it says so."""
    said = close_pulse_now(interaction, _asked(command, args[0] if args else None))
    respond(text=said, response_type="ephemeral")


def extend(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    """`/pulse extend [#12] 2026-12-20 [17:00]`: move the open wave's deadline later."""
    if not args:
        raise PeerbotError(lifecycle.EXTEND_USAGE)
    ref, when = (args[0], args[1:]) if args[0].startswith("#") or args[0].isdigit() else (None, args)
    said = extend_pulse(interaction, _asked(command, ref), words=when)
    respond(text=said, response_type="ephemeral")
