"""The roadmap: /peerbot roadmap, and the facilitator's future state and priority area forms."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import InvalidInput, NotAllowed, NotFound, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.progress import roadmap
from domain.progress.roadmap import AreaDraft
from handlers.kit import forms
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.common import notice_modal
from rendering.payloads import NetworkButton
from rendering.progress.forms import area_modal, delete_area_modal, future_state_modal
from rendering.progress.ids import ProgressAction, ProgressBlock
from rendering.progress.messages import roadmap_blocks, roadmap_text
from rendering.progress.payloads import AreaChoice, ProgressForm
from rendering.text import fit
from storage import progress as progress_store
from storage.changes import Change, record
from storage.models import Network
from workflows import progress as flows

AREA_FIELDS = {
    "name": ProgressBlock.NAME,
    "description": ProgressBlock.DESCRIPTION,
    "achieved": ProgressBlock.ACHIEVED,
    "target_date": ProgressBlock.TARGET_DATE,
    "milestones": ProgressBlock.MILESTONES,
}


def field(view: dict[str, Any], block: str) -> str | None:
    state = forms.state(view, block, ProgressAction.INPUT)
    if state.get("selected_date"):
        return str(state["selected_date"])
    return value(view, block, ProgressAction.INPUT)


def roadmap_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    """`/peerbot roadmap [days]` shows the roadmap; `/peerbot roadmap post` (facilitators) posts it in the channel."""
    user_id = command["user_id"]
    word = args[0].lower() if args else ""
    if word and word != "post" and not (word.isdigit() and 1 <= int(word) <= 3660):
        raise PeerbotError(
            "Use `/peerbot roadmap`, `/peerbot roadmap 30` (days to compare) or `/peerbot roadmap post`."
        )
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=user_id
        )
        roles.require_member(session, network=network, user_id=user_id)
        facilitator = roles.is_facilitator(session, network=network, user_id=user_id)
        if word == "post":
            if not facilitator:
                roles.require_facilitator(session, network=network, user_id=user_id, doing=roadmap.EDITING)
            record(session, Change.roadmap(network.id, user_id))
            channel = network.home_channel_id
        else:
            days = int(word) if word else flows.DEFAULT_PERIOD_DAYS
            view = flows.roadmap_view(session, network=network, now=deps.now(), period_days=days)
            blocks = [b.to_dict() for b in roadmap_blocks(view, facilitator=facilitator, now=deps.now())]
            text = roadmap_text(network)
    if word == "post":
        respond(
            text=f"The roadmap is on its way to <#{channel}>: if I can't post it there, I'll DM you why.",
            response_type="ephemeral",
        )
        return
    respond(text=text, blocks=blocks, response_type="ephemeral")


def _facilitated_network(session: Any, body: dict[str, Any], deps: Deps, network_id: int) -> Network:
    return roles.network_for(
        session,
        network_id=network_id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
        facilitator_doing=roadmap.EDITING,
    )


def _channel(body: dict[str, Any]) -> str:
    channel = str((body.get("channel") or {}).get("id") or "")
    return channel if channel.startswith(("C", "G")) else ""


def edit_future_state_clicked(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    network_id = NetworkButton.from_value(body["actions"][0].get("value")).id
    with deps.session_factory.begin() as session:
        network = _facilitated_network(session, body, deps, network_id)
        current = progress_store.get_roadmap(session, network_id=network.id)
        view = future_state_modal(
            ProgressForm(network.id, channel_id=_channel(body)), current=current.future_state if current else ""
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def add_area_clicked(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    network_id = NetworkButton.from_value(body["actions"][0].get("value")).id
    with deps.session_factory.begin() as session:
        network = _facilitated_network(session, body, deps, network_id)
        view = area_modal(ProgressForm(network.id, channel_id=_channel(body)), area=None)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def area_menu_chosen(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    """Edit opens the area form; Delete removes an area with no reports, and asks first when it has some."""
    ack()
    action = body["actions"][0]
    choice = AreaChoice.from_value(action.get("value") or (action.get("selected_option") or {}).get("value"))
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        network, area = roadmap.area_for(
            session,
            area_id=choice.area_id,
            team_id=body["team"]["id"],
            user_id=user_id,
            facilitator_doing=roadmap.EDITING,
        )
        form = ProgressForm(network.id, area.id, _channel(body))
        if choice.action == "edit":
            view = area_modal(form, area=area)
        else:
            reports = progress_store.count_reports(session, area_id=area.id)
            if reports == 0:
                roadmap.delete_area(session, area=area, now=deps.now())
                record(session, Change.roadmap(network.id, user_id))
                name = fit(area.name, 200)
                view = None
            else:
                view = delete_area_modal(form, area=area, reports=reports)
    if view is None:
        respond(text=f"Deleted *{name}* from the roadmap.", response_type="ephemeral", replace_original=False)
        return
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_future_state(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    form = ProgressForm.from_value(view.get("private_metadata"))
    text = field(view, ProgressBlock.FUTURE_STATE) or ""
    with deps.session_factory.begin() as session:
        try:
            network = _facilitated_network(session, body, deps, form.network_id)
            roadmap.save_future_state(session, network=network, text=text, by_user=user_id, now=deps.now())
            record(session, Change.roadmap(network.id, user_id))
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, {"future_state": ProgressBlock.FUTURE_STATE})
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("Roadmap", "Saved the future state. The roadmap in the channel shows it now."))


def area_draft(view: dict[str, Any]) -> AreaDraft:
    return AreaDraft(
        name=field(view, ProgressBlock.NAME) or "",
        description=field(view, ProgressBlock.DESCRIPTION) or "",
        achieved=field(view, ProgressBlock.ACHIEVED) or "",
        target_date=field(view, ProgressBlock.TARGET_DATE),
        milestones=field(view, ProgressBlock.MILESTONES) or "",
    )


def submit_area(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    form = ProgressForm.from_value(view.get("private_metadata"))
    draft = area_draft(view)
    try:
        draft.validate()
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, AREA_FIELDS)
        return
    with deps.session_factory.begin() as session:
        try:
            network = _facilitated_network(session, body, deps, form.network_id)
            area = None
            if form.area_id is not None:
                area = progress_store.get_area(session, area_id=form.area_id)
                if area is None or area.network_id != network.id or area.deleted_at is not None:
                    raise NotFound(roadmap.GONE)
            adding = area is None
            today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
            saved = roadmap.save_area(
                session, network=network, area=area, draft=draft, by_user=user_id, now=deps.now(), today=today
            )
            said = f"{'Added' if adding else 'Saved'} *{fit(saved.name, 200)}* on the roadmap."
            record(session, Change.roadmap(network.id, user_id))
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, AREA_FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("Priority area", said))


def submit_area_delete(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    form = ProgressForm.from_value(view.get("private_metadata"))
    with deps.session_factory.begin() as session:
        try:
            if form.area_id is None:
                raise NotFound(roadmap.GONE)
            network, area = roadmap.area_for(
                session,
                area_id=form.area_id,
                team_id=body["team"]["id"],
                user_id=user_id,
                facilitator_doing=roadmap.EDITING,
            )
            if network.id != form.network_id:
                raise NotAllowed(roles.NOT_A_MEMBER)
            roadmap.delete_area(session, area=area, now=deps.now())
            record(session, Change.roadmap(network.id, user_id))
            name = fit(area.name, 200)
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not deleted", exc.message))
            return
    ack_update(ack, notice_modal("Priority area", f"Deleted *{name}* from the roadmap. Its progress reports are kept."))
