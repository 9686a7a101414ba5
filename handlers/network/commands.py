"""Slash commands: /peerbot and its sub-commands, and help for every command."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from handlers.intros import commands as intro_handlers
from handlers.kit.commands import command_network, dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.network import profiles as profile_handlers
from handlers.network import setup as network_handlers
from handlers.progress import assistance as progress_assistance
from handlers.progress import entries as progress_entries
from handlers.progress import lists as progress_lists
from handlers.progress import roadmap as progress_roadmap
from handlers.report import commands as report_commands
from handlers.report import participants as report_participants
from handlers.rights import commands as rights_commands
from rendering.network.setup import roster_blocks
from rendering.text import escape
from slackio.direct import tell_user
from slackio.directory import fetch_person
from storage import network as store

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")

Subcommand = Callable[..., None]


def peerbot_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    dispatch_subcommand(
        ack,
        command,
        name="/peerbot",
        subcommands=SUBCOMMANDS,
        client=client,
        respond=respond,
        deps=deps,
        context=context,
    )


def members(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        roles.require_facilitator(
            session,
            network=network,
            user_id=command["user_id"],
            doing="see everyone's profile",
        )
        blocks = roster_blocks(network=network, members=store.roster(session, network_id=network.id))
    respond(blocks=[b.to_dict() for b in blocks], text=f"Members of {escape(network.name)}", response_type="ephemeral")


def facilitator(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    usage = "Use `/peerbot facilitator add @name` or `/peerbot facilitator remove @name`."
    if len(args) != 2 or args[0].lower() not in ("add", "remove"):
        raise PeerbotError(usage)
    match = MENTION.match(args[1])
    if match is None:
        raise PeerbotError(f"Mention the person with @ so Slack links their name. {usage}")
    action, target = args[0].lower(), match.group(1)
    team_id, user_id = command["team_id"], command["user_id"]

    def checked_network(session: Any) -> Any:
        network = network_for_request(session, team_id=team_id, channel_id=command.get("channel_id"), user_id=user_id)
        roles.require_facilitator(session, network=network, user_id=user_id, doing="change who facilitates")
        return network

    if action == "remove":
        with deps.session_factory.begin() as session:
            network = checked_network(session)
            changed = roles.revoke_facilitator(session, network=network, user_id=target, now=deps.now())
            name = escape(network.name)
        respond(
            text=f"<@{target}> is no longer a facilitator of *{name}*."
            if changed
            else f"<@{target}> wasn't a facilitator of *{name}*, so nothing changed.",
            response_type="ephemeral",
        )
        return

    with deps.session_factory.begin() as session:
        checked_network(session)  # refuse before looking anyone up
    person = fetch_person(client, target)
    if person is None:
        raise PeerbotError(f"I couldn't find <@{target}> in this workspace. Nothing was changed.")
    with deps.session_factory.begin() as session:
        network = checked_network(session)
        changed = roles.grant_facilitator(
            session, network=network, person=person, bot_user_id=context.bot_user_id, now=deps.now()
        )
        name, channel = escape(network.name), network.home_channel_id
    if not changed:
        respond(text=f"<@{target}> is already a facilitator of *{name}*.", response_type="ephemeral")
        return
    respond(text=f"<@{target}> is now a facilitator of *{name}*.", response_type="ephemeral")
    tell_user(
        client,
        target,
        f"<@{user_id}> made you a facilitator of *{name}* (<#{channel}>). Type `/peerbot help` to see "
        "what facilitators can do.",
    )


SUBCOMMANDS: dict[str, Subcommand] = {
    "setup": network_handlers.open_setup,
    "profile": profile_handlers.open_profile,
    "members": members,
    "facilitator": facilitator,
    "intros": intro_handlers.intros,
    "roadmap": progress_roadmap.roadmap_command,
    "progress": progress_entries.progress_command,
    "collab": progress_entries.collab_command,
    "change": progress_entries.change_command,
    "ta": progress_assistance.ta_command,
    "entries": progress_lists.entries_command,
    "participants": report_participants.participants_command,
    "report": report_commands.report_command,
    "my": rights_commands.my_command,
    "forget": rights_commands.forget_command,
}
