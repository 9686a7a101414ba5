"""`/peerbot report`: facilitators pick a period and sections; the report arrives in their DM as files."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from domain.errors import InvalidInput
from domain.network import roles
from domain.report.build import Section
from domain.report.period import chosen_period, last_quarter
from handlers.kit.commands import command_network
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update, value
from rendering.report.ids import ReportAction, ReportBlock
from rendering.report.modal import progress_modal, report_modal
from rendering.report.payloads import ReportForm
from workflows.report import send_report

FIELDS = {"period": ReportBlock.PERIOD, "first": ReportBlock.FROM, "last": ReportBlock.TO}
DOING = "build the evaluation report"


def report_command(
    *, command: dict[str, Any], args: list[str], client: WebClient, respond: Respond, deps: Deps, context: Any
) -> None:
    with deps.session_factory.begin() as session:
        network = command_network(session, command)
        roles.require_facilitator(session, network=network, user_id=command["user_id"], doing=DOING)
        today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
        view = report_modal(network_id=network.id, network_name=network.name, last_quarter=last_quarter(today))
    client.views_open(trigger_id=command["trigger_id"], view=view)


def _picked(view: dict[str, Any], block: str) -> str | None:
    state = ((view.get("state") or {}).get("values") or {}).get(block, {}).get(ReportAction.INPUT) or {}
    return str(state["selected_date"]) if state.get("selected_date") else None


def _sections(view: dict[str, Any]) -> list[Section]:
    state = ((view.get("state") or {}).get("values") or {}).get(ReportBlock.SECTIONS, {}).get(ReportAction.INPUT)
    picked = {str(o.get("value")) for o in (state or {}).get("selected_options") or []}
    return [s for s in Section if s in picked]


def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps) -> None:
    network_id = ReportForm.from_value(view.get("private_metadata")).network_id
    user_id, team_id = body["user"]["id"], body["team"]["id"]
    with deps.session_factory.begin() as session:
        network = roles.network_for(
            session, network_id=network_id, team_id=team_id, user_id=user_id, facilitator_doing=DOING
        )
        today = deps.now().astimezone(ZoneInfo(network.timezone)).date()
        name = network.name
    sections = _sections(view)
    try:
        period = chosen_period(
            value(view, ReportBlock.PERIOD, ReportAction.INPUT) or "",
            today=today,
            first=_picked(view, ReportBlock.FROM),
            last=_picked(view, ReportBlock.TO),
        )
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    if not sections:
        ack(response_action="errors", errors={ReportBlock.SECTIONS: "Pick at least one section."})
        return
    ack_update(ack, progress_modal(network_name=name, period=period, step="Starting"))
    deps.after_ack.submit(
        send_report,
        client,
        deps.session_factory,
        now=deps.now(),
        network_id=network_id,
        network_name=name,
        user_id=user_id,
        view_id=str(view["id"]),
        period=period,
        sections=sections,
    )
