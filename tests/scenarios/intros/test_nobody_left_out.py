"""Introductions leave nobody out and send nothing after "off": regrouping, timing, and clear answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from rendering.intros.ids import IntroAction, IntroCallback
from slackio.client import build_web_client
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import IntroGroup, IntroGroupMember
from tests.scenarios.intros.support import MEMBERS, intro_network, settings_values
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.intros import run_intro_rounds

HOME = "CHOME"
TUESDAY_10AM = datetime(2026, 1, 6, 16, 0, tzinfo=UTC)  # 10:00 in Chicago


def restarted_clock(session_factory: SessionFactory, clock: FakeClock, settings: Settings) -> RunContext:
    """A fresh clock process: new client, nothing remembered but the database."""
    client = build_web_client(token=settings.bot_token, base_url=settings.slack_api_url, clock=clock)
    return RunContext(session_factory, client, clock, None)


@pytest.fixture
def ctx(session_factory: SessionFactory, clock: FakeClock, settings: Settings) -> RunContext:
    return restarted_clock(session_factory, clock, settings)


def turn_on(peerbot: PeerbotUnderTest, **values: str) -> None:
    peerbot.command("intros", user="UFAC", channel=HOME)
    view = peerbot.opened_view(IntroCallback.SETTINGS)
    response = peerbot.submit(view, settings_values(**values), user="UFAC")
    assert "Peer introductions are *on*" in json.dumps(response.json())


def texts(slack: SlackStub, channel: str, words: str) -> list[str]:
    return [str(m["text"]) for m in slack.messages.get(channel, []) if words in str(m["text"])]


def facilitator_notices(slack: SlackStub) -> list[str]:
    return [str(m["text"]) for m in slack.messages.get(slack.dm_channel("UFAC"), []) if "round 1" in str(m["text"])]


def test_the_partner_of_someone_slack_cannot_reach_joins_another_group_and_the_facilitator_hears_the_truth(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, session_factory: SessionFactory
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot)
    slack.add_user("UANA", name="ana", real_name="Ana Gone", deleted=True)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)

    introduced = {c: m for c, m in slack.group_dms.items() if texts(slack, c, "Meet each other")}
    people = sorted(u for members in introduced.values() for u in members)
    assert people == sorted(set(MEMBERS) - {"UANA"}), "everyone Slack can reach is introduced once"
    [trio] = [c for c, members in introduced.items() if len(members) == 3]
    [intro] = texts(slack, trio, "Meet each other")
    assert all(f"<@{u}>" in intro for u in introduced[trio]) and "UANA" not in intro
    [notice] = facilitator_notices(slack)
    assert "I couldn't reach Uana" in notice and "joined the group of" in notice
    assert "Everyone else in the round was introduced" in notice


def test_a_group_of_three_missing_one_person_is_introduced_naming_only_the_two_in_the_conversation(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, ctx: RunContext, session_factory: SessionFactory
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot, group_size="3")
    slack.add_user("UANA", name="ana", real_name="Ana Gone", deleted=True)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)

    with session_factory() as session:
        ana_group = session.scalars(
            select(IntroGroup).join(IntroGroupMember).where(IntroGroupMember.user_id == "UANA")
        ).one()
    assert ana_group.channel_id is not None and len(slack.group_dms[ana_group.channel_id]) == 2
    for channel, members in slack.group_dms.items():
        for intro in texts(slack, channel, "Meet each other"):
            assert "UANA" not in intro, "the introduction names only people in the conversation"
            assert all(f"<@{u}>" in intro for u in members)
    assert any("I couldn't reach Uana" in n for n in facilitator_notices(slack))


def test_after_introductions_are_turned_off_mid_round_no_nudge_or_follow_up_is_sent(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    session_factory: SessionFactory,
    settings: Settings,
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot)
    clock.set(TUESDAY_10AM)
    run_intro_rounds(restarted_clock(session_factory, clock, settings))
    assert slack.group_dms
    turn_on_or_off = settings_values(enabled="off")
    peerbot.command("intros", user="UFAC", channel=HOME)
    view = peerbot.opened_view(IntroCallback.SETTINGS)
    assert "Nothing more will be sent" in json.dumps(peerbot.submit(view, turn_on_or_off, user="UFAC").json())

    for day in range(1, 17):
        for hour in (0, 16, 18):
            clock.set(TUESDAY_10AM + timedelta(days=day, hours=hour - 16))
            run_intro_rounds(restarted_clock(session_factory, clock, settings))
    for channel in slack.group_dms:
        assert texts(slack, channel, "Halfway") == [] and texts(slack, channel, "has ended") == []


def test_nudges_and_follow_ups_wait_for_working_hours_in_each_persons_zone(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    session_factory: SessionFactory,
    settings: Settings,
) -> None:
    network = intro_network(
        slack, session_factory, clock, members={"UANA": ("VT", "Health", None), "UCAL": ("ME", "Labor", None)}
    )
    with session_factory.begin() as session:
        london = network_store.get_member(session, network_id=network.id, user_id="UCAL")
        assert london is not None
        london.timezone = "Europe/London"
    turn_on(peerbot, every_weeks="1")
    clock.set(TUESDAY_10AM)
    run_intro_rounds(restarted_clock(session_factory, clock, settings))
    [channel] = slack.group_dms

    def run_at(moment: datetime) -> None:
        clock.set(moment)
        run_intro_rounds(restarted_clock(session_factory, clock, settings))

    run_at(datetime(2026, 1, 10, 4, 0, tzinfo=UTC))  # halfway: Friday 22:00 in Chicago, Saturday 04:00 in London
    run_at(datetime(2026, 1, 12, 14, 59, tzinfo=UTC))  # Monday 08:59 in Chicago
    assert texts(slack, channel, "Halfway") == []
    run_at(datetime(2026, 1, 12, 15, 0, tzinfo=UTC))  # Monday 09:00 in Chicago, 15:00 in London
    assert len(texts(slack, channel, "Halfway")) == 1

    run_at(datetime(2026, 1, 13, 16, 0, tzinfo=UTC))  # the round ends as the next one starts
    run_at(datetime(2026, 1, 13, 18, 0, tzinfo=UTC))  # 12:00 in Chicago but 18:00 in London
    assert texts(slack, channel, "has ended") == []
    run_at(datetime(2026, 1, 14, 15, 0, tzinfo=UTC))  # Wednesday 09:00 in Chicago, 15:00 in London
    run_at(datetime(2026, 1, 14, 15, 1, tzinfo=UTC))
    assert len(texts(slack, channel, "has ended")) == 1


def test_members_choose_only_for_themselves_and_a_date_that_does_not_exist_is_named(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot)
    peerbot.command("intros off <@UBEN|ben>", user="UANA", channel=HOME)
    said = peerbot.last_response()["text"]
    assert "Members choose for themselves only" in said and "<@UBEN>" in said
    peerbot.command("intros", user="UANA", channel=HOME)
    assert "You're in" in peerbot.last_response()["text"], "the typist was not turned off"

    peerbot.command("intros pause until 2030-02-30", user="UANA", channel=HOME)
    said = peerbot.last_response()["text"]
    assert "2030-02-30 doesn't exist" in said and "YYYY-MM-DD" not in said


def test_who_names_who_is_out_who_is_paused_until_when_and_who_skips(
    peerbot: PeerbotUnderTest, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot)
    peerbot.command("intros off", user="UANA", channel=HOME)
    peerbot.command("intros pause until 2026-02-01", user="UBEN", channel=HOME)
    peerbot.command("intros skip", user="UCAL", channel=HOME)
    peerbot.command("intros who", user="UFAC", channel=HOME)
    who = json.dumps(peerbot.last_response()["blocks"])
    assert "5 taking part" in who
    assert "*1 out* (turned introductions off): Uana" in who
    assert "*1 paused:* Uben (until 2026-02-01)" in who
    assert "*1 skipping the next round:* Ucal" in who


def test_the_met_rate_leaves_out_the_round_still_running(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    ctx: RunContext,
    session_factory: SessionFactory,
    settings: Settings,
) -> None:
    intro_network(slack, session_factory, clock)
    turn_on(peerbot, every_weeks="1")
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    with session_factory() as session:
        first = {g.channel_id: g.id for g in session.scalars(select(IntroGroup))}
    for channel, group_id in sorted(first.items())[:2]:
        peerbot.click(IntroAction.MET, str(group_id), user=slack.group_dms[str(channel)][0], channel=str(channel))
    clock.set(TUESDAY_10AM + timedelta(days=7))
    run_intro_rounds(restarted_clock(session_factory, clock, settings))  # round 2 starts; nobody has met yet

    peerbot.command("intros report", user="UFAC", channel=HOME)
    report = json.dumps(peerbot.last_response()["blocks"])
    assert "met rate 50% of the 4 groups of finished rounds" in report
    assert "round 2 is still running and not counted" in report
