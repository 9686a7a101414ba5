"""App Home as deployed: two `peerbot serve` processes and a `peerbot clock`, real processes on one database and
the Slack stand-in. Homes follow every change, once per person per interval whichever process took the click,
retried until current when Slack refuses, and a click that can no longer be done is told and redrawn."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from rendering.meetings.ids import MeetingAction
from rendering.meetings.payloads import OccurrenceButton
from storage.db import SessionFactory
from storage.models import ChangeRecord, Member, Occurrence, Rsvp
from tests.slackstub import SlackStub
from tests.slackstub.server import Call
from tests.support import payloads
from tests.support.factories.home import DEV, FAC, HOME, MARIA, HomeWorld, home_world
from tests.support.processes import SECRET, peerbot_process, process_env

INTERVAL_SECONDS = 3  # PEERBOT_CARD_REFRESH_SECONDS: wide enough that ten clicks land within one, even under load
TITLE = "Monthly peer call"


@dataclass(frozen=True)
class Deployment:
    web: tuple[int, int]  # the ports of the two web processes

    def post(self, which: int, body: bytes, *, content_type: str = "application/x-www-form-urlencoded") -> int:
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body),
        }
        connection = http.client.HTTPConnection("127.0.0.1", self.web[which % 2], timeout=30)
        try:
            connection.request("POST", "/slack/events", body=body, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def deployment(
    _stub_server: SlackStub,
    database_url: str,
    engine: Engine,
    session_factory: SessionFactory,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployment]:
    """Started for each test and stopped before its rows are cleaned away, so no process of one test publishes
    (or marks shown) anything of the next."""
    workdir = tmp_path_factory.mktemp("home-processes")
    ports = (_free_port(), _free_port())
    common = {"DATABASE_URL": database_url, "PEERBOT_CARD_REFRESH_SECONDS": str(INTERVAL_SECONDS)}
    if database_url.startswith("postgres"):
        common["PEERBOT_QUEUE"] = "inline"  # the clock runs every job itself (no worker in this deployment)
    with ExitStack() as stack:
        for port in ports:
            env = process_env(workdir, _stub_server, PORT=str(port), WEB_CONCURRENCY="1", **common)
            stack.enter_context(peerbot_process("serve", env=env, cwd=workdir, ready="Booting worker"))
        clock_env = process_env(workdir, _stub_server, **common)
        stack.enter_context(peerbot_process("clock", env=clock_env, cwd=workdir, ready="peerbot clock starting"))
        yield Deployment(ports)


@pytest.fixture
def world(deployment: Deployment, slack: SlackStub, session_factory: SessionFactory) -> HomeWorld:
    slack.add_channel("COTHER", name="rural-health", members=[FAC, MARIA])
    return home_world(session_factory, datetime.now(UTC))  # the processes run on the real clock


def _open_home(deployment: Deployment, slack: SlackStub, user: str, which: int = 0) -> dict[str, Any]:
    event = {"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"}
    assert deployment.post(which, payloads.event_callback(event, team=payloads.TEAM), content_type="application/json")
    slack.wait_for("views.publish", lambda c: c.args["user_id"] == user and c.ok, timeout=30)
    return slack.home_views[user]


def _home_click(
    deployment: Deployment,
    slack: SlackStub,
    which: int,
    user: str,
    home: dict[str, Any],
    action: str,
    occurrence_id: int,
) -> None:
    body = payloads.block_action(
        user=user,
        team=payloads.TEAM,
        action_id=action,
        value=OccurrenceButton(occurrence_id).to_value(),
        trigger_id=slack.new_trigger_id(),
        response_url=None,
        view=home,
    )
    assert deployment.post(which, body) == 200


def _publishes(slack: SlackStub, user: str) -> list[Call]:
    return [c for c in slack.calls_to("views.publish") if c.args.get("user_id") == user]


def _shows(call: Call, text: str) -> bool:
    return text in json.dumps(call.args.get("view"), ensure_ascii=False)


def test_ten_rsvps_in_a_second_on_two_web_processes_publish_home_at_most_twice(
    deployment: Deployment, world: HomeWorld, slack: SlackStub, session_factory: SessionFactory
) -> None:
    home = _open_home(deployment, slack, DEV)
    before = len(_publishes(slack, DEV))
    actions = [MeetingAction.RSVP_GOING, MeetingAction.RSVP_MAYBE] * 5
    clicks = [
        threading.Thread(target=_home_click, args=(deployment, slack, n, DEV, home, action, world.occurrence_id))
        for n, action in enumerate(actions)
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()
    slack.wait_for("views.publish", lambda c: c.args["user_id"] == DEV and _shows(c, "Your answer: *"), timeout=30)
    time.sleep(2 * INTERVAL_SECONDS + 1)  # real processes on the real clock: let every click and publish land
    with session_factory() as session:
        answer = session.scalar(select(Rsvp.answer).where(Rsvp.user_id == DEV))
    label = {"going": "Going", "maybe": "Maybe"}[str(answer.value if answer else "")]
    published = _publishes(slack, DEV)[before:]
    assert 1 <= len(published) <= 2, [c.ok for c in published]
    assert _shows(published[-1], f"Your answer: *{label}*")


def test_a_publish_slack_refuses_is_retried_until_home_is_current(
    deployment: Deployment, world: HomeWorld, slack: SlackStub
) -> None:
    home = _open_home(deployment, slack, DEV)
    slack.fail_next("views.publish", "internal_error")

    _home_click(deployment, slack, 1, DEV, home, MeetingAction.RSVP_GOING, world.occurrence_id)

    current = slack.wait_for(
        "views.publish", lambda c: c.ok and c.args["user_id"] == DEV and _shows(c, "Your answer: *Going*"), timeout=30
    )
    published = _publishes(slack, DEV)
    shown_at = next(n for n, c in enumerate(published) if c is current)
    assert any(not c.ok for c in published[:shown_at])  # refused first, then retried until shown


def test_a_cancelled_meeting_leaves_every_open_home_within_a_minute(
    deployment: Deployment, world: HomeWorld, slack: SlackStub
) -> None:
    for user in (DEV, MARIA):
        assert TITLE in json.dumps(_open_home(deployment, slack, user))
    body = payloads.block_action(
        user=FAC,
        team=payloads.TEAM,
        action_id=MeetingAction.MEETING_CANCEL_ONE,
        value=OccurrenceButton(world.occurrence_id).to_value(),
        trigger_id=slack.new_trigger_id(),
        response_url=slack.response_url(),
        channel=HOME,
    )
    assert deployment.post(1, body) == 200

    for user in (DEV, MARIA):
        slack.wait_for(
            "views.publish", lambda c, u=user: c.ok and c.args["user_id"] == u and not _shows(c, TITLE), timeout=60
        )
    assert TITLE not in json.dumps(slack.home_views[DEV]) and TITLE not in json.dumps(slack.home_views[MARIA])


@pytest.mark.parametrize("what", ["cancelled", "started"])
def test_a_home_click_on_a_meeting_that_cannot_be_answered_is_told_and_home_redrawn(
    what: str, deployment: Deployment, world: HomeWorld, slack: SlackStub, session_factory: SessionFactory
) -> None:
    home = _open_home(deployment, slack, DEV)
    before = len(_publishes(slack, DEV))
    with session_factory.begin() as session:  # after the Home was drawn, unknown to it
        changes: dict[str, Any] = (
            {"status": "cancelled"}
            if what == "cancelled"
            else {
                "start_utc": datetime.now(UTC) - timedelta(minutes=5),
                "end_utc": datetime.now(UTC) + timedelta(hours=1),
            }
        )
        session.execute(update(Occurrence).where(Occurrence.id == world.occurrence_id).values(**changes))

    _home_click(deployment, slack, 0, DEV, home, MeetingAction.RSVP_MAYBE, world.occurrence_id)

    told = slack.wait_for("views.open", timeout=30)
    expected = "was cancelled" if what == "cancelled" else "is over"
    assert expected in json.dumps(told.args["view"])
    redrawn = slack.wait_for(
        "views.publish",
        lambda c: c.ok and c.args["user_id"] == DEV and not _shows(c, MeetingAction.RSVP_MAYBE),
        timeout=30,
    )
    assert len(_publishes(slack, DEV)) > before  # the stale buttons are gone from a redrawn Home
    if what == "cancelled":
        assert not _shows(redrawn, TITLE)
    else:
        assert _shows(redrawn, "Under way: answers are closed")
    with session_factory() as session:
        assert session.scalar(select(Rsvp).where(Rsvp.user_id == DEV)) is None


def test_the_clock_publishes_a_change_whose_web_process_died_before_publishing_it(
    deployment: Deployment, world: HomeWorld, slack: SlackStub, session_factory: SessionFactory
) -> None:
    _open_home(deployment, slack, DEV)
    with session_factory.begin() as session:  # committed with its change recorded, then the process was gone
        session.execute(update(Member).where(Member.user_id == DEV).values(dm_reminders=False))
        session.add(ChangeRecord(kind="person", team_id=payloads.TEAM, user_id=DEV, recorded_at=datetime.now(UTC)))

    slack.wait_for(
        "views.publish",
        lambda c: c.ok and c.args["user_id"] == DEV and _shows(c, "Reminder DMs for meetings you're coming to: *off*"),
        timeout=70,
    )
