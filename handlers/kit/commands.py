"""Slash commands: the one sub-command dispatcher, help replies, and the network a command is about."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.network.setup import network_for_request
from handlers.kit.deps import Deps
from handlers.kit.errors import run_and_answer
from rendering.help import help_blocks, unknown_subcommand
from storage.models import Network


def ack_help(ack: Ack, command: str) -> None:
    """Answer with the command's help, visible only to the person who asked."""
    ack(blocks=[block.to_dict() for block in help_blocks(command)], response_type="ephemeral")


def dispatch_subcommand(
    ack: Ack,
    command: dict[str, Any],
    *,
    name: str,
    subcommands: Mapping[str, Callable[..., None]],
    default: str = "help",
    fallback: Callable[..., None] | None = None,
    fallback_takes: Callable[[str], bool] = lambda word: True,
    **listener_args: Any,
) -> None:
    """Route ``/name word …`` to its sub-command: help and unknown words are answered at once, the rest after ack.

    ``fallback`` takes every other first word that ``fallback_takes`` (``/resources child care`` searches),
    and then "help" is the help only when typed alone. The sub-command runs on the post-ack pool: it may
    wait for the database or Slack, and the ack pool must stay free to answer everyone else.
    """
    words = (command.get("text") or "").split()
    word = words[0].lower() if words else default
    if word == "help" and (fallback is None or len(words) <= 1):
        ack_help(ack, name)
        return
    handler = subcommands.get(word)
    args = words[1:]
    if handler is None and fallback is not None and fallback_takes(word):
        handler, args = fallback, words
    if handler is None:
        ack(text=unknown_subcommand(name, words[0]), response_type="ephemeral")
        return
    ack()
    chosen = handler
    given = dict(listener_args)
    if _takes(chosen, "interaction") and "client" in given:
        context = given.get("context")
        given["interaction"] = given["deps"].interaction(given["client"], getattr(context, "bot_user_id", None))

    def run() -> None:
        run_and_answer(lambda: chosen(command=command, args=args, **given), command, listener_args.get("respond"))

    listener_args["deps"].after_ack.submit(run)


def subcommand_listener(
    name: str,
    subcommands: Mapping[str, Callable[..., None]],
    *,
    default: str = "help",
    fallback: Callable[..., None] | None = None,
    fallback_takes: Callable[[str], bool] = lambda word: True,
) -> Callable[..., None]:
    """The listener of a slash command made of sub-commands (see ``dispatch_subcommand``)."""

    def listener(
        ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: BoltContext
    ) -> None:
        dispatch_subcommand(
            ack,
            command,
            name=name,
            subcommands=subcommands,
            default=default,
            fallback=fallback,
            fallback_takes=fallback_takes,
            client=client,
            respond=respond,
            deps=deps,
            context=context,
        )

    listener.__name__ = listener.__qualname__ = f"{name.strip('/')}_command"
    return listener


def _takes(handler: Callable[..., None], name: str) -> bool:
    """Whether a sub-command takes ``name`` (by name, or through ``**kwargs`` it may pass on)."""
    parameters = inspect.signature(handler).parameters
    return name in parameters or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def command_network(session: Session, command: dict[str, Any]) -> Network:
    """The network a slash command is about: the one whose channel it was typed in, or the person's own."""
    return network_for_request(
        session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
    )
