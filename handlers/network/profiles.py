"""Member profiles: /peerbot profile and its modal (the Home tab opens the same modal)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from domain.errors import InvalidInput
from domain.network.profiles import Profile
from handlers.kit.forms import ack_errors, ack_update, value
from handlers.kit.subjects import Actor, command_scope, resolves, view_metadata
from rendering.common import notice_modal
from rendering.network.ids import NetworkAction, NetworkBlock
from rendering.network.payloads import ProfileForm
from workflows.interaction import Interaction
from workflows.network import people
from workflows.network.people import OwnMembership

PROFILE_FIELDS = {
    "state": NetworkBlock.PROFILE_STATE,
    "agency": NetworkBlock.PROFILE_AGENCY,
    "role_title": NetworkBlock.PROFILE_ROLE_TITLE,
    "learning_interests": NetworkBlock.PROFILE_INTERESTS,
}


def open_profile(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    people.open_profile(interaction, command_scope(command), trigger_id=command["trigger_id"])


def _own(session: Any, actor: Actor, network_id: int) -> OwnMembership:
    return people.own_membership(session, network_id=network_id, team_id=actor.team_id, user_id=actor.user_id)


@resolves(lambda body: ProfileForm.from_value(view_metadata(body)).network_id, _own)
def submit_profile(ack: Ack, view: dict[str, Any], interaction: Interaction, subject: OwnMembership) -> None:
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
    ack_update(ack, notice_modal("Your profile", people.save_own_profile(interaction, subject, profile=profile)))
