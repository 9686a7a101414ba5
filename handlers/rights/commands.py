"""`/peerbot my data` and `/peerbot forget me`: any person, about themselves only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from domain.errors import PeerbotError
from rendering.rights.messages import copy_sent, forget_confirmation
from workflows import rights
from workflows.interaction import Interaction


def my_command(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    """`/peerbot my data`: the person's own data, as a JSON file in their DM."""
    if [a.lower() for a in args] != ["data"]:
        raise PeerbotError("Did you mean `/peerbot my data`? It sends you a copy of your data.")
    rights.send_my_copy(interaction, user_id=command["user_id"])
    respond(text=copy_sent(), response_type="ephemeral")


def forget_command(*, command: dict[str, Any], args: list[str], respond: Respond, **_: Any) -> None:
    """`/peerbot forget me`: asks first; nothing is deleted until the person confirms."""
    if [a.lower() for a in args] != ["me"]:
        raise PeerbotError("Did you mean `/peerbot forget me`? It deletes your data, after asking you first.")
    text, blocks = forget_confirmation(command["user_id"])
    respond(text=text, blocks=[b.to_dict() for b in blocks], response_type="ephemeral")
