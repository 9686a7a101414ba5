"""Ready-made pulses a facilitator can start from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.progress.collaborations import PULSE_CHOICES as COLLAB_CHOICES
from domain.progress.collaborations import PULSE_QUESTION as COLLAB_QUESTION
from domain.progress.roadmap import QUESTION_PREFIX, STAGE_CHOICES
from domain.pulses.definitions import (
    MAX_QUESTIONS,
    Audience,
    PulseDraft,
    QuestionDraft,
    QuestionKind,
    Recurrence,
    ResultsVisibility,
)


@dataclass(frozen=True)
class Template:
    title: str
    description: str
    draft: PulseDraft
    days_open: int
    after_meetings: bool = False  # follows a meeting series by default, when the network has one


TEMPLATES: dict[str, Template] = {
    "post_meeting": Template(
        title="Post-meeting check-in",
        description="Three quick questions after a meeting: was it useful, what to keep, what to change.",
        days_open=3,
        after_meetings=True,
        draft=PulseDraft(
            title="How was today's meeting?",
            intro="Thanks for joining. Your answers are anonymous and help us plan the next one.",
            questions=(
                QuestionDraft(text="Today's meeting was a good use of my time.", kind=QuestionKind.AGREEMENT),
                QuestionDraft(
                    text="How useful was it for your work (1 = not at all, 5 = very)?", kind=QuestionKind.RATING
                ),
                QuestionDraft(text="What should we do differently next time?", kind=QuestionKind.TEXT, required=False),
            ),
            results_visibility=ResultsVisibility.AFTER_CLOSE,
        ),
    ),
    "collaboration": Template(
        title="Collaboration outside meetings",
        description="A monthly pulse on whether the network is building working ties between agencies.",
        days_open=7,
        draft=PulseDraft(
            title="Collaboration this month",
            intro="A one-minute check on how the network is working between meetings.",
            questions=(
                QuestionDraft(
                    text="Participating increased my agency's collaboration with at least one other agency.",
                    kind=QuestionKind.AGREEMENT,
                ),
                QuestionDraft(
                    text="Since the last pulse, how have you worked with peers outside meetings?",
                    kind=QuestionKind.MULTIPLE,
                    choices=(
                        "Shared a resource",
                        "Asked a peer for advice",
                        "Worked on something together",
                        "Visited or hosted a peer",
                        "None of these",
                    ),
                    required=False,
                ),
                QuestionDraft(text="An example you'd like to share?", kind=QuestionKind.TEXT, required=False),
            ),
            recurrence=Recurrence.MONTHLY,
        ),
    ),
    "collaboration_log": Template(
        title="Collaboration log, monthly",
        description="Once a month, one click: worked with another state or agency? A Yes opens the collaboration log.",
        days_open=7,
        draft=PulseDraft(
            title="Working together this month",
            intro="One click. If you say yes, peerbot opens the collaboration log so you can note who and what.",
            questions=(QuestionDraft(text=COLLAB_QUESTION, kind=QuestionKind.SINGLE, choices=COLLAB_CHOICES),),
            anonymous=False,
            recurrence=Recurrence.MONTHLY,
        ),
    ),
    "roadmap": Template(
        title="Roadmap progress by priority area",
        description="Each state reports once on progress in each priority area of its roadmap.",
        days_open=14,
        draft=PulseDraft(
            title="Roadmap progress",
            intro="One answer per state, please: agree among your state team who fills this in.",
            questions=(
                *(
                    QuestionDraft(text=f"Progress on {area}", kind=QuestionKind.SINGLE, choices=STAGE_CHOICES)
                    for area in ("data and measurement", "community engagement", "workforce", "policy and funding")
                ),
                QuestionDraft(text="What help would move you forward?", kind=QuestionKind.TEXT, required=False),
            ),
            anonymous=False,
            audience=Audience.PER_STATE,
            reminders=2,
        ),
    ),
}


def _roadmap_questions(areas: Sequence[str]) -> tuple[QuestionDraft, ...]:
    """One "Progress on <area>" question per priority area (as many as fit), then the help question."""
    last = TEMPLATES["roadmap"].draft.questions[-1]
    asked = [
        QuestionDraft(text=f"{QUESTION_PREFIX.capitalize()}{area}", kind=QuestionKind.SINGLE, choices=STAGE_CHOICES)
        for area in areas[: MAX_QUESTIONS - 1]
    ]
    return (*asked, last)


def template_draft(
    key: str, *, now: datetime, default_series: int | None = None, areas: Sequence[str] = ()
) -> PulseDraft | None:
    """The template's draft with a deadline counted from now.

    A post-meeting template follows ``default_series`` (the network's first series with
    meetings to come) after each of its meetings, when there is one. The roadmap template
    asks about the network's own priority areas (``areas``) when it has some; its answers
    become progress reports on those areas (domain.progress.roadmap.import_pulse_reports).
    """
    template = TEMPLATES.get(key)
    if template is None:
        return None
    draft = replace(template.draft, deadline=now + timedelta(days=template.days_open), template=key)
    if key == "roadmap" and areas:
        draft = replace(draft, questions=_roadmap_questions(areas))
    if template.after_meetings and default_series is not None:
        draft = replace(draft, recurrence=Recurrence.AFTER_MEETING, meeting_id=default_series)
    return draft
