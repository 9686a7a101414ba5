"""The Home tab through HTTP and the Slack stand-in: a member, a facilitator, two networks, none; every button."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from rendering.home.ids import HomeAction
from rendering.meetings.ids import MeetingAction
from rendering.network.ids import NetworkAction
from rendering.pulses.ids import PulseAction, PulseBlock
from storage.db import SessionFactory
from storage.models import Member, Network, PulseQuestion, Rsvp
from tests.scenarios.pulses.support import pick
from tests.scenarios.resources.library import form_values as resource_values
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.home import DEV, FAC, MARIA, HomeWorld, home_world, resource
from tests.support.factories.network import profile_values
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def world(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> HomeWorld:
    slack.add_channel("COTHER", name="rural-health", members=[FAC, MARIA])
    return home_world(session_factory, clock.now())


def open_home(peerbot: PeerbotUnderTest, user: str) -> dict[str, Any]:
    peerbot.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    return peerbot.stub.home_views[user]


def shown(peerbot: PeerbotUnderTest, user: str) -> str:
    return json.dumps(peerbot.stub.home_views[user]["blocks"], ensure_ascii=False)


def button(home: dict[str, Any], action_id: str, text: str | None = None) -> dict[str, Any]:
    for block in home["blocks"]:
        elements = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        for element in elements:
            if element.get("action_id") == action_id and (text is None or element["text"]["text"] == text):
                return dict(element)
    raise AssertionError(f"no {action_id} button on Home")


def click(peerbot: PeerbotUnderTest, user: str, element: dict[str, Any], **extra: Any) -> None:
    home = peerbot.stub.home_views[user]
    peerbot.click(element["action_id"], element.get("value"), user=user, view=home, **extra)
    peerbot.advance(1)  # refreshes of one person coalesce to one publish a second


def test_member_sees_their_week_in_the_network(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, DEV)

    text = shown(peerbot, DEV)
    assert "Monthly peer call" in text and "<!date^" in text and "meet.example.org" in text
    assert "Agenda not posted yet" in text
    assert "Collaboration check-in" in text and "Due <!date^" in text
    assert "Home visiting toolkit" in text and "Benefits playbook" in text
    assert "Reminder DMs for meetings you're coming to: *on*" in text
    assert "Network health" not in text and "home_quick_action" not in text
    assert button(home, PulseAction.OPEN_FORM)["value"] == json.dumps({"w": world.wave_id}, separators=(",", ":"))
    assert button(home, MeetingAction.RSVP_GOING)["value"] == str(world.occurrence_id)
    assert HomeAction.SWITCH_NETWORK not in text  # Dev is in one network only


def test_facilitator_sees_network_health_and_quick_actions(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, FAC)

    text = shown(peerbot, FAC)
    assert "Network health" in text
    assert "*Members:* 3 now · 0 joined and 0 left in the last 30 days" in text
    assert "*Profiles complete:* 0 of 3" in text
    # The facilitator (no state: staff) was sent the pulse too, but rates count participants only.
    assert "Collaboration check-in: 0/2 (0%)" in text
    assert "Resources shared in the last 30 days:* 2 (by state: Mississippi 1, Texas 1)" in text
    assert "No activity in 60 days* (1)" in text and "Dev (<@UDEV>)" in text and "Nudge" in text
    labels = [
        e["text"]["text"] for b in home["blocks"] if b.get("block_id") == "home_quick_actions" for e in b["elements"]
    ]
    assert labels == ["New meeting", "Post agenda", "New pulse", "Add facilitator", "Export results"]


def test_person_in_no_network_is_told_how_to_join(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    slack.add_user("UNEW", name="kim")
    open_home(peerbot, "UNEW")
    assert "You're not in a peer learning network yet" in shown(peerbot, "UNEW")


def test_person_in_two_networks_switches_and_the_choice_is_remembered(
    peerbot: PeerbotUnderTest, world: HomeWorld
) -> None:
    home = open_home(peerbot, MARIA)
    assert "Monthly peer call" in shown(peerbot, MARIA) and "Rural roundtable" not in shown(peerbot, MARIA)
    switcher = next(b for b in home["blocks"] if b.get("block_id") == "home_switcher")
    option = next(o for o in switcher["accessory"]["options"] if o["text"]["text"] == "Rural Health")

    peerbot.click(HomeAction.SWITCH_NETWORK, None, user=MARIA, view=home, selected_option=option)
    peerbot.advance(1)

    assert "Rural roundtable" in shown(peerbot, MARIA) and "Monthly peer call" not in shown(peerbot, MARIA)
    peerbot.advance(5)
    open_home(peerbot, MARIA)
    assert "Rural roundtable" in shown(peerbot, MARIA)  # remembered


def test_rsvp_from_home_shows_the_new_answer(
    peerbot: PeerbotUnderTest, world: HomeWorld, session_factory: SessionFactory
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, MeetingAction.RSVP_GOING))
    assert "Your answer: *Going*" in shown(peerbot, DEV)
    click(peerbot, DEV, button(peerbot.stub.home_views[DEV], MeetingAction.RSVP_NO))
    assert "Your answer: *Can't make it*" in shown(peerbot, DEV)
    with session_factory() as session:
        assert [r.answer.value for r in session.scalars(select(Rsvp))] == ["no"]


def test_answering_a_pulse_from_home_takes_it_off_the_list(
    peerbot: PeerbotUnderTest, world: HomeWorld, session_factory: SessionFactory
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, PulseAction.OPEN_FORM))
    form = peerbot.opened_view("pulse_answer")
    with session_factory() as session:
        question = session.scalars(select(PulseQuestion.id)).one()

    peerbot.submit(form, {f"{PulseBlock.ANSWER}_{question}": pick("4")}, user=DEV)
    peerbot.advance(1)

    assert "Collaboration check-in" not in shown(peerbot, DEV) and "all caught up" in shown(peerbot, DEV)


def test_suggest_a_topic_from_home_opens_the_suggestion_form(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, MeetingAction.MEETING_SUGGEST_TOPIC))
    assert peerbot.opened_view("agenda_suggest")


def test_adding_a_resource_from_home_shows_it_among_the_newest(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, HomeAction.ADD_RESOURCE))
    form = peerbot.opened_view("resource_add")
    peerbot.submit(
        form, resource_values(title="Rural <b>transit</b> guide", url="https://example.org/transit"), user=DEV
    )
    peerbot.advance(1)
    assert "Rural &lt;b&gt;transit&lt;/b&gt; guide" in shown(peerbot, DEV)


def test_search_from_home_opens_results_with_paging(
    peerbot: PeerbotUnderTest, world: HomeWorld, session_factory: SessionFactory, clock: FakeClock
) -> None:
    with session_factory.begin() as session:
        equity = session.get(Network, world.network_id)
        assert equity is not None
        for n in range(7):
            resource(session, network=equity, title=f"Transit guide {n}", by=DEV, state=None, now=clock.now())
    home = open_home(peerbot, DEV)
    peerbot.click(HomeAction.SEARCH, "transit", user=DEV, view=home, block_id="home_search")
    results = peerbot.opened_view("home_search_results")
    assert "Transit guide" in json.dumps(results["blocks"])
    next_page = button(results, f"{HomeAction.SEARCH_PAGE}_next")

    peerbot.click(next_page["action_id"], next_page["value"], user=DEV, view=results)

    updated = peerbot.stub.calls_to("views.update")[-1].args["view"]
    page = json.loads(updated) if isinstance(updated, str) else updated
    assert "6. " in json.dumps(page["blocks"]) and "Previous" in json.dumps(page["blocks"])


def test_edit_profile_from_home_and_see_it_saved(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, NetworkAction.HOME_EDIT_PROFILE))
    peerbot.submit(peerbot.opened_view("member_profile"), profile_values(state="MS", agency="DHS"), user=DEV)
    peerbot.advance(1)
    assert "Mississippi" in shown(peerbot, DEV) and "DHS" in shown(peerbot, DEV)


def test_toggling_reminder_dms_from_home(
    peerbot: PeerbotUnderTest, world: HomeWorld, session_factory: SessionFactory
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, HomeAction.TOGGLE_DMS))
    assert "Reminder DMs for meetings you're coming to: *off*" in shown(peerbot, DEV)
    with session_factory() as session:
        dev = session.scalar(select(Member).where(Member.user_id == DEV, Member.network_id == world.network_id))
        assert dev is not None and dev.dm_reminders is False
    click(peerbot, DEV, button(peerbot.stub.home_views[DEV], HomeAction.TOGGLE_DMS))
    assert "*on*" in shown(peerbot, DEV)


def test_nudge_dms_a_quiet_member_once(peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub) -> None:
    home = open_home(peerbot, FAC)
    nudge = next(
        b["accessory"]
        for b in home["blocks"]
        if "UDEV" in json.dumps(b) and b.get("accessory", {}).get("action_id") == HomeAction.NUDGE
    )
    click(peerbot, FAC, nudge)
    click(peerbot, FAC, nudge)  # a second click (or a stale Home) sends nothing more

    dms = slack.messages[slack.dm_channel(DEV)]
    assert len(dms) == 1 and "we miss you" in dms[0]["text"]
    assert "_nudged_" in shown(peerbot, FAC)


def test_member_cannot_nudge(peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub) -> None:
    facilitator_home = open_home(peerbot, FAC)
    nudge = next(
        b["accessory"]
        for b in facilitator_home["blocks"]
        if b.get("accessory", {}).get("action_id") == HomeAction.NUDGE
    )
    open_home(peerbot, MARIA)
    click(peerbot, MARIA, nudge)
    assert not slack.messages.get(slack.dm_channel(DEV))
    assert "Only facilitators" in json.dumps(slack.calls_to("views.open")[-1].args)


def test_quick_action_opens_the_meeting_form(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, FAC)
    new_meeting = button(home, f"{HomeAction.QUICK_ACTION}_new_meeting")
    click(peerbot, FAC, new_meeting)
    assert peerbot.opened_view("meeting_schedule")
    click(peerbot, FAC, button(home, f"{HomeAction.QUICK_ACTION}_new_pulse"))
    assert peerbot.opened_view("pulse_builder")


def test_ten_rsvps_in_a_second_publish_once_or_twice(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    home = open_home(peerbot, DEV)
    peerbot.advance(1)
    before = len(peerbot.stub.calls_to("views.publish"))
    going, maybe = button(home, MeetingAction.RSVP_GOING), button(home, MeetingAction.RSVP_MAYBE)
    for n in range(10):
        chosen = going if n % 2 else maybe
        peerbot.click(chosen["action_id"], chosen["value"], user=DEV, view=home)
    peerbot.advance(1)
    peerbot.advance(1)
    assert 1 <= len(peerbot.stub.calls_to("views.publish")) - before <= 2
    assert "Your answer: *Going*" in shown(peerbot, DEV)


def test_failed_publish_is_retried_with_backoff_and_the_rsvp_stands(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, session_factory: SessionFactory
) -> None:
    home = open_home(peerbot, DEV)
    peerbot.advance(1)
    slack.fail_next("views.publish", "internal_error")
    slack.rate_limit_next("views.publish", retry_after=3)

    peerbot.click(MeetingAction.RSVP_GOING, str(world.occurrence_id), user=DEV, view=home)
    with session_factory() as session:
        assert session.scalar(select(Rsvp.answer)) is not None  # the action itself went through
    assert "Your answer" not in shown(peerbot, DEV)
    peerbot.advance(1)  # first retry, after 1 s: rate limited for 3 s
    assert "Your answer" not in shown(peerbot, DEV)
    peerbot.advance(3)
    assert "Your answer: *Going*" in shown(peerbot, DEV)


def test_opening_of_a_check_in_window_refreshes_home(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    from slackio.client import build_web_client
    from workflows.context import RunContext
    from workflows.home import refresh_changed_homes

    open_home(peerbot, DEV)
    assert "Check in" not in shown(peerbot, DEV)
    clock.advance(timedelta(days=1) - timedelta(minutes=15))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    ctx = RunContext(session_factory, client, clock, None)

    result = refresh_changed_homes(ctx)
    again = refresh_changed_homes(ctx)

    assert "Check in" in shown(peerbot, DEV)
    assert result["published"] >= 1 and again["published"] == 0  # each change is pushed once


def test_someone_who_never_opened_home_gets_no_home_published(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    peerbot.click(MeetingAction.RSVP_GOING, str(world.occurrence_id), user=DEV, channel="CHOME")
    peerbot.advance(1)
    assert DEV not in peerbot.stub.home_views
