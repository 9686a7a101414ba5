"""`/peerbot participants`: facilitators see and mark who counts in participation figures."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from domain.errors import PeerbotError
from domain.network import roles
from domain.network.participants import mark, roster_by_kind
from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from rendering.report.participants import USAGE, marked_text, participants_blocks

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
MARKS: dict[str, bool | None] = {"add": True, "remove": False, "reset": None}


def participants_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    word = args[0].lower() if args else ""
    if word and (word not in MARKS or len(args) != 2):
        raise PeerbotError(USAGE)
    target = MENTION.match(args[1]) if word else None
    if word and target is None:
        raise PeerbotError(f"Mention the person with @ so Slack links their name. {USAGE}")
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        roles.require_facilitator(
            session, network=network, user_id=command["user_id"], doing="choose who counts in the figures"
        )
        if target is not None:
            user_id = target.group(1)
            mark(session, network=network, user_id=user_id, participant=MARKS[word])
            text = marked_text(user_id=user_id, participant=MARKS[word], network=network)
            respond(text=text, response_type="ephemeral")
            return
        participants, staff = roster_by_kind(session, network=network)
        blocks = participants_blocks(network=network, participants=participants, staff=staff)
    respond(blocks=[b.to_dict() for b in blocks], text="Who counts in the figures", response_type="ephemeral")
