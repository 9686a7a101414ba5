"""Participation: attendance per meeting and by state, the rate over time, new and returning attendees.

Attendance counts participants on the roster when each meeting started (``Population.at``);
only meetings that have started by the time the report is built count ("so far"); meetings of
the period still to come are listed apart as scheduled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.meetings.attendance import NO_STATE, HeldMeeting, held_between
from domain.network.profiles import state_name
from domain.report.cells import Column, Draft, Raw, Share, Table, fewer_than, hidden_note
from domain.report.disclosure import Count, Ledger
from domain.report.period import Scope


@dataclass(frozen=True)
class Participation:
    drafts: tuple[Draft, ...]
    attended: Count  # attendances of participants over every meeting held
    seats: Count  # participants on the roster at each meeting, summed: the rate's denominator
    meetings: int
    scheduled: int


def participation(session: Session, scope: Scope, ledger: Ledger) -> Participation:
    period = scope.period
    held = held_between(session, network=scope.network, start=period.start, end=period.end, history=True)
    started = [h for h in held if h.occurrence.start_utc <= scope.now]
    in_period = [h for h in started if h.occurrence.start_utc >= period.start]
    scheduled = [h for h in held if h.occurrence.start_utc > scope.now and h.occurrence.start_utc >= period.start]
    rosters = scope.population.at([h.occurrence.start_utc for h in in_period])
    seen_before: set[str] = set()
    for h in started:
        if h.occurrence.start_utc < period.start:
            seen_before.update(h.attendees)
    per_meeting: list[tuple[Raw, ...]] = []
    new_rows: list[tuple[Raw, ...]] = []
    attendances: dict[str, list[tuple[str, int]]] = defaultdict(list)  # state -> (user, meeting) pairs
    seats_of: dict[str, list[tuple[str, int]]] = defaultdict(list)
    everyone_present: set[str] = set()
    everyone_eligible: set[str] = set()
    new_people: set[str] = set()
    meeting_counts, roster_counts, new_counts = [], [], []
    for number, h in enumerate(in_period):
        eligible = rosters[h.occurrence.start_utc]
        present = eligible & set(h.attendees)
        everyone_present |= present
        everyone_eligible |= eligible
        for user in eligible:
            seats_of[_state(scope, user)].append((user, number))
        for user in present:
            attendances[_state(scope, user)].append((user, number))
        when = period.local_day(h.occurrence.start_utc).isoformat()
        attended = ledger.count(len(present), present, label=f"attended {when}")
        roster = ledger.count(len(eligible), eligible, label=f"roster {when}")
        new = present - seen_before
        new_people |= new
        new_count = ledger.count(len(new), new, label=f"new {when}")
        returning = ledger.count(len(present - new), present - new, label=f"returning {when}")
        ledger.relate(attended, [new_count, returning])
        meeting_counts.append(attended)
        roster_counts.append(roster)
        new_counts.append(new_count)
        per_meeting.append((when, h.meeting.title, attended, roster, Share(attended, roster)))
        new_rows.append((when, new_count, returning))
        seen_before |= present
    total = ledger.count(sum(c.value for c in meeting_counts), everyone_present, label="attendances")
    seats = ledger.count(sum(c.value for c in roster_counts), everyone_eligible, label="possible attendances")
    ledger.relate(total, meeting_counts)
    ledger.relate(seats, roster_counts)
    new_total = ledger.count(len(new_people), new_people, label="new attendees")
    ledger.relate(new_total, new_counts)
    state_rows: list[tuple[Raw, ...]] = []
    state_attended, state_possible = [], []
    for state in sorted(seats_of, key=lambda s: (s == NO_STATE, s)):
        pairs, possible_pairs = attendances.get(state, []), seats_of[state]
        came = ledger.count(len(pairs), {u for u, _ in pairs}, label=f"attendances {state}")
        # The possible column is about the state's participants too: it would give a roster size away.
        possible = ledger.count(len(possible_pairs), {u for u, _ in possible_pairs}, label=f"possible {state}")
        state_attended.append(came)
        state_possible.append(possible)
        state_rows.append((state, came, possible, Share(came, possible)))
    ledger.relate(total, state_attended)
    ledger.relate(seats, state_possible)
    drafts = (
        _per_meeting_table(per_meeting, total, seats),
        _rate_table(per_meeting),
        _state_table(state_rows),
        _new_table(new_rows, new_total),
        _scheduled_table([(period.local_day(h.occurrence.start_utc).isoformat(), h.meeting.title) for h in scheduled]),
    )
    return Participation(drafts, total, seats, len(in_period), len(scheduled))


def _state(scope: Scope, user: str) -> str:
    member = scope.population.members.get(user)
    return (state_name(member.state) if member else None) or NO_STATE


def _n(count: Count, minimum: int) -> str:
    return str(count.value) if not count.hidden else fewer_than(minimum)


def attendance_sentence(total: Count, seats: Count, meetings: int, minimum: int) -> str:
    """ "84% (101 of 120 possible attendances) across 4 meetings" from the published counts."""
    if meetings == 0:
        return "No meetings were held in this period"
    rate = Share(total, seats).resolve()
    if rate is None:
        return f"Attendance is suppressed ({fewer_than(minimum)} people) across {meetings} meetings"
    return f"{rate}% ({total.value} of {seats.value} possible attendances) across {meetings} meetings"


def date_column(what: str) -> Column:
    return Column("date", f"The day the meeting started, in the network's time zone{what}.")


MEETING_COLUMNS = (
    date_column(""),
    Column("meeting", "The meeting's title."),
    Column("attended", "Participants on the roster at the meeting who attended it."),
    Column("roster", "Participants on the roster when the meeting started: the denominator of the rate."),
    Column("rate_percent", "attended / roster, as a whole percentage."),
)


def _per_meeting_table(rows: list[tuple[Raw, ...]], total: Count, seats: Count) -> Draft:
    def reading(table: Table) -> str:
        if not table.rows:
            return "No meetings were held in this period."
        text = f"Attendance averaged {attendance_sentence(total, seats, len(table.rows), table.minimum)}."
        shown = [r for r in table.rows if isinstance(r[4], int)]
        if shown:
            best = max(shown, key=lambda r: (r[4], r[0]))
            among = " among the meetings shown" if len(shown) < len(table.rows) else ""
            text += f" It was highest{among} at {best[1]} on {best[0]} ({best[4]}%, {best[2]} of {best[3]})."
        return text + hidden_note(table, "attended", "meeting")

    return Draft(
        key="attendance_per_meeting",
        title="Attendance per meeting",
        columns=MEETING_COLUMNS,
        rows=rows,
        reading=reading,
        chart="bar:date:attended",
        people_columns=("attended", "roster"),
    )


def _rate_table(rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        points = [r for r in table.rows if isinstance(r[2], int)]
        if len(points) < 2:
            return "Too few meetings with attendance shown to tell a trend."
        first, last = points[0], points[-1]
        direction = "rose" if last[2] > first[2] else "fell" if last[2] < first[2] else "held steady"  # type: ignore[operator]
        text = (
            f"The attendance rate {direction} from {first[2]}% (of {first[1]}) on {first[0]} "
            f"to {last[2]}% (of {last[1]}) on {last[0]}."
        )
        return text + hidden_note(table, "rate_percent", "meeting")

    return Draft(
        key="attendance_rate",
        title="Attendance rate over time",
        columns=(MEETING_COLUMNS[0], MEETING_COLUMNS[3], MEETING_COLUMNS[4]),
        rows=[(r[0], r[3], r[4]) for r in rows],
        reading=reading,
        chart="line:date:rate_percent",
        people_columns=("roster",),
    )


def _state_table(rows: list[tuple[Raw, ...]]) -> Draft:
    def reading(table: Table) -> str:
        shown = [r for r in table.rows if isinstance(r[3], int) and r[0] != NO_STATE]
        if not shown:
            return "No state had enough participants attending to show." + hidden_note(table, "attendances", "state")
        best = max(shown, key=lambda r: (r[3], r[0]))
        among = " among the states shown" if len(shown) < len(table.rows) else ""
        text = (
            f"Across the period, attendance was highest{among} from {best[0]} "
            f"({best[3]}%, {best[1]} of {best[2]} possible attendances)."
        )
        return text + hidden_note(table, "attendances", "state")

    return Draft(
        key="attendance_by_state",
        title="Attendance by state",
        columns=(
            Column("state", "The participant's state, from their profile."),
            Column("attendances", "Attendances by participants from the state over every meeting."),
            Column("possible", "Sum over meetings of the state's participants on the roster: the rate's denominator."),
            Column("rate_percent", "attendances / possible, as a whole percentage."),
        ),
        rows=rows,
        reading=reading,
        chart="barh:state:rate_percent",
        people_columns=("attendances", "possible"),
        notes=("A state's figures show only when at least the threshold of its participants are behind them.",),
    )


def _new_table(rows: list[tuple[Raw, ...]], new_total: Count) -> Draft:
    def reading(table: Table) -> str:
        if not table.rows:
            return "No meetings were held in this period."
        if new_total.hidden:
            return f"The number of first-time attendees is suppressed ({fewer_than(table.minimum)} people)."
        return f"{new_total.value} participants attended a network meeting for the first time in this period."

    return Draft(
        key="new_and_returning",
        title="New and returning attendees",
        columns=(
            date_column(""),
            Column("new", "Attendees at their first network meeting ever."),
            Column("returning", "Attendees who had attended an earlier network meeting."),
        ),
        rows=rows,
        reading=reading,
        chart="stacked:date:new,returning",
        people_columns=("new", "returning"),
    )


def _scheduled_table(rows: list[tuple[str, str]]) -> Draft:
    def reading(table: Table) -> str:
        if not table.rows:
            return "Every meeting of the period has been held."
        return f"{len(table.rows)} meetings of this period have not started yet; no figure counts them."

    return Draft(
        key="scheduled_meetings",
        title="Meetings still to come (scheduled, not counted)",
        columns=(date_column(" (still to come)"), Column("meeting", "The meeting's title.")),
        rows=rows,
        reading=reading,
        chart="none",
    )


__all__ = ["HeldMeeting", "Participation", "attendance_sentence", "participation"]
