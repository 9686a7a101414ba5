"""What a use case a person started needs: sessions, the clock, their workspace's client; it records changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.clock import Clock
from domain.errors import NotFound
from domain.network import roles
from domain.network.setup import network_for_request
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Network


@dataclass(frozen=True)
class Interaction:
    """Built by the listener kit for each request (``interaction`` argument), handed to one use case."""

    session_factory: SessionFactory
    clock: Clock
    client: WebClient  # the client Bolt chose for the request's workspace
    bot_user_id: str | None
    default_timezone: str

    def now(self) -> datetime:
        return self.clock.now()


@dataclass(frozen=True)
class NetworkSubject:
    """A network the acting person may act on (as a member, or as a facilitator when the loader asked)."""

    network: Network
    team_id: str
    user_id: str


def network_subject(
    session: Session, *, network_id: int, team_id: str, user_id: str, facilitator_doing: str | None = None
) -> NetworkSubject:
    network = roles.network_for(
        session, network_id=network_id, team_id=team_id, user_id=user_id, facilitator_doing=facilitator_doing
    )
    return NetworkSubject(network, team_id, user_id)


def reread_network(session: Session, subject: NetworkSubject) -> Network:
    """The subject's network in this unit of work (checked moments ago; gone only if deleted since)."""
    network = network_store.get_network(session, network_id=subject.network.id)
    if network is None:
        raise NotFound(roles.GONE)
    return network


@dataclass(frozen=True)
class CommandScope:
    """Where a slash command was typed and by whom: its network is the channel's, or the person's own."""

    team_id: str
    channel_id: str | None
    user_id: str

    def network(self, session: Session) -> Network:
        return network_for_request(session, team_id=self.team_id, channel_id=self.channel_id, user_id=self.user_id)
