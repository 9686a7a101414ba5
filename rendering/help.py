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

PULSE_HELP = """*Pulse surveys* — short surveys members answer in Slack with a click.

*For everyone*
• `/pulse` — the pulses waiting for your answer (each one is in your DMs with me)
• `/pulse results [#pulse] [wave]` — results, when the pulse's facilitator made them visible

*For facilitators*
• `/pulse new` — build a pulse: up to 10 questions, anonymous or named, who is asked, when it opens and closes, \
reminders, repeating weekly or monthly
• `/pulse templates` — start from a ready-made pulse (post-meeting check-in, collaboration, roadmap progress)
• `/pulse list` — every pulse of the network and how many answered
• `/pulse results [#pulse] [wave]` — figures, response rate, breakdown by state and agency, trend across waves
• `/pulse export [#pulse]` — CSV files (one row per response, and a summary) sent to your DM
• `/pulse close [#pulse]` — close the open wave now; `/pulse stop [#pulse]` — no more waves of a repeating pulse
• `/pulse threshold 5` — show breakdowns only for groups of at least 5 respondents (never fewer than 3)"""

COMMAND_HELP: dict[str, str] = {"/peerbot": PEERBOT_HELP, "/pulse": PULSE_HELP}


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
