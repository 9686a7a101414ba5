"""/resources: search and browse the library, and the buttons on its results."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from domain.resources import query
from handlers.kit.commands import subcommand_listener
from handlers.kit.subjects import action_value, command_scope, network, resolves
from handlers.resources.forms import entry
from rendering.resources.payloads import ManageChoice, MoreResults, ResourceButton
from workflows.interaction import Interaction, NetworkSubject
from workflows.resources import entries
from workflows.resources import search as flows
from workflows.resources.entries import ResourceSubject


def add(*, command: dict[str, Any], args: list[str], interaction: Interaction, **kwargs: Any) -> None:
    if args:
        search(command=command, args=["add", *args], interaction=interaction, **kwargs)
        return
    entries.open_add_form(interaction, command_scope(command), trigger_id=command["trigger_id"])


def topics(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **kwargs: Any
) -> None:
    if args and args[0].lower() not in ("add", "remove"):
        search(command=command, args=["topics", *args], respond=respond, interaction=interaction, **kwargs)
        return
    page = flows.topics(interaction, command_scope(command), words=args)
    if page.blocks:
        respond(blocks=page.blocks, text=page.summary, response_type="ephemeral")
    else:
        respond(text=page.summary, response_type="ephemeral")


def digest_time(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    text = flows.digest_time(interaction, command_scope(command), words=args)
    respond(text=text, response_type="ephemeral")


def browse(*, command: dict[str, Any], args: list[str], **kwargs: Any) -> None:
    """`/resources recent` and `/resources mine`; with more words, a search."""
    mode = (command.get("text") or "").split()[0].lower()
    search(command=command, args=[mode, *args], mode=mode if not args else "search", **kwargs)


def search(
    *,
    command: dict[str, Any],
    args: list[str],
    respond: Respond,
    interaction: Interaction,
    mode: str = "search",
    **_: Any,
) -> None:
    page = flows.search(interaction, command_scope(command), mode=mode, text=" ".join(args))
    respond(blocks=page.blocks, text=page.summary, response_type="ephemeral")


# Words that are not a sub-command are a search; a sub-command followed by words it doesn't take is too
# (`/resources add child care` looks for "add child care").
resources_command = subcommand_listener(
    "/resources",
    {"add": add, "topics": topics, "digest": digest_time, "recent": browse, "mine": browse},
    fallback=search,
)


def _more(body: dict[str, Any]) -> MoreResults:
    return MoreResults.from_value(action_value(body), max_offset=query.MAX_OFFSET, max_text=query.QUERY_MAX)


@resolves(_more, lambda session, actor, more: network()(session, actor, more.network_id))
def more_clicked(
    ack: Ack, respond: Respond, interaction: Interaction, payload: MoreResults, subject: NetworkSubject
) -> None:
    ack()
    page = flows.more(interaction, subject, more=payload)
    respond(blocks=page.blocks, text=page.summary, response_type="ephemeral", replace_original=True)


def _button_entry(body: dict[str, Any]) -> int:
    return ResourceButton.from_value(action_value(body)).id


@resolves(_button_entry, entry)
def helpful_clicked(ack: Ack, respond: Respond, interaction: Interaction, subject: ResourceSubject) -> None:
    ack()
    text = flows.mark_helpful(interaction, subject)
    respond(text=text, response_type="ephemeral", replace_original=False)


@resolves(_button_entry, entry)
def share_clicked(
    ack: Ack, body: dict[str, Any], respond: Respond, interaction: Interaction, subject: ResourceSubject
) -> None:
    ack()
    channel = (body.get("channel") or {}).get("id")
    text = flows.share_here(interaction, subject, channel_id=str(channel) if channel else None)
    respond(text=text, response_type="ephemeral", replace_original=False)


@resolves(lambda body: ManageChoice.from_value(action_value(body)), lambda s, a, c: entry(s, a, c.resource_id))
def manage_clicked(
    ack: Ack, body: dict[str, Any], interaction: Interaction, payload: ManageChoice, subject: ResourceSubject
) -> None:
    ack()
    entries.open_manage_form(interaction, subject, what=payload.action, trigger_id=body["trigger_id"])
