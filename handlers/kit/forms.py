"""The one form reader: submitted modal values, read from ``view.state.values``, and answering a submission."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack
from slack_sdk.models.views import View


def state(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    """One input's raw state as Slack sent it; empty when the input is missing or malformed."""
    values = (view.get("state") or {}).get("values") or {}
    found = ((values.get(block_id) or {}) if isinstance(values, dict) else {}).get(action_id)
    return found if isinstance(found, dict) else {}


def block_ids(view: dict[str, Any]) -> list[str]:
    """The block ids of every input in the submitted state."""
    values = (view.get("state") or {}).get("values") or {}
    return [str(block) for block in values] if isinstance(values, dict) else []


def value(view: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """The text, or the selected option's value, of one input; None when empty."""
    found = state(view, block_id, action_id)
    option = found.get("selected_option")
    if isinstance(option, dict) and option:
        return str(option.get("value") or "")
    raw = found.get("value")
    return str(raw) if raw is not None else None


def picked(view: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """Whatever one input holds: text, a chosen option, date, time or conversation; None when empty."""
    found = state(view, block_id, action_id)
    option = found.get("selected_option")
    if isinstance(option, dict) and option:
        return str(option.get("value"))
    for key in ("selected_date", "selected_time", "selected_conversation", "value"):
        if found.get(key):
            return str(found[key])
    return None


def selected(view: dict[str, Any], block_id: str, action_id: str) -> list[str]:
    """The picked users or options of a multi-select; empty when none."""
    found = state(view, block_id, action_id)
    if "selected_users" in found:
        return [str(u) for u in found.get("selected_users") or []]
    return [str(o.get("value")) for o in found.get("selected_options") or [] if isinstance(o, dict)]


def moment(view: dict[str, Any], block_id: str, action_id: str) -> datetime | None:
    """A date-time picker's choice, in UTC; None when empty or malformed."""
    raw = state(view, block_id, action_id).get("selected_date_time")
    try:
        return datetime.fromtimestamp(int(raw), tz=UTC) if raw is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


def ack_errors(ack: Ack, errors: Mapping[str, str], field_blocks: Mapping[str, str]) -> None:
    """Show domain validation errors inline, on the right input of the modal."""
    mapped = {field_blocks.get(field, field): message for field, message in errors.items()}
    ack(response_action="errors", errors=mapped)


def ack_update(ack: Ack, view: View) -> None:
    ack(response_action="update", view=view.to_dict())
