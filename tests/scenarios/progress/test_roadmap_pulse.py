"""The "roadmap progress" pulse asks about the network's own priority areas; its answers become progress reports."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from rendering.pulses.payloads import TemplateChoice
from storage.db import SessionFactory
from storage.models import Network, PriorityArea, ProgressReport, PulseQuestion
from tests.scenarios.progress.support import (
    FAC,
    HOME,
    add_area,
    network_fixture,  # noqa: F401  (the `network` fixture)
    open_roadmap,
)
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, pick, plain
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.progress import import_roadmap_pulse_answers

STAGES = "Not started\nEarly\nMaking progress\nSubstantial\nAchieved"


def test_roadmap_pulse_answers_become_each_states_progress(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    add_area(peerbot, network, "Data")
    add_area(peerbot, network, "Leadership")
    peerbot.click(PulseAction.USE_TEMPLATE, TemplateChoice("roadmap", HOME).to_value(), user=FAC, channel=HOME)
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    shown = json.dumps(builder["blocks"])
    assert "Progress on Data" in shown and "Progress on Leadership" in shown and "Making progress" in shown

    values = builder_values(
        title="Roadmap progress",
        deadline=clock.now() + timedelta(days=7),
        anonymous=False,
        audience="per_state",
        questions=[
            ("Progress on Data", "single", STAGES),
            ("Progress on Leadership", "single", STAGES),
            ("What help would move you forward?", "text", ""),
        ],
    )
    saved = peerbot.submit(builder, values, user=FAC)
    assert saved.json()["response_action"] == "update", saved.text
    invite = dm(slack, "UMARIA")[-1]
    opener = button(invite, PulseAction.OPEN_FORM)
    peerbot.click(
        opener["action_id"], opener["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=invite
    )
    form = peerbot.opened_view(PulseCallback.ANSWER)
    with session_factory() as session:
        data_q, leadership_q, help_q = session.scalars(select(PulseQuestion.id).order_by(PulseQuestion.position))
    answers = {f"{PulseBlock.ANSWER}_{data_q}": pick("2"), f"{PulseBlock.ANSWER}_{leadership_q}": pick("1")}
    answers[f"{PulseBlock.ANSWER}_{help_q}"] = plain("A data coach")
    assert peerbot.submit(form, answers, user="UMARIA").status == 200

    shown = json.dumps(open_roadmap(peerbot, user="UDEV"))
    assert "Mississippi: *Making progress*" in shown and "Mississippi: *Early*" in shown
    assert import_roadmap_pulse_answers(job_context(slack, session_factory, clock)) == {network.id: 0}  # counted once
    with session_factory() as session:
        reports = session.scalars(select(ProgressReport).order_by(ProgressReport.area_id)).all()
        areas = {a.id: a.name for a in session.scalars(select(PriorityArea))}
        assert [(areas[r.area_id], r.team_label, r.stage, r.source) for r in reports] == [
            ("Data", "Mississippi", "making_progress", "pulse"),
            ("Leadership", "Mississippi", "early", "pulse"),
        ]
