"""After "We met", a group logs its collaboration in one click: the log form comes prefilled with the group."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.config import Settings
from domain.progress import figures
from rendering.intros.ids import IntroAction, IntroBlock
from rendering.intros.payloads import IntroGroupButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import CollabButton
from storage import progress as progress_store
from storage.db import SessionFactory
from storage.models import Collaboration, IntroGroup, Network
from tests.scenarios.intros.support import intro_network
from tests.scenarios.intros.test_rounds import TUESDAY_10AM, _restarted_clock, turn_on
from tests.scenarios.progress.support import date, text, users
from tests.scenarios.progress.support import select as pick
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.intros import run_intro_rounds


@pytest.fixture
def network(slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> Network:
    return intro_network(slack, session_factory, clock)


@pytest.fixture
def ctx(session_factory: SessionFactory, clock: FakeClock, settings: Settings) -> RunContext:
    return _restarted_clock(session_factory, clock, settings)


def _round(
    peerbot: PeerbotUnderTest, clock: FakeClock, ctx: RunContext, session_factory: SessionFactory
) -> dict[str, int]:
    turn_on(peerbot, group_size="3")
    clock.set(TUESDAY_10AM)
    run_intro_rounds(ctx)
    with session_factory() as session:
        return {str(g.channel_id): g.id for g in session.scalars(select(IntroGroup))}


def _log_button(answer: dict[str, Any]) -> dict[str, Any]:
    [block] = [b for b in answer.get("blocks") or [] if b.get("block_id") == IntroBlock.LOG_COLLAB]
    [button] = block["elements"]
    return dict(button)


def _preselected(view: dict[str, Any]) -> list[str]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == ProgressBlock.MEMBERS]
    return list(block["element"].get("initial_users") or [])


def test_we_met_offers_a_collaboration_log_prefilled_with_the_group_that_counts_once_confirmed(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    ctx: RunContext,
    network: Network,
    session_factory: SessionFactory,
) -> None:
    groups = _round(peerbot, clock, ctx, session_factory)
    channel = sorted(groups)[0]
    clicker, *others = slack.group_dms[channel]

    peerbot.click(IntroAction.MET, str(groups[channel]), user=clicker, channel=channel)
    answer = peerbot.last_response()
    assert "said you met" in answer["text"]
    button = _log_button(answer)
    assert button["text"]["text"] == "Log a collaboration"
    assert IntroGroupButton.from_value(button["value"]).id == groups[channel]

    peerbot.click(IntroAction.LOG_COLLAB, button["value"], user=clicker, channel=channel)
    form = peerbot.opened_view(ProgressCallback.COLLAB)
    assert sorted(_preselected(form)) == sorted(others), "the rest of the group is preselected, not the clicker"

    values = {
        **users(ProgressBlock.MEMBERS, _preselected(form)),
        **text(ProgressBlock.OUTSIDE, None),
        **pick(ProgressBlock.KIND, "peer_advice"),
        **text(ProgressBlock.DESCRIPTION, "Compared our <subsidy> waitlists"),
        **date(ProgressBlock.DATE, "2026-01-06"),
    }
    reply = peerbot.submit(form, values, user=clicker)
    assert "Saved your collaboration" in reply.text
    with session_factory() as session:
        collaboration_id = int(session.scalar(select(Collaboration.id)) or 0)

    def by_kind() -> dict[str, int]:
        with session_factory() as session:
            rows = progress_store.collaborations(session, network_id=network.id)
            partners = progress_store.partners(session, collaboration_ids=[r.id for r in rows])
            return figures.collaborations_by_kind(rows, partners)

    assert by_kind() == {}, "unconfirmed, it does not count yet"
    peerbot.click(ProgressAction.CONFIRM_COLLAB, CollabButton(collaboration_id).to_value(), user=others[0])
    assert by_kind() == {"peer_advice": 1}


def test_only_the_group_can_log_its_meeting_and_skip_offers_no_log(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    ctx: RunContext,
    network: Network,
    session_factory: SessionFactory,
) -> None:
    groups = _round(peerbot, clock, ctx, session_factory)
    mine, theirs = sorted(groups)[:2]
    outsider = slack.group_dms[theirs][0]
    value = IntroGroupButton(groups[mine]).to_value()

    opened = len(slack.calls_to("views.open"))
    peerbot.click(IntroAction.LOG_COLLAB, value, user=outsider, channel=mine)
    assert "Only the people introduced in this group" in peerbot.last_response()["text"]
    peerbot.click(IntroAction.LOG_COLLAB, value, user="USTRANGER", channel=mine)
    assert "not on the roster" in peerbot.last_response()["text"]
    assert len(slack.calls_to("views.open")) == opened, "no collaboration form for anyone outside the group"

    peerbot.click(IntroAction.SKIP, value, user=slack.group_dms[mine][0], channel=mine)
    answer = peerbot.last_response()
    assert "skip this time" in answer["text"]
    assert not [b for b in answer.get("blocks") or [] if b.get("block_id") == IntroBlock.LOG_COLLAB]
