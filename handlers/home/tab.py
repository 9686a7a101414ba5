"""The Home tab itself: opening it, switching network, the DM toggle, editing the profile from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from domain.network import roles
from domain.network.profiles import Profile
from handlers.kit.deps import Deps
from rendering.common import notice_modal
from rendering.home.payloads import DmsToggle
from rendering.network.profiles import profile_modal
from rendering.payloads import NetworkButton, StalePayload, database_id
from storage import home as home_store
from storage import meetings as meeting_store
from storage import network as network_store
from storage.changes import Change, record

GONE = "That network is gone, or you're no longer in it."


def explained(listener: Callable[..., None]) -> Callable[..., None]:
    """A Home button's listener. A Home click has nowhere to answer but a modal: the kit's guard answers a refusal
    with one saying why (or a notice on the Home) and redraws the Home without the stale button."""

    def run(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
        ack()
        listener(body=body, action=action, client=client, deps=deps)

    run.__name__ = run.__qualname__ = listener.__name__
    return run


def home_opened(event: dict[str, Any], body: dict[str, Any], deps: Deps, context: BoltContext) -> None:
    """Someone opened the Home tab: remember they have one (so changes are pushed to it) and publish it.

    Slack Connect: an event from another organization (the envelope's ``team_id`` is theirs) is
    answered only for someone in the channel of a network of this workspace; anyone else's is ignored.
    """
    if event.get("tab") != "home" or not context.team_id:
        return
    user_id = str(event["user"])
    source = str(body.get("team_id") or context.team_id)
    with deps.session_factory.begin() as session:
        if source != context.team_id and not network_store.is_guest_in_workspace(
            session, org_team_id=source, user_id=user_id, host_team_id=context.team_id
        ):
            return  # a stranger: not in the shared channel of any network of this workspace
        home_store.remember_home(session, team_id=context.team_id, user_id=user_id, network_id=None, now=deps.now())
        record(session, Change.user_home(context.team_id, user_id))


@explained
def switch_network(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The switcher: show another of the person's networks, and keep showing it next time."""
    raw = (action.get("selected_option") or {}).get("value") or action.get("value")
    network_id = database_id(raw, NetworkButton.REOPEN)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(session, network_id=network_id, team_id=team_id, user_id=user_id)
        home_team = network.team_id  # the network's workspace, whichever organization the person is from
        home_store.remember_home(session, team_id=home_team, user_id=user_id, network_id=network.id, now=deps.now())
        record(session, Change.user_home(home_team, user_id))


@explained
def toggle_dms(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Reminder DMs on or off in the network shown (what `/meeting dms on|off` does)."""
    toggle = DmsToggle.from_value(action.get("value"))
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(session, network_id=toggle.network_id, team_id=team_id, user_id=user_id)
        found = meeting_store.set_dm_reminders(
            session, network_id=network.id, user_id=user_id, enabled=toggle.enabled, now=deps.now()
        )
        record(session, Change.user_home(team_id, user_id))
    if not found:
        raise StalePayload("peerbot's Home tab")


def edit_profile_from_home(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    network_id = NetworkButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        network = network_store.get_network(session, network_id=network_id)
        member = network_store.get_member(session, network_id=network_id, user_id=user_id)
        if (
            network is None
            or member is None
            or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
        ):
            view = notice_modal("Your profile", GONE)
        else:
            view = profile_modal(network=network, profile=Profile.of(member))
    client.views_open(trigger_id=body["trigger_id"], view=view)
