"""Technical assistance: /peerbot ta (needs by state), providers, assessments, status changes and deliveries."""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import InvalidInput, NotAllowed, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.progress import assistance
from domain.progress.assistance import DeliveryDraft, NeedDraft
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update
from handlers.progress.entries import button_network
from handlers.progress.roadmap import field
from rendering.common import notice_modal
from rendering.progress.assistance import delivery_modal, need_modal, needs_blocks
from rendering.progress.ids import ProgressBlock
from rendering.progress.payloads import NeedChoice, NeedForm, ProgressForm
from storage import network as network_store
from storage import progress as progress_store
from storage import pulses as pulse_store
from workflows import progress as flows

MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
USAGE = (
    "Use `/peerbot ta` to see technical assistance needs, `/peerbot ta provider @name` to make someone a TA "
    "provider, or `/peerbot ta assess #12` to record needs from pulse 12 (one answer per state)."
)
NEED_FIELDS = {
    "state": ProgressBlock.STATE,
    "need": ProgressBlock.DESCRIPTION,
    "priority": ProgressBlock.PRIORITY,
    "requested_by": ProgressBlock.REQUESTED_BY,
}
DELIVERY_FIELDS = {
    "date": ProgressBlock.DATE,
    "kind": ProgressBlock.KIND,
    "hours": ProgressBlock.HOURS,
    "note": ProgressBlock.NOTE,
}


def ta_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    user_id = command["user_id"]
    word = args[0].lower() if args else ""
    if word not in ("", "provider", "assess") or (word and len(args) != 2):
        raise PeerbotError(USAGE)
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=user_id
        )
        roles.require_member(session, network=network, user_id=user_id)
        if word == "provider":
            roles.require_facilitator(session, network=network, user_id=user_id, doing=assistance.GRANTING)
            match = MENTION.match(args[1])
            if match is None:
                raise PeerbotError(f"Mention the person with @ so Slack links their name. {USAGE}")
            target = match.group(1)
            if network_store.get_member(session, network_id=network.id, user_id=target) is None:
                raise PeerbotError(f"<@{target}> isn't in this network yet; invite them to its channel first.")
            added = progress_store.grant_provider(
                session, network_id=network.id, user_id=target, by_user=user_id, now=deps.now()
            )
            said = f"<@{target}> {'is now' if added else 'was already'} a technical assistance provider."
        elif word == "assess":
            roles.require_facilitator(session, network=network, user_id=user_id, doing=assistance.ASSESSING)
            number = args[1].lstrip("#")
            pulse = (
                pulse_store.get_pulse(session, pulse_id=int(number)) if number.isdigit() and len(number) < 10 else None
            )
            wave_id = progress_store.latest_wave_id(session, pulse_id=pulse.id) if pulse else None
            if pulse is None or pulse.network_id != network.id or wave_id is None:
                raise PeerbotError(f"I can't find pulse {args[1][:12]} with answers in this network. {USAGE}")
            try:
                added_needs = assistance.needs_from_assessment(
                    session, network=network, wave_id=wave_id, now=deps.now()
                )
            except InvalidInput as exc:
                raise PeerbotError(" ".join(exc.errors.values())) from exc
            states = sorted({n.state for n in added_needs})
            said = f"Recorded {len(added_needs)} need{'' if len(added_needs) == 1 else 's'}" + (
                f" for {', '.join(states)}." if states else "."
            )
        else:
            manager = assistance.can_manage(session, network=network, user_id=user_id)
            facilitator = roles.is_facilitator(session, network=network, user_id=user_id)
            member = network_store.get_member(session, network_id=network.id, user_id=user_id)
            state = None if manager else (member.state if member else None)
            if not manager and state is None:
                raise PeerbotError(
                    "Your profile names no state, so there are no needs to show you. Set it with `/peerbot profile`."
                )
            needs = progress_store.needs(session, network_id=network.id, state=state)
            deliveries = progress_store.deliveries(session, need_ids=[n.id for n in needs])
            blocks = [
                b.to_dict() for b in needs_blocks(network, needs, deliveries, manager=manager, facilitator=facilitator)
            ]
            respond(blocks=blocks, text="Technical assistance", response_type="ephemeral")
            return
    respond(text=said, response_type="ephemeral")


def add_need_clicked(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    network = button_network(body, deps, facilitator_doing=assistance.ASSESSING)
    view = need_modal(ProgressForm(network.id))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_need(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    form = ProgressForm.from_value(view.get("private_metadata"))
    draft = NeedDraft(
        state=field(view, ProgressBlock.STATE) or "",
        need=field(view, ProgressBlock.DESCRIPTION) or "",
        priority=field(view, ProgressBlock.PRIORITY) or "",
        requested_by=field(view, ProgressBlock.REQUESTED_BY) or "",
    )
    with deps.session_factory.begin() as session:
        try:
            network = roles.network_for(
                session,
                network_id=form.network_id,
                team_id=body["team"]["id"],
                user_id=body["user"]["id"],
                facilitator_doing=assistance.ASSESSING,
            )
            assistance.add_need(session, network=network, draft=draft, wave_id=None, now=deps.now())
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, NEED_FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("TA need", "Recorded the need. It shows as requested in `/peerbot ta`."))


def _managed_need(session: Any, body: dict[str, Any], deps: Deps, need_id: int) -> Any:
    user_id = body["user"]["id"]
    network, need = assistance.need_for(session, need_id=need_id, team_id=body["team"]["id"], user_id=user_id)
    if not assistance.can_manage(session, network=network, user_id=user_id):
        raise NotAllowed("Only technical assistance providers and facilitators can change a need. Nothing changed.")
    return network, need


def need_menu_chosen(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    action = body["actions"][0]
    choice = NeedChoice.from_value(action.get("value") or (action.get("selected_option") or {}).get("value"))
    with deps.session_factory.begin() as session:
        network, need = _managed_need(session, body, deps, choice.need_id)
        if choice.action == "log":
            view = delivery_modal(need, today=deps.now().astimezone(ZoneInfo(network.timezone)).date())
        else:
            view = None
            changed = assistance.set_status(session, need=need, status=choice.action, now=deps.now())
    if view is not None:
        client.views_open(trigger_id=body["trigger_id"], view=view)
        return
    respond(
        text="Status changed; the state's team has been told." if changed else "It already had that status.",
        response_type="ephemeral",
        replace_original=False,
    )
    if changed:
        _tell_team(client, deps, need_id=choice.need_id, user_id=body["user"]["id"])


def _tell_team(client: WebClient, deps: Deps, *, need_id: int, user_id: str) -> None:
    """Tell the state's team; whoever made the change hears, by name, who could not be reached."""
    missed = flows.tell_state_team(deps.session_factory, client, deps.clock, need_id=need_id)
    if missed:
        names = ", ".join(f"<@{u}>" for u in missed)
        client.chat_postMessage(channel=user_id, text=f"I couldn't tell {names} about the new status of their need.")


def submit_delivery(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    need_id = NeedForm.from_value(view.get("private_metadata")).need_id
    draft = DeliveryDraft(
        delivered_on=field(view, ProgressBlock.DATE),
        kind=field(view, ProgressBlock.KIND) or "",
        hours=field(view, ProgressBlock.HOURS) or "",
        note=field(view, ProgressBlock.NOTE) or "",
    )
    with deps.session_factory.begin() as session:
        try:
            network, need = _managed_need(session, body, deps, need_id)
            before = need.status
            assistance.log_delivery(
                session,
                network=network,
                need=need,
                draft=draft,
                provider=body["user"]["id"],
                today=deps.now().astimezone(ZoneInfo(network.timezone)).date(),
                now=deps.now(),
            )
            moved = need.status != before
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, DELIVERY_FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("Log assistance", "Logged the assistance delivered. Thank you!"))
    if moved:

        def tell() -> None:
            _tell_team(client, deps, need_id=need_id, user_id=body["user"]["id"])

        deps.after_ack.submit(tell)
