"""From App Home a member reports progress, logs a collaboration, and takes part in (or pauses) introductions."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.progress import roadmap
from domain.progress.roadmap import AreaDraft
from rendering.home.ids import HomeAction
from rendering.intros.ids import IntroCallback
from rendering.progress.ids import ProgressBlock, ProgressCallback
from slackio.client import build_web_client
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import IntroParticipant, ProgressReport
from tests.scenarios.home.test_home_tab import button, click, open_home, shown
from tests.scenarios.intros.support import settings_values
from tests.scenarios.progress.support import date, radio, text, users
from tests.scenarios.progress.support import select as pick
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


def _add_area(session_factory: SessionFactory, clock: FakeClock, world: HomeWorld) -> int:
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=world.network_id)
        assert network is not None
        area = roadmap.save_area(
            session, network=network, area=None, draft=AreaDraft("Generative leadership"), by_user=FAC, now=clock.now()
        )
        return area.id


def _notice(slack: SlackStub) -> str:
    return json.dumps(slack.calls_to("views.open")[-1].args["view"])


def test_member_reports_progress_from_home(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    area = _add_area(session_factory, clock, world)
    home = open_home(peerbot, DEV)
    assert "Network progress" in shown(peerbot, DEV)
    click(peerbot, DEV, button(home, HomeAction.REPORT_PROGRESS))
    form = peerbot.opened_view(ProgressCallback.REPORT)
    values = {**pick(ProgressBlock.AREA, str(area)), **radio(ProgressBlock.STAGE, "early")}
    answer = peerbot.submit(form, {**values, **text(ProgressBlock.NOTE, "Kick-off done")}, user=DEV)
    assert "Recorded" in answer.text
    with session_factory() as session:
        [report] = session.scalars(select(ProgressReport)).all()
        assert (report.area_id, report.reported_by) == (area, DEV)


def test_report_progress_without_a_roadmap_says_why_in_a_modal(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, HomeAction.REPORT_PROGRESS))
    assert "The roadmap has no priority areas yet" in _notice(slack)


def test_member_logs_a_collaboration_from_home_and_the_partner_is_asked(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock
) -> None:
    home = open_home(peerbot, DEV)
    click(peerbot, DEV, button(home, HomeAction.LOG_COLLAB))
    form = peerbot.opened_view(ProgressCallback.COLLAB)
    values = {
        **users(ProgressBlock.MEMBERS, [MARIA]),
        **text(ProgressBlock.OUTSIDE, None),
        **pick(ProgressBlock.KIND, "joint_project"),
        **text(ProgressBlock.DESCRIPTION, "Joint training plan"),
        **date(ProgressBlock.DATE, clock.now().date().isoformat()),
    }
    answer = peerbot.submit(form, values, user=DEV)
    assert "asked <@UMARIA> to confirm" in answer.text
    peerbot.advance(1)
    assert [m for m in slack.messages.get(slack.dm_channel(MARIA), []) if "logged a collaboration" in m["text"]]


def test_home_buttons_refuse_a_network_that_is_not_the_clickers(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub
) -> None:
    home = open_home(peerbot, DEV)
    # Dev is not in Rural Health: a value naming it opens no form, only a modal saying why.
    element = {**button(home, HomeAction.LOG_COLLAB), "value": str(world.other_network_id)}
    click(peerbot, DEV, element)
    assert "not on the roster" in _notice(slack)
    assert "submit" not in slack.calls_to("views.open")[-1].args["view"]


def _turn_intros_on(peerbot: PeerbotUnderTest) -> None:
    peerbot.command("intros", user=FAC, channel=HOME)
    answer = peerbot.submit(peerbot.opened_view(IntroCallback.SETTINGS), settings_values(), user=FAC)
    assert answer.json()["response_action"] == "update"
    peerbot.advance(1)  # a Home opened just before refreshes again a second later at most


def _participant(session_factory: SessionFactory, user: str) -> IntroParticipant | None:
    with session_factory() as session:
        return session.scalar(select(IntroParticipant).where(IntroParticipant.user_id == user))


def test_introductions_control_appears_only_when_the_network_has_them_on(
    peerbot: PeerbotUnderTest, world: HomeWorld
) -> None:
    open_home(peerbot, DEV)
    assert "Peer introductions" not in shown(peerbot, DEV)
    _turn_intros_on(peerbot)
    home = open_home(peerbot, DEV)
    assert "Peer introductions" in shown(peerbot, DEV) and "You're in" in shown(peerbot, DEV)
    assert button(home, f"{HomeAction.INTROS}_on")["text"]["text"] == "✓ I'm in"


def test_member_skips_turns_off_pauses_and_comes_back_from_home(
    peerbot: PeerbotUnderTest, world: HomeWorld, clock: FakeClock, session_factory: SessionFactory
) -> None:
    _turn_intros_on(peerbot)
    home = open_home(peerbot, DEV)

    click(peerbot, DEV, button(home, f"{HomeAction.INTROS}_skip"))
    assert "skip the next round" in shown(peerbot, DEV)
    row = _participant(session_factory, DEV)
    assert row is not None and row.skip_next and not row.opted_out

    click(peerbot, DEV, button(peerbot.stub.home_views[DEV], f"{HomeAction.INTROS}_off"))
    assert "You're out of introductions" in shown(peerbot, DEV)
    assert button(peerbot.stub.home_views[DEV], f"{HomeAction.INTROS}_off")["text"]["text"].startswith("✓")

    until = (clock.now() + timedelta(days=30)).date()
    picker = button(peerbot.stub.home_views[DEV], HomeAction.INTROS_PAUSE)
    click(peerbot, DEV, picker, type="datepicker", selected_date=until.isoformat())
    assert f"paused until {until.isoformat()}" in shown(peerbot, DEV)
    row = _participant(session_factory, DEV)
    assert row is not None and row.paused_until == until and not row.opted_out

    click(peerbot, DEV, button(peerbot.stub.home_views[DEV], f"{HomeAction.INTROS}_on"))
    assert "You're in" in shown(peerbot, DEV)
    row = _participant(session_factory, DEV)
    assert row is not None and (row.opted_out, row.skip_next, row.paused_until) == (False, False, None)


def test_a_pause_date_in_the_past_is_explained_and_changes_nothing(
    peerbot: PeerbotUnderTest, world: HomeWorld, clock: FakeClock, slack: SlackStub, session_factory: SessionFactory
) -> None:
    _turn_intros_on(peerbot)
    home = open_home(peerbot, DEV)
    past = (clock.now() - timedelta(days=3)).date().isoformat()
    click(peerbot, DEV, button(home, HomeAction.INTROS_PAUSE), type="datepicker", selected_date=past)
    assert "That date has passed" in _notice(slack)
    assert _participant(session_factory, DEV) is None
    assert "You're in" in shown(peerbot, DEV)


def test_opting_out_by_command_shows_on_home(peerbot: PeerbotUnderTest, world: HomeWorld) -> None:
    _turn_intros_on(peerbot)
    open_home(peerbot, DEV)
    peerbot.command("intros off", user=DEV, channel=HOME)
    peerbot.advance(1)
    assert "You're out of introductions" in shown(peerbot, DEV)


def test_turning_introductions_on_shows_the_control_on_members_homes_by_the_clock(
    peerbot: PeerbotUnderTest, world: HomeWorld, slack: SlackStub, clock: FakeClock, session_factory: SessionFactory
) -> None:
    open_home(peerbot, DEV)
    peerbot.advance(5)
    _turn_intros_on(peerbot)
    assert "Peer introductions" not in shown(peerbot, DEV)
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    ctx = RunContext(session_factory, client, clock, None)
    assert refresh_changed_homes(ctx)["published"] >= 1
    assert "Peer introductions" in shown(peerbot, DEV)
    assert refresh_changed_homes(ctx)["published"] == 0
