"""Attendance surfaces: the facilitator's marking modal, the attendance report, a member's own record."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    SectionBlock,
    StaticMultiSelectElement,
)
from slack_sdk.models.views import View

from domain.meetings.attendance import AttendanceReport, PersonalRecord
from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from rendering.meetings.messages import mentions, title, when
from rendering.meetings.payloads import OccurrenceButton, OccurrenceForm
from rendering.text import escape, plain, truncate
from storage.models import Meeting, Member, Occurrence

OPTIONS_PER_GROUP = 100


def _person(member: Member) -> Option:
    return Option(text=plain(member.display_name or member.user_id, 75), value=member.user_id)


def mark_modal(meeting: Meeting, occurrence: Occurrence, roster: Sequence[Member], present: Sequence[str]) -> View:
    options = [_person(m) for m in roster]
    chosen = [o for o in options if o.value in set(present)]
    if len(options) <= OPTIONS_PER_GROUP:
        element = StaticMultiSelectElement(
            action_id=MeetingAction.ATTENDANCE_PEOPLE,
            placeholder="Choose who was there",
            options=options,
            initial_options=chosen or None,
        )
    else:
        groups = [
            OptionGroup(
                label=f"Members {n + 1} to {min(n + OPTIONS_PER_GROUP, len(options))}",
                options=options[n : n + OPTIONS_PER_GROUP],
            )
            for n in range(0, len(options), OPTIONS_PER_GROUP)
        ]
        element = StaticMultiSelectElement(
            action_id=MeetingAction.ATTENDANCE_PEOPLE,
            placeholder="Choose who was there",
            option_groups=groups,
            initial_options=chosen or None,
        )
    return View(
        type="modal",
        callback_id=MeetingCallback.ATTENDANCE_MARK,
        title="Mark attendance",
        submit="Save",
        close="Cancel",
        private_metadata=OccurrenceForm(occurrence.id).to_value(),
        blocks=[
            SectionBlock(
                text=f"Who came to *{title(meeting)}* on {when(occurrence.start_utc, meeting.timezone)}? "
                "People who checked in are already chosen; what you save here is the record."
            ),
            InputBlock(block_id=MeetingBlock.ATTENDANCE_PEOPLE, label="Present", optional=True, element=element),
        ],
    )


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.0%}"


def report_blocks(report: AttendanceReport) -> list[Block]:
    name = escape(report.network.name)
    if not report.meetings:
        return [SectionBlock(text=f"No meetings of *{name}* have been held yet, so there's no attendance to show.")]
    states = ", ".join(f"{state}: {count}" for state, count in report.by_state()) or "none"
    blocks: list[Block] = [
        SectionBlock(
            text=f"*Attendance in {name}* — last {len(report.meetings)} meetings\n"
            f"{report.total_attendances} attendances · roster of {report.roster_size} · "
            f"attendance rate *{_percent(report.rate)}*\nBy state: {states}"
        )
    ]
    for held in report.meetings:
        rate = len(held.attendees) / report.roster_size if report.roster_size else None
        by_state = ", ".join(f"{state}: {count}" for state, count in held.by_state) or "—"
        who = mentions(held.attendees, limit=40) if held.attendees else "_nobody recorded_"
        blocks += [
            DividerBlock(),
            SectionBlock(
                text=truncate(
                    f"*{title(held.meeting)}* — {when(held.occurrence.start_utc, held.meeting.timezone)}\n"
                    f"{len(held.attendees)} attended ({_percent(rate)}) · {by_state}\n{who}",
                    3000,
                )
            ),
            ActionsBlock(
                block_id=f"attendance_{held.occurrence.id}",
                elements=[
                    ButtonElement(
                        text="Mark attendance",
                        action_id=MeetingAction.ATTENDANCE_OPEN_MARK,
                        value=OccurrenceButton(held.occurrence.id).to_value(),
                    )
                ],
            ),
        ]
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Rate = attendances / (current roster size x meetings shown).")])
    )
    return blocks


def personal_blocks(record: PersonalRecord, *, network_name: str) -> list[Block]:
    if not record.held:
        return [SectionBlock(text=f"No meetings of *{escape(network_name)}* have been held yet.")]
    lines = [
        f"{'✅' if was_there else '▫️'} *{title(meeting)}* — {when(occurrence.start_utc, meeting.timezone)}"
        for meeting, occurrence, was_there in record.held
    ]
    return [
        SectionBlock(
            text=f"*Your attendance in {escape(network_name)}*: "
            f"{record.attended} of the last {len(record.held)} meetings"
        ),
        SectionBlock(text=truncate("\n".join(lines), 3000)),
    ]
