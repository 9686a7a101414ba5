"""Network health for facilitators: each figure with the period it covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.home.deliveries import nudge_key
from domain.network.participants import population
from storage import home as home_store
from storage import meetings as meeting_store
from storage.models import Network

RECENT = timedelta(days=30)
QUIET = timedelta(days=60)
HELD_SHOWN = 3
WAVES_SHOWN = 5
INACTIVE_SHOWN = 10
GAPS_SHOWN = 3


@dataclass(frozen=True)
class HeldMeeting:
    title: str
    start_utc: datetime
    attended: int
    roster: int  # participants on the roster when it started (staff are not counted)

    @property
    def rate(self) -> float | None:
        return self.attended / self.roster if self.roster else None


@dataclass(frozen=True)
class WaveRate:
    title: str
    deadline: datetime
    answered: int
    asked: int


@dataclass(frozen=True)
class NetworkHealth:
    members: int
    joined_recently: int
    left_recently: int
    profiles_complete: int
    held: list[HeldMeeting]
    waves: list[WaveRate]
    waves_total: int
    shared_recently: int
    shared_by_state: list[tuple[str, int]]
    inactive: list[tuple[str, str]]  # (user id, name)
    inactive_total: int
    per_state_gaps: list[tuple[str, list[str]]]  # (pulse title, states that have not answered)
    nudged: frozenset[str]  # quiet members a nudge reached
    nudging: frozenset[str] = frozenset()  # quiet members whose nudge is on its way (or its answer was lost)
    nudge_failed: dict[str, str] | None = None  # quiet members Slack could not reach: user id -> why

    @property
    def attendance_rate(self) -> float | None:
        """Attendance over the meetings shown, against the roster as it was at each."""
        seats = sum(h.roster for h in self.held)
        return sum(h.attended for h in self.held) / seats if seats else None


def network_health(session: Session, *, network: Network, now: datetime) -> NetworkHealth:
    members, complete = home_store.roster_figures(session, network_id=network.id)
    joined, left = home_store.roster_moves_since(session, network_id=network.id, since=now - RECENT)
    # Attendance and response rates count participants only, by the rule the evaluation report uses.
    people = population(session, network_id=network.id)
    held_rows = home_store.held_meetings(session, network_id=network.id, now=now, limit=HELD_SHOWN)
    rosters = people.at([start for _, _, start, _ in held_rows])
    present = meeting_store.attendees(session, occurrence_ids=[oid for oid, _, _, _ in held_rows])
    open_now, waves_total = home_store.open_waves(session, network_id=network.id, limit=WAVES_SHOWN)
    sent = home_store.asked_and_answered(session, wave_ids=[wave_id for wave_id, _, _ in open_now])
    inactive, inactive_total = home_store.inactive_members(
        session, network_id=network.id, since=now - QUIET, limit=INACTIVE_SHOWN
    )
    states = home_store.delivery_states(session, keys=[nudge_key(network.id, user_id) for user_id, _ in inactive])
    nudges = {
        user_id: states[nudge_key(network.id, user_id)]
        for user_id, _ in inactive
        if nudge_key(network.id, user_id) in states
    }
    return NetworkHealth(
        members=members,
        joined_recently=joined,
        left_recently=left,
        profiles_complete=complete,
        held=[
            HeldMeeting(title, start, len(rosters[start] & set(present[oid])), len(rosters[start]))
            for oid, title, start, _ in held_rows
        ],
        waves=[
            WaveRate(title, deadline, len(people.counts(sent[wave_id][1])), len(people.counts(sent[wave_id][0])))
            for wave_id, title, deadline in open_now
        ],
        waves_total=waves_total,
        shared_recently=home_store.resources_shared_since(session, network_id=network.id, since=now - RECENT),
        shared_by_state=home_store.resources_by_state(session, network_id=network.id, since=now - RECENT),
        inactive=inactive,
        inactive_total=inactive_total,
        per_state_gaps=home_store.per_state_gaps(session, network_id=network.id, limit=GAPS_SHOWN),
        nudged=frozenset(user for user, (status, _) in nudges.items() if status == "sent"),
        nudging=frozenset(user for user, (status, _) in nudges.items() if status not in ("sent", "failed")),
        nudge_failed={user: error or "not delivered" for user, (status, error) in nudges.items() if status == "failed"},
    )
