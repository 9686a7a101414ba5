"""Holidays and pauses: facilitators mark days off; meetings, reminders, pulse waves and introductions skip them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from domain.pulses.definitions import Recurrence as PulseRecurrence
from domain.pulses.lifecycle import create_pulse
from rendering.meetings.ids import MeetingAction
from storage.db import SessionFactory
from storage.models import Network, Occurrence, OccurrenceStatus, Pause, PulseWave
from tests.scenarios.calendar.support import events, invites_to, job_context
from tests.scenarios.meetings.steps import FAC, HOME, MARIA, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.factories.pulses import draft
from tests.support.harness import PeerbotUnderTest
from workflows.meetings import send_due_reminders
from workflows.pulses import close_due_waves, open_due_waves, send_pulse_reminders

# The conftest clock starts Monday 2026-01-05 15:00 UTC (10 am in New York).
JAN_13_2PM = datetime(2026, 1, 13, 19, 0, tzinfo=UTC)


def _occurrences(session_factory: SessionFactory, title: str | None = None) -> list[Occurrence]:
    with session_factory() as session:
        return list(session.scalars(select(Occurrence).order_by(Occurrence.start_utc)))


@pytest.fixture
def weekly(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> list[Occurrence]:
    """Weekly check-in on Tuesdays at 2 pm New York, Jan 6 to 27; Maria is going to the one on Jan 13."""
    network_with_roster(session_factory, clock.now())
    schedule(
        peerbot, title="Weekly check-in", date="2026-01-06", recurrence="weekly", count="4", reminders=["1440", "60"]
    )
    occurrences = _occurrences(session_factory)
    peerbot.click(MeetingAction.RSVP_GOING, str(occurrences[1].id), user=MARIA, channel=HOME)
    return occurrences


def _say(peerbot: PeerbotUnderTest, text: str, user: str = FAC) -> str:
    peerbot.command(text, user=user, channel=HOME, command="/meeting")
    reply = peerbot.last_response()
    return str(reply.get("text") or "") + str(reply.get("blocks") or "")


def test_a_holiday_skips_its_meeting_tells_the_channel_and_updates_the_invite(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, weekly: list[Occurrence]
) -> None:
    answer = _say(peerbot, "holiday 2026-01-13 Winter <!channel> break")
    assert "Paused: *Winter &lt;!channel&gt; break* · Tue Jan 13, 2026" in answer and "1 meeting(s) skipped" in answer
    statuses = [o.status for o in _occurrences(session_factory)]
    assert statuses == ["scheduled", "skipped", "scheduled", "scheduled"]
    notice = slack.messages[HOME][-1]["text"]
    assert notice.startswith("*Weekly check-in* is skipped on <!date^1768330800^")
    assert "(Winter &lt;!channel&gt; break)" in notice
    ((cancel, upload),) = invites_to(slack, MARIA)
    assert str(cancel["method"]) == "CANCEL" and "take the cancelled" in upload["initial_comment"]
    (event,) = events(cancel)
    assert event.decoded("recurrence-id").astimezone(UTC) == JAN_13_2PM and int(event["sequence"]) == 1

    listed = _say(peerbot, "list", user=MARIA)
    assert listed.count("you ") == 3  # three meetings coming up, each with her answer
    assert "~Weekly check-in — <!date^1768330800^" in listed and "skipped for *Winter &lt;!channel&gt; break*" in listed

    peerbot.event({"type": "app_home_opened", "user": MARIA, "channel": "DMARIA", "tab": "home"})
    peerbot.advance(1)
    assert "Paused: *Winter &lt;!channel&gt; break* · Tue Jan 13, 2026" in str(slack.home_views[MARIA]["blocks"])


def test_removing_the_pause_puts_the_meeting_back_and_the_invite_follows(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, weekly: list[Occurrence]
) -> None:
    _say(peerbot, "pause 2026-01-12 2026-01-14 Retreat")
    with session_factory() as session:
        pause_id = session.scalars(select(Pause.id)).one()
    assert f"`#{pause_id}` *Retreat* · Mon Jan 12 to Wed Jan 14, 2026" in _say(peerbot, "pauses", user=MARIA)
    assert "back on" in _say(peerbot, f"unpause #{pause_id}")
    assert all(o.status == OccurrenceStatus.SCHEDULED for o in _occurrences(session_factory))
    assert "is back on for <!date^1768330800^" in slack.messages[HOME][-1]["text"]
    (_, (update, _)) = invites_to(slack, MARIA)
    (event,) = events(update)
    assert str(update["method"]) == "PUBLISH" and int(event["sequence"]) == 2 and "exdate" not in event
    assert "no pauses coming up" in _say(peerbot, "pauses")


def test_members_cannot_pause_and_bad_dates_are_explained(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, weekly: list[Occurrence]
) -> None:
    assert "Only facilitators" in _say(peerbot, "holiday 2026-01-13", user=MARIA)
    assert "Only facilitators" in _say(peerbot, "unpause #1", user=MARIA)
    assert "can't be before the first" in _say(peerbot, "pause 2026-02-10 2026-02-01 Oops")
    assert "YYYY-MM-DD" in _say(peerbot, "pause next-week")
    assert "over already" in _say(peerbot, "holiday 2025-12-25")
    assert "couldn't find pause" in _say(peerbot, "unpause #999")
    with session_factory() as session:
        assert not session.scalars(select(Pause)).all()
    assert all(o.status == OccurrenceStatus.SCHEDULED for o in _occurrences(session_factory))


def _reminders(slack: SlackStub) -> list[tuple[str, int]]:
    """(title, start epoch) of every reminder posted in the home channel, in order."""
    found = []
    for message in slack.messages.get(HOME, []):
        text = str(message.get("text") or "")
        if text.startswith("Reminder: "):
            title = text.removeprefix("Reminder: ").split(" starts ")[0]
            found.append((title, int(text.split("<!date^")[1].split("^")[0])))
    return found


def _pulse_invites(slack: SlackStub, user: str) -> list[dict[str, Any]]:
    return [m for m in slack.messages.get(slack.dm_channel(user), []) if "a pulse from" in str(m.get("text"))]


def test_a_pause_skips_exactly_the_meetings_reminders_and_waves_it_covers_across_a_clock_restart(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: list[Occurrence],
) -> None:
    # Budget review on Wed Jan 14 at 2 pm: its 1-day reminder falls on the paused Tuesday, its 1-hour one doesn't.
    schedule(peerbot, title="Budget review", date="2026-01-14", reminders=["1440", "60"])
    with session_factory.begin() as session:  # a weekly pulse opening Mondays at 10 am New York
        network = session.scalars(select(Network)).one()
        create_pulse(
            session,
            network=network,
            draft=draft(now=clock.now(), recurrence=PulseRecurrence.WEEKLY, days=2),
            by_user=FAC,
            now=clock.now(),
        )

    def clock_runs(at: datetime) -> None:
        clock.set(at)
        ctx = job_context(slack, session_factory, clock)  # a fresh clock process each time
        open_due_waves(ctx)
        send_pulse_reminders(ctx)
        close_due_waves(ctx)
        send_due_reminders(ctx)

    clock_runs(datetime(2026, 1, 5, 15, 0, tzinfo=UTC))  # the first wave opens
    clock_runs(datetime(2026, 1, 5, 19, 0, tzinfo=UTC))  # a day before the first meeting
    clock.set(datetime(2026, 1, 6, 18, 30, tzinfo=UTC))
    _say(peerbot, "pause 2026-01-12 2026-01-13 Winter break")
    # The clock is down across the whole pause and comes back on Wednesday.
    for at in (
        datetime(2026, 1, 14, 17, 30, tzinfo=UTC),
        datetime(2026, 1, 14, 18, 0, tzinfo=UTC),  # an hour before the budget review
        datetime(2026, 1, 19, 15, 0, tzinfo=UTC),  # the Monday after: the next wave
        datetime(2026, 1, 19, 19, 0, tzinfo=UTC),  # a day before the next weekly check-in
    ):
        clock_runs(at)

    jan_6, jan_14, jan_20 = 1767726000, 1768417200, 1768935600
    assert _reminders(slack) == [
        ("Weekly check-in", jan_6),
        ("Budget review", jan_14),
        ("Weekly check-in", jan_20),
    ]
    assert len(_pulse_invites(slack, MARIA)) == 2  # Jan 5 and Jan 19; nothing on the paused Monday
    with session_factory() as session:
        waves = session.scalars(select(PulseWave).order_by(PulseWave.number)).all()
    assert [(w.number, w.opens_at) for w in waves[:2]] == [
        (1, datetime(2026, 1, 5, 15, 0, tzinfo=UTC)),
        (2, datetime(2026, 1, 19, 15, 0, tzinfo=UTC)),
    ]


def test_the_report_counts_only_meetings_held(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock, weekly: list[Occurrence]
) -> None:
    from domain.meetings.attendance import held_between

    _say(peerbot, "holiday 2026-01-13")
    with session_factory() as session:
        network = session.scalars(select(Network)).one()
        held = held_between(
            session,
            network=network,
            start=datetime(2026, 1, 1, tzinfo=UTC),
            end=datetime(2026, 2, 1, tzinfo=UTC),
            history=False,
        )
    assert [h.occurrence.start_utc.day for h in held] == [6, 20, 27]  # Jan 13 was skipped


def test_a_meeting_scheduled_or_moved_onto_a_paused_day_is_skipped_too(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, weekly: list[Occurrence]
) -> None:
    from rendering.meetings.ids import MeetingCallback
    from tests.scenarios.meetings.steps import form_values

    _say(peerbot, "pause 2026-02-03 2026-02-05 Legislative session")
    schedule(peerbot, title="Budget review", date="2026-02-04")
    assert slack.messages[HOME][-1]["text"].startswith("*Budget review* is skipped on <!date^")
    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    edit = next(
        e
        for b in peerbot.last_response()["blocks"]
        for e in [b.get("accessory") or {}]
        if e.get("action_id") == MeetingAction.MEETING_EDIT and "Weekly" in str(b)
    )
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    view = peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE)
    peerbot.submit(
        view,
        form_values(title="Weekly check-in", date="2026-01-06", recurrence="weekly", count="5", reminders=["60"]),
        user=FAC,
    )
    by_day = {o.start_utc.date().isoformat(): o.status for o in _occurrences(session_factory)}
    assert by_day["2026-02-03"] == OccurrenceStatus.SKIPPED and by_day["2026-02-04"] == OccurrenceStatus.SKIPPED
    assert by_day["2026-01-27"] == OccurrenceStatus.SCHEDULED
    assert "*Weekly check-in* is skipped on <!date^1770145200^" in slack.messages[HOME][-1]["text"]
    listed = _say(peerbot, "list", user=MARIA)
    assert "~Budget review" in listed and "~Weekly check-in" in listed and "Legislative session" in listed


def test_pulse_reminders_due_on_a_paused_day_are_not_sent(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    with session_factory.begin() as session:
        network = session.scalars(select(Network)).one()
        create_pulse(
            session, network=network, draft=draft(now=clock.now(), days=5, reminders=2), by_user=FAC, now=clock.now()
        )
    ctx = job_context(slack, session_factory, clock)
    open_due_waves(ctx)  # Mon Jan 5, 10 am; reminders fall due on Jan 7 and Jan 9 at 10 am
    _say(peerbot, "holiday 2026-01-07 Snow day")
    for day in (7, 8, 9):
        clock.set(datetime(2026, 1, day, 16, 0, tzinfo=UTC))
        send_pulse_reminders(job_context(slack, session_factory, clock))
    reminders = [m for m in _pulse_invites(slack, MARIA) if str(m["text"]).startswith("Reminder")]
    assert len(reminders) == 1  # the one on Jan 9; Jan 7's was on the snow day and is not sent late


def test_editing_a_series_keeps_its_skipped_meeting_in_place_with_its_answers(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, weekly: list[Occurrence]
) -> None:
    from rendering.meetings.ids import MeetingCallback
    from storage.models import Rsvp
    from tests.scenarios.meetings.steps import form_values

    _say(peerbot, "holiday 2026-01-13 Winter break")
    peerbot.command("edit", user=FAC, channel=HOME, command="/meeting")
    edit = next(
        e
        for b in peerbot.last_response()["blocks"]
        for e in [b.get("accessory") or {}]
        if e.get("action_id") == MeetingAction.MEETING_EDIT
    )
    peerbot.click(MeetingAction.MEETING_EDIT, str(edit["value"]), user=FAC, channel=HOME)
    changes = form_values(
        title="Weekly check-in", date="2026-01-06", time="16:00", recurrence="weekly", count="4", reminders=["60"]
    )
    peerbot.submit(peerbot.opened_view(MeetingCallback.MEETING_SCHEDULE), changes, user=FAC)
    occurrences = _occurrences(session_factory)
    assert [(o.start_utc.day, o.start_utc.hour, o.status) for o in occurrences] == [
        (6, 21, "scheduled"),
        (13, 21, "skipped"),
        (20, 21, "scheduled"),
        (27, 21, "scheduled"),
    ]
    with session_factory() as session:
        assert session.scalars(select(Rsvp.occurrence_id).where(Rsvp.user_id == MARIA)).all() == [occurrences[1].id]


def test_open_homes_show_a_new_pause_at_the_clocks_next_pass(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    weekly: list[Occurrence],
) -> None:
    from workflows.home import refresh_changed_homes

    peerbot.event({"type": "app_home_opened", "user": MARIA, "channel": "DMARIA", "tab": "home"})
    peerbot.advance(1)
    assert "Paused" not in str(slack.home_views[MARIA]["blocks"])
    _say(peerbot, "holiday 2026-01-13 Winter break")
    clock.advance(timedelta(seconds=20))  # the clock's next pass
    result = refresh_changed_homes(job_context(slack, session_factory, clock))
    assert result["published"] >= 1
    home = str(slack.home_views[MARIA]["blocks"])
    assert "Paused: *Winter break* · Tue Jan 13, 2026" in home
    assert f"home_calendar_{weekly[1].id}'" not in home  # the skipped meeting left her next meetings
    assert f"home_calendar_{weekly[3].id}'" in home
