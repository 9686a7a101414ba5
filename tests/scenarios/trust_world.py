"""Two networks in one workspace, objects of every kind in the first, and someone from the second who tampers.

Equity Learning (#equity-learning) has a meeting with its card, an agenda suggestion,
a library entry and an open pulse whose DMs went to Maria and Dev. Otto is on the
roster of Other Network (#other-network) only: as a member, or as its facilitator.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain.meetings import agenda
from domain.network.setup import NetworkSettings, set_up_network
from domain.resources.library import ResourceDraft, add_resource
from rendering.pulses.ids import PulseBlock, PulseCallback
from rendering.pulses.payloads import BuilderForm
from storage import intros as intro_store
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import (
    Base,
    IntroGroup,
    IntroGroupMember,
    IntroRound,
    Meeting,
    Occurrence,
    Pulse,
    PulseQuestion,
    PulseWave,
    Role,
)
from tests.scenarios.meetings.steps import card_message, schedule
from tests.scenarios.pulses.support import builder_values, dm, pick, plain
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import HOME, MARIA
from tests.support.factories.pulses import network_with_members
from tests.support.harness import PeerbotUnderTest
from tests.support.payloads import TEAM

OTHER = "COTHER"
OUTSIDER = "UOUT"
APOLOGY = "something went wrong"
QUESTIONS = [("The network helps my agency.", "agreement", ""), ("Anything else?", "text", "")]


@dataclass(frozen=True)
class World:
    network_a: int
    network_b: int
    meeting: int
    occurrence: int
    suggestion: int
    resource: int
    pulse: int
    wave: int
    questions: tuple[int, ...]
    card: dict[str, Any]
    area: int = 0  # a priority area of network A's roadmap (added by tests that need it)
    collaboration: int = 0  # a collaboration logged in network A naming Maria
    need: int = 0  # a technical assistance need of network A


def build_world(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    *,
    outsider_facilitates: bool,
) -> World:
    slack.add_user(OUTSIDER, name="otto", real_name="Otto Outsider", display_name="Otto", tz="America/Chicago")
    slack.add_channel(OTHER, name="other-network", members=[OUTSIDER])
    with session_factory.begin() as session:
        network_a = network_with_members(
            session, now=clock.now(), members={MARIA: ("TX", "Health"), "UDEV": ("TX", None)}
        )
        network_b, _ = set_up_network(
            session,
            team_id=TEAM,
            channel_id=OTHER,
            settings=NetworkSettings(name="Other Network", timezone="America/Chicago"),
            by_user=OUTSIDER,
            by_display_name="Otto",
            by_timezone="America/Chicago",
            now=clock.now(),
        )
        otto = network_store.get_member(session, network_id=network_b.id, user_id=OUTSIDER)
        assert otto is not None
        otto.in_channel = True
        otto.role = Role.FACILITATOR if outsider_facilitates else Role.MEMBER
        resource = add_resource(
            session,
            network=network_a,
            draft=ResourceDraft(
                title="Home visiting toolkit",
                url="https://example.org/toolkit",
                description="",
                states=(),
                topics=(),
                tags=(),
                kind="toolkit",
            ),
            by_user=MARIA,
            now=clock.now(),
        )
        ids = network_a.id, network_b.id, resource.id
    assert schedule(peerbot).status == 200
    peerbot.command("new", user="UFAC", channel=HOME, command="/pulse")
    builder = {**peerbot.opened_view(PulseCallback.BUILDER), "private_metadata": BuilderForm(HOME, 2).to_value()}
    values = builder_values(deadline=clock.now() + timedelta(days=5), questions=QUESTIONS)
    assert peerbot.submit(builder, values, user="UFAC").json()["response_action"] == "update"
    assert dm(slack, MARIA), "the pulse was not sent"
    with session_factory.begin() as session:
        occurrence = session.scalars(select(Occurrence)).one()
        suggestion = agenda.suggest(session, occurrence=occurrence, user_id=MARIA, topic="Onboarding", now=clock.now())
        wave = session.scalars(select(PulseWave)).one()
        # An introduction between Maria and Dev: its buttons name group ids Otto must not answer for.
        intro_round = IntroRound(
            network_id=ids[0],
            number=1,
            starts_at=clock.now(),
            nudge_at=clock.now(),
            ends_at=clock.now() + timedelta(days=14),
            group_size=2,
            created_at=clock.now(),
        )
        members = [IntroGroupMember(user_id=u, state="TX", unreachable=False) for u in (MARIA, "UDEV")]
        for _ in range(3):  # enough groups that bare ids of other objects name one too
            intro_store.add_round(session, intro_round, [(IntroGroup(network_id=ids[0], reason="Texas"), [])])
        intro_store.add_round(session, intro_round, [(IntroGroup(network_id=ids[0], reason="Texas"), members)])
        questions = tuple(session.scalars(select(PulseQuestion.id).order_by(PulseQuestion.position)))
        return World(
            network_a=ids[0],
            network_b=ids[1],
            meeting=session.scalars(select(Meeting.id)).one(),
            occurrence=occurrence.id,
            suggestion=suggestion.id,
            resource=ids[2],
            pulse=session.scalars(select(Pulse.id)).one(),
            wave=wave.id,
            questions=questions,
            card=card_message(peerbot),
        )


def answer_values(world: World) -> dict[str, Any]:
    return {
        f"{PulseBlock.ANSWER}_{world.questions[0]}": pick("4"),
        f"{PulseBlock.ANSWER}_{world.questions[1]}": plain("TAMPERED-ANSWER"),
    }


def snapshot(session_factory: SessionFactory) -> dict[str, list[str]]:
    """Every row of every table, to prove a request changed nothing."""
    with session_factory() as session:
        return {
            table.name: sorted(repr(tuple(row)) for row in session.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }


def said(peerbot: PeerbotUnderTest, since: int) -> str:
    """Everything peerbot told the person through response URLs since the ``since``-th response."""
    return json.dumps([r["body"] for r in peerbot.stub.responses[since:]])


def calls_since(peerbot: PeerbotUnderTest, since: int, *methods: str) -> list[Any]:
    """Web API calls peerbot made since the ``since``-th call, to the given methods."""
    return [call for call in peerbot.stub.calls[since:] if call.method in methods]
