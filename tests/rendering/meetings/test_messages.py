"""Meeting messages stay within Block Kit limits however many people answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from domain.meetings.rsvp import Tally
from rendering.meetings.messages import announcement, mentions, reminder, when
from storage.models import Meeting, Occurrence, OccurrenceStatus, Recurrence
from tests.slackstub.validation import validate_blocks

START = datetime(2026, 7, 7, 18, 0, tzinfo=UTC)


def _meeting() -> Meeting:
    return Meeting(
        id=1,
        title="T" * 150,
        timezone="America/New_York",
        start_date=date(2026, 7, 7),
        start_time=time(14, 0),
        duration_minutes=60,
        recurrence=Recurrence.MONTHLY_WEEKDAY,
        interval_weeks=1,
        video_link="https://x.org/" + "a" * 400,
        place="P" * 200,
        channel_id="CHOME",
        reminder_offsets=[60],
    )


def _occurrence() -> Occurrence:
    return Occurrence(
        id=7,
        meeting_id=1,
        network_id=1,
        sequence=1,
        start_utc=START,
        end_utc=START.replace(hour=19),
        status=OccurrenceStatus.SCHEDULED,
        card_version=0,
        agenda_text="x" * 2500,
    )


def test_a_card_with_a_thousand_people_going_is_valid_block_kit() -> None:
    tally = Tally(going=[f"U{n:05d}" for n in range(1000)], maybe=[], no=[], version=1)
    blocks = [b.to_dict() for b in announcement(_meeting(), _occurrence(), tally)]
    assert validate_blocks(blocks) == []
    assert "and 970 more" in str(blocks)
    for direct in (True, False):
        content = reminder(_meeting(), _occurrence(), tally, offset_minutes=60, last=True, direct=direct)
        assert validate_blocks([b.to_dict() for b in content.blocks]) == []


def test_times_are_slack_date_tokens_with_a_local_fallback() -> None:
    assert when(START, "America/New_York") == (
        "<!date^1783447200^{date_long_pretty} at {time}|Tue Jul 07, 2026 02:00 PM EDT>"
    )


def test_mentions_say_how_many_more_there_are() -> None:
    assert mentions(["U1", "U2", "U3"], limit=2) == "<@U1>, <@U2> and 1 more"
