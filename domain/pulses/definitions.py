"""What a pulse is: question kinds, settings, and the rules a facilitator's draft must pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidInput

# The kinds are stored as they are named, so their enums live with the models; this module is their vocabulary.
from storage.models.pulses import Audience as Audience
from storage.models.pulses import QuestionKind as QuestionKind
from storage.models.pulses import Recurrence as Recurrence
from storage.models.pulses import ResultsVisibility as ResultsVisibility

MAX_QUESTIONS = 10
MIN_CHOICES = 2
MAX_CHOICES = 25
TITLE_MAX = 150
INTRO_MAX = 2000
QUESTION_MAX = 500
CHOICE_MAX = 75

AGREEMENT_LABELS = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
RATING_LABELS = ("1", "2", "3", "4", "5")
AGREE_VALUES = frozenset({4, 5})  # Agree, Strongly agree


KIND_LABELS = {
    QuestionKind.AGREEMENT: "5-point agreement",
    QuestionKind.RATING: "Rating 1 to 5",
    QuestionKind.SINGLE: "Single choice",
    QuestionKind.MULTIPLE: "Multiple choice",
    QuestionKind.TEXT: "Free text",
}
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE})
ONE_CLICK_KINDS = frozenset({QuestionKind.AGREEMENT, QuestionKind.RATING, QuestionKind.SINGLE})


AUDIENCE_LABELS = {
    Audience.NETWORK: "The whole network",
    Audience.STATES: "Members of chosen states",
    Audience.MEMBERS: "Chosen members",
    Audience.PER_STATE: "One answer per state",
}


VISIBILITY_LABELS = {
    ResultsVisibility.LIVE: "Respondents see results live",
    ResultsVisibility.AFTER_CLOSE: "Respondents see results after it closes",
    ResultsVisibility.NEVER: "Only facilitators see results",
}


RECURRENCE_LABELS = {
    Recurrence.NONE: "Once",
    Recurrence.WEEKLY: "Every week (a new wave each time)",
    Recurrence.MONTHLY: "Every month (a new wave each time)",
    Recurrence.AFTER_MEETING: "After each meeting of the series chosen below",
}

RECURRENCE_PERIODS = {Recurrence.WEEKLY: timedelta(days=7), Recurrence.MONTHLY: timedelta(days=28)}

ANONYMITY_PROMISE = (
    "*What “anonymous” means:* peerbot saves each answer without the person's Slack ID, name or the time they "
    "answered. Who has answered (used only for reminders and the response rate) is kept separately and doesn't "
    "point to any answer; when the pulse closes, the answers are re-saved in a random order. Nobody, facilitators "
    "included, can see which answer is whose in results, exports or logs. Breakdowns by state or agency appear "
    "only for groups of at least 3 respondents (or your network's higher minimum), and written answers only in the "
    "whole-network view, so people should not name themselves in them. To change an answer, the key lives only "
    "in the member's own DM."
)


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    kind: QuestionKind
    choices: tuple[str, ...] = ()
    max_choices: int | None = None
    required: bool = True

    def labels(self) -> tuple[str, ...]:
        """The answer options a respondent picks from (empty for free text)."""
        if self.kind == QuestionKind.AGREEMENT:
            return AGREEMENT_LABELS
        if self.kind == QuestionKind.RATING:
            return RATING_LABELS
        return self.choices


@dataclass(frozen=True)
class PulseDraft:
    title: str = ""
    intro: str = ""
    questions: tuple[QuestionDraft, ...] = ()
    anonymous: bool = True
    audience: Audience = Audience.NETWORK
    audience_states: tuple[str, ...] = ()
    audience_users: tuple[str, ...] = ()
    opens_at: datetime | None = None  # None: now
    deadline: datetime | None = None
    results_visibility: ResultsVisibility = ResultsVisibility.AFTER_CLOSE
    reminders: int = 1
    recurrence: Recurrence = Recurrence.NONE
    meeting_id: int | None = None  # the series an AFTER_MEETING pulse follows
    template: str | None = field(default=None, compare=False)

    def validate(self, *, now: datetime) -> None:
        """Raise InvalidInput naming each bad field (``title``, ``q1_text``, ``deadline``…)."""
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = "Give the pulse a title."
        elif len(self.title.strip()) > TITLE_MAX:
            errors["title"] = f"Keep the title to {TITLE_MAX} characters or fewer."
        if len(self.intro) > INTRO_MAX:
            errors["intro"] = f"Keep the introduction to {INTRO_MAX} characters or fewer."
        if not self.questions:
            errors["q1_text"] = "Add at least one question."
        if len(self.questions) > MAX_QUESTIONS:
            errors["questions"] = f"A pulse has at most {MAX_QUESTIONS} questions."
        for number, question in enumerate(self.questions, start=1):
            errors.update(_question_errors(number, question))
        opens = self.opens_at or now
        if self.deadline is None:
            errors["deadline"] = "Choose when the pulse closes."
        elif self.deadline <= opens:
            errors["deadline"] = "The deadline must come after the pulse opens."
        if self.opens_at is not None and self.opens_at < now - timedelta(minutes=5):
            errors["opens_at"] = "Choose an opening time in the future, or leave it empty to open now."
        if self.audience == Audience.STATES and not self.audience_states:
            errors["audience_states"] = "Choose at least one state, or pick another audience."
        if self.audience == Audience.MEMBERS and not self.audience_users:
            errors["audience_users"] = "Choose at least one member, or pick another audience."
        period = RECURRENCE_PERIODS.get(self.recurrence)
        if period is not None and self.deadline is not None and self.deadline - opens > period:
            errors["deadline"] = "A repeating pulse must close before its next wave opens; choose an earlier deadline."
        if self.recurrence == Recurrence.AFTER_MEETING and self.meeting_id is None:
            errors["meeting"] = "Choose the meeting series whose meetings each get a wave."
        if not 0 <= self.reminders <= 3:
            errors["reminders"] = "Choose between 0 and 3 reminders."
        if errors:
            raise InvalidInput(errors)


def _question_errors(number: int, question: QuestionDraft) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not question.text.strip():
        errors[f"q{number}_text"] = f"Question {number} needs its text."
    elif len(question.text.strip()) > QUESTION_MAX:
        errors[f"q{number}_text"] = f"Keep question {number} to {QUESTION_MAX} characters or fewer."
    if question.kind in CHOICE_KINDS:
        count = len(question.choices)
        if count < MIN_CHOICES or count > MAX_CHOICES:
            errors[f"q{number}_choices"] = (
                f"A choice question needs {MIN_CHOICES} to {MAX_CHOICES} options, one per line (this has {count})."
            )
        elif len(set(question.choices)) != count:
            errors[f"q{number}_choices"] = "Each option must be different."
        elif any(len(choice) > CHOICE_MAX for choice in question.choices):
            errors[f"q{number}_choices"] = f"Keep each option to {CHOICE_MAX} characters or fewer."
    limit = question.max_choices
    if question.kind == QuestionKind.MULTIPLE and limit is not None and not 1 <= limit <= max(len(question.choices), 1):
        errors[f"q{number}_limit"] = "The limit must be between 1 and the number of options."
    return errors


def parse_choices(raw: str | None) -> tuple[str, ...]:
    """Options typed one per line; blank lines ignored."""
    return tuple(line.strip() for line in (raw or "").splitlines() if line.strip())


def next_wave_start(start: datetime, recurrence: Recurrence, *, zone: str = "UTC") -> datetime | None:
    """When the wave after one starting at ``start`` opens (None for a one-off pulse).

    Counted in the network's time zone, so a pulse sent at 9:00 keeps arriving at 9:00
    across daylight-saving changes.
    """
    local = start.astimezone(ZoneInfo(zone))
    if recurrence == Recurrence.WEEKLY:
        following = local + timedelta(days=7)
    elif recurrence == Recurrence.MONTHLY:
        month = local.month % 12 + 1
        year = local.year + (1 if local.month == 12 else 0)
        following = local.replace(year=year, month=month, day=min(local.day, 28))
    else:
        return None
    # Rebuild from the wall-clock time so the zone's offset on the new date applies.
    wall = following.replace(tzinfo=None)
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(start.tzinfo)
