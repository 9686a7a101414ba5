"""Results facilitators and evaluators can trust: suppression, sharing, visibility, trend, templates."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from rendering.pulses.ids import PulseAction, PulseCallback
from storage.db import SessionFactory
from storage.models import Pulse
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, set_up_network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders, settle_anonymous_answers

BIG_ROSTER = {
    "UT1": ("TX", "Health"),
    "UT2": ("TX", "Health"),
    "UT3": ("TX", "Schools"),
    "UT4": ("TX", "Schools"),
    "UO1": ("OH", "Health"),
    "UO2": ("OH", "Housing"),
    "UO3": ("OH", "Housing"),
    "UC1": ("CA", "Health"),
    "UC2": ("CA", "Schools"),
}


def _start(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock, **builder: object
) -> None:
    for user in BIG_ROSTER:
        slack.add_user(user, display_name=user.lower())
    set_up_network(session_factory, clock, BIG_ROSTER)
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    values = builder_values(
        deadline=clock.now() + timedelta(days=2),
        questions=[("It helps.", "agreement", "")],
        **builder,  # type: ignore[arg-type]
    )
    assert peerbot.submit(peerbot.opened_view(PulseCallback.BUILDER), values, user=FACILITATOR).json()


def _answer_all(peerbot: PeerbotUnderTest, slack: SlackStub, label: str = "Agree") -> None:
    for user in BIG_ROSTER:
        invite = dm(slack, user)[-1]
        element = button(invite, PulseAction.ONE_CLICK, label)
        peerbot.click(element["action_id"], element["value"], user=user, channel=slack.dm_channel(user), message=invite)


def test_breakdowns_hide_small_states_and_share_posts_a_summary(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _start(peerbot, slack, session_factory, clock)
    _answer_all(peerbot, slack)
    # While the wave is open, the labels are sealed and no answer has joined the results yet.
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Results appear once at least 3 people have answered" in shown and "agreed" not in shown
    clock.advance(timedelta(days=3))
    close_due_waves(job_context(slack, session_factory, clock))
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "*9 of 9* members responded" in shown
    assert "9 of 9 agreed or strongly agreed (100%)" in shown
    assert "Texas* (4 respondents)" in shown
    # California (2) is below the minimum; Ohio (3) is hidden too, or whole-network minus Texas minus Ohio
    # would give California's two answers away.
    assert "Ohio" not in shown and "California" not in shown
    assert "smaller group(s) are not shown separately" in shown

    # A stricter network minimum hides Texas too (4 < 5, and the rest would be recoverable).
    peerbot.command("threshold 5", user=FACILITATOR, channel=HOME, command="/pulse")
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "Texas" not in json.dumps(peerbot.last_response()["blocks"])
    peerbot.command("threshold 2", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "can't go below 3" in peerbot.last_response()["text"]

    share = button(_results_message(peerbot), PulseAction.SHARE_RESULTS)
    peerbot.click(share["action_id"], share["value"], user=FACILITATOR, channel=HOME)
    posted = slack.messages[HOME][-1]
    assert "Pulse results: Collaboration check-in" in json.dumps(posted["blocks"])
    assert "Texas" not in json.dumps(posted["blocks"])  # the shared summary carries no breakdowns

    peerbot.click(share["action_id"], share["value"], user="UT1", channel=HOME)
    assert "Only facilitators" in peerbot.last_response()["text"]

    peerbot.command("threshold 3", user=FACILITATOR, channel=HOME, command="/pulse")
    peerbot.command("export", user=FACILITATOR, channel=HOME, command="/pulse")
    exported = next(u for u in slack.uploads if u["filename"].endswith("responses.csv"))["content"].decode("utf-8-sig")
    states = sorted(line.split(",")[2] for line in exported.splitlines()[1:])
    assert states == [""] * 5 + ["TX"] * 4  # the export hides the same groups the results hide


def _results_message(peerbot: PeerbotUnderTest) -> dict[str, object]:
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    return {"blocks": peerbot.last_response()["blocks"]}


def test_members_see_results_only_when_the_pulse_allows(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _start(peerbot, slack, session_factory, clock)
    _answer_all(peerbot, slack, "Disagree")
    peerbot.command("results", user="UT1", channel=HOME, command="/pulse")
    assert "once this pulse closes" in peerbot.last_response()["text"]
    clock.advance(timedelta(days=3))
    close_due_waves(job_context(slack, session_factory, clock))
    peerbot.command("results", user="UT1", channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "0 of 9 agreed" in shown and "Texas" not in shown  # members never get breakdowns


def test_weekly_pulse_sends_new_waves_and_charts_the_trend(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _start(peerbot, slack, session_factory, clock, recurrence="weekly")
    _answer_all(peerbot, slack, "Disagree")
    ctx = job_context(slack, session_factory, clock)
    clock.advance(timedelta(days=7))
    close_due_waves(ctx)
    open_due_waves(ctx)
    assert all(len(dm(slack, user)) == 2 for user in BIG_ROSTER)  # wave 2 reached everyone
    _answer_all(peerbot, slack, "Strongly agree")
    assert settle_anonymous_answers(ctx) == 6  # a batch of 6 joins the results; 3 still wait, sealed
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Wave 2" in shown and "W1: 0% agreed" in shown and "W2: 100% agreed" in shown
    assert "These figures count 6 of the 9 answers so far" in shown
    chart = next(u for u in slack.uploads if u["filename"].endswith("trend.png"))
    assert chart["content"].startswith(b"\x89PNG") and chart["channel_id"] == slack.dm_channel(FACILITATOR)
    assert [c.method for c in slack.calls if c.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]
    with session_factory() as session:
        pulse_id = session.scalars(select(Pulse.id)).one()
    peerbot.command(f"results #{pulse_id} 1", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "0 of 9 agreed" in json.dumps(peerbot.last_response()["blocks"])
    peerbot.command("stop", user=FACILITATOR, channel=HOME, command="/pulse")
    assert "won't send any more waves (1 upcoming cancelled)" in peerbot.last_response()["text"]


def test_templates_open_the_builder_filled_in_and_questions_can_be_added(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    peerbot.command("templates", user=FACILITATOR, channel=HOME, command="/pulse")
    listing = peerbot.last_response()
    use = button(
        {"blocks": [{"elements": [b["accessory"]]} for b in listing["blocks"] if "accessory" in b]},
        PulseAction.USE_TEMPLATE,
    )
    peerbot.click(use["action_id"], use["value"], user=FACILITATOR, channel=HOME)
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    assert "How was today's meeting?" in json.dumps(builder["blocks"])
    assert json.loads(builder["private_metadata"])["count"] == 3

    add = button({"blocks": builder["blocks"]}, PulseAction.ADD_QUESTION)
    peerbot.click(add["action_id"], add["value"], user=FACILITATOR, view=builder)
    grown = slack.views[builder["id"]]
    assert json.loads(grown["private_metadata"])["count"] == 4
    assert len(grown["blocks"]) < 100


def test_one_per_state_pulses_show_which_states_have_completed(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _start(peerbot, slack, session_factory, clock, audience="per_state", anonymous=False)
    invite = dm(slack, "UT1")[-1]
    element = button(invite, PulseAction.ONE_CLICK, "Agree")
    peerbot.click(element["action_id"], element["value"], user="UT1", channel=slack.dm_channel("UT1"), message=invite)
    invite = dm(slack, "UT2")[-1]
    peerbot.click(element["action_id"], element["value"], user="UT2", channel=slack.dm_channel("UT2"), message=invite)
    assert "Someone from your state has already answered" in peerbot.last_response()["text"]
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "*States completed:* TX" in shown and "*Still to answer:* CA, OH" in shown
    clock.advance(timedelta(days=1, minutes=1))
    send_pulse_reminders(job_context(slack, session_factory, clock))
    assert len(dm(slack, "UT2")) == 1  # Texas has answered: no reminder for its other members
    assert len(dm(slack, "UO1")) == 2


def test_open_anonymous_results_show_nothing_until_enough_people_have_answered(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _start(peerbot, slack, session_factory, clock)
    for user in ("UT1", "UO1"):  # two answers: each would be plain to see in the whole-network figures
        invite = dm(slack, user)[-1]
        element = button(invite, PulseAction.ONE_CLICK, "Strongly disagree")
        peerbot.click(element["action_id"], element["value"], user=user, channel=slack.dm_channel(user), message=invite)
    settle_anonymous_answers(job_context(slack, session_factory, clock))
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "*2 of 9* members responded" in shown
    assert "Results appear once at least 3 people have answered." in shown
    assert "Strongly disagree: " not in shown and "0 of 2 agreed" not in shown
    share = button(_results_message(peerbot), PulseAction.SHARE_RESULTS)
    peerbot.click(share["action_id"], share["value"], user=FACILITATOR, channel=HOME)
    posted = json.dumps(slack.messages[HOME][-1]["blocks"])
    assert "Results appear once at least 3 people have answered." in posted and "agreed" not in posted
