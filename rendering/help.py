"""Help messages for every slash command."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

PEERBOT_HELP = """*peerbot* keeps your peer learning network going between and around its meetings.

*For everyone*
• `/peerbot profile` — set your state or territory, agency, role and what you'd like to learn about
• `/peerbot help` — this message

*For facilitators*
• `/peerbot setup` — run it in a channel to make that channel your network's home (everyone in it joins \
the roster); run it again there to rename the network or change its time zone
• `/peerbot members` — the roster, with everyone's profile
• `/peerbot facilitator add @maria` — make Maria a facilitator; `/peerbot facilitator remove @maria` undoes it"""

COMMAND_HELP: dict[str, str] = {"/peerbot": PEERBOT_HELP}

# meetings
COMMAND_HELP["/meeting"] = """*Meetings*

*For everyone*
• `/meeting list` — upcoming meetings and what you answered; answer with the buttons on each announcement
• `/meeting attendance` — the meetings you attended
• `/meeting dms off` — stop reminder DMs (`/meeting dms on` brings them back); channel reminders continue

*For facilitators*
• `/meeting` or `/meeting new` — schedule a meeting or a series (weekly, every N weeks, monthly)
• `/meeting edit` — change or reschedule a series; reminders move with it
• `/meeting cancel` — cancel one meeting or the rest of a series; whoever said Going or Maybe is told
• `/meeting attendance [title]` — who came to each recent meeting (optionally of one series), by state, \
with the attendance rate
• `/meeting mark` — mark attendance for an in-person meeting"""
COMMAND_HELP["/agenda"] = """*Agendas*

• `/agenda suggest <topic>` — suggest a topic for the next meeting
• `/agenda list` — suggestions for the next meeting, with buttons to upvote them
• `/agenda` (facilitators) — draft and post the agenda of the next meeting, with suggestions ranked by votes; \
`/agenda 2` does it for the second meeting in `/meeting list`; post again to edit it"""


def help_blocks(command: str) -> list[Block]:
    text = COMMAND_HELP.get(command)
    if text is None:
        text = (
            f"`{command}` isn't available in this version of peerbot yet. "
            "Type `/peerbot help` to see what you can do today."
        )
    return [
        SectionBlock(text=text),
        ContextBlock(elements=[MarkdownTextObject(text="Commands work in your network's channel or in a DM.")]),
    ]


def unknown_subcommand(command: str, word: str) -> str:
    return f"I don't know `{command} {word}`. Type `{command} help` to see what it can do."
