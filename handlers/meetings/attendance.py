"""Attendance: the Check in button, /meeting attendance and /meeting mark, and the marking modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.meetings import attendance, series
from domain.network import roles
from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_update
from rendering.common import notice_modal
from rendering.ids import MeetingAction, MeetingBlock
from rendering.meetings.attendance import mark_modal, personal_blocks, report_blocks
from rendering.meetings.messages import when
from rendering.payloads import OccurrenceButton, OccurrenceForm
from rendering.text import escape
from storage import meetings as store
from storage import network as network_store
from storage.changes import Change, record


def check_in_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    if (body.get("view") or {}).get("type") == "home":
        _check_in_from_home(body, action, client, deps)
        return
    with deps.session_factory.begin() as session:
        meeting, occurrence = series.load_occurrence(
            session,
            occurrence_id=OccurrenceButton.from_value(action.get("value")).id,
            network_team_id=body["team"]["id"],
            user_id=body["user"]["id"],
        )
        added = attendance.check_in(session, occurrence=occurrence, user_id=body["user"]["id"], now=deps.now())
        record(session, Change.user_home(body["team"]["id"], body["user"]["id"]))
        text = (
            f"You're checked in to *{escape(meeting.title)}*. Welcome!"
            if added
            else f"You were already checked in to *{escape(meeting.title)}*."
        )
    respond(text=text, response_type="ephemeral", replace_original=False)


def _check_in_from_home(body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """App Home has no reply channel: the refreshed tab itself shows the check-in (a refusal is told by the
    kit's guard, which redraws the tab without the stale button)."""
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    occurrence_id = OccurrenceButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        _, occurrence = series.load_occurrence(
            session,
            occurrence_id=occurrence_id,
            network_team_id=team_id,
            user_id=user_id,
        )
        attendance.check_in(session, occurrence=occurrence, user_id=user_id, now=deps.now())
        record(session, Change.user_home(team_id, user_id))


def show_attendance(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """Facilitators see everyone's attendance (optionally one series by title); members see their own."""
    user_id = command["user_id"]
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        if roles.is_facilitator(session, network=network, user_id=user_id):
            found = attendance.report(session, network=network, now=deps.now(), title_filter=" ".join(args))
            blocks = report_blocks(found)
        else:
            record = attendance.personal_record(session, network=network, user_id=user_id, now=deps.now())
            blocks = personal_blocks(record, network_name=network.name)
    respond(blocks=[b.to_dict() for b in blocks], text="Attendance", response_type="ephemeral")


def _mark_view(session: Any, deps: Deps, *, team_id: str, occurrence_id: int, user_id: str) -> Any:
    meeting, occurrence = series.load_occurrence(
        session,
        occurrence_id=occurrence_id,
        network_team_id=team_id,
        user_id=user_id,
        facilitator_doing="mark attendance",
    )
    network = network_store.get_network(session, network_id=meeting.network_id)
    assert network is not None
    attendance.markable(occurrence, deps.now())
    present = store.attendees(session, occurrence_ids=[occurrence.id])[occurrence.id]
    return mark_modal(meeting, occurrence, network_store.roster(session, network_id=network.id), present)


def open_mark(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        roles.require_facilitator(session, network=network, user_id=command["user_id"], doing="mark attendance")
        latest = attendance.latest_markable(session, network=network, now=deps.now())
        view = _mark_view(session, deps, team_id=network.team_id, occurrence_id=latest.id, user_id=command["user_id"])
    client.views_open(trigger_id=command["trigger_id"], view=view)


def open_mark_from_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    occurrence_id = OccurrenceButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        view = _mark_view(
            session, deps, team_id=body["team"]["id"], occurrence_id=occurrence_id, user_id=body["user"]["id"]
        )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_mark(ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps) -> None:
    user_id = body["user"]["id"]
    state = ((view.get("state") or {}).get("values") or {}).get(MeetingBlock.ATTENDANCE_PEOPLE, {})
    present = [
        str(o["value"]) for o in (state.get(MeetingAction.ATTENDANCE_PEOPLE) or {}).get("selected_options") or []
    ]
    occurrence_id = OccurrenceForm.from_value(view.get("private_metadata")).occurrence_id
    with deps.session_factory.begin() as session:
        meeting, occurrence = series.load_occurrence(
            session,
            occurrence_id=occurrence_id,
            network_team_id=body["team"]["id"],
            user_id=user_id,
            facilitator_doing="mark attendance",
        )
        network = network_store.get_network(session, network_id=meeting.network_id)
        assert network is not None
        roster = network_store.roster_user_ids(session, network_id=network.id)
        # The menu only lists today's roster: someone who checked in and has since left keeps their record.
        current = store.attendees(session, occurrence_ids=[occurrence.id])[occurrence.id]
        final = [u for u in present if u in roster] + [u for u in current if u not in roster]
        attendance.mark(session, occurrence=occurrence, present=final, by=user_id, now=deps.now())
        on = when(occurrence.start_utc, meeting.timezone)
        text = f"Saved: {len(final)} present at *{escape(meeting.title)}* on {on}."
    ack_update(ack, notice_modal("Attendance saved", text))
