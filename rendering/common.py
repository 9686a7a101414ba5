"""Small surfaces shared by every feature."""

from __future__ import annotations

from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View

from rendering.text import plain


def notice_modal(title: str, text: str) -> View:
    """A modal that only tells something, with a Close button."""
    return View(type="modal", title=plain(title, 24), close="Close", blocks=[SectionBlock(text=text)])
