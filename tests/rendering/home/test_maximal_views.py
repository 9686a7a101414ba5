"""Every Home builder (and the views and messages it leads to) rendered with the largest data peerbot allows,
validated as Slack validates: slack_sdk's models and the stand-in's checks. Nothing may be refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from domain.home.health import HeldMeeting, NetworkHealth, WaveRate
from domain.home.view import HomeData, NextMeeting, WaitingPulse
from domain.intros.participation import Participation
from domain.meetings.rsvp import Tally
from domain.network.profiles import Profile
from rendering.home.search import search_modal
from rendering.home.view import home_view
from rendering.meetings.messages import announcement
from storage.models import Meeting, Network, Occurrence, Resource
from storage.models.meetings import OccurrenceStatus, Recurrence
from storage.models.resources import ResourceKind
from tests.slackstub.validation import validate_blocks, validate_view

NOW = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
# Typed text at its longest, made of what grows most when escaped and what a careless cut would split.
AWKWARD = "<&>|*_~`"


def typed(length: int) -> str:
    return (AWKWARD * length)[:length]


def long_link(length: int = 2000, *, plain: bool = False) -> str:
    """A link as long as allowed: plain ones stay linkable (and longest as shown), awkward ones grow when escaped."""
    base = "https://example.org/a?"
    return base + (("q" if plain else "q=<&>|") * length)[: length - len(base)]


def network(n: int = 1) -> Network:
    return Network(
        id=n, team_id="T1", name=typed(80), home_channel_id=f"C{n:010d}", timezone="America/Argentina/ComodRivadavia"
    )


def meeting() -> Meeting:
    return Meeting(
        id=1,
        team_id="T1",
        network_id=1,
        title=typed(150),
        timezone="America/Argentina/ComodRivadavia",
        video_link=long_link(500, plain=True),
        place=typed(200),
        channel_id="C0000000001",
        recurrence=Recurrence.WEEKLY,
        interval_weeks=1,
        start_date=date(2026, 12, 8),
        start_time=time(15, 0),
        duration_minutes=90,
        reminder_offsets=[1440, 60],
        created_by="UFAC",
    )


def occurrence(n: int) -> Occurrence:
    start = NOW + timedelta(minutes=5 + n)
    return Occurrence(
        id=n,
        meeting_id=1,
        network_id=1,
        start_utc=start,
        end_utc=start + timedelta(hours=1),
        status=OccurrenceStatus.SCHEDULED,
        agenda_channel="C0000000001",
        agenda_ts="1765200000.000100",
        announcement_channel="C0000000001",
        announcement_ts="1765200000.000200",
        card_version=1,
    )


def resource(n: int, *, plain: bool = True) -> Resource:
    url = long_link(500 - n, plain=True) if plain else long_link()
    return Resource(
        id=n,
        network_id=1,
        title=typed(200),
        url=url,
        normalized_url=url,
        description=typed(1000),
        kind=ResourceKind.TOOLKIT,
        states=",".join(["MS", "TX", "CO", "NY", "CA", "WA", "OR", "ID", "MT", "WY", "ND"]),
        shared_by="U0123456789ABCDEF",
        created_at=NOW,
    )


def maximal_home(*, facilitator: bool = True) -> HomeData:
    states = [f"S{n:02d}"[:2] for n in range(60)]
    health = NetworkHealth(
        members=100_000,
        joined_recently=5_000,
        left_recently=5_000,
        profiles_complete=99_999,
        held=[HeldMeeting(typed(150), NOW - timedelta(days=n), 100_000, 100_000) for n in range(3)],
        waves=[WaveRate(typed(200), NOW + timedelta(days=n), 99_999, 100_000) for n in range(5)],
        waves_total=200,
        shared_recently=100_000,
        shared_by_state=[(code, 1000) for code in states],
        inactive=[(f"U{n:020d}", typed(120)) for n in range(10)],
        inactive_total=100_000,
        per_state_gaps=[(typed(200), states) for _ in range(3)],
        nudged=frozenset({f"U{0:020d}"}),
        nudging=frozenset({f"U{1:020d}"}),
        nudge_failed={f"U{n:020d}": typed(64) for n in range(2, 10)},
    )
    return HomeData(
        user_id="U0123456789ABCDEF",
        networks=[network(n) for n in range(1, 151)],
        network=network(1),
        is_facilitator=facilitator,
        on_roster=True,
        profile=Profile("MS", typed(200), typed(200), typed(500)),
        dm_reminders=True,
        meetings=[NextMeeting(meeting(), occurrence(n), "going", False, True) for n in range(3)],
        pulses=[WaitingPulse(n, typed(200), NOW + timedelta(days=1)) for n in range(5)],
        pulses_total=250,
        resources=[resource(n) for n in range(5)],
        resources_total=100_000,
        health=health if facilitator else None,
        intros=Participation(status=typed(500), choice="pause", paused_until=date(2027, 1, 1)),
        notice=typed(300),
    )


@pytest.mark.parametrize("facilitator", [True, False], ids=["facilitator", "member"])
def test_home_with_maximal_data_is_accepted_as_slack_validates_it(facilitator: bool) -> None:
    view = home_view(maximal_home(facilitator=facilitator)).to_dict()  # slack_sdk refuses what is out of limits
    assert validate_view(view) == []
    shown = str(view)
    assert "more" in shown  # capped lists say what they left out


def test_every_link_and_token_on_a_maximal_home_is_whole() -> None:
    view = home_view(maximal_home()).to_dict()
    for block in view["blocks"]:
        for text in _texts(block):
            assert text.count("<") == text.count(">"), text[:200]
            assert "&am…" not in text and "&l…" not in text


def test_search_results_with_maximal_resources_are_accepted() -> None:
    found = [resource(n, plain=n % 2 == 0) for n in range(10)]
    view = search_modal(
        network_id=1, text=typed(500), resources=found, offset=90, page_size=10, has_more=True
    ).to_dict()
    assert validate_view(view) == []


def test_a_meeting_card_with_maximal_data_is_accepted() -> None:
    tally = Tally(going=[f"U{n:020d}" for n in range(10)], maybe=[], no=[], version=1, totals=(5000, 5000, 5000))
    blocks = [b.to_dict() for b in announcement(meeting(), occurrence(1), tally, by_user="UFAC")]
    assert validate_blocks(blocks) == []


def _texts(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str) else []
        return found + [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []
