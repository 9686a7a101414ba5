"""`/peerbot report`: facilitators pick a period and sections; the report arrives in their DM as files."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from domain.errors import InvalidInput
from domain.report.build import Section
from domain.report.period import chosen_period
from handlers.kit import forms
from handlers.kit.deps import Deps
from handlers.kit.forms import ack_errors, ack_update
from handlers.kit.subjects import command_scope, network, resolves, view_metadata
from rendering.report.ids import ReportAction, ReportBlock
from rendering.report.modal import progress_modal
from rendering.report.payloads import ReportForm
from workflows.interaction import Interaction, NetworkSubject
from workflows.report import requests as flows

FIELDS = {"period": ReportBlock.PERIOD, "first": ReportBlock.FROM, "last": ReportBlock.TO}


def report_command(
    *, command: dict[str, Any], args: list[str], respond: Respond, interaction: Interaction, **_: Any
) -> None:
    flows.open_report_form(interaction, command_scope(command), trigger_id=command["trigger_id"])


def _sections(view: dict[str, Any]) -> list[Section]:
    picked = set(forms.selected(view, ReportBlock.SECTIONS, ReportAction.INPUT))
    return [s for s in Section if s in picked]


@resolves(
    lambda body: ReportForm.from_value(view_metadata(body)).network_id,
    lambda session, actor, network_id: network(flows.DOING)(session, actor, network_id),
)
def submit_report(
    ack: Ack, view: dict[str, Any], deps: Deps, interaction: Interaction, subject: NetworkSubject
) -> None:
    sections = _sections(view)
    try:
        period = chosen_period(
            forms.value(view, ReportBlock.PERIOD, ReportAction.INPUT) or "",
            today=flows.network_today(interaction, subject),
            first=forms.picked(view, ReportBlock.FROM, ReportAction.INPUT),
            last=forms.picked(view, ReportBlock.TO, ReportAction.INPUT),
        )
    except InvalidInput as exc:
        ack_errors(ack, exc.errors, FIELDS)
        return
    if not sections:
        ack(response_action="errors", errors={ReportBlock.SECTIONS: "Pick at least one section."})
        return
    ack_update(ack, progress_modal(network_name=subject.network.name, period=period, step="Starting"))
    deps.after_ack.submit(
        flows.build_and_send, interaction, subject, view_id=str(view["id"]), period=period, sections=sections
    )
