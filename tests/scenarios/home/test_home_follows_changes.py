"""Every change a Home shows reaches the open Homes it affects, through the change feed: commands, cancellations,
agendas, nudges; one Home that cannot be published never holds up the others; a refused click is never silent."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from rendering.home.ids import HomeAction
from rendering.meetings.ids import MeetingAction, MeetingBlock
from rendering.meetings.payloads import OccurrenceButton
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.scenarios.home.test_home_tab import button, click, open_home, shown
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.home import DEV, FAC, HOME, MARIA, HomeWorld, home_world
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.home import refresh_changed_homes


@pytest.fixture
def world(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> HomeWorld:
    slack.add_channel("COTHER", name="rural-health", members=[FAC, MARIA])
    return home_world(session_factory, clock.now())


def test_meeting_dms_off_by_command_reaches_the_open_home(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    open_home(peerbot, DEV)
    assert "Reminder DMs for meetings you're coming to: *on*" in shown(peerbot, DEV)
    peerbot.advance(1)
    peerbot.command("dms off", user=DEV, channel=HOME, command="/meeting")
    assert "Reminder DMs for meetings you're coming to: *off*" in shown(peerbot, DEV)


def test_a_cancelled_meeting_leaves_every_open_home_at_once(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    for user in (DEV, MARIA, FAC):
        open_home(peerbot, user)
        assert "Monthly peer call" in shown(peerbot, user)
    peerbot.advance(1)
    value = OccurrenceButton(world.occurrence_id).to_value()
    peerbot.click(MeetingAction.MEETING_CANCEL_ONE, value, user=FAC, channel=HOME)
    for user in (DEV, MARIA, FAC):
        assert "Monthly peer call" not in shown(peerbot, user)


def test_a_posted_agenda_reaches_open_homes(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    open_home(peerbot, DEV)
    assert "Agenda not posted yet" in shown(peerbot, DEV)
    peerbot.advance(1)
    facilitator_home = open_home(peerbot, FAC)
    peerbot.click(
        f"{HomeAction.QUICK_ACTION}_post_agenda",
        button(facilitator_home, f"{HomeAction.QUICK_ACTION}_post_agenda")["value"],
        user=FAC,
        view=facilitator_home,
    )
    form = peerbot.opened_view("agenda_draft")
    values = {MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: {"type": "plain_text_input", "value": "Intros"}}}
    peerbot.submit(form, values, user=FAC)
    peerbot.advance(1)
    assert "Agenda not posted yet" not in shown(peerbot, DEV) and "*Agenda:* <" in shown(peerbot, DEV)


def test_a_nudge_slack_could_not_deliver_keeps_its_button_and_says_why(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub
) -> None:
    home = open_home(peerbot, FAC)
    nudge = next(
        b["accessory"]
        for b in home["blocks"]
        if "UDEV" in json.dumps(b) and b.get("accessory", {}).get("action_id") == HomeAction.NUDGE
    )
    slack.fail_next("chat.postMessage", "user_disabled", when=lambda args: args.get("channel") == DEV)
    click(peerbot, FAC, nudge)

    assert "I couldn't DM <@UDEV>" in json.dumps(slack.calls_to("views.open")[-1].args)
    text = shown(peerbot, FAC)
    assert "_nudged_" not in text and "couldn't nudge them (user_disabled)" in text
    retry = next(
        b["accessory"]
        for b in slack.home_views[FAC]["blocks"]
        if "UDEV" in json.dumps(b) and b.get("accessory", {}).get("action_id") == HomeAction.NUDGE
    )
    click(peerbot, FAC, retry)  # tried again: delivered this time
    assert "we miss you" in slack.messages[slack.dm_channel(DEV)][-1]["text"]
    assert "_nudged_" in shown(peerbot, FAC)


def test_a_home_that_cannot_be_published_never_holds_up_the_others(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    for user in (DEV, MARIA, FAC):
        open_home(peerbot, user)
    clock.advance(timedelta(minutes=1))
    slack.fail_next("views.publish", "internal_error", when=lambda args: args.get("user_id") == DEV)
    slack.fail_next("views.publish", "invalid_blocks", when=lambda args: args.get("user_id") == MARIA)
    with session_factory.begin() as session:  # a network-wide change by a write of the clock's own
        from storage.changes import Change, record

        record(session, Change.network_homes(world.network_id), wake=False)
    ctx = RunContext(
        session_factory, build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock), clock, None
    )

    result = refresh_changed_homes(ctx)
    assert result["failed"] == 2 and result["published"] >= 1  # the facilitator's Home went out all the same
    clock.advance(timedelta(seconds=2))
    again = refresh_changed_homes(ctx)
    assert again["published"] == 2 and again["failed"] == 0  # both retried, after the backoff


def test_a_refused_home_click_whose_modal_cannot_open_is_told_on_home(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, session_factory: SessionFactory
) -> None:
    home = open_home(peerbot, DEV)
    peerbot.advance(1)
    slack.fail_next("views.open", "expired_trigger_id")
    peerbot.click(MeetingAction.RSVP_GOING, "{broken", user=DEV, view=home)
    peerbot.advance(1)
    assert ":warning:" in shown(peerbot, DEV) and "out of date" in shown(peerbot, DEV)


def test_a_meeting_that_starts_closes_its_answer_buttons_on_open_homes_by_the_clock(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    open_home(peerbot, DEV)
    assert MeetingAction.RSVP_MAYBE in shown(peerbot, DEV)
    clock.advance(timedelta(days=1, minutes=1))  # the meeting started a minute ago
    ctx = RunContext(
        session_factory, build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock), clock, None
    )
    assert refresh_changed_homes(ctx)["published"] >= 1
    assert MeetingAction.RSVP_MAYBE not in shown(peerbot, DEV) and "Under way" in shown(peerbot, DEV)
    clock.advance(timedelta(hours=1))  # and ended
    refresh_changed_homes(ctx)
    assert "Monthly peer call" not in shown(peerbot, DEV)
