"""Thin Slack listeners, one room per feature; each feature's register(app) lists its Slack surfaces."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from handlers import home, intros, meetings, network, progress, pulses, report, resources, rights
from handlers.intros import commands as intro_commands
from handlers.kit import errors, resend
from handlers.progress import assistance, entries, lists, roadmap
from handlers.report import commands as report_commands
from handlers.report import participants
from handlers.rights import commands as rights_commands

# `/peerbot <word>` for the features that have no slash command of their own (network routes the rest itself).
PEERBOT_SUBCOMMANDS: dict[str, Callable[..., None]] = {
    "intros": intro_commands.intros,
    "roadmap": roadmap.roadmap_command,
    "progress": entries.progress_command,
    "collab": entries.collab_command,
    "change": entries.change_command,
    "ta": assistance.ta_command,
    "entries": lists.entries_command,
    "participants": participants.participants_command,
    "report": report_commands.report_command,
    "my": rights_commands.my_command,
    "forget": rights_commands.forget_command,
}


def register(app: App) -> None:
    errors.register(app)
    network.register(app, peerbot_subcommands=PEERBOT_SUBCOMMANDS)
    meetings.register(app)
    pulses.register(app)
    resources.register(app)
    intros.register(app)
    home.register(app)
    progress.register(app)
    report.register(app)
    rights.register(app)
    resend.register(app)
