"""`/peerbot report` and `/peerbot participants`: facilitators build the report in Slack and choose who counts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from domain.network.participants import participant_ids
from rendering.report.ids import ReportAction, ReportBlock, ReportCallback
from storage import report as report_store
from storage.db import SessionFactory
from tests.scenarios.resources.library import multi
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.factories.report import HOME, STAFF, evaluation_network, user
from tests.support.harness import PeerbotUnderTest

FACILITATOR = STAFF[0]
MEMBER = user("NH", 2)
EVERY_SECTION = ["participation", "said", "sharing", "progress", "collaboration"]


@pytest.fixture
def network_id(session_factory: SessionFactory, slack: SlackStub) -> int:
    for person in (FACILITATOR, MEMBER):
        slack.add_user(person, name=person.lower(), real_name=f"Person {person}")
    with session_factory.begin() as session:
        return evaluation_network(session).network_id


def values(
    period: str = "custom", first: str | None = "2024-01-01", last: str | None = "2025-12-31", sections: Any = None
) -> dict[str, dict[str, Any]]:
    return {
        ReportBlock.PERIOD: {ReportAction.INPUT: payloads.select_value(period)},
        ReportBlock.FROM: {ReportAction.INPUT: {"type": "datepicker", "selected_date": first}},
        ReportBlock.TO: {ReportAction.INPUT: {"type": "datepicker", "selected_date": last}},
        ReportBlock.SECTIONS: {
            ReportAction.INPUT: multi(EVERY_SECTION if sections is None else sections, "checkboxes")
        },
    }


def updates(slack: SlackStub) -> str:
    return json.dumps([call.args for call in slack.calls_to("views.update")])


def test_a_facilitator_gets_the_report_and_headline_chart_in_their_dm(
    peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int
) -> None:
    peerbot.command("report", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view(ReportCallback.BUILD)
    assert "Last quarter is 1 October 2025 to 31 December 2025" in json.dumps(view)
    response = peerbot.submit(view, values(), user=FACILITATOR)
    assert response.json()["response_action"] == "update"
    assert "Building the report" in json.dumps(response.json())
    peerbot.after_ack.drain(timeout=300)  # drawing the charts takes a while on a busy machine
    peerbot.settle()
    sent = [u for u in slack.uploads if u["channel_id"] == slack.dm_channel(FACILITATOR)]
    assert [u["filename"] for u in sent] == [
        "report-20240101-20251231.html",
        "report-20240101-20251231-attendance_per_meeting.png",
    ]
    html = sent[0]["content"].decode("utf-8") if isinstance(sent[0]["content"], bytes) else str(sent[0]["content"])
    assert "<svg" in html and "Northeast Learning Network" in html
    assert "*Agreement*: 5 of 6" in str(sent[0]["initial_comment"])
    assert sent[1]["initial_comment"] == sent[0]["initial_comment"]  # one share: the files and the summary together
    shown = updates(slack)
    assert "Counting the figures" in shown and "Drawing the charts" in shown
    assert "is in our DM" in shown


def test_a_period_ending_before_it_starts_is_refused_on_the_form(
    peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int
) -> None:
    peerbot.command("report", user=FACILITATOR, channel=HOME)
    view = peerbot.opened_view(ReportCallback.BUILD)
    response = peerbot.submit(view, values(first="2025-06-01", last="2025-01-01"), user=FACILITATOR)
    assert response.json() == {
        "response_action": "errors",
        "errors": {ReportBlock.TO: "The last day can't be before the first."},
    }
    response = peerbot.submit(view, values(sections=[]), user=FACILITATOR)
    assert response.json()["errors"] == {ReportBlock.SECTIONS: "Pick at least one section."}
    peerbot.settle()
    assert not slack.uploads


def test_a_failed_upload_says_what_went_wrong(peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int) -> None:
    slack.fail_next("files.getUploadURLExternal", "not_allowed_token_type")
    peerbot.command("report", user=FACILITATOR, channel=HOME)
    peerbot.submit(peerbot.opened_view(ReportCallback.BUILD), values(period="last_quarter"), user=FACILITATOR)
    peerbot.after_ack.drain(timeout=300)
    peerbot.settle()
    assert "Slack refused the file upload (not_allowed_token_type), so nothing was sent" in updates(slack)
    assert "Traceback" not in updates(slack)
    assert not slack.uploads


def test_a_refused_chart_upload_sends_nothing_and_the_form_says_so(
    peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int
) -> None:
    # The page uploads; the headline chart is refused: neither the page nor the summary may arrive.
    slack.fail_next(
        "files.getUploadURLExternal", "file_upload_too_large", when=lambda a: a["filename"].endswith(".png")
    )
    peerbot.command("report", user=FACILITATOR, channel=HOME)
    peerbot.submit(peerbot.opened_view(ReportCallback.BUILD), values(), user=FACILITATOR)
    peerbot.after_ack.drain(timeout=300)
    peerbot.settle()
    assert not slack.uploads
    assert not [c for c in slack.calls_to("chat.postMessage") if c.args.get("channel") == slack.dm_channel(FACILITATOR)]
    shown = updates(slack)
    assert "Slack refused the file upload (file_upload_too_large), so nothing was sent" in shown
    assert "is in our DM" not in shown and "counting the figures" not in shown


def test_only_facilitators_build_reports_or_choose_who_counts(
    peerbot: PeerbotUnderTest, slack: SlackStub, network_id: int
) -> None:
    peerbot.command("report", user=MEMBER, channel=HOME)
    peerbot.settle()
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert not slack.calls_to("views.open")
    peerbot.command(f"participants remove <@{user('VT', 2)}>", user=MEMBER, channel=HOME)
    peerbot.settle()
    assert "Only facilitators" in peerbot.last_response()["text"]


def test_facilitators_mark_who_counts_in_the_figures(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, network_id: int
) -> None:
    peerbot.command("participants", user=FACILITATOR, channel=HOME)
    peerbot.settle()
    listing = json.dumps(peerbot.last_response()["blocks"])
    assert "Participants (24)" in listing and "Staff (2)" in listing
    peerbot.command(f"participants remove <@{user('VT', 2)}>", user=FACILITATOR, channel=HOME)
    peerbot.settle()
    assert "now counts as staff" in peerbot.last_response()["text"]
    peerbot.command(f"participants add <@{STAFF[1]}>", user=FACILITATOR, channel=HOME)
    peerbot.settle()
    with session_factory.begin() as session:
        counted = participant_ids(report_store.members(session, network_id=network_id))
    assert user("VT", 2) not in counted and STAFF[1] in counted and len(counted) == 24
    peerbot.command("participants maybe", user=FACILITATOR, channel=HOME)
    peerbot.settle()
    assert "participants add @name" in peerbot.last_response()["text"]
