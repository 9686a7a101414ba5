"""Home buttons for the member's own say: report progress, log a collaboration, take part in introductions."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient

from domain.errors import PeerbotError
from domain.intros import participation
from domain.network import roles
from handlers.home.actions import shown_network
from handlers.home.tab import explained
from handlers.kit.deps import Deps
from handlers.progress.entries import open_collab_modal, open_report_modal
from rendering.home.payloads import IntrosChoiceButton
from rendering.payloads import NetworkButton
from rendering.text import escape
from storage import network as network_store
from storage.changes import Change, record
from storage.models import Network

NOT_ON_ROSTER = "You're not on the roster of *{name}*: join <#{channel}> to be introduced."
NO_DATE = "Choose the last day of your pause in the date picker."


def _network(body: dict[str, Any], action: dict[str, Any], deps: Deps) -> Network:
    network_id = NetworkButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session, network_id=network_id, team_id=body["team"]["id"], user_id=body["user"]["id"]
        )
        session.expunge(network)
    return network


@explained
def report_progress(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """ "Report progress": the same form as `/peerbot progress` (a refusal, e.g. no areas yet, opens a modal)."""
    network = _network(body, action, deps)
    open_report_modal(client, body["trigger_id"], network, body["user"]["id"], deps=deps)


@explained
def log_collab(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """ "Log a collaboration": the same form as `/peerbot collab`."""
    network = _network(body, action, deps)
    open_collab_modal(client, body["trigger_id"], network, body["user"]["id"], deps=deps)


def _change(body: dict[str, Any], deps: Deps, *, network_id: int, word: str, args: list[str]) -> None:
    """What `/peerbot intros on|off|skip|pause` does, for the person clicking, then their Home shows it."""
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(session, network_id=network_id, team_id=team_id, user_id=user_id)
        member = network_store.get_member(session, network_id=network.id, user_id=user_id)
        if member is None or not member.in_channel:
            raise PeerbotError(NOT_ON_ROSTER.format(name=escape(network.name), channel=network.home_channel_id))
        today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
        participation.change(
            session, network_id=network.id, user_id=user_id, word=word, args=args, today=today, now=deps.now()
        )
        record(session, Change.user_home(team_id, user_id))


@explained
def intros_choice(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """I'm in / Skip the next round / Turn introductions off."""
    button = IntrosChoiceButton.from_value(action.get("value"))
    _change(body, deps, network_id=button.network_id, word=button.choice, args=[])


@explained
def intros_pause(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """The "pause until" date picker: paused through the chosen day, in the network Home shows."""
    chosen = action.get("selected_date")
    if not isinstance(chosen, str) or not chosen:
        raise PeerbotError(NO_DATE)
    network_id = shown_network(deps, team_id=body["team"]["id"], user_id=body["user"]["id"])
    _change(body, deps, network_id=network_id, word="pause", args=[chosen[:20]])
