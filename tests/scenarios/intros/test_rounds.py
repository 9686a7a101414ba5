"""Peer introductions end to end: a facilitator turns them on, the clock runs rounds, groups answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from rendering.intros.ids import IntroAction, IntroCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import IntroGroup, IntroOutcome, IntroSettings, Network
from tests.scenarios.intros.support import MEMBERS, intro_network, settings_values
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.intros import run_intro_rounds

HOME = "CHOME"
# The conftest clock starts Monday 2026-01-05 15:00 UTC (09:00 in Chicago). Tuesday 10:00 Chicago:
TUESDAY_10AM = datetime(2026, 1, 6, 16, 0, tzinfo=UTC)


@pytest.fixture
def ctx(session_factory: SessionFactory, clock: FakeClock, settings: Settings) -> RunContext:
    return _restarted_clock(session_factory, clock, settings)


def _restarted_clock(session_factory: SessionFactory, clock: FakeClock, settings: Settings) -> RunContext:
    """A fresh clock process: new client, nothing remembered but the database."""
    client = build_web_client(token=settings.bot_token, base_url=settings.slack_api_url, clock=clock)
    return RunContext(session_factory, client, clock, None)


@pytest.fixture
def network(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> Network:
    return intro_network(slack, session_factory, clock)


def turn_on(peerbot: PeerbotUnderTest, **values: str) -> None:
    peerbot.command("intros", user="UFAC", channel=HOME)
    view = peerbot.opened_view(IntroCallback.SETTINGS)
    response = peerbot.submit(view, settings_values(**values), user="UFAC")
    assert response.json()["response_action"] == "update", response.text
    assert "Peer introductions are *on*" in json.dumps(response.json())


def intros_in(slack: SlackStub) -> dict[str, list[dict[str, object]]]:
    """Each group DM and the introductions posted in it."""
    return {
        channel: [m for m in slack.messages.get(channel, []) if "Meet each other" in str(m["text"])]
        for channel in slack.group_dms
    }


def texts(slack: SlackStub, channel: str, words: str) -> list[str]:
    return [str(m["text"]) for m in slack.messages.get(channel, []) if words in str(m["text"])]


def test_a_round_introduces_every_member_once_across_states(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, network: Network
) -> None:
    turn_on(peerbot, prompt="Share one thing your agency is trying <!here>")
    clock.set(TUESDAY_10AM - timedelta(minutes=1))
    assert run_intro_rounds(ctx)["started"] == 0
    clock.set(TUESDAY_10AM)
    assert run_intro_rounds(ctx)["introduced"] == 4

    groups = slack.group_dms
    people = sorted(u for members in groups.values() for u in members)
    assert people == sorted(MEMBERS), "every member taking part is in exactly one group"
    for channel, members in groups.items():
        assert len(members) == 2
        assert len({MEMBERS[u][0] for u in members}) == 2, f"{members} are from one state"
        [intro] = intros_in(slack)[channel]
        shown = json.dumps(intro["blocks"])
        assert "What you share" in shown and "A first question" in shown and " \\u00d7 " in shown
        assert "We met" in shown and "We're scheduling" in shown and "Skip this time" in shown
        assert "<!here>" not in shown and "&lt;!here&gt;" in shown  # the facilitator's prompt, escaped
    assert run_intro_rounds(ctx) == {"started": 0, "introduced": 0, "nudged": 0, "followed_up": 0}


def test_a_clock_restarted_mid_round_sends_nothing_twice_and_rate_limits_wait(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    ctx: RunContext,
    network: Network,
    session_factory: SessionFactory,
    settings: Settings,
) -> None:
    turn_on(peerbot)
    clock.set(TUESDAY_10AM)
    slack.rate_limit_next("chat.postMessage", retry_after=30, times=16)  # Slack stays rate-limited for a while
    run_intro_rounds(ctx)
    posted = sum(len(v) for v in intros_in(slack).values())
    assert posted == 0
    for _ in range(10):  # the clock restarts every minute (its rate-limit waits move the test clock too)
        clock.advance(timedelta(minutes=1))
        run_intro_rounds(_restarted_clock(session_factory, clock, settings))
    assert all(len(v) == 1 for v in intros_in(slack).values()) and len(intros_in(slack)) == 4


def test_nudges_and_follow_ups_arrive_once_and_answers_are_recorded(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    ctx: RunContext,
    network: Network,
    session_factory: SessionFactory,
) -> None:
    turn_on(peerbot)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    with session_factory() as session:
        groups = {g.channel_id: g.id for g in session.scalars(select(IntroGroup))}
    met_channel, skip_channel, busy_channel, quiet_channel = sorted(groups)
    met_by = slack.group_dms[met_channel][0]

    peerbot.click(IntroAction.MET, str(groups[met_channel]), user=met_by, channel=met_channel)
    assert "said you met" in peerbot.last_response()["text"]
    outsider = slack.group_dms[skip_channel][0]
    peerbot.click(IntroAction.MET, str(groups[met_channel]), user=outsider, channel=met_channel)
    assert "Only the people introduced in this group" in peerbot.last_response()["text"]
    peerbot.click(IntroAction.SKIP, str(groups[skip_channel]), user=outsider, channel=skip_channel)
    peerbot.click(IntroAction.SCHEDULING, str(groups[busy_channel]), user=slack.group_dms[busy_channel][1])
    with session_factory() as session:
        outcome = {g.channel_id: g.outcome for g in session.scalars(select(IntroGroup))}
    assert outcome == {
        met_channel: IntroOutcome.MET,
        skip_channel: IntroOutcome.SKIPPED,
        busy_channel: IntroOutcome.SCHEDULING,
        quiet_channel: None,
    }

    halfway = TUESDAY_10AM + timedelta(days=7)
    for minutes in range(3):
        clock.set(halfway + timedelta(minutes=minutes))
        run_intro_rounds(ctx)
    nudged = {c for c in groups if texts(slack, c, "Halfway")}
    assert nudged == {quiet_channel} and len(texts(slack, quiet_channel, "Halfway")) == 1

    end = TUESDAY_10AM + timedelta(days=14)
    for minutes in range(3):
        clock.set(end + timedelta(minutes=minutes))
        run_intro_rounds(ctx)
    followed = {c for c in groups if texts(slack, c, "has ended")}
    assert followed == {busy_channel, quiet_channel}
    assert all(len(texts(slack, c, "has ended")) == 1 for c in followed)


def test_opting_out_removes_a_person_from_the_next_round(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, network: Network
) -> None:
    turn_on(peerbot, every_weeks="1")
    peerbot.command("intros off", user="UANA", channel=HOME)
    assert "You're out of introductions" in peerbot.last_response()["text"]
    peerbot.command("intros pause until 2026-01-07", user="UBEN", channel=HOME)
    assert "paused until 2026-01-07" in peerbot.last_response()["text"]
    peerbot.command("intros pause until someday", user="UCAL", channel=HOME)
    assert "YYYY-MM-DD" in peerbot.last_response()["text"]
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    first = {u for members in slack.group_dms.values() for u in members}
    assert first == set(MEMBERS) - {"UANA", "UBEN"}

    peerbot.command("intros who", user="UFAC", channel=HOME)
    who = json.dumps(peerbot.last_response()["blocks"])
    assert "6 taking part" in who and "Uana and Uben" in who
    peerbot.command("intros who", user="UCAL", channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]

    peerbot.command("intros skip", user="UCAL", channel=HOME)
    before = set(slack.group_dms)
    clock.set(TUESDAY_10AM + timedelta(days=7))
    run_intro_rounds(ctx)
    second = {u for c, members in slack.group_dms.items() if c not in before for u in members}
    second |= {u for c in before if texts(slack, c, "Meet each other")[1:] for u in slack.group_dms[c]}
    assert "UANA" not in second and "UCAL" not in second and "UBEN" in second


def test_people_slack_cannot_reach_are_left_out_and_the_facilitator_is_told(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, network: Network
) -> None:
    turn_on(peerbot)
    slack.add_user("UANA", name="ana", real_name="Ana Gone", deleted=True)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    reached = {u for members in slack.group_dms.values() for u in members}
    assert "UANA" not in reached and len(reached) == len(MEMBERS) - 2  # Ana's partner had nobody left
    notices = [m for m in slack.messages.get(slack.dm_channel("UFAC"), []) if "round 1" in str(m["text"])]
    assert len(notices) == 1 and "could not be reached: Uana" in str(notices[0]["text"])


def test_settings_with_bad_input_get_inline_errors_and_only_facilitators_change_them(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    peerbot.command("intros", user="UFAC", channel=HOME)
    view = peerbot.opened_view(IntroCallback.SETTINGS)
    answer = peerbot.submit(view, settings_values(time_of_day="25:00", repeats="lots"), user="UFAC").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"intros_time", "intros_repeats"}
    answer = peerbot.submit(view, settings_values(), user="UANA").json()
    assert "Only facilitators" in json.dumps(answer)
    with session_factory() as session:
        assert session.scalar(select(IntroSettings)) is None
    peerbot.command("intros", user="UANA", channel=HOME)
    assert "You're in" in peerbot.last_response()["text"]


def test_facilitators_see_rounds_met_rate_and_state_coverage(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, network: Network
) -> None:
    turn_on(peerbot)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    channel, members = sorted(slack.group_dms.items())[0]
    peerbot.click(IntroAction.SKIP, _group_of(peerbot, channel), user=members[0], channel=channel)
    peerbot.command("intros report", user="UFAC", channel=HOME)
    report = json.dumps(peerbot.last_response()["blocks"])
    assert "1 rounds, 4 groups" in report and "introduced 1, met 0" in report and "1 skipped" in report


def _group_of(peerbot: PeerbotUnderTest, channel: str) -> str:
    with peerbot.session_factory() as session:
        return str(session.scalars(select(IntroGroup.id).where(IntroGroup.channel_id == channel)).one())
