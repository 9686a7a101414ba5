"""Member profiles: /peerbot profile and its modal (the Home tab opens the same modal)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from domain.errors import InvalidInput, PeerbotError
from domain.network import roles
from domain.network.profiles import Profile, save_profile
from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.common import notice_modal
from rendering.ids import NetworkAction, NetworkBlock
from rendering.network.profiles import profile_modal, profile_saved_text
from rendering.payloads import ProfileForm
from rendering.text import escape
from storage import network as store
from storage.changes import Change, record
from storage.models import Member, Network

PROFILE_FIELDS = {
    "state": NetworkBlock.PROFILE_STATE,
    "agency": NetworkBlock.PROFILE_AGENCY,
    "role_title": NetworkBlock.PROFILE_ROLE_TITLE,
    "learning_interests": NetworkBlock.PROFILE_INTERESTS,
}

GONE = "That network is gone, or you're no longer in it."
NOT_ON_ROSTER = "You're not on the roster of *{name}* yet: join <#{channel}> first."


def open_profile(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        member = store.get_member(session, network_id=network.id, user_id=command["user_id"])
        if member is None:
            raise PeerbotError(NOT_ON_ROSTER.format(name=escape(network.name), channel=network.home_channel_id))
        view = profile_modal(network=network, profile=Profile.of(member))
    client.views_open(trigger_id=command["trigger_id"], view=view)


def _own_member(session: Session, *, network_id: int, team_id: str, user_id: str) -> tuple[Network, Member] | None:
    """The person's own roster row in the network a payload names; None if that network is gone or not theirs."""
    network = store.get_network(session, network_id=network_id)
    member = store.get_member(session, network_id=network_id, user_id=user_id)
    if (
        network is None
        or member is None
        or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
    ):
        return None
    return network, member


def submit_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    profile = Profile(
        state=value(view, NetworkBlock.PROFILE_STATE, NetworkAction.PROFILE_STATE),
        agency=value(view, NetworkBlock.PROFILE_AGENCY, NetworkAction.PROFILE_AGENCY),
        role_title=value(view, NetworkBlock.PROFILE_ROLE_TITLE, NetworkAction.PROFILE_ROLE_TITLE),
        learning_interests=value(view, NetworkBlock.PROFILE_INTERESTS, NetworkAction.PROFILE_INTERESTS),
    )
    try:
        profile.cleaned().validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, PROFILE_FIELDS)
        return
    network_id = ProfileForm.from_value(view.get("private_metadata")).network_id
    with deps.session_factory.begin() as session:
        found = _own_member(session, network_id=network_id, team_id=team_id, user_id=user_id)
        if found is None:
            ack_update(ack, notice_modal("Not saved", GONE))
            return
        network, member = found
        saved = save_profile(session, member=member, profile=profile, now=deps.now())
        record(session, Change.user_profile(team_id, user_id), Change.network_facilitators(network.id))
        text = profile_saved_text(network=network, profile=saved)
    ack_update(ack, notice_modal("Your profile", text))
