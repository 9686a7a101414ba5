"""The `/peerbot participants` answer: who counts in participation figures and who is staff."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from rendering.text import escape, plain, sections_from_lines
from storage.models import Member, Network

USAGE = (
    "`/peerbot participants add @name` counts someone as a participant; `/peerbot participants remove @name` "
    "counts them as staff; `/peerbot participants reset @name` goes back to the default (everyone except "
    "facilitators who give no state)."
)


def _line(member: Member) -> str:
    how = "marked" if member.participant is not None else "default"
    return f"• {escape(member.display_name)} _({how})_"


def participants_blocks(*, network: Network, participants: Sequence[Member], staff: Sequence[Member]) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text=plain(f"{network.name}: who counts in the figures", 150)),
        ContextBlock(elements=[MarkdownTextObject(text=USAGE)]),
        SectionBlock(text=f"*Participants ({len(participants)})*: counted in attendance, response and participation."),
    ]
    blocks += sections_from_lines((_line(m) for m in participants), max_blocks=20, noun="more participants")
    blocks.append(SectionBlock(text=f"*Staff ({len(staff)})*: on the roster, left out of every rate."))
    if staff:
        blocks += sections_from_lines((_line(m) for m in staff), max_blocks=20, noun="more staff")
    else:
        blocks.append(SectionBlock(text="Nobody."))
    return blocks


def marked_text(*, user_id: str, participant: bool | None, network: Network) -> str:
    if participant is None:
        return f"<@{user_id}> now follows the default rule in *{escape(network.name)}*'s figures."
    kind = "a participant" if participant else "staff (left out of the rates)"
    return f"<@{user_id}> now counts as {kind} in *{escape(network.name)}*'s figures."
