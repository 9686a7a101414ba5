"""Members' entries: progress reports, the collaboration log (with confirmations) and changes made."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from domain.errors import InvalidInput, NotFound, PeerbotError
from domain.network import roles
from domain.network.setup import network_for_request
from domain.progress import changes, collaborations, roadmap
from domain.progress.changes import ChangeDraft
from domain.progress.collaborations import CollaborationDraft
from domain.progress.teams import team_of
from handlers.kit import forms
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update
from handlers.progress import lists
from handlers.progress.roadmap import field
from rendering.common import notice_modal
from rendering.payloads import NetworkButton
from rendering.progress.forms import change_modal, collab_modal, report_modal
from rendering.progress.ids import ProgressAction, ProgressBlock
from rendering.progress.messages import collab_answered_blocks
from rendering.progress.payloads import CollabButton, ProgressForm
from rendering.text import fit
from storage import network as network_store
from storage import progress as progress_store
from storage import resources as resource_store
from storage.changes import Change, record
from storage.models import Network
from workflows import progress as flows

logger = logging.getLogger(__name__)

REPORT_FIELDS = {"area": ProgressBlock.AREA, "stage": ProgressBlock.STAGE, "note": ProgressBlock.NOTE}
COLLAB_FIELDS = {
    "members": ProgressBlock.MEMBERS,
    "outside": ProgressBlock.OUTSIDE,
    "kind": ProgressBlock.KIND,
    "description": ProgressBlock.DESCRIPTION,
    "date": ProgressBlock.DATE,
}
CHANGE_FIELDS = {
    "kind": ProgressBlock.KIND,
    "description": ProgressBlock.DESCRIPTION,
    "area": ProgressBlock.AREA,
    "resource": ProgressBlock.RESOURCE,
    "collaboration": ProgressBlock.COLLABORATION,
}
NO_AREAS = "The roadmap has no priority areas yet, so there is nothing to report on. A facilitator adds them with `/peerbot roadmap`."  # noqa: E501


# ---- openers (App Home reuses these) ----------------------------------------------------------------
def open_report_modal(client: WebClient, trigger_id: str, network: Network, user: str, *, deps: Deps) -> None:
    """Open "Report progress" for a member of ``network`` (already checked by the caller)."""
    with deps.session_factory.begin() as session:
        areas = progress_store.areas(session, network_id=network.id)
        if not areas:
            raise PeerbotError(NO_AREAS)
        team = team_of(network_store.get_member(session, network_id=network.id, user_id=user), user)
        view = report_modal(ProgressForm(network.id), areas=areas, team=team)
    client.views_open(trigger_id=trigger_id, view=view)


def open_collab_modal(
    client: WebClient, trigger_id: str, network: Network, user: str, *, deps: Deps, partners: Sequence[str] = ()
) -> None:
    """Open "Log a collaboration" for a member of ``network`` (already checked by the caller), with ``partners``
    preselected (each is still asked to confirm once the entry is saved)."""
    today = deps.now().astimezone(_zone(network)).date()
    others = [u for u in partners if u != user]
    view = collab_modal(ProgressForm(network.id), today=today, partners=others)
    client.views_open(trigger_id=trigger_id, view=view)


def open_change_modal(client: WebClient, trigger_id: str, network: Network, user: str, *, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        view = change_modal(
            ProgressForm(network.id),
            areas=progress_store.areas(session, network_id=network.id),
            resources=resource_store.recent(session, network_id=network.id, limit=100),
            collaborations_logged=[
                c for c in progress_store.collaborations(session, network_id=network.id) if c.logged_by == user
            ][-100:],
        )
    client.views_open(trigger_id=trigger_id, view=view)


def _zone(network: Network) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(network.timezone)


def _command_network(command: dict[str, Any], deps: Deps) -> Network:
    with deps.session_factory.begin() as session:
        network = network_for_request(
            session, team_id=command["team_id"], channel_id=command.get("channel_id"), user_id=command["user_id"]
        )
        roles.require_member(session, network=network, user_id=command["user_id"])
        session.expunge(network)
    return network


def progress_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    network = _command_network(command, deps)
    open_report_modal(client, command["trigger_id"], network, command["user_id"], deps=deps)


def collab_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    """`/peerbot collab` opens the log form; `/peerbot collab list` shows the log."""
    if args and args[0].lower() == "list":
        lists.collab_list(command, respond, deps)
        return
    network = _command_network(command, deps)
    open_collab_modal(client, command["trigger_id"], network, command["user_id"], deps=deps)


def change_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    """`/peerbot change` opens the form; `/peerbot change list` shows the changes recorded."""
    if args and args[0].lower() == "list":
        lists.change_list(command, respond, deps)
        return
    network = _command_network(command, deps)
    open_change_modal(client, command["trigger_id"], network, command["user_id"], deps=deps)


def button_network(body: dict[str, Any], deps: Deps, *, facilitator_doing: str | None = None) -> Network:
    """The network a progress button names, once the clicker is checked against it (and its facilitators)."""
    network_id = NetworkButton.from_value(body["actions"][0].get("value")).id
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session,
            network_id=network_id,
            team_id=body["team"]["id"],
            user_id=body["user"]["id"],
            facilitator_doing=facilitator_doing,
        )
        session.expunge(network)
    return network


def report_clicked(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    open_report_modal(client, body["trigger_id"], button_network(body, deps), body["user"]["id"], deps=deps)


def collab_clicked(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    ack()
    open_collab_modal(client, body["trigger_id"], button_network(body, deps), body["user"]["id"], deps=deps)


def _form_network(session: Any, body: dict[str, Any], deps: Deps, view: dict[str, Any]) -> Network:
    form = ProgressForm.from_value(view.get("private_metadata"))
    return roles.network_for(
        session,
        network_id=form.network_id,
        team_id=body["team"]["id"],
        user_id=body["user"]["id"],
    )


def _entry_id(view: dict[str, Any]) -> int | None:
    """The person's own entry the form edits (checked against them by the domain), or None for a new one."""
    return ProgressForm.from_value(view.get("private_metadata")).entry_id


def _optional_id(view: dict[str, Any], block: str, name: str) -> int | None:
    raw = field(view, block)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):
        raise InvalidInput({name: "Choose from the list."})
    return int(raw)


def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        try:
            network = _form_network(session, body, deps, view)
            area_id = _optional_id(view, ProgressBlock.AREA, "area")
            area = progress_store.get_area(session, area_id=area_id) if area_id else None
            if area is None or area.network_id != network.id or area.deleted_at is not None:
                raise InvalidInput({"area": "Choose a priority area from the list."})
            stage, note = field(view, ProgressBlock.STAGE), field(view, ProgressBlock.NOTE) or ""
            editing = _entry_id(view)
            if editing is not None:
                mine = progress_store.get_report(session, report_id=editing)
                if mine is None or mine.network_id != network.id:
                    raise NotFound("That progress report is no longer recorded.")
                roadmap.edit_report(session, report=mine, area=area, user_id=user_id, stage=stage, note=note)
                said = "Saved your changes to the report."
            else:
                report = roadmap.report_progress(
                    session,
                    network=network,
                    area=area,
                    user_id=user_id,
                    stage=stage,
                    note=note,
                    source="report",
                    now=deps.now(),
                )
                said = f"Recorded *{fit(report.team_label, 200)}* on *{fit(area.name, 200)}*. Thank you!"
            record(session, Change.roadmap(network.id, user_id))
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, REPORT_FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("Report progress", said))


def _selected_users(view: dict[str, Any]) -> tuple[str, ...]:
    state = forms.state(view, ProgressBlock.MEMBERS, ProgressAction.INPUT)
    users = (state or {}).get("selected_users") or []
    return tuple(str(u) for u in users if isinstance(u, str))


def submit_collab(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id = body["user"]["id"]
    draft = CollaborationDraft(
        members=_selected_users(view),
        outside=field(view, ProgressBlock.OUTSIDE) or "",
        kind=field(view, ProgressBlock.KIND),
        description=field(view, ProgressBlock.DESCRIPTION) or "",
        happened_on=field(view, ProgressBlock.DATE),
    )
    with deps.session_factory.begin() as session:
        try:
            network = _form_network(session, body, deps, view)
            today = deps.now().astimezone(_zone(network)).date()
            editing = _entry_id(view)
            if editing is not None:
                network, mine = collaborations.collaboration_for(
                    session,
                    collaboration_id=editing,
                    team_id=network.team_id,
                    user_id=user_id,
                )
                if mine.network_id != network.id:
                    raise NotFound(collaborations.GONE)
                collaborations.edit_collaboration(
                    session, collaboration=mine, draft=draft, user_id=user_id, today=today
                )
                collaboration_id, named = mine.id, list[str]()
            else:
                collaboration, named = collaborations.log_collaboration(
                    session, network=network, draft=draft, by_user=user_id, today=today, now=deps.now()
                )
                collaboration_id = collaboration.id
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, COLLAB_FIELDS)
            return
        except PeerbotError as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    asking = (
        f" I'm asking the {len(named)} member{'' if len(named) == 1 else 's'} you named to confirm it; "
        "if I can't reach someone, I'll tell you in a DM."
        if named
        else ""
    )
    ack_update(ack, notice_modal("Collaboration", f"Saved your collaboration.{asking}"))
    if not named:
        return

    def ask() -> None:
        missed = flows.ask_partners_to_confirm(
            deps.session_factory, client, deps.clock, collaboration_id=collaboration_id
        )
        if missed:
            reached = [u for u in named if u not in missed]
            asked = f"I asked {_mentions(reached)} to confirm your collaboration, but " if reached else ""
            client.chat_postMessage(
                channel=user_id,
                text=f"{asked}I couldn't reach {_mentions(missed)} (deactivated, or Slack refused the message): "
                "your collaboration shows as unconfirmed for them.",
            )

    deps.after_ack.submit(ask)


def _mentions(user_ids: Sequence[str]) -> str:
    shown = [f"<@{u}>" for u in user_ids]
    return ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _answer_collab(body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, *, confirm: bool) -> None:
    collaboration_id = CollabButton.from_value(body["actions"][0].get("value")).collaboration_id
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        network, collaboration = collaborations.collaboration_for(
            session,
            collaboration_id=collaboration_id,
            team_id=body["team"]["id"],
            user_id=user_id,
        )
        collaborations.answer(session, collaboration=collaboration, user_id=user_id, confirm=confirm, now=deps.now())
        blocks = [b.to_dict() for b in collab_answered_blocks(collaboration, network=network, confirmed=confirm)]
    said = "You confirmed this collaboration." if confirm else "You declined this collaboration."
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    ts = (body.get("message") or {}).get("ts") or (body.get("container") or {}).get("message_ts")
    if channel and ts:
        try:
            client.chat_update(channel=channel, ts=ts, text=said, blocks=blocks)
            return
        except SlackApiError as exc:
            logger.info("updating a collaboration request failed: %s", exc.response.get("error"))
    respond(text=said, response_type="ephemeral", replace_original=False)


def confirm_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    _answer_collab(body, client, respond, deps, confirm=True)


def decline_clicked(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps) -> None:
    ack()
    _answer_collab(body, client, respond, deps, confirm=False)


def submit_change(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id = body["user"]["id"]
    with deps.session_factory.begin() as session:
        try:
            network = _form_network(session, body, deps, view)
            draft = ChangeDraft(
                kind=field(view, ProgressBlock.KIND),
                description=field(view, ProgressBlock.DESCRIPTION) or "",
                area_id=_optional_id(view, ProgressBlock.AREA, "area"),
                resource_id=_optional_id(view, ProgressBlock.RESOURCE, "resource"),
                collaboration_id=_optional_id(view, ProgressBlock.COLLABORATION, "collaboration"),
            )
            editing = _entry_id(view)
            if editing is not None:
                network, mine = changes.change_for(session, change_id=editing, team_id=network.team_id, user_id=user_id)
                changes.edit_change(session, network=network, change=mine, draft=draft, user_id=user_id)
            else:
                changes.record_change(session, network=network, draft=draft, by_user=user_id, now=deps.now())
        except InvalidInput as exc:
            ack_errors(ack, exc.errors, CHANGE_FIELDS)
            return
        except (NotFound, PeerbotError) as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
    ack_update(ack, notice_modal("Record a change", "Saved the change your agency made. Thank you!"))
