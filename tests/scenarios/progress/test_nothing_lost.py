"""Progress loses nothing and says what happened: renamed areas keep their answers, mentions render,
saves are confirmed, notes reach facilitators, and people hear the truth before and after they act."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import AreaChoice
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from storage import network as network_store
from storage.db import SessionFactory
from storage.models import Network, PriorityArea, ProgressReport, PulseQuestion
from tests.scenarios.progress.support import (
    FAC,
    HOME,
    add_area,
    area_values,
    network_fixture,  # noqa: F401  (the `network` fixture)
    open_roadmap,
    report,
    text,
    users,
)
from tests.scenarios.progress.support import date as date_field
from tests.scenarios.progress.support import select as choose
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, pick, plain, with_count
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.progress import import_roadmap_pulse_answers

STAGES = "Not started\nEarly\nMaking progress\nSubstantial\nAchieved"


def _roadmap_pulse(peerbot: PeerbotUnderTest, clock: FakeClock) -> None:
    peerbot.command("new", user=FAC, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    values = builder_values(
        title="Roadmap progress",
        deadline=clock.now() + timedelta(days=7),
        anonymous=False,
        audience="per_state",
        questions=[("Progress on Data", "single", STAGES), ("What would help?", "text", "")],
    )
    assert peerbot.submit(with_count(builder, 2), values, user=FAC).json()["response_action"] == "update"


def _answer(peerbot: PeerbotUnderTest, slack: SlackStub, user: str, question: int, choice: str, *, action: str) -> None:
    message = next(m for m in reversed(dm(slack, user)) if "blocks" in m and _has(m, action))
    opener = button(message, action)
    peerbot.click(opener["action_id"], opener["value"], user=user, channel=slack.dm_channel(user), message=message)
    form = peerbot.opened_view(PulseCallback.ANSWER)
    answers = {f"{PulseBlock.ANSWER}_{question}": pick(choice), f"{PulseBlock.ANSWER}_{question + 1}": plain("-")}
    assert peerbot.submit(form, answers, user=user).status == 200


def _has(message: dict[str, Any], action: str) -> bool:
    return action in json.dumps(message.get("blocks") or [])


def _reports(session_factory: SessionFactory) -> list[tuple[str, str, str]]:
    with session_factory() as session:
        areas = {a.id: a.name for a in session.scalars(select(PriorityArea))}
        return sorted((areas[r.area_id], r.team_label, r.stage) for r in session.scalars(select(ProgressReport)))


def test_renaming_an_area_while_its_pulse_is_open_keeps_every_answer_given_or_changed_afterwards(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    add_area(peerbot, network, "Data")
    _roadmap_pulse(peerbot, clock)
    with session_factory() as session:
        question = min(session.scalars(select(PulseQuestion.id)))
        area_id = session.scalars(select(PriorityArea.id)).one()
    _answer(peerbot, slack, "UMARIA", question, "2", action=PulseAction.OPEN_FORM)
    assert import_roadmap_pulse_answers(job_context(slack, session_factory, clock)) == {network.id: 1}

    peerbot.click(ProgressAction.AREA_MENU, AreaChoice("edit", area_id).to_value(), user=FAC, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.AREA)
    assert "Saved *Data and measurement*" in peerbot.submit(view, area_values("Data and measurement"), user=FAC).text

    _answer(peerbot, slack, "UDEV", question, "1", action=PulseAction.OPEN_FORM)  # answered after the rename
    _answer(peerbot, slack, "UMARIA", question, "3", action=PulseAction.CHANGE)  # changed after the rename
    clock.advance(timedelta(minutes=10))
    import_roadmap_pulse_answers(job_context(slack, session_factory, clock))  # a restarted clock's pass
    assert _reports(session_factory) == [
        ("Data and measurement", "Colorado", "early"),
        ("Data and measurement", "Mississippi", "substantial"),
    ]
    shown = json.dumps(open_roadmap(peerbot, user="UDEV"))
    assert "Colorado: *Early*" in shown and "Mississippi: *Substantial*" in shown


def test_saving_the_future_state_or_an_area_is_confirmed_and_a_past_target_date_is_refused_inline(
    peerbot: PeerbotUnderTest, network: Network, clock: FakeClock
) -> None:
    peerbot.click(ProgressAction.EDIT_FUTURE_STATE, NetworkButton(network.id).to_value(), user=FAC, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.FUTURE_STATE)
    saved = peerbot.submit(view, text(ProgressBlock.FUTURE_STATE, "Every family served fairly"), user=FAC).json()
    assert saved["response_action"] == "update" and "Saved the future state" in json.dumps(saved)

    yesterday = (clock.now() - timedelta(days=2)).date().isoformat()
    refused = add_area(peerbot, network, "Workforce", target=yesterday).json()
    assert refused["response_action"] == "errors"
    assert "has already passed" in refused["errors"][ProgressBlock.TARGET_DATE]
    added = add_area(peerbot, network, "Workforce", target="2027-06-30").json()
    assert added["response_action"] == "update" and "Added *Workforce* on the roadmap" in json.dumps(added)


def test_progress_notes_show_in_the_facilitators_roadmap_view_only(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    with session_factory() as session:
        area_id = session.scalars(select(PriorityArea.id)).one()
    report(peerbot, user="UMARIA", area_id=area_id, stage="early", note="Hired a data lead <finally>")
    facilitator_view = json.dumps(open_roadmap(peerbot, user=FAC))
    assert "Hired a data lead &lt;finally&gt;" in facilitator_view
    assert "Hired a data lead" not in json.dumps(open_roadmap(peerbot, user="UDEV"))


def test_the_collaboration_notice_names_who_was_asked_and_who_could_not_be_reached(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    with session_factory.begin() as session:
        network_store.upsert_member(
            session,
            network=network,
            user_id="UGONE",
            display_name="Gone",
            timezone=None,
            now=network.created_at,
            in_channel=True,
        )
    slack.add_user("UGONE", name="gone", real_name="Gone", deleted=True)
    peerbot.command("collab", user="UMARIA", channel=HOME)
    view = peerbot.opened_view(ProgressCallback.COLLAB)
    values = {
        **users(ProgressBlock.MEMBERS, ["UDEV", "UGONE"]),
        **text(ProgressBlock.OUTSIDE, None),
        **choose(ProgressBlock.KIND, "joint_project"),
        **text(ProgressBlock.DESCRIPTION, "A joint proposal"),
        **date_field(ProgressBlock.DATE, "2026-01-02"),
    }
    reply = peerbot.submit(view, values, user="UMARIA").text
    assert "<@UGONE>" not in reply and "<@UDEV>" not in reply, "nobody is named before they were reached"
    peerbot.settle()
    [notice] = [m for m in dm(slack, "UMARIA") if "couldn't reach" in m["text"]]
    assert "I asked <@UDEV> to confirm" in notice["text"] and "couldn't reach <@UGONE>" in notice["text"]


def test_ta_assess_names_states_and_a_need_shows_who_requested_it_as_a_mention(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    peerbot.command("new", user=FAC, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    values = builder_values(
        title="Landscape",
        deadline=clock.now() + timedelta(days=7),
        anonymous=False,
        audience="per_state",
        questions=[("What would help most?", "text", "")],
    )
    assert peerbot.submit(builder, values, user=FAC).json()["response_action"] == "update"
    with session_factory() as session:
        question = session.scalars(select(PulseQuestion)).one()
    invite = dm(slack, "UMARIA")[-1]
    opener = button(invite, PulseAction.OPEN_FORM)
    peerbot.click(
        opener["action_id"], opener["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=invite
    )
    form = peerbot.opened_view(PulseCallback.ANSWER)
    peerbot.submit(form, {f"{PulseBlock.ANSWER}_{question.id}": plain("A data coach")}, user="UMARIA")

    peerbot.command(f"ta assess #{question.pulse_id}", user=FAC, channel=HOME)
    assert peerbot.last_response()["text"] == "Recorded 1 need for Mississippi."
    peerbot.command("ta", user=FAC, channel=HOME)
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Requested by <@UMARIA>" in shown and "&lt;@" not in shown


def test_a_second_member_of_a_state_that_already_answered_is_told_before_filling_the_form(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    with session_factory.begin() as session:
        network_store.upsert_member(
            session,
            network=network,
            user_id="UMIA",
            display_name="Mia",
            timezone=None,
            now=clock.now(),
            in_channel=True,
        )
        mia = network_store.get_member(session, network_id=network.id, user_id="UMIA")
        assert mia is not None
        mia.state = "MS"
    slack.add_user("UMIA", name="mia", real_name="Mia")
    add_area(peerbot, network, "Data")
    _roadmap_pulse(peerbot, clock)
    with session_factory() as session:
        question = min(session.scalars(select(PulseQuestion.id)))
    _answer(peerbot, slack, "UMARIA", question, "2", action=PulseAction.OPEN_FORM)

    invite = dm(slack, "UMIA")[-1]
    opener = button(invite, PulseAction.OPEN_FORM)
    opened = len(slack.calls_to("views.open"))
    peerbot.click(opener["action_id"], opener["value"], user="UMIA", channel=slack.dm_channel("UMIA"), message=invite)
    assert len(slack.calls_to("views.open")) == opened, "no form to fill in"
    assert "Someone from your state has already answered" in peerbot.last_response()["text"]
