"""Buttons on the Home tab that open something: library search, add a resource, nudge, facilitators' quick actions."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from domain.deliveries import DeliveryKind
from domain.errors import NotFound, PeerbotError
from domain.home.deliveries import nudge_key
from domain.meetings import agenda
from domain.network import roles
from domain.pulses.after_meetings import followable_series
from domain.pulses.definitions import PulseDraft
from domain.resources import query
from handlers.home.tab import explained
from handlers.kit.deps import Deps
from rendering.common import notice_modal
from rendering.home.payloads import NudgeButton, QuickAction, QuickActionButton, SearchPage
from rendering.home.search import search_modal
from rendering.home.view import nudge_text
from rendering.meetings.agenda import agenda_modal
from rendering.meetings.modal import ModalDefaults, schedule_modal
from rendering.payloads import NetworkButton, StalePayload
from rendering.pulses.builder import builder_modal
from rendering.resources.forms import resource_modal
from rendering.resources.ids import ResourceCallback
from rendering.resources.payloads import ResourceAddForm
from slackio.delivery import Outcome, deliver_once
from storage import home as home_store
from storage import meetings as meeting_store
from storage import network as network_store
from storage import resources as resource_store
from storage.changes import Change
from workflows.home import changed

NO_WORDS = "Type some words to search for, then press Enter."


def _search_view(deps: Deps, *, network_id: int, team_id: str, user_id: str, text: str, offset: int) -> Any:
    with deps.session_factory.begin() as session:
        network = roles.network_for(session, network_id=network_id, team_id=team_id, user_id=user_id)
        page = query.find(session, network=network, request=query.parse_search(text), offset=offset)
        return search_modal(
            network_id=network.id,
            text=text,
            resources=page.resources,
            offset=page.offset,
            page_size=query.PAGE_SIZE,
            has_more=page.has_more and page.offset + query.PAGE_SIZE <= query.MAX_OFFSET,
        )


@explained
def search(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Enter in the Home search box: the first page of results in a modal (for the network Home shows)."""
    text = " ".join(str(action.get("value") or "").split())[: query.QUERY_MAX]
    if not text:
        raise PeerbotError(NO_WORDS)
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    network_id = shown_network(deps, team_id=team_id, user_id=user_id)
    view = _search_view(deps, network_id=network_id, team_id=team_id, user_id=user_id, text=text, offset=0)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def shown_network(deps: Deps, *, team_id: str, user_id: str) -> int:
    """The network the person's Home shows (the search box belongs to it)."""
    from domain.home.view import chosen_network

    with deps.session_factory.begin() as session:
        team_id = roles.home_workspace(session, team_id=team_id, user_id=user_id)
        networks = [n for n, _ in network_store.memberships(session, team_id=team_id, user_id=user_id)]
        tab = home_store.home_tab(session, team_id=team_id, user_id=user_id)
        network = chosen_network(networks, tab.network_id if tab else None)
    if network is None:
        raise NotFound("You're not in a peerbot network yet, so there's no library to search.")
    return network.id


@explained
def search_page(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """Previous / Next in the results modal: the same search, another page, in place."""
    page = SearchPage.from_value(action.get("value"))
    view = _search_view(
        deps,
        network_id=page.network_id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        text=page.text,
        offset=page.offset,
    )
    container = body.get("view") or {}
    client.views_update(view_id=container["id"], hash=container.get("hash"), view=view)


@explained
def add_resource(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """ "Add a resource": the library's own add form, for the network Home shows."""
    network_id = NetworkButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=network_id,
            team_id=body["team"]["id"],
            user_id=body["user"]["id"],
        )
        view = resource_modal(
            callback_id=ResourceCallback.ADD,
            metadata=ResourceAddForm(network.id, ""),
            draft=None,
            topics=resource_store.topics(session, network_id=network.id),
            home_channel_id=network.home_channel_id,
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


@explained
def nudge(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A facilitator nudges a quiet member: one friendly DM, ever, whoever clicks and however often."""
    button = NudgeButton.from_value(action.get("value"))
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=button.network_id,
            team_id=team_id,
            user_id=user_id,
            facilitator_doing="nudge members",
        )
        member = network_store.get_member(session, network_id=network.id, user_id=button.user_id)
        if member is None or not member.in_channel:
            raise NotFound("That person isn't on the roster any more, so I didn't nudge them.")
        text = nudge_text(network=network, by_user=user_id)
        name = network.name
        # A nudge Slack refused may be tried again (its button stays, saying why).
        home_store.forget_failed_delivery(session, key=nudge_key(network.id, button.user_id))
    sent = deliver_once(
        session_factory=deps.session_factory,
        client=client,
        clock=deps.clock,
        team_id=team_id,
        network_id=button.network_id,
        key=nudge_key(button.network_id, button.user_id),
        kind=DeliveryKind.HOME_NUDGE,
        channel=button.user_id,
        text=text,
        owner=user_id,
    )
    changed(deps.session_factory, Change.network_facilitators(button.network_id))
    if sent.outcome in (Outcome.UNREACHABLE, Outcome.FAILED):
        raise PeerbotError(f"I couldn't DM <@{button.user_id}> ({sent.error or 'unreachable'}) about {name}.")


@explained
def quick_action(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A facilitator's quick action: the same modal its command opens, or how to do it."""
    button = QuickActionButton.from_value(action.get("value"))
    team_id, user_id = body["team"]["id"], body["user"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=button.network_id,
            team_id=team_id,
            user_id=user_id,
            facilitator_doing="use facilitator quick actions",
        )
        if button.action == QuickAction.NEW_MEETING:
            view = schedule_modal(ModalDefaults(network.id, network.name, network.timezone, network.home_channel_id))
        elif button.action == QuickAction.POST_AGENDA:
            meeting, occurrence = agenda.upcoming(session, network_id=network.id, now=deps.now())
            view = agenda_modal(meeting, occurrence, meeting_store.ranked(session, occurrence_id=occurrence.id))
        elif button.action == QuickAction.NEW_PULSE:
            view = builder_modal(
                draft=PulseDraft(),
                question_count=1,
                channel_id=network.home_channel_id,
                series=followable_series(session, network=network, now=deps.now()),
            )
        elif button.action == QuickAction.ADD_FACILITATOR:
            view = notice_modal(
                "Add a facilitator",
                f"In <#{network.home_channel_id}>, type `/peerbot facilitator add @name`: they're told by DM, "
                "and `/peerbot facilitator remove @name` undoes it.",
            )
        elif button.action == QuickAction.EXPORT_RESULTS:
            view = notice_modal(
                "Export results",
                f"In <#{network.home_channel_id}>, type `/pulse export` for the newest pulse, or "
                "`/pulse export #<number>` for another (see `/pulse list`): the CSV files come to your DM.",
            )
        else:  # pragma: no cover - every QuickAction is handled above
            raise StalePayload("peerbot's Home tab")
    client.views_open(trigger_id=body["trigger_id"], view=view)
