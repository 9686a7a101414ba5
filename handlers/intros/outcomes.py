"""We met / We're scheduling / Skip this time: a group member records what happened; after "We met", logging it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import NotFound
from domain.intros.rounds import collaboration_partners, record_outcome
from domain.network import roles
from handlers.kit.deps import Deps
from handlers.progress.entries import open_collab_modal
from rendering.intros.ids import IntroAction
from rendering.intros.messages import outcome_recorded
from rendering.intros.payloads import IntroGroupButton
from storage import intros as intro_store
from storage import network as network_store
from storage.models import IntroOutcome

OUTCOMES = {
    IntroAction.MET: IntroOutcome.MET,
    IntroAction.SCHEDULING: IntroOutcome.SCHEDULING,
    IntroAction.SKIP: IntroOutcome.SKIPPED,
}
GONE = "I can't find that introduction any more."


def outcome_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, deps: Deps) -> None:
    ack()
    outcome = OUTCOMES[IntroAction(action["action_id"])]
    group_id = IntroGroupButton.from_value(action.get("value")).id
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    with deps.session_factory.begin() as session:
        group = intro_store.get_group(session, group_id=group_id)
        network = network_store.get_network(session, network_id=group.network_id) if group is not None else None
        if (
            group is None
            or network is None
            or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
        ):
            raise NotFound(GONE)
        # Only the group's own members may answer (record_outcome refuses anyone else).
        members = record_outcome(session, group=group, user_id=user_id, outcome=outcome, now=deps.now())
    # After "We met" the answer carries "Log a collaboration", prefilled with the group (log_collab_clicked).
    text, blocks = outcome_recorded(user_id=user_id, outcome=outcome.value, members=members, group_id=group_id)
    respond(text=text, blocks=blocks, response_type="in_channel", replace_original=False)


def log_collab_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """ "Log a collaboration" after "We met": the collaboration log with the rest of the group preselected."""
    ack()
    group_id = IntroGroupButton.from_value(action.get("value")).id
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    with deps.session_factory.begin() as session:
        group = intro_store.get_group(session, group_id=group_id)
        if group is None:
            raise NotFound(GONE)
        # The network must be the clicker's own (roster or facilitator), and they must be in the group.
        network = roles.network_for(session, network_id=group.network_id, team_id=team_id, user_id=user_id)
        partners = collaboration_partners(session, group=group, user_id=user_id)
        session.expunge(network)
    open_collab_modal(client, body["trigger_id"], network, user_id, deps=deps, partners=partners)
