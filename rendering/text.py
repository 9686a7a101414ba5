"""Text helpers: the one escape for text people type, Slack's limits, and each reader's time zone."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from slack_sdk.models.blocks import Block, SectionBlock

from domain.markup import ENTITIES, escape

__all__ = [
    "domain_of",
    "escape",
    "fit",
    "fit_lines",
    "link",
    "plain",
    "sections_from_lines",
    "slack_date",
    "truncate",
]

SECTION_TEXT_MAX = 3000
ELLIPSIS = "…"

# A cut must never leave half of an entity (``&am``) or half of a link/mention/date token (``<@U1``).
_OPEN_ENTITY = re.compile(r"&[a-z]{0,4}$")
_OPEN_TOKEN = re.compile(r"<[^<>]*$")


def fit(text: str, limit: int) -> str:
    """Typed text escaped for mrkdwn and capped at ``limit`` *rendered* characters (an entity is never split)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept: list[str] = []
    size = 0
    for char in text:
        piece = ENTITIES.get(char, char)
        if size + len(piece) > limit - len(ELLIPSIS):
            break
        kept.append(piece)
        size += len(piece)
    return "".join(kept) + ELLIPSIS


def plain(text: str, limit: int) -> str:
    """Typed text for a plain_text field (header, button, option, modal title): shown as typed, only capped."""
    return truncate(text, limit)


def truncate(text: str, limit: int) -> str:
    """Cap already-rendered text at ``limit`` characters without splitting an entity or a ``<…>`` token."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0)]
    cut = _OPEN_TOKEN.sub("", _OPEN_ENTITY.sub("", cut))
    return cut + ELLIPSIS


def fit_lines(lines: Iterable[str], *, limit: int = SECTION_TEXT_MAX, more: str = "_…and {n} more_") -> str:
    """Rendered lines as one text object within ``limit`` characters, as Slack counts them (the text as sent).

    Whole lines are kept while they fit; each is first cut at a safe boundary (never inside an entity or a
    ``<…>`` token, so no link, mention or date is split); the lines left out are counted with ``more``
    ("…and N more"), for which room is kept. Every section of a view that could outgrow Slack's limit is built
    with this one function.
    """
    rendered = [truncate(line, limit) for line in lines]
    text = "\n".join(rendered)
    if len(text) <= limit:
        return text
    reserve = len(more.format(n=len(rendered))) + 1
    kept: list[str] = []
    size = 0
    for line in rendered:
        grown = size + len(line) + (1 if kept else 0)
        if grown + reserve > limit:
            break
        kept.append(line)
        size = grown
    hidden = len(rendered) - len(kept)
    return "\n".join([*kept, more.format(n=hidden)])


def domain_of(url: str) -> str:
    """Where a link really goes, as a reader should see it: the host, without ``www.``, IDNs in punycode."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        host = ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return host.removeprefix("www.") or "link"


def link(url: str, label: str, *, limit: int = 200, url_limit: int = 2000) -> str:
    """A typed URL shown as a link with its label, and its real domain beside it so the label can't disguise it.

    ``limit`` caps the label's rendered length; a URL longer than ``url_limit`` once escaped is not linked (only
    its domain is shown), so the result never exceeds ``limit + url_limit + 110`` characters.
    """
    target = escape(url.strip().replace("<", "%3C").replace(">", "%3E").replace("|", "%7C"))
    # Slack ends a link's label at the first "|"; a typed "|" would only confuse readers, so it shows as "/".
    label = fit(label, limit).replace("|", "/")
    domain = fit(domain_of(url), 100)
    return f"<{target}|{label}> ({domain})" if len(target) <= url_limit else f"{label} ({domain})"


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
