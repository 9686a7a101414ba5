"""Lists: /peerbot collab list, /peerbot change list, and /peerbot entries (a person's own, to edit or withdraw)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import NotAllowed, NotFound
from domain.network import roles
from domain.network.setup import network_for_request
from domain.progress import changes, collaborations, figures, roadmap
from domain.progress.teams import Team, team_of
from handlers.kit.deps import Deps
from rendering.progress.forms import change_modal, collab_modal, report_modal
from rendering.progress.lists import change_list_blocks, collab_list_blocks, own_entries_blocks
from rendering.progress.payloads import EntryChoice, ProgressForm
from storage import network as network_store
from storage import progress as progress_store
from storage import resources as resource_store
from storage.changes import Change, record
from storage.models import Network


def _network(session: Any, command: dict[str, Any], deps: Deps) -> Network:
    network = network_for_request(
        session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
    )
    roles.require_member(session, network=network, user_id=command["user_id"])
    return network


def collab_list(command: dict[str, Any], respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = _network(session, command, deps)
        rows = progress_store.collaborations(session, network_id=network.id)
        partners = collaborations.partners_of(session, rows)
        teams = {m.user_id: team_of(m, m.user_id).label for m in network_store.roster(session, network_id=network.id)}
        blocks = collab_list_blocks(
            rows,
            partners,
            figures.collaborations_by_kind(rows, partners),
            figures.collaboration_matrix(rows, partners, team_of_user=teams),
        )
    respond(blocks=[b.to_dict() for b in blocks], text="Collaboration log", response_type="ephemeral")


def change_list(command: dict[str, Any], respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = _network(session, command, deps)
        rows = progress_store.changes(session, network_id=network.id)
        blocks = change_list_blocks(rows, figures.changes_by_kind(rows))
    respond(blocks=[b.to_dict() for b in blocks], text="Changes made", response_type="ephemeral")


def entries_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    """`/peerbot entries`: the person's own progress reports, collaborations and changes, each with Withdraw."""
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = _network(session, command, deps)
        reports = [r for r in progress_store.reports(session, network_id=network.id) if r.reported_by == user_id]
        areas = {a.id: a for a in progress_store.areas(session, network_id=network.id, with_deleted=True)}
        logged = [c for c in progress_store.collaborations(session, network_id=network.id) if c.logged_by == user_id]
        partners = collaborations.partners_of(session, logged)
        made = [c for c in progress_store.changes(session, network_id=network.id) if c.user_id == user_id]
        blocks = own_entries_blocks(reports, areas, logged, partners, made)
    respond(blocks=[b.to_dict() for b in blocks], text="Your entries", response_type="ephemeral")


def entry_menu_chosen(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    """Edit or withdraw one of the person's own entries (a withdrawn one stops counting); anyone else's is refused."""
    ack()
    action = body["actions"][0]
    choice = EntryChoice.from_value(action.get("value") or (action.get("selected_option") or {}).get("value"))
    if choice.action == "edit":
        _open_edit(client, deps, body=body, choice=choice)
        return
    user_id, team_id, now = body["user"]["id"], body["team"]["id"], deps.now()
    with deps.session_factory.begin() as session:
        if choice.kind == "report":
            report = progress_store.get_report(session, report_id=choice.entry_id)
            if report is None or report.withdrawn_at is not None:
                raise NotFound("That progress report was already withdrawn.")
            roles.network_for(session, network_id=report.network_id, team_id=team_id, user_id=user_id)
            roadmap.withdraw_report(session, report=report, user_id=user_id, now=now)
            record(session, Change.roadmap(report.network_id, user_id))
        elif choice.kind == "collab":
            _, collaboration = collaborations.collaboration_for(
                session, collaboration_id=choice.entry_id, team_id=team_id, user_id=user_id
            )
            collaborations.withdraw(session, collaboration=collaboration, user_id=user_id, now=now)
        else:
            _, change = changes.change_for(session, change_id=choice.entry_id, team_id=team_id, user_id=user_id)
            changes.withdraw(session, change=change, user_id=user_id, now=now)
    respond(text="Withdrawn: it no longer counts.", response_type="ephemeral", replace_original=False)


def _open_edit(client: WebClient, deps: Deps, *, body: dict[str, Any], choice: EntryChoice) -> None:
    """The entry's form, filled in; only its author gets it."""
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    refused = "You can only edit entries you made yourself."
    with deps.session_factory.begin() as session:
        if choice.kind == "report":
            report = progress_store.get_report(session, report_id=choice.entry_id)
            if report is None or report.withdrawn_at is not None:
                raise NotFound("That progress report was withdrawn.")
            network = roles.network_for(session, network_id=report.network_id, team_id=team_id, user_id=user_id)
            if report.reported_by != user_id:
                raise NotAllowed(refused)
            view = report_modal(
                ProgressForm(network.id, entry_id=report.id),
                areas=progress_store.areas(session, network_id=network.id),
                team=Team(report.team_key, report.team_label),
                report=report,
            )
        elif choice.kind == "collab":
            network, collaboration = collaborations.collaboration_for(
                session, collaboration_id=choice.entry_id, team_id=team_id, user_id=user_id
            )
            if collaboration.logged_by != user_id:
                raise NotAllowed(refused)
            today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
            view = collab_modal(
                ProgressForm(network.id, entry_id=collaboration.id), today=today, collaboration=collaboration
            )
        else:
            network, change = changes.change_for(session, change_id=choice.entry_id, team_id=team_id, user_id=user_id)
            if change.user_id != user_id:
                raise NotAllowed(refused)
            view = change_modal(
                ProgressForm(network.id, entry_id=change.id),
                areas=progress_store.areas(session, network_id=network.id),
                resources=resource_store.recent(session, network_id=network.id, limit=100),
                collaborations_logged=[
                    c for c in progress_store.collaborations(session, network_id=network.id) if c.logged_by == user_id
                ][-100:],
                change=change,
            )
    client.views_open(trigger_id=body["trigger_id"], view=view)
