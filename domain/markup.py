"""Slack's escaping of text people type: the one function, here at the bottom so refusals that quote it escape too."""

from __future__ import annotations

import re

# Slack's rule for text it parses (mrkdwn and every message ``text``): only these three are control characters.
ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL = re.compile("[&<>]")


def escape(text: str) -> str:
    """The one escape for text people type, in any mrkdwn block or message ``text`` (notifications included).

    ``&``, ``<`` and ``>`` become entities, so typed text can never make a mention (``<!here>``, ``<@U1>``,
    ``<#C1>``), a date token or a disguised link (``<https://evil|CDC>``); mrkdwn's ``*_~``` can then only
    style the words, never form a link. Typed entities such as ``&lt;`` stay visible as typed.
    Renderers reach it as ``rendering.text.escape`` (with ``fit`` and ``link`` for capped text and links).
    """
    return _SPECIAL.sub(lambda match: ENTITIES[match.group()], text)
