"""Text people type can't ping, link or disguise anywhere: hostile strings through every surface, every call scanned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from rendering.resources.ids import ResourceAction
from storage.db import SessionFactory
from storage.models import PulseQuestion
from tests.scenarios.meetings.steps import buttons_value, card_message, schedule
from tests.scenarios.pulses.support import builder_values, button, dm, job_context, pick, plain
from tests.scenarios.resources.library import form_values, open_add_form
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.factories.network import profile_values, set_up_network
from tests.support.harness import PeerbotUnderTest
from tests.support.payloads import text_value
from tests.support.typed_text import hostile, leaks, shown_escaped
from workflows.meetings import send_due_reminders
from workflows.resources import post_weekly_digests

MARIA, DEV = "UMARIA", "UDEV"
LINK = "https://meet.example.org/room?a=1&b=2"


def _set_up_network_and_profiles(peerbot: PeerbotUnderTest) -> None:
    set_up_network(peerbot, name=hostile(80))
    peerbot.command("profile", user=MARIA, channel=HOME)
    peerbot.submit(
        peerbot.opened_view("member_profile"),
        profile_values(state="TX", agency=hostile(200), role_title=hostile(200), interests=hostile(1000)),
        user=MARIA,
    )
    peerbot.command("members", user=FACILITATOR, channel=HOME)
    peerbot.command("members", user=MARIA, channel=HOME)
    peerbot.event({"type": "app_home_opened", "user": MARIA, "tab": "home"})
    for command in ("/peerbot", "/meeting", "/agenda", "/pulse", "/resources"):
        peerbot.command(f"{hostile(40)} now", user=MARIA, channel=HOME, command=command)


def _meeting_surfaces(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory) -> None:
    schedule(peerbot, title=hostile(150), place=hostile(200), link=LINK, date="2026-01-08", reminders=["60"])
    card = card_message(peerbot)
    for user, action in ((MARIA, MeetingAction.RSVP_GOING), (DEV, MeetingAction.RSVP_MAYBE)):
        peerbot.click(action, buttons_value(card), user=user, channel=HOME, message=card)
    peerbot.command(f"suggest {hostile(300)}", user=MARIA, channel=HOME, command="/agenda")
    peerbot.click(MeetingAction.MEETING_SUGGEST_TOPIC, buttons_value(card), user=DEV, channel=HOME, message=card)
    topic = {MeetingBlock.AGENDA_TOPIC: {MeetingAction.AGENDA_TOPIC: text_value(hostile(299))}}
    peerbot.submit(peerbot.opened_view(MeetingCallback.AGENDA_SUGGEST), topic, user=DEV)
    peerbot.command("list", user=FACILITATOR, channel=HOME, command="/agenda")
    peerbot.command("", user=FACILITATOR, channel=HOME, command="/agenda")
    modal = peerbot.opened_view(MeetingCallback.AGENDA_DRAFT)
    picks = {b.get("block_id"): b for b in modal["blocks"]}[MeetingBlock.AGENDA_PICKS]["element"]["options"]
    agenda = {
        MeetingBlock.AGENDA_PICKS: {MeetingAction.AGENDA_PICKS: {"type": "checkboxes", "selected_options": picks}},
        MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: text_value(hostile(1500))},
    }
    peerbot.submit(modal, agenda, user=FACILITATOR)
    peerbot.command("list", user=MARIA, channel=HOME, command="/meeting")
    ctx = job_context(slack, session_factory, peerbot.clock)
    peerbot.clock.set(datetime(2026, 1, 8, 18, 0, tzinfo=UTC))  # the 60-minute reminder: channel and DMs
    send_due_reminders(ctx)
    peerbot.clock.set(datetime(2026, 1, 8, 18, 55, tzinfo=UTC))
    peerbot.event({"type": "app_home_opened", "user": MARIA, "tab": "home"})
    peerbot.click(MeetingAction.MEETING_CHECK_IN, buttons_value(card), user=MARIA, channel=HOME, message=card)
    peerbot.clock.set(datetime(2026, 1, 8, 21, 0, tzinfo=UTC))
    peerbot.command("attendance", user=FACILITATOR, channel=HOME, command="/meeting")
    peerbot.command("attendance", user=MARIA, channel=HOME, command="/meeting")


def _pulse_surfaces(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory) -> None:
    questions = [
        (hostile(500), "single", "\n".join(hostile(75 - n) for n in range(3))),
        (hostile(499), "text", ""),
    ]
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    builder = {**builder, "private_metadata": json.dumps({"channel_id": HOME, "count": len(questions)})}
    deadline = peerbot.clock.now() + timedelta(days=5)
    values = builder_values(deadline=deadline, questions=questions, title=hostile(150), anonymous=False)
    values[PulseBlock.INTRO] = plain(hostile(2000))
    peerbot.submit(builder, values, user=FACILITATOR)
    with session_factory() as session:
        qids = list(session.scalars(select(PulseQuestion.id).order_by(PulseQuestion.position)))
    for user in (MARIA, DEV, FACILITATOR):
        invite = next(m for m in reversed(dm(slack, user)) if PulseAction.OPEN_FORM in json.dumps(m.get("blocks")))
        element = button(invite, PulseAction.OPEN_FORM)
        peerbot.click(element["action_id"], element["value"], user=user, channel=slack.dm_channel(user), message=invite)
        answers = {f"{PulseBlock.ANSWER}_{qids[0]}": pick("0"), f"{PulseBlock.ANSWER}_{qids[1]}": plain(hostile(3000))}
        peerbot.submit(peerbot.opened_view(PulseCallback.ANSWER), answers, user=user)
    peerbot.command("", user=MARIA, channel=HOME, command="/pulse")
    peerbot.command("list", user=FACILITATOR, channel=HOME, command="/pulse")
    peerbot.command("results", user=FACILITATOR, channel=HOME, command="/pulse")
    share = button({"blocks": peerbot.last_response()["blocks"]}, PulseAction.SHARE_RESULTS)
    peerbot.click(share["action_id"], share["value"], user=FACILITATOR, channel=HOME)
    peerbot.command("export", user=FACILITATOR, channel=HOME, command="/pulse")
    peerbot.command("close 1", user=FACILITATOR, channel=HOME, command="/pulse")


def _resource_surfaces(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory) -> None:
    peerbot.command(f"topics add {hostile(50)}, Child care", user=FACILITATOR, channel=HOME, command="/resources")
    view = open_add_form(peerbot, user=MARIA)
    fields: dict[str, Any] = {
        "title": hostile(200),
        "url": "https://files.example.org/kit?a=1&b=2",
        "description": hostile(1000),
        "states": ["TX"],
        "topics": ["Child care"],
        "tags": "grants, <!here>&co",
    }
    peerbot.submit(view, form_values(**fields), user=MARIA)
    for words in ("recent", "mine", "topics", "budget", hostile(200), 'topic:"Child care"'):
        peerbot.command(words, user=DEV, channel=HOME, command="/resources")
    listed = peerbot.last_response()
    entry = next(b for b in listed["blocks"] if b.get("type") == "actions")
    for element in entry["elements"]:
        if element["action_id"] in (ResourceAction.HELPFUL, ResourceAction.SHARE):
            peerbot.click(element["action_id"], element["value"], user=DEV, channel=HOME)
    peerbot.clock.set(datetime(2026, 1, 12, 15, 0, tzinfo=UTC))
    post_weekly_digests(job_context(slack, session_factory, peerbot.clock))


def test_typed_text_never_pings_links_or_breaks_a_surface(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    _set_up_network_and_profiles(peerbot)
    _meeting_surfaces(peerbot, slack, session_factory)
    _pulse_surfaces(peerbot, slack, session_factory)
    _resource_surfaces(peerbot, slack, session_factory)

    found = leaks(slack, peerbot.acknowledgements)
    assert not found, "\n".join(found)
    assert shown_escaped(slack, peerbot.acknowledgements) >= 40  # the hostile text did reach the surfaces, escaped
    assert not slack.invalid_calls  # long escaped text still fits Block Kit's limits
