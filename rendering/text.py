"""Text helpers that keep output within Slack's limits and speak in each reader's time zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from slack_sdk.models.blocks import Block, SectionBlock

SECTION_TEXT_MAX = 3000


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def escape(text: str) -> str:
    """Escape user-provided text for mrkdwn so it cannot inject mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_date(moment: datetime, token_format: str, fallback: str) -> str:
    """Slack date formatting: every reader sees the time in their own zone."""
    return f"<!date^{int(moment.timestamp())}^{token_format}|{escape(fallback)}>"


def sections_from_lines(lines: Iterable[str], *, max_blocks: int, noun: str = "more") -> list[Block]:
    """Pack lines into as few sections as fit; past ``max_blocks``, end with "…and N more"."""
    chunks: list[list[str]] = []
    sizes: list[int] = []
    total = 0
    for raw in lines:
        total += 1
        line = truncate(raw, SECTION_TEXT_MAX)
        if chunks and sizes[-1] + 1 + len(line) <= SECTION_TEXT_MAX:
            chunks[-1].append(line)
            sizes[-1] += 1 + len(line)
        else:
            chunks.append([line])
            sizes.append(len(line))
    if len(chunks) > max_blocks:
        chunks = chunks[: max_blocks - 1]
        hidden = total - sum(len(chunk) for chunk in chunks)
        chunks.append([f"_…and {hidden} {noun}_"])
    return [SectionBlock(text="\n".join(chunk)) for chunk in chunks]
