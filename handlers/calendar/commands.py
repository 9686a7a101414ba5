"""/meeting pause, holiday, pauses and unpause: the days a network takes off."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from workflows import calendar
from workflows.context import JobContext


def _network(deps: Deps, command: dict[str, Any]) -> Any:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        session.expunge(network)
        return network


def pause(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    _add(command=command, args=args, client=client, respond=respond, deps=deps, single_day=False)


def holiday(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    _add(command=command, args=args, client=client, respond=respond, deps=deps, single_day=True)


def _add(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, single_day: bool
) -> None:
    ctx = JobContext(deps.session_factory, client, deps.clock, None)
    text = calendar.add_pause(
        ctx, network=_network(deps, command), args=args, user_id=command["user_id"], single_day=single_day
    )
    respond(text=text, response_type="ephemeral")


def list_pauses(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    blocks = calendar.list_pauses(
        deps.session_factory, network=_network(deps, command), user_id=command["user_id"], now=deps.now()
    )
    respond(blocks=blocks, text="Pauses", response_type="ephemeral")


def unpause(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    ctx = JobContext(deps.session_factory, client, deps.clock, None)
    text = calendar.remove_pause(
        ctx, network=_network(deps, command), ref=args[0] if args else None, user_id=command["user_id"]
    )
    respond(text=text, response_type="ephemeral")


SUBCOMMANDS: dict[str, Any] = {
    "pause": pause,
    "holiday": holiday,
    "pauses": list_pauses,
    "unpause": unpause,
}
