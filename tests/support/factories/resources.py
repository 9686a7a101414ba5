"""Resource library factories: entries put straight into the library, one minute apart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from domain.network.setup import NetworkSettings, set_up_network
from domain.resources.library import ResourceDraft, add_resource
from storage import network as network_store
from storage import resources as resource_store
from storage.db import SessionFactory
from storage.models import Network
from tests.support.clock import FakeClock
from tests.support.constants import HOME, TEAM

TOPICS = ("Child care", "Home visiting", "Workforce")


def seed(
    session_factory: SessionFactory,
    network: Network,
    clock: FakeClock,
    *,
    title: str,
    url: str | None = None,
    by: str = "UMARIA",
    description: str = "",
    states: Sequence[str] = (),
    topics: Sequence[str] = (),
    tags: Sequence[str] = (),
    kind: str = "report",
) -> int:
    """Put an entry in the library directly (the form is tested on its own), one minute after the last."""
    clock.advance(timedelta(minutes=1))
    with session_factory.begin() as session:
        resource = add_resource(
            session,
            network=network,
            by_user=by,
            now=clock.now(),
            draft=ResourceDraft(
                title=title,
                url=url or f"https://example.org/{title.lower().replace(' ', '-')}",
                description=description,
                states=tuple(states),
                topics=tuple(topics),
                tags=tuple(tags),
                kind=kind,
            ),
        )
        return resource.id


def library_network(session_factory: SessionFactory, clock: FakeClock) -> Network:
    """Equity Learning in #equity-learning: Fran facilitates, Maria is from Mississippi, Dev from Colorado."""
    with session_factory.begin() as session:
        network, _ = set_up_network(
            session,
            team_id=TEAM,
            channel_id=HOME,
            settings=NetworkSettings(name="Equity Learning", timezone="America/Chicago"),
            by_user="UFAC",
            by_display_name="Fran",
            by_timezone="America/Chicago",
            now=clock.now(),
        )
        for user, name, state in (("UMARIA", "Maria", "MS"), ("UDEV", "Dev", "CO"), ("UFAC", "Fran", "IL")):
            network_store.upsert_member(
                session,
                network=network,
                user_id=user,
                display_name=name,
                timezone=None,
                now=clock.now(),
                in_channel=True,
            )
            member = network_store.get_member(session, network_id=network.id, user_id=user)
            assert member is not None
            member.state = state
        resource_store.add_topics(session, network_id=network.id, names=list(TOPICS), now=clock.now())
    return network
