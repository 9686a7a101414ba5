"""Help messages for every slash command."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from rendering.text import escape

PEERBOT_HELP = """*peerbot* keeps your peer learning network going between and around its meetings.

*For everyone*
• `/peerbot profile` — set your state or territory, agency, role and what you'd like to learn about
• `/meeting list` — upcoming meetings and your RSVP · `/agenda suggest &lt;topic&gt;` — shape the next agenda
• `/pulse` — pulse surveys waiting for your answer · `/resources &lt;words&gt;` — find what peer states use
• `/peerbot intros` — whether you're in the next peer introductions; `/peerbot intros off` / `on`, \
`/peerbot intros skip` (the next round), `/peerbot intros pause until 2026-03-31`
• `/peerbot roadmap` — the network's roadmap: each priority area, each team's latest stage and what moved most \
(`/peerbot roadmap 30` compares the last 30 days)
• `/peerbot progress` — report your team's stage on a priority area (not started, early, making progress, \
substantial, achieved) with a short note
• `/peerbot collab` — log a collaboration outside network meetings; each member you name confirms it with a click \
(`/peerbot collab list` shows the log)
• `/peerbot change` — record a change your agency made to a practice, policy or program (`/peerbot change list`)
• `/peerbot entries` — your own progress reports, collaborations and changes, to edit or withdraw one
• `/peerbot ta` — your state's technical assistance needs and their status
• `/peerbot my data` — a copy of everything peerbot holds about you, as a JSON file in your DM
• `/peerbot forget me` — delete your data from peerbot (it asks first; what you shared stays without your name)
• `/peerbot help` — this message; every command answers `help` (e.g. `/meeting help`)

*For facilitators*
• `/peerbot setup` — run it in a channel to make that channel your network's home (everyone in it joins \
the roster); run it again there to rename the network or change its time zone
• `/peerbot members` — the roster, with everyone's profile
• `/peerbot facilitator add @maria` — make Maria a facilitator; `/peerbot facilitator remove @maria` undoes it
• `/peerbot intros` — peer introductions: on/off, how often, day and time, group size, matching rules, a prompt; \
`/peerbot intros who` — who is in; `/peerbot intros report` — rounds, met rate and which states have met
• `/peerbot roadmap` — also edits the future state and priority areas (description, what achieved looks like, \
target date, milestones); `/peerbot roadmap post` posts the roadmap in the home channel, kept current there
• `/peerbot ta assess #12` — turn one-answer-per-state pulse 12 into each state's TA needs; \
`/peerbot ta provider @name` — let someone log technical assistance delivered
• `/peerbot report` — the evaluation report for a period (last quarter by default): an HTML brief with charts \
arrives in your DM; `/peerbot participants` — who counts in the figures (`add`, `remove` or `reset @name`)"""

RESOURCES_HELP = """*The resource library* keeps the links peers share findable.

• `/resources add` — share a resource: title, link, description, the state(s) it comes from, topics, kind
• `/resources home visiting` — search titles, descriptions, topics and tags; narrow it with \
`state:MS`, `topic:"child care"`, `kind:toolkit` (toolkit, policy, report, data, training, other) or `from:@maria`
• `/resources recent` — the newest entries; `/resources mine` — what you shared
• `/resources topics` — how many entries each topic has, and from which states
• On any message: *More actions* (⋯) → *Save to resource library*

*For facilitators*
• `/resources topics add Child care, Housing` / `/resources topics remove Housing` — the topic list members pick from
• `/resources digest monday 09:00` — when the weekly digest of new resources is posted (network time zone)
• Edit or delete any entry from the ⋯ menu on a search result (members can do this for their own entries)"""

COMMAND_HELP: dict[str, str] = {"/peerbot": PEERBOT_HELP, "/resources": RESOURCES_HELP}

# meetings
COMMAND_HELP["/meeting"] = """*Meetings*

*For everyone*
• `/meeting list` — upcoming meetings and what you answered; answer with the buttons on each announcement
• `/meeting attendance` — the meetings you attended
• `/meeting dms off` — stop reminder DMs (`/meeting dms on` brings them back); channel reminders continue
• `/meeting pauses` — the network's holidays and breaks coming up (no meetings, reminders, pulses or intros)
• *Add to calendar* on every announcement, reminder and Home entry puts the invite in your DM; the Google \
Calendar and Outlook buttons add that meeting there. Home's *Get my calendar feed* gives you a private \
address to subscribe to

*For facilitators*
• `/meeting` or `/meeting new` — schedule a meeting or a series (weekly, every N weeks, monthly)
• `/meeting edit` — change or reschedule a series; reminders move with it
• `/meeting cancel` — cancel one meeting or the rest of a series; whoever said Going or Maybe is told
• `/meeting attendance [title]` — who came to each recent meeting (optionally of one series), by state, \
with the attendance rate
• `/meeting mark` — mark attendance for an in-person meeting
• `/meeting holiday 2026-12-24 [reason]` / `/meeting pause 2026-08-01 2026-08-31 [reason]` — days off: \
meetings on them are skipped (channels told, invites updated), no reminders, pulse waves or introductions
• `/meeting unpause #N` — remove a pause (numbers from `/meeting pauses`); its meetings are back on"""
COMMAND_HELP["/agenda"] = """*Agendas*

• `/agenda suggest &lt;topic&gt;` — suggest a topic for the next meeting
• `/agenda list` — suggestions for the next meeting, with buttons to upvote them
• `/agenda` (facilitators) — draft and post the agenda of the next meeting, with suggestions ranked by votes; \
`/agenda 2` does it for the second meeting in `/meeting list`; post again to edit it"""

PULSE_HELP = """*Pulse surveys* — short surveys members answer in Slack with a click.

*For everyone*
• `/pulse` — the pulses waiting for your answer (each one is in your DMs with me)
• `/pulse results [#pulse] [wave]` — results, when the pulse's facilitator made them visible

*For facilitators*
• `/pulse new` — build a pulse: up to 10 questions, anonymous or named, who is asked, when it opens and closes, \
reminders, repeating weekly, monthly or after each meeting of a series
• `/pulse templates` — start from a ready-made pulse (post-meeting check-in, collaboration, monthly \
collaboration log, roadmap progress)
• `/pulse list` — every pulse of the network and how many answered
• `/pulse results [#pulse] [wave]` — figures, response rate, breakdown by state and agency, trend across waves
• `/pulse export [#pulse]` — CSV files (one row per response, and a summary) sent to your DM
• `/pulse close [#pulse]` — close the open wave now (anonymous answers settle as at a deadline); \
`/pulse extend [#pulse] 2026-12-20 [17:00]` — give the open wave until then; \
`/pulse stop [#pulse]` — no more waves of a repeating pulse
• `/pulse threshold 5` — show breakdowns only for groups of at least 5 respondents (never fewer than 3)"""

COMMAND_HELP["/pulse"] = PULSE_HELP


def help_blocks(command: str) -> list[Block]:
    return [
        SectionBlock(text=COMMAND_HELP[command]),
        ContextBlock(elements=[MarkdownTextObject(text="Commands work in your network's channel or in a DM.")]),
    ]


def unknown_subcommand(command: str, word: str) -> str:
    return f"I don't know `{command} {escape(word)}`. Type `{command} help` to see what it can do."
