"""The "Send again" button on a notice about messages peerbot could not confirm were delivered."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from handlers.kit.deps import Deps
from handlers.kit.errors import guarded
from rendering.deliveries import ResendButton
from rendering.ids import DeliveryAction
from workflows.context import RunContext
from workflows.deliveries import resend_on_request


def resend_clicked(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    deps: Deps,
) -> None:
    ack()
    button = ResendButton.from_value(action.get("value"))
    ctx = RunContext(deps.session_factory, client, deps.clock, context.bot_user_id)
    answer = resend_on_request(
        ctx,
        delivery_ids=button.delivery_ids,
        team_id=str(body["team"]["id"]),
        user_id=str(body["user"]["id"]),
    )
    respond(text=answer, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    app.action(DeliveryAction.RESEND)(guarded(resend_clicked))
