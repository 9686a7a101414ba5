"""People of a network: the roster facilitators see, who facilitates, and each member's own profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from domain.errors import NotFound, PeerbotError
from domain.network import roles
from domain.network.profiles import Profile, save_profile
from rendering.network.profiles import profile_modal, profile_saved_text
from rendering.network.setup import roster_blocks
from rendering.text import escape
from slackio.direct import tell_user
from slackio.directory import fetch_person
from storage import network as network_store
from storage.changes import Change, record
from storage.models import Member, Network
from workflows.interaction import CommandScope, Interaction

NOT_ON_ROSTER = "You're not on the roster of *{name}* yet: join <#{channel}> first."
GONE = "That network is gone, or you're no longer in it."


def roster(use: Interaction, scope: CommandScope) -> tuple[list[Block], str]:
    """`/peerbot members` (facilitators): the roster with everyone's profile, and its notification text."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="see everyone's profile")
        blocks = roster_blocks(network=network, members=network_store.roster(session, network_id=network.id))
        return blocks, f"Members of {escape(network.name)}"


def _facilitated_network(session: Session, scope: CommandScope) -> Network:
    network = scope.network(session)
    roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="change who facilitates")
    return network


def remove_facilitator(use: Interaction, scope: CommandScope, *, target: str) -> str:
    with use.session_factory.begin() as session:
        network = _facilitated_network(session, scope)
        changed = roles.revoke_facilitator(session, network=network, user_id=target, now=use.now())
        name = escape(network.name)
    if changed:
        return f"<@{target}> is no longer a facilitator of *{name}*."
    return f"<@{target}> wasn't a facilitator of *{name}*, so nothing changed."


def add_facilitator(use: Interaction, scope: CommandScope, *, target: str) -> tuple[str, Callable[[], None] | None]:
    """Make ``target`` a facilitator; returns what the person who asked is told, and then telling ``target``."""
    with use.session_factory.begin() as session:
        _facilitated_network(session, scope)  # refuse before looking anyone up
    person = fetch_person(use.client, target)
    if person is None:
        raise PeerbotError(f"I couldn't find <@{target}> in this workspace. Nothing was changed.")
    with use.session_factory.begin() as session:
        network = _facilitated_network(session, scope)
        changed = roles.grant_facilitator(
            session, network=network, person=person, bot_user_id=use.bot_user_id, now=use.now()
        )
        name, channel = escape(network.name), network.home_channel_id
    if not changed:
        return f"<@{target}> is already a facilitator of *{name}*.", None
    note = (
        f"<@{scope.user_id}> made you a facilitator of *{name}* (<#{channel}>). Type `/peerbot help` to see "
        "what facilitators can do."
    )

    def tell_them() -> None:
        tell_user(use.client, target, note)

    return f"<@{target}> is now a facilitator of *{name}*.", tell_them


def open_profile(use: Interaction, scope: CommandScope, *, trigger_id: str) -> None:
    with use.session_factory.begin() as session:
        network = scope.network(session)
        member = network_store.get_member(session, network_id=network.id, user_id=scope.user_id)
        if member is None:
            raise PeerbotError(NOT_ON_ROSTER.format(name=escape(network.name), channel=network.home_channel_id))
        view: View = profile_modal(network=network, profile=Profile.of(member))
    use.client.views_open(trigger_id=trigger_id, view=view)


@dataclass(frozen=True)
class OwnMembership:
    """The acting person's own roster row in the network a form names."""

    network: Network
    member: Member
    team_id: str
    user_id: str


def own_membership(session: Session, *, network_id: int, team_id: str, user_id: str) -> OwnMembership:
    """The person's own roster row in the network a payload names; NotFound if that network is gone or not theirs."""
    network = network_store.get_network(session, network_id=network_id)
    member = network_store.get_member(session, network_id=network_id, user_id=user_id)
    if (
        network is None
        or member is None
        or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
    ):
        raise NotFound(GONE)
    return OwnMembership(network, member, team_id, user_id)


def save_own_profile(use: Interaction, subject: OwnMembership, *, profile: Profile) -> str:
    """Save the person's own profile (only their own roster row, ever); returns the confirmation."""
    with use.session_factory.begin() as session:
        member = network_store.get_member(session, network_id=subject.network.id, user_id=subject.user_id)
        if member is None:
            raise NotFound(GONE)
        saved = save_profile(session, member=member, profile=profile, now=use.now())
        record(
            session,
            Change.user_profile(subject.team_id, subject.user_id),
            Change.network_facilitators(member.network_id),
        )
        text = profile_saved_text(network=subject.network, profile=saved)
    return text
