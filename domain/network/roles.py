"""Who may do what: the one place facilitator rights are decided."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from domain.errors import NotAllowed, NotFound, PeerbotError
from domain.markup import escape
from domain.network.people import Person
from domain.network.roster import upsert_person
from storage import network as network_store
from storage.models import Network, Role


def configured_facilitators(session: Session) -> frozenset[str]:
    """The deployment's configured facilitators (PEERBOT_FACILITATORS), bound once to the session factory."""
    return frozenset(session.info.get("facilitators") or ())


def is_facilitator(session: Session, *, network: Network, user_id: str) -> bool:
    """Facilitators of the network, plus the deployment's configured facilitators."""
    if user_id in configured_facilitators(session):
        return True
    member = network_store.get_member(session, network_id=network.id, user_id=user_id)
    return member is not None and member.role == Role.FACILITATOR


def require_facilitator(session: Session, *, network: Network, user_id: str, doing: str) -> None:
    if not is_facilitator(session, network=network, user_id=user_id):
        raise NotAllowed(
            f"Only facilitators of *{escape(network.name)}* can {doing}. Nothing was changed. "
            "If you think you should be one, ask a facilitator to run `/peerbot facilitator add @you`."
        )


NOT_A_MEMBER = (
    "That belongs to a peerbot network you're not on the roster of, so nothing was changed. "
    "Join the network's channel first."
)
GONE = "I can't find that network any more."


def belongs(session: Session, *, network: Network, user_id: str) -> bool:
    """On the network's roster (in its channel), one of its facilitators, or a configured facilitator."""
    if user_id in configured_facilitators(session):
        return True
    member = network_store.get_member(session, network_id=network.id, user_id=user_id)
    return member is not None and (member.in_channel or member.role == Role.FACILITATOR)


def require_member(session: Session, *, network: Network, user_id: str) -> None:
    if not belongs(session, network=network, user_id=user_id):
        raise NotAllowed(NOT_A_MEMBER)


def require_access(session: Session, *, network: Network, user_id: str, facilitator_doing: str | None) -> None:
    """The one check every id from a payload passes: a member, or a facilitator when ``facilitator_doing`` is set."""
    if facilitator_doing is None:
        require_member(session, network=network, user_id=user_id)
    else:
        require_facilitator(session, network=network, user_id=user_id, doing=facilitator_doing)


def speaks_for(session: Session, *, network: Network, team_id: str, user_id: str) -> bool:
    """Whether a request from ``team_id`` may name this network: its own workspace, or (Slack Connect)
    the organization of a member on its roster. Any other workspace's request is refused."""
    if network.team_id == team_id:
        return True
    member = network_store.get_member(session, network_id=network.id, user_id=user_id)
    return member is not None and member.in_channel and member.org_team_id == team_id


def home_workspace(session: Session, *, team_id: str, user_id: str) -> str:
    """The workspace whose peerbot answers a person: ``team_id`` itself, or for a member of another
    organization (Slack Connect sends their own team id) the workspace of the network they share."""
    return network_store.host_team_of_guest(session, org_team_id=team_id, user_id=user_id) or team_id


def network_for(
    session: Session,
    *,
    network_id: int,
    team_id: str,
    user_id: str,
    facilitator_doing: str | None = None,
) -> Network:
    """The network an id from a payload names, once the person is checked to be its member (or facilitator)."""
    network = network_store.get_network(session, network_id=network_id)
    if network is None or not speaks_for(session, network=network, team_id=team_id, user_id=user_id):
        raise NotFound(GONE)
    require_access(session, network=network, user_id=user_id, facilitator_doing=facilitator_doing)
    return network


def require_can_set_up(session: Session, *, team_id: str, user_id: str) -> None:
    """Setting up a network takes a configured facilitator or a facilitator of another network."""
    if user_id in configured_facilitators(session) or network_store.is_facilitator_of_any(
        session, team_id=team_id, user_id=user_id
    ):
        return
    raise NotAllowed(
        "Only facilitators can set up a peerbot network. Ask whoever runs peerbot for your workspace to "
        f"add your Slack user ID (`{user_id}`) to `PEERBOT_FACILITATORS`, or ask an existing facilitator "
        "to make you one with `/peerbot facilitator add`."
    )


def require_can_configure(session: Session, *, team_id: str, channel_id: str, user_id: str) -> Network | None:
    """Check the person may set up this channel, or change the network already there; return that network."""
    existing = network_store.get_network_by_channel(session, team_id=team_id, channel_id=channel_id)
    if existing is not None:
        require_facilitator(session, network=existing, user_id=user_id, doing="change this network's settings")
    else:
        require_can_set_up(session, team_id=team_id, user_id=user_id)
    return existing


def grant_facilitator(
    session: Session, *, network: Network, person: Person, bot_user_id: str | None, now: datetime
) -> bool:
    """Make someone a facilitator; False if they already were."""
    if not person.can_be_member(bot_user_id=bot_user_id):
        raise PeerbotError(f"*{escape(person.display_name)}* is a bot or a deactivated account, so can't facilitate.")
    member = network_store.get_member(session, network_id=network.id, user_id=person.user_id)
    if member is not None and member.role == Role.FACILITATOR:
        return False
    upsert_person(session, network=network, person=person, now=now, role=Role.FACILITATOR)
    return True


def revoke_facilitator(session: Session, *, network: Network, user_id: str, now: datetime) -> bool:
    """Take facilitator rights away; False if they had none to take."""
    if user_id in configured_facilitators(session):
        raise PeerbotError(
            f"<@{user_id}> is a facilitator through the `PEERBOT_FACILITATORS` setting; "
            "remove them there and restart peerbot."
        )
    member = network_store.get_member(session, network_id=network.id, user_id=user_id)
    if member is None or member.role != Role.FACILITATOR:
        return False
    others = network_store.facilitator_ids(session, network_id=network.id) - {user_id}
    if not others and not configured_facilitators(session):
        raise PeerbotError(
            f"<@{user_id}> is the last facilitator of *{escape(network.name)}*. Add another facilitator first."
        )
    member.role = Role.MEMBER
    member.updated_at = now
    session.flush()
    return True
