"""`/peerbot report` from Slack: the form a facilitator fills in, and the report built and sent to their DM."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from domain.network import roles
from domain.report.build import Section
from domain.report.period import Period, last_quarter
from rendering.report.modal import report_modal
from workflows.interaction import CommandScope, Interaction, NetworkSubject
from workflows.report.writing import send_report

DOING = "build the evaluation report"


def open_report_form(use: Interaction, scope: CommandScope, *, trigger_id: str) -> None:
    with use.session_factory.begin() as session:
        network = scope.network(session)
        roles.require_facilitator(session, network=network, user_id=scope.user_id, doing=DOING)
        today = use.now().astimezone(ZoneInfo(network.timezone)).date()
        view = report_modal(network_id=network.id, network_name=network.name, last_quarter=last_quarter(today))
    use.client.views_open(trigger_id=trigger_id, view=view)


def network_today(use: Interaction, subject: NetworkSubject) -> date:
    """Today in the network's time zone: what "last quarter" and the chosen dates are counted from."""
    return use.now().astimezone(ZoneInfo(subject.network.timezone)).date()


def build_and_send(
    use: Interaction, subject: NetworkSubject, *, view_id: str, period: Period, sections: list[Section]
) -> None:
    """Build the report, showing each step in the modal ``view_id``; the files arrive in the facilitator's DM."""
    send_report(
        use.client,
        use.session_factory,
        now=use.now(),
        network_id=subject.network.id,
        network_name=subject.network.name,
        user_id=subject.user_id,
        view_id=view_id,
        period=period,
        sections=sections,
    )
