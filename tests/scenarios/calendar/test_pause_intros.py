"""Introductions pause too: a round due on a paused day is skipped; the next one starts as usual."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from rendering.intros.ids import IntroCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import IntroRound, Network
from tests.scenarios.intros.support import intro_network, settings_values
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.intros import run_intro_rounds

HOME = "CHOME"


def test_a_round_due_on_a_paused_day_is_skipped_even_by_a_clock_restarted_after_it(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network: Network = intro_network(slack, session_factory, clock)
    peerbot.command("intros", user="UFAC", channel=HOME)
    peerbot.submit(peerbot.opened_view(IntroCallback.SETTINGS), settings_values(), user="UFAC")  # Tuesdays 10 am
    peerbot.command("holiday 2026-01-06 Staff day", user="UFAC", channel=HOME, command="/meeting")
    assert "Paused: *Staff day*" in peerbot.last_response()["text"]

    def clock_runs(at: datetime) -> dict[str, int]:
        clock.set(at)
        client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
        return run_intro_rounds(RunContext(session_factory, client, clock, None))

    assert clock_runs(datetime(2026, 1, 6, 16, 0, tzinfo=UTC))["started"] == 0  # the paused Tuesday
    assert clock_runs(datetime(2026, 1, 8, 12, 0, tzinfo=UTC))["started"] == 0  # a clock back after it
    assert clock_runs(datetime(2026, 1, 20, 16, 0, tzinfo=UTC))["started"] == 1  # two weeks on
    with session_factory() as session:
        rounds = session.scalars(select(IntroRound).where(IntroRound.network_id == network.id)).all()
    assert [r.starts_at for r in rounds] == [datetime(2026, 1, 20, 16, 0, tzinfo=UTC)]
