"""The Home tab: a member's week in one network, a facilitator's network health, and a switcher between networks.

Every list is capped with "and N more" and every typed string is fitted, so the view
stays within Slack's limits (100 blocks, 3,000 characters a section) by construction.
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks.basic_components import DispatchActionConfig
from slack_sdk.models.views import View

from domain.home.health import QUIET, RECENT, NetworkHealth
from domain.home.view import HomeData, NextMeeting, WaitingPulse
from domain.network.profiles import state_name
from rendering.calendar.buttons import calendar_buttons
from rendering.calendar.home import feed_blocks, pauses_blocks
from rendering.help import PEERBOT_HELP
from rendering.home.ids import HomeAction, HomeBlock
from rendering.home.payloads import DmsToggle, NudgeButton, QuickAction, QuickActionButton
from rendering.home.taking_part import intros_blocks, progress_blocks
from rendering.meetings.ids import MeetingAction
from rendering.meetings.messages import title, when, where_lines
from rendering.meetings.payloads import OccurrenceButton
from rendering.network.ids import NetworkAction
from rendering.network.profiles import profile_summary
from rendering.payloads import NetworkButton
from rendering.pulses.ids import PulseAction
from rendering.pulses.payloads import AnswerButton
from rendering.text import SECTION_TEXT_MAX, fit, fit_lines, link, plain, slack_date, truncate
from storage.models import Network, Resource

MAX_BLOCKS = 100
SWITCHER_MAX = 100  # a static select holds at most 100 options
NOT_IN_A_NETWORK = (
    "*Welcome to peerbot!* You're not in a peer learning network yet. To join one, ask its facilitator to add "
    "you to the network's Slack channel (or join the channel yourself if it's public): as soon as you're in, "
    "this tab shows your next meetings, the pulses waiting for you and the newest resources. "
    "Facilitators start a network by running `/peerbot setup` in a channel."
)
QUICK_ACTIONS = {
    QuickAction.NEW_MEETING: "New meeting",
    QuickAction.POST_AGENDA: "Post agenda",
    QuickAction.NEW_PULSE: "New pulse",
    QuickAction.ADD_FACILITATOR: "Add facilitator",
    QuickAction.EXPORT_RESULTS: "Export results",
}
RSVP_LABELS = {"going": "Going", "maybe": "Maybe", "no": "Can't make it"}
RSVP_ACTIONS = {"going": MeetingAction.RSVP_GOING, "maybe": MeetingAction.RSVP_MAYBE, "no": MeetingAction.RSVP_NO}


def home_view(data: HomeData) -> View:
    blocks: list[Block] = [HeaderBlock(text="peerbot")]
    if data.notice:
        blocks.append(SectionBlock(text=f":warning: {truncate(data.notice, SECTION_TEXT_MAX - 12)}"))
    network = data.network
    if network is None:
        blocks += [SectionBlock(text=NOT_IN_A_NETWORK), DividerBlock(), SectionBlock(text=PEERBOT_HELP)]
        return View(type="home", blocks=blocks)
    if len(data.networks) > 1:
        blocks.append(_switcher(data.networks, network))
    role = "You're a facilitator" if data.is_facilitator else "You're a member"
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"*{fit(network.name, 200)}* · home channel <#{network.home_channel_id}> · "
                    f"time zone {network.timezone} · {role}"
                )
            ]
        )
    )
    if data.is_facilitator:
        blocks += _quick_actions(network)
    blocks += [DividerBlock(), *_meetings(data.meetings or [], network)]
    blocks += [*pauses_blocks(data.pauses or []), *feed_blocks(network, data.calendar_feed_since)]
    blocks += [DividerBlock(), *_pulses(data.pulses or [], data.pulses_total)]
    blocks += [DividerBlock(), *_resources(data.resources or [], data.resources_total, network)]
    blocks += [DividerBlock(), *progress_blocks(network)]
    if data.intros is not None:
        blocks += [DividerBlock(), *intros_blocks(network, data.intros)]
    blocks += [DividerBlock(), *_profile(data, network)]
    if data.health is not None:
        blocks += [DividerBlock(), *health_blocks(data.health, network)]
    blocks += [
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text="Type `/peerbot help` for every command.")]),
    ]
    return View(type="home", blocks=_capped(blocks))


def _capped(blocks: list[Block]) -> list[Block]:
    """A last guard: the sections above are bounded, but the view must never pass Slack's block limit."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    hidden = len(blocks) - (MAX_BLOCKS - 1)
    return [*blocks[: MAX_BLOCKS - 1], ContextBlock(elements=[MarkdownTextObject(text=f"_…and {hidden} more_")])]


def _switcher(networks: list[Network], current: Network) -> SectionBlock:
    shown = networks[:SWITCHER_MAX]
    if current not in shown:
        shown = [*shown[: SWITCHER_MAX - 1], current]
    options = [Option(text=plain(n.name, 75), value=str(n.id)) for n in shown]
    chosen = next(o for o, n in zip(options, shown, strict=True) if n.id == current.id)
    return SectionBlock(
        block_id=HomeBlock.SWITCHER,
        text=f"You're in {len(networks)} networks. Showing:",
        accessory=StaticSelectElement(
            action_id=HomeAction.SWITCH_NETWORK, options=options, initial_option=chosen, placeholder="Network"
        ),
    )


def _quick_actions(network: Network) -> list[Block]:
    return [
        ActionsBlock(
            block_id=HomeBlock.QUICK_ACTIONS,
            elements=[
                ButtonElement(
                    text=label,
                    action_id=f"{HomeAction.QUICK_ACTION}_{action.value}",
                    value=QuickActionButton(network.id, action).to_value(),
                )
                for action, label in QUICK_ACTIONS.items()
            ],
        )
    ]


def _agenda_link(meeting_occurrence: NextMeeting) -> str | None:
    occurrence = meeting_occurrence.occurrence
    if not (occurrence.agenda_channel and occurrence.agenda_ts):
        return None
    return f"https://slack.com/archives/{occurrence.agenda_channel}/p{occurrence.agenda_ts.replace('.', '')}"


def _meetings(meetings: list[NextMeeting], network: Network) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text="*:calendar: Your next meetings*")]
    if not meetings:
        blocks.append(SectionBlock(text="_No meetings scheduled yet._"))
        return blocks
    for entry in meetings:
        meeting, occurrence = entry.meeting, entry.occurrence
        lines = [f"*{title(meeting)}* — {when(occurrence.start_utc, meeting.timezone)}", *where_lines(meeting)]
        agenda = _agenda_link(entry)
        lines.append(f"*Agenda:* <{agenda}|posted>" if agenda else "_Agenda not posted yet._")
        if entry.checked_in:
            lines.append(":white_check_mark: You're checked in.")
        elif entry.started:
            lines.append("_Under way: answers are closed._")
        elif entry.rsvp:
            lines.append(f"Your answer: *{RSVP_LABELS.get(entry.rsvp, entry.rsvp)}*")
        blocks.append(SectionBlock(text=fit_lines(lines)))
        value = OccurrenceButton(occurrence.id).to_value()
        elements = []
        if entry.check_in_open and not entry.checked_in:
            elements.append(
                ButtonElement(text="Check in", action_id=MeetingAction.MEETING_CHECK_IN, value=value, style="primary")
            )
        for answer, action_id in {} if entry.started else RSVP_ACTIONS.items():
            label = RSVP_LABELS[answer]
            chosen = entry.rsvp == answer
            elements.append(
                ButtonElement(
                    text=f"✓ {label}" if chosen else label,
                    action_id=action_id,
                    value=value,
                    style="primary" if chosen else None,
                )
            )
        if not entry.started:
            elements.append(
                ButtonElement(text="Suggest a topic", action_id=MeetingAction.MEETING_SUGGEST_TOPIC, value=value)
            )
        if elements:
            blocks.append(ActionsBlock(block_id=f"home_meeting_{occurrence.id}", elements=elements))
        blocks.append(
            calendar_buttons(meeting, occurrence, network_name=network.name, block_id=f"home_calendar_{occurrence.id}")
        )
    return blocks


def _pulses(pulses: list[WaitingPulse], total: int) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text="*:bar_chart: Pulses waiting for your answer*")]
    if not pulses:
        blocks.append(SectionBlock(text="_Nothing waiting: you're all caught up._"))
        return blocks
    for pulse in pulses:
        deadline = slack_date(
            pulse.deadline, "{date_short_pretty} at {time}", pulse.deadline.strftime("%Y-%m-%d %H:%M UTC")
        )
        blocks.append(
            SectionBlock(
                text=f"*{fit(pulse.title, 200)}*\nDue {deadline}",
                accessory=ButtonElement(
                    text="Answer", action_id=PulseAction.OPEN_FORM, value=AnswerButton(pulse.wave_id).to_value()
                ),
            )
        )
    if total > len(pulses):
        more = total - len(pulses)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"_…and {more} more: see `/pulse`._")]))
    return blocks


def _resources(resources: list[Resource], total: int, network: Network) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text="*:books: Newest resources*")]
    if resources:
        lines = [f"• {link(r.url, r.title, limit=150, url_limit=500)}" for r in resources]
        # Room is kept for the library's own count below the lines that fit.
        text = fit_lines(lines, limit=SECTION_TEXT_MAX - 60, more="_…and {n} more: search the library below._")
        if total > len(resources):
            text += f"\n_…and {total - len(resources)} more in the library._"
        blocks.append(SectionBlock(text=text))
    else:
        blocks.append(SectionBlock(text="_The library is empty so far: share the first resource._"))
    blocks.append(
        InputBlock(
            block_id=HomeBlock.SEARCH,
            label="Search the library",
            dispatch_action=True,
            optional=True,
            element=PlainTextInputElement(
                action_id=HomeAction.SEARCH,
                placeholder="e.g. home visiting state:MS, then press Enter",
                max_length=500,
                dispatch_action_config=DispatchActionConfig(trigger_actions_on=["on_enter_pressed"]),
            ),
        )
    )
    blocks.append(
        ActionsBlock(
            block_id="home_resources",
            elements=[
                ButtonElement(
                    text="Add a resource",
                    action_id=HomeAction.ADD_RESOURCE,
                    value=NetworkButton(network.id).to_value(),
                )
            ],
        )
    )
    return blocks


def _profile(data: HomeData, network: Network) -> list[Block]:
    if not data.on_roster or data.profile is None:
        return [
            SectionBlock(
                text="*:bust_in_silhouette: Your profile*\n"
                f"_You're not on the roster: join <#{network.home_channel_id}>._"
            )
        ]
    dms = "on" if data.dm_reminders else "off"
    return [
        SectionBlock(text=f"*:bust_in_silhouette: Your profile*\n{profile_summary(data.profile)}"),
        ContextBlock(elements=[MarkdownTextObject(text=f"Reminder DMs for meetings you're coming to: *{dms}*")]),
        ActionsBlock(
            block_id=HomeBlock.PROFILE,
            elements=[
                ButtonElement(
                    text="Edit profile",
                    action_id=NetworkAction.HOME_EDIT_PROFILE,
                    value=NetworkButton(network.id).to_value(),
                ),
                ButtonElement(
                    text="Turn reminder DMs off" if data.dm_reminders else "Turn reminder DMs on",
                    action_id=HomeAction.TOGGLE_DMS,
                    value=DmsToggle(network.id, not data.dm_reminders).to_value(),
                ),
            ],
        ),
    ]


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def health_blocks(health: NetworkHealth, network: Network) -> list[Block]:
    recent, quiet = RECENT.days, QUIET.days
    lines = [
        f"*Members:* {health.members} now · {health.joined_recently} joined and {health.left_recently} left "
        f"in the last {recent} days",
        f"*Profiles complete:* {health.profiles_complete} of {health.members} "
        f"({_percent(health.profiles_complete, health.members)}), today",
    ]
    if health.held:
        rate = health.attendance_rate
        per = "; ".join(
            f"{fit(h.title, 60)} {slack_date(h.start_utc, '{date_short}', h.start_utc.date().isoformat())}: "
            f"{h.attended}/{h.roster}"
            for h in health.held
        )
        overall = f"{round(100 * rate)}%" if rate is not None else "—"
        lines.append(
            f"*Attendance, last {len(health.held)} meetings:* {overall} of the roster as it was at each ({per})"
        )
    else:
        lines.append("*Attendance:* no meetings held yet")
    if health.waves:
        rates = "; ".join(
            f"{fit(w.title, 60)}: {w.answered}/{w.asked} ({_percent(w.answered, w.asked)})" for w in health.waves
        )
        more = f" …and {health.waves_total - len(health.waves)} more" if health.waves_total > len(health.waves) else ""
        lines.append(f"*Response rate of open pulses (so far):* {rates}{more}")
    else:
        lines.append("*Response rate:* no pulse is open right now")
    by_state = ", ".join(f"{state_name(code) or code} {n}" for code, n in health.shared_by_state[:15])
    more_states = len(health.shared_by_state) - 15
    if more_states > 0:
        by_state += f" …and {more_states} more states"
    lines.append(
        f"*Resources shared in the last {recent} days:* {health.shared_recently}"
        + (f" (by state: {by_state})" if by_state else "")
    )
    blocks: list[Block] = [
        SectionBlock(text=f"*:chart_with_upwards_trend: Network health — {fit(network.name, 150)}*"),
        SectionBlock(text=fit_lines(lines)),
    ]
    for title_text, states in health.per_state_gaps:
        names = ", ".join(state_name(code) or code for code in states[:30])
        if len(states) > 30:
            names += f" …and {len(states) - 30} more"
        blocks.append(SectionBlock(text=f"*Not answered yet by state* — {fit(title_text, 150)}: {names}"))
    if health.inactive:
        blocks.append(
            SectionBlock(
                text=f"*No activity in {quiet} days* ({health.inactive_total}): no RSVP, check-in, answer or share"
            )
        )
        failed = health.nudge_failed or {}
        for user_id, name in health.inactive:
            if user_id in health.nudged:
                blocks.append(SectionBlock(text=f"{fit(name, 100)} (<@{user_id}>) · _nudged_ :wave:"))
                continue
            if user_id in health.nudging:
                blocks.append(SectionBlock(text=f"{fit(name, 100)} (<@{user_id}>) · _nudge on its way_"))
                continue
            why = f" · _couldn't nudge them ({fit(failed[user_id], 64)}): try again_" if user_id in failed else ""
            blocks.append(
                SectionBlock(
                    text=f"{fit(name, 100)} (<@{user_id}>){why}",
                    accessory=ButtonElement(
                        text="Nudge", action_id=HomeAction.NUDGE, value=NudgeButton(network.id, user_id).to_value()
                    ),
                )
            )
        hidden = health.inactive_total - len(health.inactive)
        if hidden > 0:
            blocks.append(
                ContextBlock(elements=[MarkdownTextObject(text=f"_…and {hidden} more: see `/peerbot members`._")])
            )
    else:
        blocks.append(SectionBlock(text=f"*No activity in {quiet} days:* nobody — everyone has taken part."))
    return blocks


def nudge_text(*, network: Network, by_user: str) -> str:
    return (
        f"Hi! <@{by_user}> from *{fit(network.name, 200)}* wanted to say we miss you. "
        f"Your next meetings, pulses and the newest resources are one click away in peerbot's *Home* tab, "
        f"and <#{network.home_channel_id}> is where the network talks. Hope to see you soon!"
    )
