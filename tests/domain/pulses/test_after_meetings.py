"""Which ended meetings get a wave of a pulse that follows their series."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidInput
from domain.pulses.after_meetings import occurrences_needing_waves
from domain.pulses.definitions import Recurrence
from domain.pulses.templates import template_draft
from storage.models import OccurrenceStatus
from storage.pulses import EndedOccurrence
from tests.support.factories.pulses import draft

CREATED = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
NOW = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)


def _ended(occurrence_id: int, end: datetime, status: str = OccurrenceStatus.SCHEDULED) -> EndedOccurrence:
    return EndedOccurrence(
        pulse_id=1, pulse_created_at=CREATED, occurrence_id=occurrence_id, end_utc=end, status=status
    )


def test_a_held_meeting_that_ended_after_the_pulse_was_made_needs_a_wave() -> None:
    held = _ended(1, CREATED + timedelta(days=1))
    assert occurrences_needing_waves([held], now=NOW) == [held]


def test_a_meeting_ending_exactly_now_needs_its_wave_now() -> None:
    assert occurrences_needing_waves([_ended(1, NOW)], now=NOW) == [_ended(1, NOW)]


def test_a_cancelled_meeting_needs_no_wave() -> None:
    assert occurrences_needing_waves([_ended(1, NOW - timedelta(hours=1), OccurrenceStatus.CANCELLED)], now=NOW) == []


def test_a_meeting_still_running_needs_no_wave_yet() -> None:
    assert occurrences_needing_waves([_ended(1, NOW + timedelta(minutes=1))], now=NOW) == []


def test_a_meeting_that_ended_before_the_pulse_existed_needs_no_wave() -> None:
    assert occurrences_needing_waves([_ended(1, CREATED - timedelta(minutes=1))], now=NOW) == []


def test_after_each_meeting_needs_a_chosen_series() -> None:
    pulse = draft(now=CREATED, recurrence=Recurrence.AFTER_MEETING)
    with pytest.raises(InvalidInput) as raised:
        pulse.validate(now=CREATED)
    assert set(raised.value.errors) == {"meeting"}
    replace(pulse, meeting_id=7).validate(now=CREATED)


def test_the_post_meeting_template_follows_a_series_only_when_there_is_one() -> None:
    following = template_draft("post_meeting", now=CREATED, default_series=7)
    assert following is not None and (following.recurrence, following.meeting_id) == (Recurrence.AFTER_MEETING, 7)
    alone = template_draft("post_meeting", now=CREATED)
    assert alone is not None and alone.recurrence == Recurrence.NONE
    monthly = template_draft("collaboration", now=CREATED, default_series=7)
    assert monthly is not None and monthly.recurrence == Recurrence.MONTHLY and monthly.meeting_id is None
