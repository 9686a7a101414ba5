"""Slash commands: /peerbot and its sub-commands, and help for every command."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Respond

from domain.errors import PeerbotError
from handlers.kit.commands import subcommand_listener
from handlers.kit.subjects import command_scope
from handlers.network import profiles as profile_handlers
from handlers.network import setup as network_handlers
from workflows.interaction import Interaction
from workflows.network import people

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")

Subcommand = Callable[..., None]


def peerbot_command_with(subcommands: Mapping[str, Subcommand]) -> Callable[..., None]:
    """The /peerbot listener, routing each sub-command to the feature that owns it."""
    return subcommand_listener("/peerbot", subcommands)


def members(*, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any) -> None:
    blocks, text = people.roster(interaction, command_scope(command))
    respond(blocks=[b.to_dict() for b in blocks], text=text, response_type="ephemeral")


def facilitator(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    usage = "Use `/peerbot facilitator add @name` or `/peerbot facilitator remove @name`."
    if len(args) != 2 or args[0].lower() not in ("add", "remove"):
        raise PeerbotError(usage)
    match = MENTION.match(args[1])
    if match is None:
        raise PeerbotError(f"Mention the person with @ so Slack links their name. {usage}")
    use, scope = interaction, command_scope(command)
    if args[0].lower() == "remove":
        respond(text=people.remove_facilitator(use, scope, target=match.group(1)), response_type="ephemeral")
        return
    text, tell_them = people.add_facilitator(use, scope, target=match.group(1))
    respond(text=text, response_type="ephemeral")
    if tell_them is not None:
        tell_them()


# The network's own sub-commands; handlers/__init__.py adds the other features' (a feature imports no other's).
SUBCOMMANDS: dict[str, Subcommand] = {
    "setup": network_handlers.open_setup,
    "profile": profile_handlers.open_profile,
    "members": members,
    "facilitator": facilitator,
}
