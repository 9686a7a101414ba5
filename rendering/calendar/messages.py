"""Calendar messages: pauses listed and announced, skipped meetings, the invite's comment, the feed modal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from domain.calendar.pauses import covering, local_day
from rendering.meetings.messages import title, when
from rendering.text import fit, sections_from_lines
from storage.models import Meeting, Occurrence, Pause

REASON_SHOWN = 200
PAUSES_LISTED = 40


def days(pause: Pause) -> str:
    """``Thu Dec 24, 2026`` or ``Sat Aug 1 to Mon Aug 31, 2026``: dates of the network's calendar, not instants."""

    def day(d: date, *, year: bool) -> str:
        return d.strftime("%a %b %-d") + (d.strftime(", %Y") if year else "")

    if pause.first_day == pause.last_day:
        return day(pause.first_day, year=True)
    return (
        f"{day(pause.first_day, year=pause.first_day.year != pause.last_day.year)} to {day(pause.last_day, year=True)}"
    )


def pause_line(pause: Pause) -> str:
    return f"*{fit(pause.reason, REASON_SHOWN)}* · {days(pause)}"


def pause_list(pauses: Sequence[Pause], *, network_name: str, facilitator: bool) -> list[Block]:
    if not pauses:
        return [SectionBlock(text=f"*{fit(network_name, 200)}* has no pauses coming up.")]
    lines = [f"`#{p.id}` {pause_line(p)}" for p in pauses[:PAUSES_LISTED]]
    if len(pauses) > PAUSES_LISTED:
        lines.append(f"_…and {len(pauses) - PAUSES_LISTED} more._")
    blocks: list[Block] = [SectionBlock(text=f"*Pauses of {fit(network_name, 200)}*")]
    blocks += sections_from_lines(lines, max_blocks=10)
    hint = (
        "Remove one with `/meeting unpause #N`; its meetings are back on."
        if facilitator
        else "No meetings, reminders, pulses or introductions on these days."
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=hint)]))
    return blocks


def pause_added(pause: Pause, skipped: int) -> str:
    meetings = "no meeting falls on those days" if not skipped else f"{skipped} meeting(s) skipped"
    return (
        f"Paused: {pause_line(pause)} — {meetings}. No meeting reminders, pulse waves or introductions "
        "on those days. Members see it on Home; `/meeting pauses` lists pauses."
    )


def pause_removed(pause: Pause, restored: int) -> str:
    return f"Removed the pause {pause_line(pause)}; {restored} meeting(s) are back on."


def skipped_notice(meeting: Meeting, occurrences: Sequence[Occurrence], pauses: Sequence[Pause]) -> str:
    """The channel's notice that meetings of a series fall in a pause."""
    shown = occurrences[:10]
    parts = []
    for occurrence in shown:
        pause = covering(pauses, local_day(occurrence.start_utc, meeting.timezone))
        why = f" ({fit(pause.reason, REASON_SHOWN)})" if pause else ""
        parts.append(f"{when(occurrence.start_utc, meeting.timezone)}{why}")
    more = f" and {len(occurrences) - len(shown)} more" if len(occurrences) > len(shown) else ""
    return f"*{title(meeting)}* is skipped on {', '.join(parts)}{more}: no meeting, no reminders."


def restored_notice(meeting: Meeting, occurrences: Sequence[Occurrence]) -> str:
    shown = ", ".join(when(o.start_utc, meeting.timezone) for o in occurrences[:10])
    more = f" and {len(occurrences) - 10} more" if len(occurrences) > 10 else ""
    return f"*{title(meeting)}* is back on for {shown}{more}: the pause was removed."


def invite_comment(meeting: Meeting, *, cancelled: bool, update: bool) -> str:
    if cancelled:
        return (
            f"*{title(meeting)}*: open this file to take the cancelled meeting(s) out of your calendar "
            "(you had said you'd come)."
        )
    if update:
        return f"*{title(meeting)}* changed: open this file to update your calendar (you had said you'd come)."
    return (
        f"*{title(meeting)}*: open this file to add the meeting to your calendar. "
        "It carries the whole series; updates replace it."
    )


def skipped_lines(entries: Sequence[tuple[Occurrence, Meeting]], pauses: Sequence[Pause]) -> list[str]:
    """``/meeting list``'s lines for meetings a pause takes away, struck through, with the pause's reason."""
    lines = []
    for occurrence, meeting in entries:
        pause = covering(pauses, local_day(occurrence.start_utc, meeting.timezone))
        why = f" for *{fit(pause.reason, REASON_SHOWN)}*" if pause else ""
        lines.append(f"~{title(meeting)} — {when(occurrence.start_utc, meeting.timezone)}~ · skipped{why}")
    return lines


FEED_TITLE = "Your calendar feed"


def feed_modal(*, network_name: str, url: str | None) -> View:
    """The new address (shown once: peerbot keeps only a hash of it), or why there is none."""
    if url is None:
        text = (
            "Calendar feeds need peerbot's public web address, and this peerbot has none set "
            "(`PEERBOT_PUBLIC_URL`). Ask whoever runs peerbot to set it. Meanwhile, *Add to calendar* on any "
            "meeting puts its invite in your DM."
        )
        blocks: list[Block] = [SectionBlock(text=text)]
    else:
        blocks = [
            SectionBlock(
                text=f"Subscribe to this address in Google Calendar (*Other calendars → From URL*), Outlook "
                f"(*Add calendar → Subscribe from web*) or Apple Calendar to see the upcoming meetings of "
                f"*{fit(network_name, 200)}*:"
            ),
            SectionBlock(text=f"```{url}```"),
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text="It's private to you: anyone with the address sees the network's meetings. "
                        "peerbot can't show it again; make a new one (the old one stops working) or turn it off "
                        "from Home at any time. Calendar apps refresh it every few hours."
                    )
                ]
            ),
        ]
    return View(type="modal", title=FEED_TITLE, close="Done", blocks=blocks)
