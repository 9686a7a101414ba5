"""Intro settings a facilitator chooses: checked field by field, and when the first round falls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from domain.errors import InvalidInput
from domain.intros.matcher import MatchRules
from storage import intros as intro_store
from storage.models import IntroSettings, Network

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CADENCES = (1, 2, 4)
GROUP_SIZES = (2, 3)
REPEAT_ROUNDS_MAX = 26
PROMPT_MAX = 500


@dataclass(frozen=True)
class IntroChoices:
    """What the settings form holds, as typed; ``validate`` turns it into checked settings."""

    enabled: bool = False
    every_weeks: str = "2"
    weekday: str = "1"
    time_of_day: str = "10:00"
    group_size: str = "2"
    cross_state: bool = True
    cross_agency: bool = True
    shared_interests: bool = True
    avoid_repeat_rounds: str = "4"
    prompt: str | None = None

    def validate(self) -> CheckedChoices:
        errors: dict[str, str] = {}
        every = _int(self.every_weeks)
        if every not in CADENCES:
            errors["every_weeks"] = "Choose every 1, 2 or 4 weeks."
        weekday = _int(self.weekday)
        if weekday is None or not 0 <= weekday <= 6:
            errors["weekday"] = "Choose a day of the week."
        at = parse_time(self.time_of_day)
        if at is None:
            errors["time_of_day"] = "Write the time as HH:MM in 24-hour time, for example 10:00 or 15:30."
        size = _int(self.group_size)
        if size not in GROUP_SIZES:
            errors["group_size"] = "Choose groups of 2 or 3."
        repeats = _int(self.avoid_repeat_rounds)
        if repeats is None or not 0 <= repeats <= REPEAT_ROUNDS_MAX:
            errors["avoid_repeat_rounds"] = f"Write a whole number of rounds from 0 to {REPEAT_ROUNDS_MAX}."
        prompt = " ".join((self.prompt or "").split(" ")).strip() or None
        if prompt is not None and len(prompt) > PROMPT_MAX:
            errors["prompt"] = f"Keep the prompt to {PROMPT_MAX} characters or fewer."
        if errors:
            raise InvalidInput(errors)
        assert every is not None and weekday is not None and at is not None and size is not None
        assert repeats is not None
        return CheckedChoices(
            self.enabled,
            every,
            weekday,
            at,
            MatchRules(size, self.cross_state, self.cross_agency, self.shared_interests, repeats),
            prompt,
        )


@dataclass(frozen=True)
class CheckedChoices:
    enabled: bool
    every_weeks: int
    weekday: int
    at: time
    rules: MatchRules
    prompt: str | None


def _int(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else None


def parse_time(raw: str | None) -> time | None:
    hour, sep, minute = (raw or "").strip().partition(":")
    if not sep or not hour.isdigit() or not minute.isdigit() or len(minute) != 2 or len(hour) > 2:
        return None
    if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
        return None
    return time(int(hour), int(minute))


def choices_of(settings: IntroSettings | None) -> IntroChoices:
    """The form's starting values: the saved settings, or the defaults."""
    if settings is None:
        return IntroChoices()
    return IntroChoices(
        settings.enabled,
        str(settings.every_weeks),
        str(settings.weekday),
        f"{settings.hour:02d}:{settings.minute:02d}",
        str(settings.group_size),
        settings.cross_state,
        settings.cross_agency,
        settings.shared_interests,
        str(settings.avoid_repeat_rounds),
        settings.prompt,
    )


def rules_of(settings: IntroSettings) -> MatchRules:
    return MatchRules(
        settings.group_size,
        settings.cross_state,
        settings.cross_agency,
        settings.shared_interests,
        settings.avoid_repeat_rounds,
    )


def first_round_on(*, weekday: int, at: time, zone: ZoneInfo, now: datetime) -> date:
    """The local date of the first chosen weekday whose chosen time is still to come."""
    local = now.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    if datetime.combine(day, at, tzinfo=zone) <= now:
        day += timedelta(days=7)
    return day


def save_choices(
    session: Session, *, network: Network, choices: IntroChoices, by_user: str, now: datetime
) -> IntroSettings:
    checked = choices.validate()
    current = intro_store.get_settings(session, network_id=network.id)
    timing_same = current is not None and (
        current.enabled,
        current.every_weeks,
        current.weekday,
        current.hour,
        current.minute,
    ) == (True, checked.every_weeks, checked.weekday, checked.at.hour, checked.at.minute)
    starts_on = (
        current.starts_on
        if timing_same and current is not None
        else first_round_on(weekday=checked.weekday, at=checked.at, zone=ZoneInfo(network.timezone), now=now)
    )
    rules = checked.rules
    return intro_store.save_settings(
        session,
        IntroSettings(
            network_id=network.id,
            enabled=checked.enabled,
            every_weeks=checked.every_weeks,
            weekday=checked.weekday,
            hour=checked.at.hour,
            minute=checked.at.minute,
            group_size=rules.group_size,
            cross_state=rules.cross_state,
            cross_agency=rules.cross_agency,
            shared_interests=rules.shared_interests,
            avoid_repeat_rounds=rules.avoid_repeat_rounds,
            prompt=checked.prompt,
            starts_on=starts_on,
            updated_by=by_user,
            updated_at=now,
        ),
    )


def describe(settings: IntroSettings) -> str:
    every = "every week" if settings.every_weeks == 1 else f"every {settings.every_weeks} weeks"
    return (
        f"{every} on {WEEKDAYS[settings.weekday]}s at {settings.hour:02d}:{settings.minute:02d}, "
        f"in groups of {settings.group_size}"
    )
