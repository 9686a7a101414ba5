"""The thing a click names — network, occurrence, wave, area, entry — loaded and authorized once, before the listener.

A listener declares what its request names with ``@resolves(parse, load)``: the kit's
guard parses the typed payload (``parse(body)``, which raises ``StalePayload`` — "this is
out of date" — for anything malformed), then loads what it names and checks it against
the acting person's networks and role in one short read (``load(session, actor,
payload)``, built on ``domain.network.roles``: ``NotFound`` — "I can't find that" — or
``NotAllowed``). The listener receives ``payload`` and a ready ``subject``; no listener
repeats "load, check role, refuse", and the refusals are answered by the guard in one
place (``handlers/kit/errors.py``).

Checking happens at the moment of action: the use case that follows re-reads its rows
by the ids checked here, inside its own unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from workflows.interaction import CommandScope, NetworkSubject, network_subject

P = TypeVar("P")
S = TypeVar("S")
L = TypeVar("L", bound=Callable[..., None])

_RESOLVER = "peerbot_resolver"


@dataclass(frozen=True)
class Actor:
    """Who acts and from which workspace, as Slack's verified request says (never from a value)."""

    team_id: str
    user_id: str

    @classmethod
    def of(cls, body: dict[str, Any]) -> Actor:
        if "command" in body:  # slash commands carry flat ids
            return cls(team_id=str(body["team_id"]), user_id=str(body["user_id"]))
        return cls(team_id=str(body["team"]["id"]), user_id=str(body["user"]["id"]))


@dataclass(frozen=True)
class Resolver(Generic[P, S]):
    parse: Callable[[dict[str, Any]], P]
    load: Callable[[Session, Actor, P], S]
    # A view submission refused by ``load`` is answered in a small modal with this title.
    refused_title: str = "Not saved"


@dataclass(frozen=True)
class Resolved(Generic[P, S]):
    payload: P
    subject: S


def resolves(
    parse: Callable[[dict[str, Any]], P],
    load: Callable[[Session, Actor, P], S],
    *,
    refused_title: str = "Not saved",
) -> Callable[[L], L]:
    """Mark a listener as taking ``payload`` (what ``parse`` read) and ``subject`` (what ``load`` returned)."""

    def mark(listener: L) -> L:
        setattr(listener, _RESOLVER, Resolver(parse, load, refused_title))
        return listener

    return mark


def resolver_of(listener: Callable[..., None]) -> Resolver[Any, Any] | None:
    found = getattr(listener, _RESOLVER, None)
    return found if isinstance(found, Resolver) else None


class Refused(PeerbotError):
    """The subject could not be loaded or the person may not act on it (answered with ``title`` in a modal)."""

    def __init__(self, message: str, title: str) -> None:
        super().__init__(message)
        self.title = title


def resolve(resolver: Resolver[P, S], body: dict[str, Any], session_factory: Any) -> Resolved[P, S]:
    """Parse the payload, then load and authorize what it names in one short read transaction."""
    payload = resolver.parse(body)
    actor = Actor.of(body)
    try:
        with session_factory.begin() as session:
            subject = resolver.load(session, actor, payload)
    except PeerbotError as refused:
        raise Refused(refused.message, resolver.refused_title) from refused
    return Resolved(payload, subject)


def action_value(body: dict[str, Any]) -> Any:
    """The clicked element's value (a button's ``value``, a select's chosen option), as Slack sent it."""
    action = (body.get("actions") or [{}])[0]
    option = action.get("selected_option")
    return action.get("value") or (option.get("value") if isinstance(option, dict) else None)


def view_metadata(body: dict[str, Any]) -> Any:
    return (body.get("view") or {}).get("private_metadata")


def command_scope(command: dict[str, Any]) -> CommandScope:
    """Where a slash command was typed and by whom (its network is resolved by the use case it starts)."""
    return CommandScope(team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"])


def network(facilitator_doing: str | None = None) -> Callable[[Session, Actor, int], NetworkSubject]:
    """Load the network an id names for one of its members (or, with ``facilitator_doing``, a facilitator)."""

    def load(session: Session, actor: Actor, network_id: int) -> NetworkSubject:
        return network_subject(
            session,
            network_id=network_id,
            team_id=actor.team_id,
            user_id=actor.user_id,
            facilitator_doing=facilitator_doing,
        )

    return load
