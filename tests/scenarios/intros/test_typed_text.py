"""Typed text through introductions, their "Log a collaboration" and Home's participation control is shown escaped."""

from __future__ import annotations

import json

from sqlalchemy import select

from bot.config import Settings
from rendering.home.ids import HomeAction
from rendering.intros.ids import IntroAction, IntroBlock
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import CollabButton
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Collaboration, IntroGroup
from tests.scenarios.intros.support import intro_network
from tests.scenarios.intros.test_rounds import TUESDAY_10AM, _restarted_clock, turn_on
from tests.scenarios.progress.support import date, text, users
from tests.scenarios.progress.support import select as pick
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from tests.support.typed_text import hostile, leaks, shown_escaped
from workflows.intros import run_intro_rounds

PEOPLE = {"UANA": ("VT", None, None), "UBEN": ("ME", None, None), "UCAL": ("TX", None, None)}


def test_typed_text_through_introductions_their_collaboration_log_and_home_is_escaped(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    clock: FakeClock,
    session_factory: SessionFactory,
    settings: Settings,
) -> None:
    network = intro_network(slack, session_factory, clock, members=PEOPLE)
    with session_factory.begin() as session:
        stored = network_store.get_network(session, network_id=network.id)
        assert stored is not None
        stored.name = hostile(80)
        for user_id in PEOPLE:
            member = network_store.get_member(session, network_id=network.id, user_id=user_id)
            assert member is not None
            member.role_title, member.agency, member.learning_interests = hostile(120), hostile(200), hostile(500)
    turn_on(peerbot, prompt=hostile(500), group_size="3")
    clock.set(TUESDAY_10AM)
    run_intro_rounds(_restarted_clock(session_factory, clock, settings))
    with session_factory() as session:
        group = session.scalars(select(IntroGroup)).one()
    channel = str(group.channel_id)
    clicker, partner, _third = slack.group_dms[channel]
    peerbot.click(IntroAction.MET, str(group.id), user=clicker, channel=channel)
    [block] = [b for b in peerbot.last_response()["blocks"] if b.get("block_id") == IntroBlock.LOG_COLLAB]
    peerbot.click(IntroAction.LOG_COLLAB, block["elements"][0]["value"], user=clicker, channel=channel)
    collab = {
        **users(ProgressBlock.MEMBERS, [partner]),
        **text(ProgressBlock.OUTSIDE, hostile(90)),
        **pick(ProgressBlock.KIND, "peer_advice"),
        **text(ProgressBlock.DESCRIPTION, hostile(1000)),
        **date(ProgressBlock.DATE, TUESDAY_10AM.date().isoformat()),
    }
    peerbot.submit(peerbot.opened_view(ProgressCallback.COLLAB), collab, user=clicker)
    peerbot.advance(1)
    with session_factory() as session:
        collaboration_id = session.scalars(select(Collaboration.id)).one()
    peerbot.click(ProgressAction.CONFIRM_COLLAB, CollabButton(collaboration_id).to_value(), user=partner)

    peerbot.event({"type": "app_home_opened", "user": partner, "channel": f"D{partner}", "tab": "home"})
    home = slack.home_views[partner]
    assert "Peer introductions" in json.dumps(home["blocks"])
    [skip] = [
        e
        for b in home["blocks"]
        if b.get("block_id") == "home_intros"
        for e in b["elements"]
        if e["action_id"] == f"{HomeAction.INTROS}_skip"
    ]
    peerbot.click(skip["action_id"], skip["value"], user=partner, view=home)
    peerbot.advance(1)
    assert "skip the next round" in json.dumps(slack.home_views[partner]["blocks"])

    found = leaks(slack, peerbot.acknowledgements)
    assert not found, "\n".join(found)
    assert shown_escaped(slack, peerbot.acknowledgements) >= 5
    assert not slack.invalid_calls
