"""Reading submitted modal values and answering a submission."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack
from slack_sdk.models.views import View


def value(view: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """The text, or the selected option's value, of one input; None when empty."""
    state = ((view.get("state") or {}).get("values") or {}).get(block_id, {}).get(action_id) or {}
    if state.get("selected_option"):
        return str(state["selected_option"]["value"])
    raw = state.get("value")
    return str(raw) if raw is not None else None


def ack_errors(ack: Ack, errors: Mapping[str, str], field_blocks: Mapping[str, str]) -> None:
    """Show domain validation errors inline, on the right input of the modal."""
    mapped = {field_blocks.get(field, field): message for field, message in errors.items()}
    ack(response_action="errors", errors=mapped)


def ack_update(ack: Ack, view: View) -> None:
    ack(response_action="update", view=view.to_dict())
