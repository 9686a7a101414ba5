"""A landscape assessment becomes each state's TA needs; a provider logs assistance; the state's team is told."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from domain.progress import figures
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import NeedChoice
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from storage import progress as store
from storage.db import SessionFactory
from storage.models import Network, Pulse, PulseQuestion, TaDelivery, TaNeed
from tests.scenarios.progress.support import (
    FAC,
    HOME,
    date,
    network_fixture,  # noqa: F401  (the `network` fixture)
    text,
)
from tests.scenarios.pulses.support import builder_values, button, dm, plain
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest


def _assessment(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> int:
    peerbot.command("new", user=FAC, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    values = builder_values(
        title="Racial equity landscape",
        deadline=clock.now() + timedelta(days=7),
        anonymous=False,
        audience="per_state",
        questions=[("What technical assistance would help your state most?", "text", "")],
    )
    assert peerbot.submit(builder, values, user=FAC).json()["response_action"] == "update"
    with session_factory() as session:
        question = session.scalars(select(PulseQuestion.id)).one()
        pulse = session.scalars(select(Pulse.id)).one()
    for user, need in (("UMARIA", "Data disaggregation by race"), ("UDEV", "Community engagement <coaching>")):
        invite = dm(slack, user)[-1]
        opener = button(invite, PulseAction.OPEN_FORM)
        peerbot.click(opener["action_id"], opener["value"], user=user, channel=slack.dm_channel(user), message=invite)
        form = peerbot.opened_view(PulseCallback.ANSWER)
        assert peerbot.submit(form, {f"{PulseBlock.ANSWER}_{question}": plain(need)}, user=user).status == 200
    return pulse


def _needs(session_factory: SessionFactory) -> dict[str, TaNeed]:
    with session_factory() as session:
        return {n.state: n for n in session.scalars(select(TaNeed))}


def test_assessment_becomes_needs_and_a_provider_logs_assistance(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    pulse = _assessment(peerbot, slack, session_factory, clock)
    peerbot.command(f"ta assess #{pulse}", user=FAC, channel=HOME)
    assert peerbot.last_response()["text"] == "Recorded 2 needs for CO, MS."
    peerbot.command(f"ta assess #{pulse}", user=FAC, channel=HOME)
    assert peerbot.last_response()["text"] == "Recorded 0 needs."  # nothing twice
    needs = _needs(session_factory)
    assert (needs["MS"].need, needs["MS"].status, needs["MS"].requested_by) == (
        "Data disaggregation by race",
        "requested",
        "<@UMARIA>",
    )

    peerbot.command("ta", user="UMARIA", channel=HOME)
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Data disaggregation" in shown and "Community engagement" not in shown  # her state's needs only
    assert ProgressAction.NEED_MENU not in shown

    peerbot.command("ta provider <@UDEV>", user=FAC, channel=HOME)
    assert "<@UDEV> is now a technical assistance provider." in peerbot.last_response()["text"]
    peerbot.command("ta", user="UDEV", channel=HOME)
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Community engagement &lt;coaching&gt;" in shown and "Data disaggregation" in shown

    ms = needs["MS"].id
    peerbot.click(ProgressAction.NEED_MENU, NeedChoice("planned", ms).to_value(), user="UDEV", channel=HOME)
    assert "now *Planned*: Data disaggregation by race" in json.dumps(dm(slack, "UMARIA")[-1])
    peerbot.click(ProgressAction.NEED_MENU, NeedChoice("log", ms).to_value(), user="UDEV", channel=HOME)
    form = peerbot.opened_view(ProgressCallback.TA_DELIVERY)
    values = {
        **date(ProgressBlock.DATE, "2026-01-05"),
        **text(ProgressBlock.KIND, "Coaching call"),
        **text(ProgressBlock.HOURS, "lots"),
        **text(ProgressBlock.NOTE, None),
    }
    answer = peerbot.submit(form, values, user="UDEV").json()
    assert list(answer["errors"]) == [ProgressBlock.HOURS]
    values.update(text(ProgressBlock.HOURS, "1.5"))
    assert "Logged the assistance" in peerbot.submit(form, values, user="UDEV").text
    peerbot.settle()
    assert "now *In progress*" in json.dumps(dm(slack, "UMARIA")[-1])
    with session_factory() as session:
        [delivery] = session.scalars(select(TaDelivery)).all()
        assert (delivery.kind, delivery.minutes, delivery.provider) == ("Coaching call", 90, "UDEV")
        assert figures.needs_by_state_and_status(store.needs(session, network_id=network.id)) == {
            "CO": {"requested": 1},
            "MS": {"in_progress": 1},
        }


def test_members_cannot_grant_the_provider_role_or_change_needs(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    pulse = _assessment(peerbot, slack, session_factory, clock)
    peerbot.command(f"ta assess #{pulse}", user="UMARIA", channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.command("ta provider <@UMARIA>", user="UMARIA", channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.command(f"ta assess #{pulse}", user=FAC, channel=HOME)
    ms = _needs(session_factory)["MS"].id
    peerbot.click(ProgressAction.NEED_MENU, NeedChoice("received", ms).to_value(), user="UMARIA", channel=HOME)
    assert "Only technical assistance providers and facilitators" in json.dumps(peerbot.last_response())
    assert _needs(session_factory)["MS"].status == "requested"
