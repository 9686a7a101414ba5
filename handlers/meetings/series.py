"""/meeting: scheduling, editing, listing and cancelling meetings; turning reminder DMs on or off."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.calendar import pauses as pause_rules
from domain.deliveries import CHANNEL, DeliveryKind, dm
from domain.errors import InvalidInput, NotAllowed, NotFound, PeerbotError
from domain.meetings import series as meetings
from domain.meetings.deliveries import announcement_key, cancel_key, moved_key, occurrence_scope, series_scope
from domain.meetings.rsvp import tally
from domain.network import roles
from handlers.kit import forms
from handlers.kit.commands import command_network, dispatch_subcommand
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update
from handlers.meetings import attendance as attendance_handlers
from handlers.meetings import pauses as pause_commands
from rendering.calendar.messages import skipped_lines
from rendering.common import notice_modal
from rendering.help import help_blocks
from rendering.meetings.ids import MeetingAction, MeetingBlock
from rendering.meetings.messages import (
    announcement,
    announcement_text,
    cancel_picker,
    cancellation_notice,
    edit_picker,
    moved_notice,
    upcoming_list,
)
from rendering.meetings.modal import ModalDefaults, schedule_modal
from rendering.meetings.payloads import MeetingButton, MeetingForm, OccurrenceButton
from rendering.text import escape
from slackio.delivery import Message, Outcome, deliver_once
from slackio.direct import tell_user
from slackio.directory import channel_access
from storage import meetings as meeting_store
from storage import network as network_store
from storage.changes import Change, record
from storage.models import Network, OccurrenceStatus
from workflows import calendar
from workflows.context import RunContext
from workflows.deliveries import deliver_and_report

logger = logging.getLogger(__name__)

FIELD_BLOCKS = {
    "title": MeetingBlock.MEETING_TITLE,
    "start_date": MeetingBlock.MEETING_DATE,
    "start_time": MeetingBlock.MEETING_TIME,
    "duration": MeetingBlock.MEETING_DURATION,
    "recurrence": MeetingBlock.MEETING_RECURRENCE,
    "interval_weeks": MeetingBlock.MEETING_INTERVAL,
    "end_date": MeetingBlock.MEETING_END_DATE,
    "count": MeetingBlock.MEETING_COUNT,
    "video_link": MeetingBlock.MEETING_LINK,
    "place": MeetingBlock.MEETING_PLACE,
    "channel": MeetingBlock.MEETING_CHANNEL,
    "reminders": MeetingBlock.MEETING_REMINDERS,
}
LIST_LIMIT = 15


def _require_facilitator(session: Any, deps: Deps, network: Network, user_id: str, doing: str) -> None:
    roles.require_facilitator(session, network=network, user_id=user_id, doing=doing)


def meeting_command(
    ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    dispatch_subcommand(
        ack,
        command,
        name="/meeting",
        subcommands=SUBCOMMANDS,
        default="new",
        client=client,
        respond=respond,
        deps=deps,
    )


def open_new(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        user_id = command["user_id"]
        bare = not (command.get("text") or "").strip()
        if bare and not roles.is_facilitator(session, network=network, user_id=user_id):
            # A member typing just /meeting wants to know what it does, not to be refused.
            respond(blocks=[b.to_dict() for b in help_blocks("/meeting")], text="/meeting", response_type="ephemeral")
            return
        _require_facilitator(session, deps, network, user_id, "schedule meetings")
        view = schedule_modal(ModalDefaults(network.id, network.name, network.timezone, network.home_channel_id))
    client.views_open(trigger_id=command["trigger_id"], view=view)


def open_edit_from_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    ack()
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    meeting_id = MeetingButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        meeting = meeting_store.get_meeting(session, meeting_id=meeting_id)
        network = network_store.get_network(session, network_id=meeting.network_id) if meeting else None
        if (
            meeting is None
            or network is None
            or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id)
        ):
            view = notice_modal("Edit meeting", "I can't find that meeting any more.")
        elif meeting.cancelled_at is not None:
            view = notice_modal("Edit meeting", "That series was cancelled, so it can't be edited.")
        else:
            _require_facilitator(session, deps, network, user_id, "edit meetings")
            view = schedule_modal(
                ModalDefaults(network.id, network.name, meeting.timezone, network.home_channel_id, meeting)
            )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def submit_schedule(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    meta = MeetingForm.from_value(view.get("private_metadata"))
    form = meetings.MeetingForm(
        title=forms.picked(view, MeetingBlock.MEETING_TITLE, MeetingAction.MEETING_TITLE),
        start_date=forms.picked(view, MeetingBlock.MEETING_DATE, MeetingAction.MEETING_DATE),
        start_time=forms.picked(view, MeetingBlock.MEETING_TIME, MeetingAction.MEETING_TIME),
        duration=forms.picked(view, MeetingBlock.MEETING_DURATION, MeetingAction.MEETING_DURATION),
        recurrence=forms.picked(view, MeetingBlock.MEETING_RECURRENCE, MeetingAction.MEETING_RECURRENCE),
        interval_weeks=forms.picked(view, MeetingBlock.MEETING_INTERVAL, MeetingAction.MEETING_INTERVAL),
        end_date=forms.picked(view, MeetingBlock.MEETING_END_DATE, MeetingAction.MEETING_END_DATE),
        count=forms.picked(view, MeetingBlock.MEETING_COUNT, MeetingAction.MEETING_COUNT),
        video_link=forms.picked(view, MeetingBlock.MEETING_LINK, MeetingAction.MEETING_LINK),
        place=forms.picked(view, MeetingBlock.MEETING_PLACE, MeetingAction.MEETING_PLACE),
        channel_id=forms.picked(view, MeetingBlock.MEETING_CHANNEL, MeetingAction.MEETING_CHANNEL),
        reminders=forms.selected(view, MeetingBlock.MEETING_REMINDERS, MeetingAction.MEETING_REMINDERS),
    )
    meeting_id = meta.meeting_id
    with deps.session_factory.begin() as session:
        network = network_store.get_network(session, network_id=meta.network_id)
        if network is None or not roles.speaks_for(session, network=network, team_id=team_id, user_id=user_id):
            ack_update(ack, notice_modal("Not saved", "That network is gone."))
            return
        try:
            _require_facilitator(session, deps, network, user_id, "schedule meetings")
        except NotAllowed as exc:
            ack_update(ack, notice_modal("Not saved", exc.message))
            return
        zone = network.timezone
    try:
        plan = meetings.validate(form, zone=zone, now=deps.now(), allow_past_start=meeting_id is not None)
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELD_BLOCKS)
        return
    access = channel_access(client, plan.channel_id)
    if not access.usable:
        reason = (
            "That channel is archived."
            if access.is_archived
            else ("I'm not in that channel: type `/invite @peerbot` there first, or choose another channel.")
        )
        ack_errors(ack, {"channel": reason}, FIELD_BLOCKS)
        return
    if meeting_id is None:
        _create(ack, client, deps, network_id=network.id, plan=plan, user_id=user_id)
    else:
        _reschedule(ack, client, deps, meeting_id=meeting_id, network_id=network.id, plan=plan, user_id=user_id)


def _create(
    ack: Ack, client: WebClient, deps: Deps, *, network_id: int, plan: meetings.MeetingPlan, user_id: str
) -> None:
    with deps.session_factory.begin() as session:
        network = network_store.get_network(session, network_id=network_id)
        assert network is not None
        meeting = meetings.create_meeting(session, network=network, plan=plan, by_user=user_id, now=deps.now())
        skipped = pause_rules.skip_paused(session, network=network, now=deps.now(), meeting_id=meeting.id)
        any_skipped, meeting_id = bool(skipped.by_meeting), meeting.id
        materialised = meeting_store.occurrences_of(session, meeting_id=meeting.id)
        first = next((o for o in materialised if o.status == OccurrenceStatus.SCHEDULED), materialised[0])
        record(session, Change.network_meetings(network.id))
        blocks = [
            b.to_dict()
            for b in announcement(
                meeting, first, tally(session, occurrence=first), by_user=user_id, network_name=network.name
            )
        ]
        text = announcement_text(meeting, first)
        team_id, first_id, count = (
            network.team_id,
            first.id,
            len(meeting_store.occurrences_of(session, meeting_id=meeting.id)),
        )
    ack(response_action="clear")
    sent = deliver_once(
        session_factory=deps.session_factory,
        client=client,
        clock=deps.clock,
        team_id=team_id,
        network_id=network_id,
        key=announcement_key(first_id),
        kind=DeliveryKind.MEETING_ANNOUNCEMENT,
        channel=plan.channel_id,
        text=text,
        blocks=blocks,
        owner=user_id,
    )
    if sent.outcome == Outcome.UNKNOWN:
        return  # they were told Slack didn't confirm it, with a "Send again" button
    if sent.message_ts is None:
        tell_user(client, user_id, f"I saved *{escape(plan.title)}* but couldn't announce it in <#{plan.channel_id}>.")
        return
    with deps.session_factory.begin() as session:
        occurrence = meeting_store.get_occurrence(session, occurrence_id=first_id)
        if occurrence is not None:
            occurrence.announcement_channel, occurrence.announcement_ts = sent.channel, sent.message_ts
    logger.info("meeting scheduled with %s occurrences", count)
    if any_skipped:
        calendar.announce_skipped(
            RunContext(deps.session_factory, client, deps.clock, None), meeting_id=meeting_id, owner=user_id
        )


def _reschedule(
    ack: Ack,
    client: WebClient,
    deps: Deps,
    *,
    meeting_id: int,
    network_id: int,
    plan: meetings.MeetingPlan,
    user_id: str,
) -> None:
    with deps.session_factory.begin() as session:
        meeting = meeting_store.get_meeting(session, meeting_id=meeting_id)
        # The facilitator check ran for network_id: the meeting must belong to that network.
        if meeting is None or meeting.network_id != network_id or meeting.cancelled_at is not None:
            ack_update(ack, notice_modal("Not saved", "That meeting was deleted or cancelled."))
            return
        result = meetings.reschedule_meeting(session, meeting=meeting, plan=plan, now=deps.now())
        cards = [o.id for o in result.kept + result.dropped if o.announcement_ts]
        record(session, *(Change.occurrence_rsvps(o) for o in cards), Change.network_meetings(meeting.network_id))
        notices = [
            (moved_key(o.id, o.start_utc, user), user, moved_notice(meeting, o), DeliveryKind.MEETING_CHANGED)
            for o in result.moved
            for user in sorted(result.people[o.id])
        ] + [
            (
                cancel_key(occurrence_scope(o.id), dm(user)),
                user,
                cancellation_notice(meeting, [o], series=False),
                DeliveryKind.MEETING_CANCELLED,
            )
            for o in result.dropped
            for user in sorted(result.people[o.id])
        ]
        edited = f"edit:{meeting.id}:{int(meeting.updated_at.timestamp())}"
        title, team_id = meeting.title, meeting.team_id
        coming = set().union(result.coming_later, *result.people.values()) if result.invite_changed else set()
    ack_update(ack, notice_modal("Meeting saved", f"*{escape(title)}* is updated; reminders move with it."))
    deliver_and_report(
        RunContext(deps.session_factory, client, deps.clock, None),
        (
            Message(
                team_id=team_id,
                network_id=network_id,
                key=key,
                kind=kind,
                channel=user,
                text=f"{text} (You had said you'd come.)",
                owner=user_id,
            )
            for key, user, text, kind in notices
        ),
        facilitator=user_id,
        scope=edited,
        what=f"Telling people about your change to *{escape(title)}*",
    )
    ctx = RunContext(deps.session_factory, client, deps.clock, None)
    calendar.send_updated_invites(ctx, meeting_id=meeting_id, people=coming, owner=user_id)
    calendar.skip_paused_after_change(ctx, meeting_id=meeting_id, owner=user_id)


def list_upcoming(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        occurrences = meeting_store.upcoming_occurrences(
            session, network_id=network.id, now=deps.now(), limit=LIST_LIMIT
        )
        by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in occurrences})
        answers = meeting_store.rsvp_answers(
            session, occurrence_ids=[o.id for o in occurrences], user_id=command["user_id"]
        )
        skipped = skipped_lines(*pause_rules.skipped_ahead(session, network_id=network.id, now=deps.now()))
        blocks = upcoming_list(
            [(by_id[o.meeting_id], o) for o in occurrences], answers, network_name=network.name, skipped=skipped
        )
    respond(blocks=[b.to_dict() for b in blocks], text="Upcoming meetings", response_type="ephemeral")


def pick_edit(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        _require_facilitator(session, deps, network, command["user_id"], "edit meetings")
        blocks = edit_picker(meeting_store.active_meetings(session, network_id=network.id, now=deps.now()))
    respond(blocks=[b.to_dict() for b in blocks], text="Edit a meeting", response_type="ephemeral")


def pick_cancel(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        _require_facilitator(session, deps, network, command["user_id"], "cancel meetings")
        occurrences = meeting_store.upcoming_occurrences(session, network_id=network.id, now=deps.now(), limit=12)
        by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in occurrences})
        blocks = cancel_picker([(by_id[o.meeting_id], o) for o in occurrences])
    respond(blocks=[b.to_dict() for b in blocks], text="Cancel a meeting", response_type="ephemeral")


def cancel_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    ack()
    series = action["action_id"] == MeetingAction.MEETING_CANCEL_SERIES
    occurrence_id = OccurrenceButton.from_value(action.get("value")).id
    with deps.session_factory.begin() as session:
        meeting, occurrence = meetings.load_occurrence(
            session,
            occurrence_id=occurrence_id,
            network_team_id=body["team"]["id"],
            user_id=body["user"]["id"],
            facilitator_doing="cancel meetings",
        )
        result = meetings.cancel(session, meeting=meeting, occurrence=None if series else occurrence, now=deps.now())
        notice = cancellation_notice(meeting, result.occurrences, series=series)
        cards = [o.id for o in result.occurrences if o.announcement_ts]
        record(session, *(Change.occurrence_rsvps(o) for o in cards), Change.network_meetings(meeting.network_id))
        channel, team_id, network_id = meeting.channel_id, meeting.team_id, meeting.network_id
        scope = series_scope(meeting.id) if series else occurrence_scope(occurrence.id)
        title, meeting_id = meeting.title, meeting.id
    respond(text=notice, response_type="ephemeral", replace_original=True)
    actor = body["user"]["id"]
    notices = [(dm(u), u, f"{notice} (You had said you'd come.)") for u in sorted(result.people_to_tell)]
    notices.append((CHANNEL, channel, f"{notice} Cancelled by <@{actor}>."))
    deliver_and_report(
        RunContext(deps.session_factory, client, deps.clock, None),
        (
            Message(
                team_id=team_id,
                network_id=network_id,
                key=cancel_key(scope, destination),
                kind=DeliveryKind.MEETING_CANCELLED,
                channel=to,
                text=text,
                owner=actor,
            )
            for destination, to, text in notices
        ),
        facilitator=actor,
        scope=cancel_key(scope, "notices"),
        what=f"Telling people *{escape(title)}* is cancelled",
    )
    calendar.send_updated_invites(
        RunContext(deps.session_factory, client, deps.clock, None),
        meeting_id=meeting_id,
        people=result.people_to_tell,
        owner=actor,
        cancelled=[o.id for o in result.occurrences],
        whole_series_cancelled=series,
    )


def set_dms(*, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps) -> None:
    choice = args[0].lower() if args else ""
    if choice not in ("on", "off"):
        raise PeerbotError("Use `/meeting dms off` to stop reminder DMs, or `/meeting dms on` to get them again.")
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        found = meeting_store.set_dm_reminders(
            session, network_id=network.id, user_id=command["user_id"], enabled=choice == "on", now=deps.now()
        )
        record(session, Change.user_home(command["team_id"], command["user_id"]))
    if not found:
        raise NotFound(f"You're not on the roster of *{escape(network.name)}* yet.")
    respond(
        text="I'll DM you reminders for meetings you said you'd come to."
        if choice == "on"
        else "Got it: no more reminder DMs. Reminders still appear in the meeting's channel.",
        response_type="ephemeral",
    )


SUBCOMMANDS: dict[str, Any] = {
    "new": open_new,
    "list": list_upcoming,
    "edit": pick_edit,
    "cancel": pick_cancel,
    "dms": set_dms,
    "attendance": attendance_handlers.show_attendance,
    "mark": attendance_handlers.open_mark,
    **pause_commands.SUBCOMMANDS,  # pause, holiday, pauses, unpause
}
