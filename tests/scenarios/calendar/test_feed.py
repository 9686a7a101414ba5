"""The private calendar feed: made and turned off from Home, served by peerbot's web server to calendar apps."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from bot.config import Settings
from domain.meetings import series
from rendering.calendar.ids import CalendarAction, CalendarBlock
from rendering.calendar.messages import FEED_TITLE
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import CalendarFeed, Member
from tests.scenarios.meetings.steps import MARIA, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest

PUBLIC = "https://peerbot.example.org"
OTHER = "COTHER"
NOT_FOUND = b"not found\n"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, public_url=PUBLIC)


@pytest.fixture
def networks(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> int:
    """Maria is in two networks, each with a meeting; returns the second network's id."""
    network_with_roster(session_factory, clock.now())
    schedule(peerbot, title="Equity peer call", date="2026-01-08", recurrence="weekly", count="4")
    slack.add_channel(OTHER, name="rural-health", members=["UFAC", MARIA])
    other = network_with_roster(session_factory, clock.now(), channel=OTHER, name="Rural Health")
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=other)
        assert network is not None
        form = series.MeetingForm(
            title="Rural secret session",
            start_date="2026-01-09",
            start_time="10:00",
            duration="60",
            recurrence="none",
            channel_id=OTHER,
        )
        plan = series.validate(form, zone=network.timezone, now=clock.now())
        series.create_meeting(session, network=network, plan=plan, by_user="UFAC", now=clock.now())
    return other


def _home(peerbot: PeerbotUnderTest, user: str) -> dict[str, Any]:
    peerbot.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    peerbot.advance(1)
    return peerbot.stub.home_views[user]


def _feed_buttons(home: dict[str, Any]) -> dict[str, dict[str, Any]]:
    for block in home["blocks"]:
        if block.get("block_id") == CalendarBlock.FEED:
            return {e["text"]["text"]: e for e in block["elements"]}
    raise AssertionError("no calendar feed on Home")


def _create_feed(peerbot: PeerbotUnderTest, user: str) -> str:
    home = _home(peerbot, user)
    button = next(iter(_feed_buttons(home).values()))
    assert button["action_id"] == CalendarAction.FEED_CREATE
    peerbot.click(CalendarAction.FEED_CREATE, button["value"], user=user, view=home)
    modal = peerbot.stub.calls_to("views.open")[-1].args["view"]
    text = str(modal)
    assert FEED_TITLE in text
    found = re.search(r"https://peerbot\.example\.org(/calendar/[A-Za-z0-9_-]+\.ics)", text)
    assert found, text
    return found.group(1)


def _get(peerbot: PeerbotUnderTest, path: str) -> Any:
    return peerbot.request("GET", path)


def test_member_subscribes_to_a_feed_of_their_networks_meetings_only(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, networks: int
) -> None:
    path = _create_feed(peerbot, MARIA)
    response = _get(peerbot, path)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body)
    assert str(calendar["x-wr-calname"]) == "Equity Learning (peerbot)"
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Equity peer call"]
    assert b"Rural" not in response.body  # her other network's meeting is in that network's feed only
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    with session_factory() as session:
        stored = session.scalars(select(CalendarFeed.token_hash)).one()
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/" + "A" * 43 + ".ics",
        "/calendar/nope.ics",
        "/calendar/../slack/events.ics",
        "/calendar/.ics",
        "/calendar/",
    ],
)
def test_a_wrong_token_gets_a_bare_404(peerbot: PeerbotUnderTest, networks: int, path: str) -> None:
    real = _create_feed(peerbot, MARIA)
    assert _get(peerbot, real).status == 200
    response = _get(peerbot, path)
    assert (response.status, response.body) == (404, NOT_FOUND)
    near = real[:-5] + ("B" if real[-5] != "B" else "C") + ".ics"  # one character off
    assert (_get(peerbot, near).status, _get(peerbot, near).body) == (404, NOT_FOUND)


def test_turning_the_feed_off_stops_it_and_a_new_address_replaces_the_old(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, networks: int
) -> None:
    first = _create_feed(peerbot, MARIA)
    home = _home(peerbot, MARIA)
    buttons = _feed_buttons(home)
    assert set(buttons) == {"Make a new address", "Turn off"}
    peerbot.click(CalendarAction.FEED_REVOKE, buttons["Turn off"]["value"], user=MARIA, view=home)
    assert _get(peerbot, first).status == 404
    second = _create_feed(peerbot, MARIA)
    third = _create_feed(peerbot, MARIA)  # "Make a new address"
    assert (_get(peerbot, second).status, _get(peerbot, third).status) == (404, 200)
    with session_factory() as session:
        assert len(session.scalars(select(CalendarFeed)).all()) == 1


def test_someone_who_left_the_network_gets_nothing_from_their_old_address(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, networks: int
) -> None:
    path = _create_feed(peerbot, MARIA)
    with session_factory.begin() as session:
        session.execute(update(Member).where(Member.user_id == MARIA).values(in_channel=False))
    assert (_get(peerbot, path).status, _get(peerbot, path).body) == (404, NOT_FOUND)


def test_a_feed_of_one_network_never_lists_another_networks_meetings(
    peerbot: PeerbotUnderTest, slack: SlackStub, networks: int
) -> None:
    # Maria's Home shows her first network; she switches to the other and makes that network's feed.
    home = _home(peerbot, MARIA)
    switcher = next(b for b in home["blocks"] if b.get("block_id") == "home_switcher")
    peerbot.click(
        switcher["accessory"]["action_id"],
        None,
        user=MARIA,
        view=home,
        selected_option={"text": {"type": "plain_text", "text": "Rural Health"}, "value": str(networks)},
    )
    peerbot.advance(1)
    home = slack.home_views[MARIA]
    button = next(iter(_feed_buttons(home).values()))
    assert button["value"] == str(networks)
    peerbot.click(CalendarAction.FEED_CREATE, button["value"], user=MARIA, view=home)
    path = re.search(r"(/calendar/[A-Za-z0-9_-]+\.ics)", str(slack.calls_to("views.open")[-1].args["view"]))
    assert path
    body = _get(peerbot, path.group(1)).body
    assert b"Rural secret session" in body and b"Equity peer call" not in body
