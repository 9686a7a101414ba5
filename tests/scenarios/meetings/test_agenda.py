"""Members suggest and upvote topics; facilitators post an agenda that reminders then carry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from tests.scenarios.meetings.steps import DEV, FAC, HOME, MARIA, buttons_value, card_message, schedule
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.meetings import network_with_roster
from tests.support.harness import PeerbotUnderTest
from tests.support.payloads import text_value
from workflows.context import RunContext
from workflows.meetings import send_due_reminders


@pytest.fixture
def meeting(peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock) -> dict[str, object]:
    network_with_roster(session_factory, clock.now())
    schedule(peerbot, date="2026-01-08", reminders=["60"])
    return card_message(peerbot)


def _upvote_buttons(response: dict[str, object]) -> list[str]:
    return [
        str(b["accessory"]["value"])
        for b in response.get("blocks", [])  # type: ignore[attr-defined]
        if (b.get("accessory") or {}).get("action_id") == MeetingAction.AGENDA_UPVOTE
    ]


def _suggest_and_vote(peerbot: PeerbotUnderTest, meeting: dict[str, object]) -> None:
    peerbot.command("suggest Onboarding new members", user=MARIA, channel=HOME, command="/agenda")
    assert "Your topic is suggested" in peerbot.last_response()["text"]
    peerbot.click(MeetingAction.MEETING_SUGGEST_TOPIC, buttons_value(meeting), user=DEV, channel=HOME, message=meeting)
    modal = peerbot.opened_view(MeetingCallback.AGENDA_SUGGEST)
    peerbot.submit(
        modal,
        {MeetingBlock.AGENDA_TOPIC: {MeetingAction.AGENDA_TOPIC: text_value("Data sharing agreements")}},
        user=DEV,
    )
    peerbot.command("list", user=FAC, channel=HOME, command="/agenda")
    _onboarding, data = _upvote_buttons(peerbot.last_response())
    for voter in (FAC, MARIA, MARIA):
        peerbot.click(MeetingAction.AGENDA_UPVOTE, data, user=voter, channel=HOME)


def test_members_suggest_and_upvote_and_the_list_ranks_by_votes(
    peerbot: PeerbotUnderTest, meeting: dict[str, object]
) -> None:
    _suggest_and_vote(peerbot, meeting)
    assert "already upvoted" in peerbot.last_response()["text"]
    peerbot.command("list", user=DEV, channel=HOME, command="/agenda")
    text = str(peerbot.last_response()["blocks"])
    assert text.index("Data sharing agreements") < text.index("Onboarding new members")
    assert "*2 votes* · Data sharing" in text and "*0 votes* · Onboarding" in text


def test_facilitator_posts_the_agenda_authors_are_told_and_reminders_include_it(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    meeting: dict[str, object],
) -> None:
    _suggest_and_vote(peerbot, meeting)
    peerbot.command("", user=FAC, channel=HOME, command="/agenda")
    modal = peerbot.opened_view(MeetingCallback.AGENDA_DRAFT)
    picks = {b.get("block_id"): b for b in modal["blocks"]}[MeetingBlock.AGENDA_PICKS]["element"]["options"]
    assert picks[0]["text"]["text"].startswith("(2) Data sharing")
    response = peerbot.submit(
        modal,
        {
            MeetingBlock.AGENDA_PICKS: {
                MeetingAction.AGENDA_PICKS: {"type": "checkboxes", "selected_options": [picks[0]]}
            },
            MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: text_value("1. Welcome and check-in")},
        },
        user=FAC,
    )
    assert response.json() == {"response_action": "clear"}
    posted = [m for m in slack.messages[HOME] if m["text"].startswith("Agenda:")]
    assert len(posted) == 1
    assert posted[0]["blocks"][-1]["text"]["text"] == "1. Welcome and check-in\n• Data sharing agreements"
    assert "Data sharing agreements" in str(card_message(peerbot)["blocks"])
    assert "is on the agenda" in slack.messages[slack.dm_channel(DEV)][-1]["text"]
    assert not slack.messages.get(slack.dm_channel(MARIA))  # her topic wasn't picked

    peerbot.command("", user=FAC, channel=HOME, command="/agenda")
    again = peerbot.opened_view(MeetingCallback.AGENDA_DRAFT)
    peerbot.submit(
        again,
        {
            MeetingBlock.AGENDA_PICKS: {
                MeetingAction.AGENDA_PICKS: {"type": "checkboxes", "selected_options": [picks[0]]}
            },
            MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: text_value("1. Welcome\n2. Data sharing agreements")},
        },
        user=FAC,
    )
    posted = [m for m in slack.messages[HOME] if m["text"].startswith("Agenda:")]
    assert len(posted) == 1 and "2. Data sharing agreements" in str(posted[0]["blocks"]) and posted[0].get("edited")
    assert len(slack.messages[slack.dm_channel(DEV)]) == 1  # told once

    clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    send_due_reminders(RunContext(session_factory=session_factory, client=client, clock=clock, bot_user_id=None))
    reminder = slack.messages[HOME][-1]
    assert reminder["text"].startswith("Reminder:") and "2. Data sharing agreements" in str(reminder["blocks"])


def test_an_empty_agenda_is_refused_inline(peerbot: PeerbotUnderTest, meeting: dict[str, object]) -> None:
    peerbot.command("", user=FAC, channel=HOME, command="/agenda")
    modal = peerbot.opened_view(MeetingCallback.AGENDA_DRAFT)
    body = peerbot.submit(
        modal, {MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: text_value("  ")}}, user=FAC
    ).json()
    assert body["response_action"] == "errors" and MeetingBlock.AGENDA_TEXT in body["errors"]


def test_member_cannot_draft_the_agenda(
    peerbot: PeerbotUnderTest, slack: SlackStub, meeting: dict[str, object]
) -> None:
    peerbot.command("", user=MARIA, channel=HOME, command="/agenda")
    assert "No suggestions yet" in str(peerbot.last_response()["blocks"])  # a member gets the list instead
    peerbot.command("1", user=MARIA, channel=HOME, command="/agenda")
    assert "Only facilitators" in peerbot.last_response()["text"]
    assert not [v for v in slack.views.values() if v.get("callback_id") == MeetingCallback.AGENDA_DRAFT]


def test_suggesting_with_no_meeting_coming_up_explains(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, clock: FakeClock
) -> None:
    network_with_roster(session_factory, clock.now())
    peerbot.command("suggest Budgets", user=MARIA, channel=HOME, command="/agenda")
    assert "no such upcoming meeting" in peerbot.last_response()["text"]


def test_facilitator_can_draft_the_agenda_of_a_later_meeting(
    peerbot: PeerbotUnderTest, slack: SlackStub, meeting: dict[str, object]
) -> None:
    schedule(peerbot, title="Budget workshop", date="2026-02-10", reminders=["60"])
    peerbot.command("2", user=FAC, channel=HOME, command="/agenda")
    modal = peerbot.opened_view(MeetingCallback.AGENDA_DRAFT)
    assert "Budget workshop" in str(modal["blocks"])
