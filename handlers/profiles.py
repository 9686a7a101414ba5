"""Member profiles and the App Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain import roles
from domain.attendance import open_check_ins
from domain.errors import InvalidInput, PeerbotError
from domain.networks import network_for_request
from domain.profiles import Profile, save_profile
from handlers.after_ack import ack_first
from handlers.deps import Deps
from handlers.errors import guarded
from handlers.views import ack_errors, ack_update, metadata, value
from rendering.common import notice_modal
from rendering.ids import ActionId, BlockId, CallbackId
from rendering.meetings import home_check_ins
from rendering.profiles import HomeNetwork, home_view, profile_modal, profile_saved_text
from rendering.text import escape
from storage import networks as store

PROFILE_FIELDS = {
    "state": BlockId.PROFILE_STATE,
    "agency": BlockId.PROFILE_AGENCY,
    "role_title": BlockId.PROFILE_ROLE_TITLE,
    "learning_interests": BlockId.PROFILE_INTERESTS,
}

NOT_ON_ROSTER = "You're not on the roster of *{name}* yet: join <#{channel}> first."


def open_profile(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
        )
        member = store.get_member(session, network_id=network.id, user_id=command["user_id"])
        if member is None:
            raise PeerbotError(NOT_ON_ROSTER.format(name=escape(network.name), channel=network.home_channel_id))
        view = profile_modal(network=network, profile=Profile.of(member))
    client.views_open(trigger_id=command["trigger_id"], view=view)


def edit_profile_from_home(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    with deps.session_factory.begin() as session:
        network = store.get_network(session, network_id=int(action.get("value") or 0))
        member = (
            store.get_member(session, network_id=network.id, user_id=user_id)
            if network is not None and network.team_id == team_id
            else None
        )
        if network is None or member is None:
            view = notice_modal("Your profile", "That network is gone, or you're no longer in it.")
        else:
            view = profile_modal(network=network, profile=Profile.of(member))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    profile = Profile(
        state=value(view, BlockId.PROFILE_STATE, ActionId.PROFILE_STATE),
        agency=value(view, BlockId.PROFILE_AGENCY, ActionId.PROFILE_AGENCY),
        role_title=value(view, BlockId.PROFILE_ROLE_TITLE, ActionId.PROFILE_ROLE_TITLE),
        learning_interests=value(view, BlockId.PROFILE_INTERESTS, ActionId.PROFILE_INTERESTS),
    )
    try:
        profile.cleaned().validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, PROFILE_FIELDS)
        return
    with deps.session_factory.begin() as session:
        network = store.get_network(session, network_id=int(metadata(view).get("network_id") or 0))
        member = (
            store.get_member(session, network_id=network.id, user_id=user_id)
            if network is not None and network.team_id == team_id
            else None
        )
        if network is None or member is None:
            ack_update(ack, notice_modal("Not saved", "That network is gone, or you're no longer in it."))
            return
        saved = save_profile(session, member=member, profile=profile, now=deps.now())
        text = profile_saved_text(network=network, profile=saved)
    ack_update(ack, notice_modal("Your profile", text))
    deps.after_ack.submit(publish_home, client, deps, team_id=team_id, user_id=user_id)


def publish_home(client: WebClient, deps: Deps, *, team_id: str, user_id: str) -> None:
    with deps.session_factory.begin() as session:
        entries = []
        for network in store.networks_for_user(session, team_id=team_id, user_id=user_id):
            member = store.get_member(session, network_id=network.id, user_id=user_id)
            entries.append(
                HomeNetwork(
                    network=network,
                    profile=Profile.of(member) if member is not None and member.in_channel else None,
                    is_facilitator=roles.is_facilitator(
                        session, network=network, user_id=user_id, bootstrap=deps.facilitators
                    ),
                    roster_size=len(store.roster_user_ids(session, network_id=network.id)),
                )
            )
        check_ins = home_check_ins(
            open_check_ins(session, network_ids=[e.network.id for e in entries], user_id=user_id, now=deps.now())
        )
        view = home_view(entries, check_ins)
    client.views_publish(user_id=user_id, view=view)


def home_opened(event: dict[str, Any], client: WebClient, deps: Deps, context: BoltContext) -> None:
    if event.get("tab") != "home" or not context.team_id:
        return
    publish_home(client, deps, team_id=context.team_id, user_id=event["user"])


def register(app: App) -> None:
    app.view(CallbackId.PROFILE)(guarded(submit_profile))
    app.action(ActionId.HOME_EDIT_PROFILE)(ack_first(edit_profile_from_home))
    app.event("app_home_opened")(ack_first(home_opened))
