"""What a facilitator's draft must satisfy before anything is saved."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidInput
from domain.pulses.definitions import (
    PulseDraft,
    QuestionDraft,
    QuestionKind,
    Recurrence,
    next_wave_start,
    parse_choices,
)

NOW = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)
GOOD = QuestionDraft(text="Useful?", kind=QuestionKind.RATING)


def _errors(draft: PulseDraft) -> dict[str, str]:
    with pytest.raises(InvalidInput) as raised:
        draft.validate(now=NOW)
    return raised.value.errors


def test_a_complete_draft_passes() -> None:
    PulseDraft(title="Check-in", questions=(GOOD,), deadline=NOW + timedelta(days=1)).validate(now=NOW)


def test_each_bad_field_is_named() -> None:
    draft = PulseDraft(
        title=" ",
        questions=(
            QuestionDraft(text="", kind=QuestionKind.AGREEMENT),
            QuestionDraft(text="One?", kind=QuestionKind.SINGLE, choices=("only",)),
            QuestionDraft(text="Many?", kind=QuestionKind.MULTIPLE, choices=tuple(map(str, range(26)))),
            QuestionDraft(text="Limit?", kind=QuestionKind.MULTIPLE, choices=("a", "b"), max_choices=3),
        ),
        opens_at=NOW + timedelta(days=2),
        deadline=NOW + timedelta(days=1),
        audience="members",  # type: ignore[arg-type]
    )
    assert set(_errors(draft)) == {
        "title",
        "q1_text",
        "q2_choices",
        "q3_choices",
        "q4_limit",
        "deadline",
        "audience_users",
    }


def test_a_repeating_pulse_must_close_before_the_next_wave() -> None:
    draft = PulseDraft(
        title="Weekly", questions=(GOOD,), deadline=NOW + timedelta(days=8), recurrence=Recurrence.WEEKLY
    )
    assert "next wave" in _errors(draft)["deadline"]


def test_options_are_typed_one_per_line() -> None:
    assert parse_choices(" Yes \n\n No\n") == ("Yes", "No")


def test_waves_repeat_weekly_and_monthly() -> None:
    assert next_wave_start(NOW, Recurrence.WEEKLY) == NOW + timedelta(days=7)
    assert next_wave_start(datetime(2026, 12, 31, tzinfo=UTC), Recurrence.MONTHLY) == datetime(2027, 1, 28, tzinfo=UTC)
    assert next_wave_start(NOW, Recurrence.NONE) is None


def test_weekly_waves_keep_their_local_time_across_daylight_saving() -> None:
    before_change = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 9:00 in Chicago (CST)
    after = next_wave_start(before_change, Recurrence.WEEKLY, zone="America/Chicago")
    assert after == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # still 9:00 in Chicago (CDT)
