"""The "Send again" button on a message peerbot could not confirm was delivered."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from domain.errors import PeerbotError
from handlers.kit.deps import Deps
from handlers.kit.errors import guarded
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
    raw = str(action.get("value") or "")
    if not raw.isdigit() or len(raw) > 18:
        raise PeerbotError("That button is out of date.")
    ctx = RunContext(deps.session_factory, client, deps.clock, context.bot_user_id)
    answer = resend_on_request(
        ctx,
        delivery_id=int(raw),
        team_id=str(body["team"]["id"]),
        user_id=str(body["user"]["id"]),
    )
    respond(text=answer, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    app.action(DeliveryAction.RESEND)(guarded(resend_clicked))
