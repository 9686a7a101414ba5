"""Participation: attendance per meeting and by state, the rate over time, new and returning attendees."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from domain.meetings.attendance import NO_STATE, held_between
from domain.network.profiles import state_name
from domain.network.roster import rosters_at, spells_of
from domain.report.cells import Column, Table, protect, small
from domain.report.period import Scope


@dataclass(frozen=True)
class Participation:
    tables: tuple[Table, ...]
    meetings: int
    rate: float | None  # attendances per seat over every meeting, 0..1 (None when nothing was held)


def participation(session: Session, scope: Scope) -> Participation:
    network, minimum = scope.network, scope.minimum
    held = held_between(session, network=network, start=scope.period.start, end=scope.period.end, history=True)
    in_period = [h for h in held if h.occurrence.start_utc >= scope.period.start]
    rosters = rosters_at(spells_of(session, network_id=network.id), [h.occurrence.start_utc for h in in_period])
    seen_before: set[str] = set()
    for h in held:
        if h.occurrence.start_utc < scope.period.start:
            seen_before.update(h.attendees)
    per_meeting, new_returning = [], []
    seats_by_state: Counter[str] = Counter()
    attended_by_state: Counter[str] = Counter()
    people_by_state: dict[str, set[str]] = defaultdict(set)
    seats = attended_total = 0
    for h in in_period:
        eligible = rosters[h.occurrence.start_utc] & scope.participants
        present = eligible & set(h.attendees)
        seats += len(eligible)
        attended_total += len(present)
        for user in eligible:
            seats_by_state[_state(scope, user)] += 1
        for user in present:
            attended_by_state[_state(scope, user)] += 1
            people_by_state[_state(scope, user)].add(user)
        shown = small(len(present), minimum=minimum)
        rate = round(100 * len(present) / len(eligible)) if eligible and shown is not None else None
        when = h.occurrence.start_utc.date().isoformat()
        per_meeting.append((when, h.meeting.title, shown, len(eligible), rate))
        new = present - seen_before
        split = protect({"new": len(new), "returning": len(present - new)}, total=len(present), minimum=minimum)
        new_returning.append((when, split["new"], split["returning"]))
        seen_before |= present
    by_state = protect(
        dict(attended_by_state),
        people={s: len(p) for s, p in people_by_state.items()},
        total=attended_total,
        minimum=minimum,
    )
    state_rows = []
    for state in sorted(seats_by_state, key=lambda s: (s == NO_STATE, s)):
        value = by_state.get(state, 0)
        rate = round(100 * value / seats_by_state[state]) if value is not None and seats_by_state[state] else None
        state_rows.append((state, value, seats_by_state[state], rate))
    overall = attended_total / seats if seats else None
    return Participation(
        tables=(
            _per_meeting_table(per_meeting, overall),
            _rate_table(per_meeting),
            _state_table(state_rows),
            _new_table(new_returning),
        ),
        meetings=len(in_period),
        rate=overall,
    )


def _state(scope: Scope, user: str) -> str:
    member = scope.members.get(user)
    return (state_name(member.state) if member else None) or NO_STATE


MEETING_COLUMNS = (
    Column("date", "The day the meeting started (UTC)."),
    Column("meeting", "The meeting's title."),
    Column("attended", "Participants on the roster at the meeting who attended it."),
    Column("roster", "Participants on the roster when the meeting started: the denominator of the rate."),
    Column("rate_percent", "attended / roster, as a whole percentage."),
)


def _per_meeting_table(rows: list[tuple[str, str, int | None, int, int | None]], overall: float | None) -> Table:
    if not rows:
        reading = "No meetings were held in this period."
    else:
        shown = [(r[1], r[0], r[4]) for r in rows if r[4] is not None]
        best = max(shown, key=lambda r: r[2] or 0) if shown else None
        average = f"{round(100 * overall)}%" if overall is not None else "not known"
        reading = f"Attendance averaged {average} across {len(rows)} meetings"
        reading += f"; highest at {best[0]} on {best[1]} ({best[2]}%)." if best else "."
    return Table(
        key="attendance_per_meeting",
        title="Attendance per meeting",
        columns=MEETING_COLUMNS,
        rows=tuple(rows),
        reading=reading,
        chart="bar:date:attended",
        people_columns=("attended",),
    )


def _rate_table(rows: list[tuple[str, str, int | None, int, int | None]]) -> Table:
    rates = [r[4] for r in rows if r[4] is not None]
    if len(rates) >= 2:
        direction = "rose" if rates[-1] > rates[0] else "fell" if rates[-1] < rates[0] else "held steady"
        reading = f"The attendance rate {direction} from {rates[0]}% at the first meeting to {rates[-1]}% at the last."
    else:
        reading = "Too few meetings to show a trend."
    return Table(
        key="attendance_rate",
        title="Attendance rate over time",
        columns=(MEETING_COLUMNS[0], MEETING_COLUMNS[3], MEETING_COLUMNS[4]),
        rows=tuple((r[0], r[3], r[4]) for r in rows),
        reading=reading,
        chart="line:date:rate_percent",
    )


def _state_table(rows: list[tuple[str, int | None, int, int | None]]) -> Table:
    shown = [r for r in rows if r[3] is not None and r[0] != NO_STATE]
    if shown:
        best = max(shown, key=lambda r: (r[3] or 0, r[0]))
        reading = f"Across the period, attendance was highest from {best[0]} ({best[3]}% of possible attendances)."
    else:
        reading = "No state had enough attendees to show."
    return Table(
        key="attendance_by_state",
        title="Attendance by state",
        columns=(
            Column("state", "The participant's state, from their profile."),
            Column("attendances", "Attendances by participants from the state over every meeting."),
            Column("possible", "Sum over meetings of the state's participants on the roster: the rate's denominator."),
            Column("rate_percent", "attendances / possible, as a whole percentage."),
        ),
        rows=tuple(rows),
        reading=reading,
        chart="barh:state:rate_percent",
        people_columns=("attendances",),
        notes=("A state's figures show only when at least the threshold of its participants attended.",),
    )


def _new_table(rows: list[tuple[str, int | None, int | None]]) -> Table:
    new = sum(r[1] or 0 for r in rows)
    reading = (
        f"{new} participants attended a network meeting for the first time in this period (where shown)."
        if rows
        else "No meetings were held in this period."
    )
    return Table(
        key="new_and_returning",
        title="New and returning attendees",
        columns=(
            Column("date", "The day the meeting started (UTC)."),
            Column("new", "Attendees at their first network meeting ever."),
            Column("returning", "Attendees who had attended an earlier network meeting."),
        ),
        rows=tuple(rows),
        reading=reading,
        chart="stacked:date:new,returning",
        people_columns=("new", "returning"),
    )
