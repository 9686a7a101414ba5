"""The messages of `/peerbot my data` and `/peerbot forget me`: summary, confirmation, result."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ConfirmObject, ContextBlock, SectionBlock
from slack_sdk.models.blocks import MarkdownTextObject as Md

from domain.rights.copy import ANONYMOUS_NOTE, KEPT_NOTE
from rendering.rights.ids import RightsAction
from rendering.rights.payloads import ForgetButton

MAX_LINES = 40


def _lines(counts: Sequence[tuple[str, int]]) -> str:
    shown = [f"• {name}: {count}" for name, count in counts[:MAX_LINES]]
    if len(counts) > MAX_LINES:
        shown.append(f"…and {len(counts) - MAX_LINES} more")
    return "\n".join(shown) or "• nothing: peerbot holds no data that names you."


def copy_comment(counts: Sequence[tuple[str, int]]) -> str:
    """The summary posted with the JSON file."""
    return f"Here is all the data peerbot holds about you.\n{_lines(counts)}\n_{ANONYMOUS_NOTE}_"


def copy_sent() -> str:
    return "I've sent a copy of your data to our DM, as a JSON file."


def forget_confirmation(user_id: str) -> tuple[str, list[Block]]:
    value = ForgetButton(user_id).to_value()
    text = "Forget me: delete your data from peerbot?"
    blocks: list[Block] = [
        SectionBlock(
            text=Md(
                text="*Delete your data from peerbot?* Your profiles, RSVPs, attendance, named pulse answers, "
                "helpful votes, agenda suggestions and introductions will be deleted in every network. "
                "This cannot be undone."
            )
        ),
        ContextBlock(elements=[Md(text=KEPT_NOTE)]),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Forget me",
                    action_id=RightsAction.CONFIRM_FORGET,
                    value=value,
                    style="danger",
                    confirm=ConfirmObject(
                        title="Forget me?",
                        text="Your data will be deleted for good.",
                        confirm="Delete",
                        deny="Keep it",
                    ),
                ),
                ButtonElement(text="Keep my data", action_id=RightsAction.CANCEL_FORGET, value=value),
            ]
        ),
    ]
    return text, blocks


def forgotten(counts: Sequence[tuple[str, int]]) -> str:
    return f"Done: peerbot has forgotten you.\n{_lines(counts)}\n_{KEPT_NOTE}_"


def kept() -> str:
    return "Nothing was deleted: your data stays as it was."


def not_yours() -> str:
    return "This confirmation is for someone else: only they can answer it. Nothing was deleted."
