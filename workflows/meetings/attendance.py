"""Attendance use cases: checking in, the attendance report, and a facilitator marking who was there."""

from __future__ import annotations

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from domain.meetings import attendance, series
from domain.network import roles
from rendering.meetings.attendance import mark_modal, personal_blocks, report_blocks
from rendering.meetings.messages import when
from rendering.text import escape
from storage import meetings as meeting_store
from storage import network as network_store
from storage.changes import Change, record
from storage.models import Meeting, Occurrence
from workflows.interaction import CommandScope, Interaction
from workflows.meetings.occurrences import OccurrenceSubject, reread


def check_in(use: Interaction, subject: OccurrenceSubject, *, from_home: bool) -> str | None:
    """Record the person's check-in; returns the confirmation (None from Home, whose refresh shows it). A refusal
    from Home is told by the listener kit, which redraws the Home without the stale button."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        added = attendance.check_in(session, occurrence=occurrence, user_id=subject.user_id, now=use.now())
        record(session, Change.user_home(subject.team_id, subject.user_id))
        text = (
            f"You're checked in to *{escape(meeting.title)}*. Welcome!"
            if added
            else f"You were already checked in to *{escape(meeting.title)}*."
        )
    return None if from_home else text


def attendance_blocks(use: Interaction, scope: CommandScope, *, title_filter: str) -> list[Block]:
    """Facilitators see everyone's attendance (optionally one series by title); members see their own."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        if roles.is_facilitator(session, network=network, user_id=scope.user_id):
            found = attendance.report(session, network=network, now=use.now(), title_filter=title_filter)
            return report_blocks(found)
        record = attendance.personal_record(session, network=network, user_id=scope.user_id, now=use.now())
        return personal_blocks(record, network_name=network.name)


def _mark_view(session: Session, use: Interaction, meeting: Meeting, occurrence: Occurrence) -> View:
    network = network_store.get_network(session, network_id=meeting.network_id)
    assert network is not None
    attendance.markable(occurrence, use.now())
    present = meeting_store.attendees(session, occurrence_ids=[occurrence.id])[occurrence.id]
    return mark_modal(meeting, occurrence, network_store.roster(session, network_id=network.id), present)


def open_mark_for_latest(use: Interaction, scope: CommandScope, *, trigger_id: str) -> None:
    """/meeting mark: the marking form of the network's latest meeting that can be marked."""
    with use.session_factory.begin() as session:
        network = scope.network(session)
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing="mark attendance")
        latest = attendance.latest_markable(session, network=network, now=use.now())
        meeting, occurrence = series.load_occurrence(
            session,
            occurrence_id=latest.id,
            network_team_id=network.team_id,
            user_id=scope.user_id,
            facilitator_doing="mark attendance",
        )
        view = _mark_view(session, use, meeting, occurrence)
    use.client.views_open(trigger_id=trigger_id, view=view)


def open_mark(use: Interaction, subject: OccurrenceSubject, *, trigger_id: str) -> None:
    """The marking form of one occurrence (checked: the person facilitates its network)."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        view = _mark_view(session, use, meeting, occurrence)
    use.client.views_open(trigger_id=trigger_id, view=view)


def mark(use: Interaction, subject: OccurrenceSubject, *, present: list[str]) -> str:
    """Save who was present, as a facilitator marked them; returns the confirmation."""
    with use.session_factory.begin() as session:
        meeting, occurrence = reread(session, subject)
        roster = network_store.roster_user_ids(session, network_id=meeting.network_id)
        # The menu only lists today's roster: someone who checked in and has since left keeps their record.
        current = meeting_store.attendees(session, occurrence_ids=[occurrence.id])[occurrence.id]
        final = [u for u in present if u in roster] + [u for u in current if u not in roster]
        attendance.mark(session, occurrence=occurrence, present=final, by=subject.user_id, now=use.now())
        on = when(occurrence.start_utc, meeting.timezone)
        return f"Saved: {len(final)} present at *{escape(meeting.title)}* on {on}."
