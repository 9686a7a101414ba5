"""Slash commands: /peerbot and its sub-commands, and help for every command."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import PeerbotError
from handlers.kit.commands import dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.kit.subjects import command_scope
from handlers.network import profiles as profile_handlers
from handlers.network import setup as network_handlers
from workflows.network import people

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")

Subcommand = Callable[..., None]


def peerbot_command_with(subcommands: Mapping[str, Subcommand]) -> Callable[..., None]:
    """The /peerbot listener, routing each sub-command to the feature that owns it."""

    def peerbot_command(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: Any
    ) -> None:
        dispatch_subcommand(
            ack,
            command,
            name="/peerbot",
            subcommands=subcommands,
            client=client,
            respond=respond,
            deps=deps,
            context=context,
        )

    return peerbot_command


def members(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    blocks, text = people.roster(deps.interaction(client, context.bot_user_id), command_scope(command))
    respond(blocks=[b.to_dict() for b in blocks], text=text, response_type="ephemeral")


def facilitator(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    usage = "Use `/peerbot facilitator add @name` or `/peerbot facilitator remove @name`."
    if len(args) != 2 or args[0].lower() not in ("add", "remove"):
        raise PeerbotError(usage)
    match = MENTION.match(args[1])
    if match is None:
        raise PeerbotError(f"Mention the person with @ so Slack links their name. {usage}")
    use, scope = deps.interaction(client, context.bot_user_id), command_scope(command)
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
