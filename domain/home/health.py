"""Network health for facilitators: each figure with the period it covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from domain.deliveries import nudge_key
from domain.network.participants import population
from storage import home as store
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
    nudged: frozenset[str]  # quiet members already nudged

    @property
    def attendance_rate(self) -> float | None:
        """Attendance over the meetings shown, against the roster as it was at each."""
        seats = sum(h.roster for h in self.held)
        return sum(h.attended for h in self.held) / seats if seats else None


def network_health(session: Session, *, network: Network, now: datetime) -> NetworkHealth:
    members, complete = store.roster_figures(session, network_id=network.id)
    joined, left = store.roster_moves_since(session, network_id=network.id, since=now - RECENT)
    # Attendance and response rates count participants only, by the rule the evaluation report uses.
    people = population(session, network_id=network.id)
    held_rows = store.held_meetings(session, network_id=network.id, now=now, limit=HELD_SHOWN)
    rosters = people.at([start for _, _, start, _ in held_rows])
    present = meeting_store.attendees(session, occurrence_ids=[oid for oid, _, _, _ in held_rows])
    open_now, waves_total = store.open_waves(session, network_id=network.id, limit=WAVES_SHOWN)
    sent = store.asked_and_answered(session, wave_ids=[wave_id for wave_id, _, _ in open_now])
    inactive, inactive_total = store.inactive_members(
        session, network_id=network.id, since=now - QUIET, limit=INACTIVE_SHOWN
    )
    nudged_keys = store.delivered_keys(session, keys=[nudge_key(network.id, user_id) for user_id, _ in inactive])
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
        shared_recently=store.resources_shared_since(session, network_id=network.id, since=now - RECENT),
        shared_by_state=store.resources_by_state(session, network_id=network.id, since=now - RECENT),
        inactive=inactive,
        inactive_total=inactive_total,
        per_state_gaps=store.per_state_gaps(session, network_id=network.id, limit=GAPS_SHOWN),
        nudged=frozenset(user_id for user_id, _ in inactive if nudge_key(network.id, user_id) in nudged_keys),
    )
