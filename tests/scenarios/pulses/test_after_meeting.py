"""Pulses after each meeting of a series: built in the real modal, one wave per ended meeting, never two."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from domain.meetings.series import MeetingForm, cancel, create_meeting, validate
from domain.network.setup import NetworkSettings, set_up_network
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from storage.db import SessionFactory
from storage.models import Meeting, Network, Occurrence, Pulse, PulseWave, WaveStatus
from tests.scenarios.meetings.steps import schedule
from tests.scenarios.pulses.support import builder_values, dm, job_context, message_text, pick
from tests.scenarios.pulses.support import set_up_network as set_up_pulse_network
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders

QUESTION = ("Today's meeting was a good use of my time.", "agreement", "")
TITLE = "After-call check-in"
# The weekly series below meets on Tuesdays 14:00-15:00 in Chicago: 20:00-21:00 UTC in January.
FIRST_END = datetime(2026, 1, 6, 21, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
WINDOW = timedelta(days=2)


def _weekly_series(peerbot: PeerbotUnderTest, session_factory: SessionFactory, **changes: Any) -> int:
    fields = {"title": "Peer call", "date": "2026-01-06", "time": "14:00", "recurrence": "weekly", "count": "3"}
    schedule(peerbot, **{**fields, **changes})
    with session_factory() as session:
        series = session.scalars(select(Meeting.id).where(Meeting.title == "Peer call")).one()
        assert len(session.scalars(select(Occurrence).where(Occurrence.meeting_id == series)).all()) == int(
            changes.get("count", "3")
        )
        return series


def _open_builder(peerbot: PeerbotUnderTest) -> dict[str, Any]:
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    return peerbot.opened_view(PulseCallback.BUILDER)


def _submit(peerbot: PeerbotUnderTest, clock: FakeClock, view: dict[str, Any], series: int | None) -> Any:
    values = builder_values(
        deadline=clock.now() + WINDOW, questions=[QUESTION], title=TITLE, recurrence="after_meeting", reminders="1"
    )
    values[PulseBlock.MEETING] = pick(None if series is None else str(series), kind="static_select")
    return peerbot.submit(view, values, user=FACILITATOR)


def _pulse_dms(slack: SlackStub, user: str) -> list[dict[str, Any]]:
    return [m for m in dm(slack, user) if TITLE in m.get("text", "") and "Reminder" not in m.get("text", "")]


def _waves(session_factory: SessionFactory) -> list[PulseWave]:
    with session_factory() as session:
        return list(session.scalars(select(PulseWave).order_by(PulseWave.number)))


def _build_pulse_after_series(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, **changes: Any
) -> int:
    set_up_pulse_network(session_factory, clock)
    series = _weekly_series(peerbot, session_factory, **changes)
    builder = _open_builder(peerbot)
    series_block = next(b for b in builder["blocks"] if b.get("block_id") == PulseBlock.MEETING)
    assert [o["value"] for o in series_block["element"]["options"]] == [str(series)]
    response = _submit(peerbot, clock, builder, series)
    assert response.json()["response_action"] == "update"
    assert "When each meeting of *Peer call* ends" in json.dumps(response.json())
    return series


def test_each_ended_meeting_gets_exactly_one_wave_with_its_own_deadline(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _build_pulse_after_series(peerbot, session_factory, clock)
    ctx = job_context(slack, session_factory, clock)
    assert _waves(session_factory) == [] and _pulse_dms(slack, "UMARIA") == []

    # While the meeting runs, nothing goes out.
    clock.set(FIRST_END - timedelta(minutes=1))
    open_due_waves(ctx)
    assert _waves(session_factory) == []

    clock.set(FIRST_END + timedelta(minutes=1))
    open_due_waves(ctx)
    (first,) = _waves(session_factory)
    assert first.status == WaveStatus.OPEN and first.opens_at == FIRST_END and first.deadline == FIRST_END + WINDOW
    invite = _pulse_dms(slack, "UMARIA")
    assert len(invite) == 1 and len(_pulse_dms(slack, "UDEV")) == 1
    assert "How was *Peer call* on <!date^" in message_text(invite[0])

    # Running the jobs again changes nothing.
    open_due_waves(ctx)
    send_pulse_reminders(ctx)
    assert len(_waves(session_factory)) == 1 and len(_pulse_dms(slack, "UMARIA")) == 1

    # The wave closes at its own deadline, like any other.
    clock.set(FIRST_END + WINDOW)
    assert close_due_waves(ctx) == [first.id]

    # The next meeting: a second wave, its deadline counted from that meeting's end; two clocks racing send it once.
    clock.set(FIRST_END + WEEK + timedelta(minutes=1))
    threads = [threading.Thread(target=open_due_waves, args=(ctx,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    waves = _waves(session_factory)
    assert [w.number for w in waves] == [1, 2]
    assert waves[1].opens_at == FIRST_END + WEEK and waves[1].deadline == FIRST_END + WEEK + WINDOW
    assert waves[1].occurrence_id != waves[0].occurrence_id
    assert len(_pulse_dms(slack, "UMARIA")) == 2 and len(_pulse_dms(slack, "UDEV")) == 2

    # Results across waves name each wave by its meeting's date.
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    shown = json.dumps(peerbot.last_response()["blocks"])
    assert "Trend across waves" in shown and "{date_short}|Jan 6>" in shown and "{date_short}|Jan 13>" in shown


def test_a_cancelled_meeting_gets_no_wave(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    series = _build_pulse_after_series(peerbot, session_factory, clock)
    with session_factory.begin() as session:
        meeting = session.get(Meeting, series)
        assert meeting is not None
        first = session.scalars(
            select(Occurrence).where(Occurrence.meeting_id == series).order_by(Occurrence.sequence)
        ).first()
        cancel(session, meeting=meeting, occurrence=first, now=clock.now())
    clock.set(FIRST_END + timedelta(hours=1))
    open_due_waves(job_context(slack, session_factory, clock))
    assert _waves(session_factory) == [] and _pulse_dms(slack, "UMARIA") == []


def test_meetings_that_ended_before_the_pulse_existed_get_no_wave(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    series = _weekly_series(peerbot, session_factory)
    clock.set(FIRST_END + timedelta(hours=1))  # the first meeting is over; two are still to come
    assert _submit(peerbot, clock, _open_builder(peerbot), series).json()["response_action"] == "update"
    ctx = job_context(slack, session_factory, clock)
    open_due_waves(ctx)
    assert _waves(session_factory) == []
    clock.set(FIRST_END + WEEK + timedelta(minutes=5))
    open_due_waves(ctx)
    assert [w.opens_at for w in _waves(session_factory)] == [FIRST_END + WEEK]


def test_stopping_the_pulse_stops_the_waves_after_meetings(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _build_pulse_after_series(peerbot, session_factory, clock)
    peerbot.command("stop", user=FACILITATOR, channel=HOME, command="/pulse")
    clock.set(FIRST_END + timedelta(minutes=1))
    open_due_waves(job_context(slack, session_factory, clock))
    assert _waves(session_factory) == []


def _pulse_count(session_factory: SessionFactory) -> int:
    with session_factory() as session:
        return len(session.scalars(select(Pulse)).all())


def test_after_each_meeting_without_a_series_is_an_inline_error(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    _weekly_series(peerbot, session_factory)
    response = _submit(peerbot, clock, _open_builder(peerbot), None)
    assert response.json()["response_action"] == "errors"
    assert "Choose the meeting series" in response.json()["errors"][PulseBlock.MEETING]
    assert _pulse_count(session_factory) == 0


def test_a_network_without_meetings_offers_no_series_and_says_why_on_repeats(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    builder = _open_builder(peerbot)
    assert all(b.get("block_id") != PulseBlock.MEETING for b in builder["blocks"])
    response = _submit(peerbot, clock, builder, None)
    assert response.json()["response_action"] == "errors"
    assert PulseBlock.RECURRENCE in response.json()["errors"]
    assert _pulse_count(session_factory) == 0


def test_a_series_whose_meetings_are_all_over_is_refused(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    series = _weekly_series(peerbot, session_factory, count="1")
    builder = _open_builder(peerbot)  # opened while the meeting was still to come
    clock.set(FIRST_END + timedelta(hours=1))
    response = _submit(peerbot, clock, builder, series)
    assert response.json()["response_action"] == "errors"
    assert "Peer call has no upcoming meeting" in response.json()["errors"][PulseBlock.MEETING]
    assert _pulse_count(session_factory) == 0


def test_another_networks_series_is_refused(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    _weekly_series(peerbot, session_factory)
    with session_factory.begin() as session:
        other, _ = set_up_network(
            session,
            team_id="T0001",
            channel_id="COTHER",
            settings=NetworkSettings(name="Other network", timezone="America/Chicago"),
            by_user="UDEV",
            by_display_name="Dev",
            by_timezone="America/Denver",
            now=clock.now(),
        )
        form = MeetingForm(
            title="Their call",
            start_date="2026-01-08",
            start_time="10:00",
            duration="60",
            recurrence="none",
            channel_id="COTHER",
        )
        plan = validate(form, zone=other.timezone, now=clock.now())
        theirs = create_meeting(session, network=other, plan=plan, by_user="UDEV", now=clock.now()).id
    response = _submit(peerbot, clock, _open_builder(peerbot), theirs)
    assert response.json()["response_action"] == "errors"
    assert "this network's meeting series" in response.json()["errors"][PulseBlock.MEETING]
    with session_factory() as session:
        assert session.scalars(select(Pulse)).all() == [] and len(session.scalars(select(Network)).all()) == 2


def test_post_meeting_template_follows_the_networks_series(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_pulse_network(session_factory, clock)
    series = _weekly_series(peerbot, session_factory)
    peerbot.command("templates", user=FACILITATOR, channel=HOME, command="/pulse")
    choices = peerbot.last_response()["blocks"]
    value = next(
        b["accessory"]["value"]
        for b in choices
        if b.get("accessory", {}).get("action_id") == PulseAction.USE_TEMPLATE
        and json.loads(b["accessory"]["value"])["t"] == "post_meeting"
    )
    peerbot.click(PulseAction.USE_TEMPLATE, value, user=FACILITATOR, channel=HOME)
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    blocks = {b.get("block_id"): b for b in builder["blocks"]}
    assert blocks[PulseBlock.RECURRENCE]["element"]["initial_option"]["value"] == "after_meeting"
    assert blocks[PulseBlock.MEETING]["element"]["initial_option"]["value"] == str(series)
