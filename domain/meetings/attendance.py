"""Attendance: checking in during a meeting, facilitators marking it, and the figures evaluators need."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.errors import PeerbotError
from domain.network.profiles import state_name
from storage import meetings as meeting_store
from storage import network as network_store
from storage.models import AttendanceSource, Meeting, Network, Occurrence, OccurrenceStatus

CHECK_IN_OPENS = timedelta(minutes=15)
REPORT_OCCURRENCES = 10
NO_STATE = "No state given"


def check_in_open(occurrence: Occurrence, now: datetime) -> bool:
    """Whether the Check in button belongs on a meeting now: from 15 minutes before its start until its end."""
    return (
        occurrence.status == OccurrenceStatus.SCHEDULED
        and occurrence.start_utc - CHECK_IN_OPENS <= now < occurrence.end_utc
    )


def check_in(session: Session, *, occurrence: Occurrence, user_id: str, now: datetime) -> bool:
    """Record the person as attending; False if they already were. Refused outside the check-in window."""
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise PeerbotError("This meeting was cancelled, so there's nothing to check in to.")
    if now >= occurrence.end_utc:
        raise PeerbotError("This meeting is over, so check-in has closed. Ask a facilitator to mark you present.")
    if now < occurrence.start_utc - CHECK_IN_OPENS:
        raise PeerbotError("Check-in opens 15 minutes before the meeting starts; come back then.")
    return meeting_store.record(
        session, occurrence_id=occurrence.id, user_id=user_id, source=AttendanceSource.CHECK_IN, by=user_id, now=now
    )


def markable(occurrence: Occurrence, now: datetime) -> None:
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise PeerbotError("That meeting was cancelled, so it has no attendance to mark.")
    if occurrence.start_utc - CHECK_IN_OPENS > now:
        raise PeerbotError("That meeting hasn't started yet; mark attendance once it's under way.")


def mark(session: Session, *, occurrence: Occurrence, present: Sequence[str], by: str, now: datetime) -> None:
    """Make the attendance of an occurrence exactly ``present`` (a facilitator's word is final)."""
    markable(occurrence, now)
    current = set(meeting_store.attendees(session, occurrence_ids=[occurrence.id])[occurrence.id])
    meeting_store.remove(session, occurrence_id=occurrence.id, user_ids=current - set(present))
    for user_id in present:
        if user_id not in current:
            meeting_store.record(
                session,
                occurrence_id=occurrence.id,
                user_id=user_id,
                source=AttendanceSource.FACILITATOR,
                by=by,
                now=now,
            )
    session.flush()


@dataclass(frozen=True)
class HeldMeeting:
    meeting: Meeting
    occurrence: Occurrence
    attendees: list[str]
    by_state: list[tuple[str, int]]


@dataclass(frozen=True)
class AttendanceReport:
    network: Network
    roster_size: int
    meetings: list[HeldMeeting]

    @property
    def total_attendances(self) -> int:
        return sum(len(m.attendees) for m in self.meetings)

    @property
    def rate(self) -> float | None:
        """Attendances per possible attendance (roster size x meetings held), 0..1."""
        possible = self.roster_size * len(self.meetings)
        return self.total_attendances / possible if possible else None

    def by_state(self) -> list[tuple[str, int]]:
        totals: Counter[str] = Counter()
        for held in self.meetings:
            totals.update(dict(held.by_state))
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def report(session: Session, *, network: Network, now: datetime, title_filter: str = "") -> AttendanceReport:
    """The latest held meetings (optionally of series whose title contains ``title_filter``), newest first."""
    held = meeting_store.past_occurrences(
        session, network_id=network.id, now=now, meeting_id=None, limit=REPORT_OCCURRENCES * 5
    )
    by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in held})
    wanted = title_filter.strip().lower()
    chosen = [o for o in held if wanted in by_id[o.meeting_id].title.lower()][:REPORT_OCCURRENCES]
    meetings = _held(session, network=network, occurrences=chosen, by_id=by_id)
    roster = len(network_store.roster_user_ids(session, network_id=network.id))
    return AttendanceReport(network, roster, meetings)


def held_between(
    session: Session, *, network: Network, start: datetime, end: datetime, history: bool = False
) -> list[HeldMeeting]:
    """Meetings held in [start, end), oldest first (with ``history``, every one held before ``end``)."""
    held = meeting_store.held_between(session, network_id=network.id, start=None if history else start, end=end)
    by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in held})
    return _held(session, network=network, occurrences=held, by_id=by_id)


def _held(
    session: Session, *, network: Network, occurrences: Sequence[Occurrence], by_id: dict[int, Meeting]
) -> list[HeldMeeting]:
    """Each occurrence with who attended and how many from each state."""
    present = meeting_store.attendees(session, occurrence_ids=[o.id for o in occurrences])
    states = meeting_store.member_states(session, network_id=network.id)
    result = []
    for occurrence in occurrences:
        people = present[occurrence.id]
        counts = Counter(state_name(states.get(u)) or NO_STATE for u in people)
        result.append(
            HeldMeeting(
                by_id[occurrence.meeting_id],
                occurrence,
                people,
                sorted(counts.items(), key=lambda item: (-item[1], item[0])),
            )
        )
    return result


@dataclass(frozen=True)
class PersonalRecord:
    held: list[tuple[Meeting, Occurrence, bool]]

    @property
    def attended(self) -> int:
        return sum(1 for _, _, was_there in self.held if was_there)


def personal_record(session: Session, *, network: Network, user_id: str, now: datetime) -> PersonalRecord:
    held = meeting_store.past_occurrences(
        session, network_id=network.id, now=now, meeting_id=None, limit=REPORT_OCCURRENCES
    )
    by_id = meeting_store.meetings_by_id(session, meeting_ids={o.meeting_id for o in held})
    present = meeting_store.attendees(session, occurrence_ids=[o.id for o in held])
    return PersonalRecord([(by_id[o.meeting_id], o, user_id in present[o.id]) for o in held])


def latest_markable(session: Session, *, network: Network, now: datetime) -> Occurrence:
    """The meeting a facilitator most likely wants to mark: the latest one that has started (or is about to)."""
    held = meeting_store.past_occurrences(
        session, network_id=network.id, now=now + CHECK_IN_OPENS, meeting_id=None, limit=1
    )
    if not held:
        raise PeerbotError("No meeting has started yet, so there's no attendance to mark.")
    return held[0]
