"""Forget me / Keep my data: only the person the confirmation is about may answer it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from rendering.rights.messages import forgotten, kept, not_yours
from rendering.rights.payloads import ForgetButton
from workflows import rights
from workflows.interaction import Interaction


def confirm_clicked(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond, interaction: Interaction
) -> None:
    ack()
    target = ForgetButton.from_value(action.get("value")).user_id
    if target != body["user"]["id"]:
        respond(text=not_yours(), response_type="ephemeral", replace_original=False)
        return
    done = rights.forget_me(interaction, user_id=target)
    respond(text=forgotten(done), response_type="ephemeral", replace_original=True)


def cancel_clicked(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
    ack()
    target = ForgetButton.from_value(action.get("value")).user_id
    if target != body["user"]["id"]:
        respond(text=not_yours(), response_type="ephemeral", replace_original=False)
        return
    respond(text=kept(), response_type="ephemeral", replace_original=True)
