"""Replies every command shares."""

from __future__ import annotations

from slack_bolt import Ack

from rendering.help import help_blocks


def ack_help(ack: Ack, command: str) -> None:
    """Answer with the command's help, visible only to the person who asked."""
    ack(blocks=[block.to_dict() for block in help_blocks(command)], response_type="ephemeral")
