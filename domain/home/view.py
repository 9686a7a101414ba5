"""What one person's Home tab shows, loaded with a fixed number of queries whatever the network's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from domain.home.health import NetworkHealth, network_health
from domain.intros.participation import Participation, on_home
from domain.meetings.attendance import check_in_open
from domain.network.profiles import Profile
from domain.network.roles import configured_facilitators
from storage import calendar as calendar_store
from storage import home as home_store
from storage import network as network_store
from storage.models import Meeting, Network, Occurrence, Pause, Resource, Role

MEETINGS_SHOWN = 3
PULSES_SHOWN = 5
RESOURCES_SHOWN = 5
NOTICE_SHOWN = timedelta(minutes=10)


@dataclass(frozen=True)
class NextMeeting:
    meeting: Meeting
    occurrence: Occurrence
    rsvp: str | None
    checked_in: bool
    check_in_open: bool
    started: bool = False  # under way: answers are closed, only checking in is left


@dataclass(frozen=True)
class WaitingPulse:
    wave_id: int
    title: str
    deadline: datetime


@dataclass(frozen=True)
class HomeData:
    user_id: str
    networks: list[Network]  # every network of the person, for the switcher
    network: Network | None  # the one shown (None: in no network)
    is_facilitator: bool = False
    on_roster: bool = False
    profile: Profile | None = None
    dm_reminders: bool = True
    meetings: list[NextMeeting] | None = None
    pulses: list[WaitingPulse] | None = None
    pulses_total: int = 0
    resources: list[Resource] | None = None
    resources_total: int = 0
    health: NetworkHealth | None = None
    intros: Participation | None = None  # None: introductions are off in the network (or they're not on its roster)
    pauses: list[Pause] | None = None  # the network's pauses not over yet
    calendar_feed_since: datetime | None = None  # None: no private calendar feed
    notice: str | None = None  # why their last click could not be done (shown at the top for a while)


def chosen_network(networks: list[Network], remembered: int | None) -> Network | None:
    """The remembered network if the person is still in it, else their first."""
    for network in networks:
        if network.id == remembered:
            return network
    return networks[0] if networks else None


def load_home(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    network_id: int | None = None,
) -> HomeData:
    """Everything the Home tab shows for one person, in the network they chose (or ``network_id``)."""
    pairs = network_store.memberships(session, team_id=team_id, user_id=user_id)
    networks = [network for network, _ in pairs]
    if network_id is None:
        tab = home_store.home_tab(session, team_id=team_id, user_id=user_id)
        network_id = tab.network_id if tab is not None else None
    network = chosen_network(networks, network_id)
    tab = home_store.home_tab(session, team_id=team_id, user_id=user_id)
    notice = (
        tab.notice if tab is not None and tab.notice_at is not None and tab.notice_at > now - NOTICE_SHOWN else None
    )
    if network is None:
        return HomeData(user_id=user_id, networks=[], network=None, notice=notice)
    member = next(m for n, m in pairs if n.id == network.id)
    facilitator = user_id in configured_facilitators(session) or member.role == Role.FACILITATOR
    meetings = [
        NextMeeting(meeting, occurrence, rsvp, checked, check_in_open(occurrence, now), occurrence.start_utc <= now)
        for occurrence, meeting, rsvp, checked in home_store.next_meetings(
            session, network_id=network.id, user_id=user_id, now=now, limit=MEETINGS_SHOWN
        )
    ]
    waiting, waiting_total = home_store.waiting_waves(
        session, network_id=network.id, user_id=user_id, limit=PULSES_SHOWN
    )
    resources, resources_total = home_store.newest_resources(session, network_id=network.id, limit=RESOURCES_SHOWN)
    today = now.astimezone(ZoneInfo(network.timezone)).date()
    intros = on_home(session, network_id=network.id, user_id=user_id, today=today) if member.in_channel else None
    feed = calendar_store.feed_of(session, network_id=network.id, user_id=user_id)
    return HomeData(
        user_id=user_id,
        networks=networks,
        network=network,
        is_facilitator=facilitator,
        on_roster=member.in_channel,
        profile=Profile.of(member),
        dm_reminders=member.dm_reminders,
        meetings=meetings,
        pulses=[WaitingPulse(w, t, d) for w, t, d in waiting],
        pulses_total=waiting_total,
        resources=resources,
        resources_total=resources_total,
        health=network_health(session, network=network, now=now) if facilitator else None,
        intros=intros,
        pauses=list(calendar_store.pauses_of(session, network_id=network.id, ending_on_or_after=today)),
        calendar_feed_since=feed.created_at if feed is not None else None,
        notice=notice,
    )
