"""`/peerbot participants`: facilitators see and mark who counts in participation figures."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Respond

from domain.errors import PeerbotError
from handlers.kit.subjects import command_scope
from rendering.report.participants import USAGE
from workflows.interaction import Interaction
from workflows.report.participants import participants

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
MARKS: dict[str, bool | None] = {"add": True, "remove": False, "reset": None}


def participants_command(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    word = args[0].lower() if args else ""
    if word and (word not in MARKS or len(args) != 2):
        raise PeerbotError(USAGE)
    target = MENTION.match(args[1]) if word else None
    if word and target is None:
        raise PeerbotError(f"Mention the person with @ so Slack links their name. {USAGE}")
    found = participants(
        interaction,
        command_scope(command),
        mark_user=target.group(1) if target is not None else None,
        participant=MARKS[word] if word else None,
    )
    if target is not None:
        respond(text=found.text, response_type="ephemeral")
        return
    respond(blocks=[b.to_dict() for b in found.blocks], text="Who counts in the figures", response_type="ephemeral")
