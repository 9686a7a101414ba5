"""A pulse's whole life through HTTP and the Slack stand-in: build, open, answer, remind, close, results, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from rendering.pulses.ids import PulseAction, PulseCallback
from storage.db import SessionFactory
from storage.models import Pulse, Respondent, Response
from tests.scenarios.pulses.support import (
    builder_values,
    button,
    dm,
    job_context,
    message_text,
    pick,
    set_up_network,
    with_count,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders

AGREEMENT = ("Participating increased my agency's collaboration with another agency.", "agreement", "")


def test_one_question_pulse_goes_from_builder_to_results_and_csv(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    deadline = clock.now() + timedelta(days=3)
    response = peerbot.submit(builder, builder_values(deadline=deadline, questions=[AGREEMENT]), user=FACILITATOR)
    assert response.json()["response_action"] == "update"

    # Opening: Maria and Dev get a one-click DM; the deactivated member is counted, not fatal.
    invite = dm(slack, "UMARIA")[-1]
    assert "Collaboration check-in" in message_text(invite)
    assert len(dm(slack, "UDEV")) == 1
    notice = dm(slack, FACILITATOR)[-1]["text"]
    assert "went to 2 of 3 people" in notice and "1 could not be reached" in notice

    agree = button(invite, PulseAction.ONE_CLICK, "Agree")
    peerbot.click(agree["action_id"], agree["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=invite)
    thanked = dm(slack, "UMARIA")[-1]
    assert "Thanks — you answered" in message_text(thanked) and "*Agree*" in message_text(thanked)
    assert button(thanked, PulseAction.CHANGE, "Change answer")

    # A reminder a day before the deadline, only to Dev, and only once however often the job runs.
    ctx = job_context(slack, session_factory, clock)
    clock.advance(timedelta(days=2, minutes=1))
    send_pulse_reminders(ctx)
    send_pulse_reminders(ctx)
    assert len(dm(slack, "UDEV")) == 2 and "Reminder" in dm(slack, "UDEV")[-1]["blocks"][0]["text"]["text"]
    assert len(dm(slack, "UMARIA")) == 1

    # Closing at the deadline; a late click stores nothing and says when it closed.
    clock.advance(timedelta(days=1))
    assert close_due_waves(ctx)
    assert "has closed: 1 of 3 members responded" in dm(slack, FACILITATOR)[-1]["text"]
    late = button(dm(slack, "UDEV")[0], PulseAction.ONE_CLICK, "Disagree")
    peerbot.click(
        late["action_id"], late["value"], user="UDEV", channel=slack.dm_channel("UDEV"), message=dm(slack, "UDEV")[0]
    )
    assert "This pulse closed on" in peerbot.last_response()["text"]
    with session_factory() as session:
        assert len(session.scalars(select(Response)).all()) == 1
        assert session.scalars(select(Respondent.user_id)).all() == ["UMARIA"]

    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = str(peerbot.last_response()["blocks"])
    assert "1 of 1 agreed or strongly agreed (100%)" in shown
    assert "*1 of 3* members responded" in shown

    peerbot.command("export", user=FACILITATOR, channel=HOME, command="/pulse")
    files = {u["filename"]: u for u in slack.uploads}
    responses_file = next(u for name, u in files.items() if name.endswith("responses.csv"))
    assert responses_file["channel_id"] == slack.dm_channel(FACILITATOR)
    rows = list(csv.reader(io.StringIO(responses_file["content"].decode("utf-8-sig"))))
    assert rows[0][:3] == ["pulse", "wave", "state"]  # anonymous: no person columns, no agency
    assert rows[1][2] == ""  # one respondent from Texas: the state would single them out
    assert rows[1][-1] == "Agree" and "UMARIA" not in responses_file["content"].decode()
    summary = next(u for name, u in files.items() if name.endswith("summary.csv"))["content"].decode("utf-8-sig")
    assert "agreed or strongly agreed,,1,1,100.0" in summary


def test_builder_refuses_bad_input_inline_and_saves_nothing(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    builder = with_count(peerbot.opened_view(PulseCallback.BUILDER), 3)
    values = builder_values(
        deadline=clock.now() + timedelta(days=1),
        opens=clock.now() + timedelta(days=2),
        questions=[
            ("", "agreement", ""),
            ("Pick one", "single", "Only option"),
            ("Pick", "multiple", "\n".join(map(str, range(26)))),
        ],
    )
    errors = peerbot.submit(builder, values, user=FACILITATOR).json()["errors"]
    assert set(errors) == {"pulse_q_text_1", "pulse_q_choices_2", "pulse_q_choices_3", "pulse_deadline"}
    assert "fewer than" not in errors["pulse_q_choices_2"] and "(this has 1)" in errors["pulse_q_choices_2"]

    empty_state = builder_values(
        deadline=clock.now() + timedelta(days=1), questions=[AGREEMENT], audience="states", states=["WY"]
    )
    errors = peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), empty_state, user=FACILITATOR).json()["errors"]
    assert "Nobody on the roster is in the chosen states" in errors["pulse_states"]
    with session_factory() as session:
        assert session.scalars(select(Pulse)).all() == []
    assert slack.calls_to("chat.postMessage") == []


def test_members_cannot_start_pulses(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("new", user="UMARIA", channel=HOME, command="/pulse")
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert slack.calls_to("views.open") == []


def test_a_scheduled_pulse_opens_when_its_time_comes(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    values = builder_values(
        opens=clock.now() + timedelta(hours=2), deadline=clock.now() + timedelta(days=2), questions=[AGREEMENT]
    )
    peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), values, user=FACILITATOR)
    ctx = job_context(slack, session_factory, clock)
    open_due_waves(ctx)
    assert dm(slack, "UMARIA") == []
    clock.advance(timedelta(hours=2))
    open_due_waves(ctx)
    open_due_waves(ctx)
    assert len(dm(slack, "UMARIA")) == 1


def test_pulse_without_text_lists_what_is_waiting(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("", user="UMARIA", channel=HOME, command="/pulse")
    assert "No pulses are waiting" in str(peerbot.last_response())
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    values = builder_values(deadline=clock.now() + timedelta(days=2), questions=[AGREEMENT])
    peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), values, user=FACILITATOR)
    peerbot.command("", user="UMARIA", channel=HOME, command="/pulse")
    listing = peerbot.last_response()
    assert "Collaboration check-in" in str(listing)

    # Answering from the list: the form opens, and the thank-you replaces the pulse's DM.
    answer = next(b["accessory"] for b in listing["blocks"] if "accessory" in b)
    peerbot.click(answer["action_id"], answer["value"], user="UMARIA", channel=HOME)
    form = peerbot.opened_view(PulseCallback.ANSWER)
    block_id = next(b["block_id"] for b in form["blocks"] if b["type"] == "input")
    peerbot.submit(form, {block_id: pick("5")}, user="UMARIA")
    assert len(dm(slack, "UMARIA")) == 1 and "*Strongly agree*" in message_text(dm(slack, "UMARIA")[-1])
    assert button(dm(slack, "UMARIA")[-1], PulseAction.CHANGE)
    peerbot.command("", user="UMARIA", channel=HOME, command="/pulse")
    assert "No pulses are waiting" in str(peerbot.last_response())
    helped = peerbot.command("help", user="UMARIA", channel=HOME, command="/pulse")
    assert "/pulse new" in helped.text


def test_a_facilitator_can_close_a_wave_early_and_late_changes_are_refused(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    values = builder_values(deadline=clock.now() + timedelta(days=3), questions=[AGREEMENT])
    peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), values, user=FACILITATOR)
    invite = dm(slack, "UMARIA")[-1]
    agree = button(invite, PulseAction.ONE_CLICK, "Agree")
    peerbot.click(agree["action_id"], agree["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=invite)

    peerbot.command("close", user="UMARIA", channel=HOME, command="/pulse")
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.command("close", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "Closed *Collaboration check-in*" in peerbot.last_response()["text"]
    peerbot.command("list", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "wave 1 closed, 1 responded" in str(peerbot.last_response()["blocks"])

    thanked = dm(slack, "UMARIA")[-1]
    change = button(thanked, PulseAction.CHANGE)
    peerbot.click(
        change["action_id"], change["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=thanked
    )
    assert "This pulse closed on" in peerbot.last_response()["text"]
    assert slack.calls_to("views.open")[-1].args["view"]["callback_id"] == PulseCallback.BUILDER
