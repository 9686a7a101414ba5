"""Every week, at the time facilitators chose, the home channel hears what was added to the library."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Settings
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import HOME
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import seed
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.resources import post_weekly_digests

# Chicago is UTC-6 in January: Monday 2026-01-05 09:00 local is 15:00 UTC.
MONDAY_9AM = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


@pytest.fixture
def ctx(session_factory: SessionFactory, slack: SlackStub, clock: FakeClock, settings: Settings) -> RunContext:
    client = build_web_client(token=settings.bot_token, base_url=settings.slack_api_url, clock=clock)
    return RunContext(session_factory, client, clock, None)


def _digests(slack: SlackStub) -> list[dict[str, object]]:
    return [m for m in slack.messages.get(HOME, []) if "resource library this week" in str(m["text"])]


def _week_of_sharing(session_factory: SessionFactory, network: Network, clock: FakeClock) -> None:
    clock.set(MONDAY_9AM - timedelta(days=10))  # too old for this week's digest
    seed(session_factory, network, clock, title="Old news", topics=["Workforce"], states=["TX"])
    clock.set(MONDAY_9AM - timedelta(days=3))
    seed(session_factory, network, clock, title="Child care toolkit", topics=["Child care"], states=["MS"])
    seed(
        session_factory,
        network,
        clock,
        title="Home visiting study",
        topics=["Home visiting", "Child care"],
        states=["AL", "MS"],
        by="UDEV",
    )
    seed(session_factory, network, clock, title="Untagged report", states=[])


def test_the_digest_posts_monday_at_nine_local_with_new_resources_by_topic(
    ctx: RunContext, slack: SlackStub, clock: FakeClock, network: Network, session_factory: SessionFactory
) -> None:
    _week_of_sharing(session_factory, network, clock)
    clock.set(MONDAY_9AM - timedelta(minutes=1))
    post_weekly_digests(ctx)
    assert _digests(slack) == []

    clock.set(MONDAY_9AM)
    assert post_weekly_digests(ctx) == {network.id: "sent"}
    [digest] = _digests(slack)
    text = json.dumps(digest["blocks"])
    assert "3 resources" in digest["text"]
    assert "Old news" not in text
    # Grouped by topic (each entry under its first topic), topics A to Z and "Other" last, with states.
    assert text.index("*Child care*") < text.index("Child care toolkit") < text.index("*Home visiting*")
    assert text.index("Home visiting study") < text.index("*Other*") < text.index("Untagged report")
    assert "Home visiting study|" in text or "Home visiting study>" in text
    assert "Alabama, Mississippi" in text


def test_a_digest_is_never_posted_twice_for_the_same_week(
    ctx: RunContext, slack: SlackStub, clock: FakeClock, network: Network, session_factory: SessionFactory
) -> None:
    _week_of_sharing(session_factory, network, clock)
    clock.set(MONDAY_9AM + timedelta(minutes=5))
    post_weekly_digests(ctx)
    seed(session_factory, network, clock, title="Late addition", topics=["Workforce"])
    for _ in range(3):
        clock.advance(timedelta(minutes=5))
        post_weekly_digests(ctx)
    clock.set(MONDAY_9AM + timedelta(days=3))
    assert post_weekly_digests(ctx) == {}
    assert len(_digests(slack)) == 1

    clock.set(MONDAY_9AM + timedelta(days=7))  # next Monday: the late addition is news
    post_weekly_digests(ctx)
    assert len(_digests(slack)) == 2 and "Late addition" in json.dumps(_digests(slack)[1]["blocks"])


def test_no_post_when_nothing_is_new(ctx: RunContext, slack: SlackStub, clock: FakeClock, network: Network) -> None:
    clock.set(MONDAY_9AM + timedelta(minutes=1))
    assert post_weekly_digests(ctx) == {}
    assert HOME not in slack.messages


def test_facilitators_choose_the_digest_time_in_the_networks_zone(
    peerbot: PeerbotUnderTest,
    ctx: RunContext,
    slack: SlackStub,
    clock: FakeClock,
    network: Network,
    session_factory: SessionFactory,
) -> None:
    peerbot.command("digest friday 16:30", user="UMARIA", channel=HOME, command="/resources")
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.command("digest friday 16:30", user="UFAC", channel=HOME, command="/resources")
    assert "Fridays at 16:30 (America/Chicago)" in peerbot.last_response()["text"]

    clock.set(MONDAY_9AM + timedelta(days=1))
    seed(session_factory, network, clock, title="Home visiting study", topics=["Home visiting"])
    clock.set(MONDAY_9AM + timedelta(days=1, hours=1))
    post_weekly_digests(ctx)  # Monday's default time has passed, but the digest now goes out on Fridays
    assert _digests(slack) == []
    friday_430pm = datetime(2026, 1, 9, 22, 30, tzinfo=UTC)
    clock.set(friday_430pm - timedelta(minutes=1))
    post_weekly_digests(ctx)
    assert _digests(slack) == []
    clock.set(friday_430pm)
    post_weekly_digests(ctx)
    [digest] = _digests(slack)
    assert "Home visiting study" in json.dumps(digest["blocks"])


def test_a_malformed_digest_time_explains_the_format(peerbot: PeerbotUnderTest, network: Network) -> None:
    peerbot.command("digest someday 25:00", user="UFAC", channel=HOME, command="/resources")
    assert "/resources digest monday 09:00" in peerbot.last_response()["text"]
