"""Ids and message references in payloads are checked against the acting person, never believed."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlalchemy import func, select

from rendering.meetings.ids import MeetingAction, MeetingCallback
from rendering.meetings.payloads import OccurrenceButton, OccurrenceForm, SuggestionButton
from rendering.network.ids import NetworkCallback
from rendering.network.payloads import SetupForm
from rendering.pulses.ids import PulseAction, PulseCallback
from rendering.pulses.payloads import AnswerButton, AnswerForm
from rendering.resources.ids import ResourceAction, ResourceCallback
from rendering.resources.payloads import MoreResults, ResourceAddForm, ResourceButton, ResourceForm
from storage.db import SessionFactory
from storage.models import Network, Resource
from tests.scenarios.pulses.support import button, dm
from tests.scenarios.resources.library import form_values, multi
from tests.scenarios.trust_world import (
    APOLOGY,
    HOME,
    MARIA,
    OTHER,
    OUTSIDER,
    World,
    answer_values,
    build_world,
    calls_since,
    said,
    snapshot,
)
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import setup_values
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def world(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> World:
    return build_world(peerbot, slack, session_factory, clock, outsider_facilitates=True)


def _submit(peerbot: PeerbotUnderTest, callback_id: str, metadata: str, values: dict[str, Any], user: str) -> str:
    view = {"id": "VTAMPER", "callback_id": callback_id, "type": "modal", "private_metadata": metadata, "blocks": []}
    return json.dumps(peerbot.submit(view, values, user=user).json())


def test_facilitator_of_another_network_cannot_add_to_or_tag_its_library(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World
) -> None:
    before, calls = snapshot(session_factory), len(peerbot.stub.calls)
    entry = form_values(title="Planted", url="https://evil.example/planted", topics=["Workforce"], tags="planted")
    refused = _submit(
        peerbot, ResourceCallback.ADD, ResourceAddForm(world.network_a, OTHER).to_value(), entry, OUTSIDER
    )
    tags = {
        "resource_topics": {"resource_topics_input": multi(["Workforce"])},
        "resource_tags": {"resource_tags_input": payloads.text_value("planted")},
    }
    tagged = _submit(peerbot, ResourceCallback.DUPLICATE, ResourceForm(world.resource).to_value(), tags, OUTSIDER)
    assert "not on the roster" in refused and "not on the roster" in tagged
    assert snapshot(session_factory) == before
    assert not calls_since(peerbot, calls, "chat.postMessage", "chat.postEphemeral")


@pytest.mark.parametrize("channel", ["CNOPE", "", "UMARIA", "DUOUT", "C" + "9" * 40])
def test_setup_submission_rechecks_the_channel(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World, channel: str
) -> None:
    peerbot.command("setup", user=OUTSIDER, channel=OTHER)
    view = {**peerbot.opened_view(NetworkCallback.SETUP), "private_metadata": json.dumps({"channel_id": channel})}
    before, calls = snapshot(session_factory), len(peerbot.stub.calls)
    answer = json.dumps(peerbot.submit(view, setup_values("Planted", "America/Chicago"), user=OUTSIDER).json())
    assert "Not saved" in answer and APOLOGY not in answer
    assert snapshot(session_factory) == before
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 2
    assert not calls_since(peerbot, calls, "chat.postMessage")


def test_setup_submission_of_a_real_channel_still_needs_the_bot_in_it(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, world: World
) -> None:
    slack.add_channel("CNOBOT", name="no-bot", members=[OUTSIDER], bot_is_member=False)
    slack.add_channel("COLD", name="old", members=[OUTSIDER])
    slack.archive_channel("COLD")
    peerbot.command("setup", user=OUTSIDER, channel=OTHER)
    view = peerbot.opened_view(NetworkCallback.SETUP)
    for channel, reason in (("CNOBOT", "/invite @peerbot"), ("COLD", "archived")):
        tampered = {**view, "private_metadata": SetupForm(channel).to_value()}
        answer = json.dumps(peerbot.submit(tampered, setup_values("Planted", "America/Chicago"), user=OUTSIDER).json())
        assert reason in answer
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Network)) == 2


def test_answer_form_cannot_point_the_thank_you_at_a_channel_message(
    peerbot: PeerbotUnderTest, slack: SlackStub, world: World
) -> None:
    invite = dm(slack, MARIA)[-1]
    element = button(invite, PulseAction.OPEN_FORM)
    peerbot.click(element["action_id"], element["value"], user=MARIA, channel=slack.dm_channel(MARIA), message=invite)
    form = peerbot.opened_view(PulseCallback.ANSWER)
    card_ts, calls = str(world.card["ts"]), len(slack.calls)
    forged = {"w": world.wave, "c": HOME, "ts": card_ts, "change": False, "k": None}
    closed = {**form, "private_metadata": json.dumps(forged)}
    peerbot.post_slack(payloads.view_closed(user=MARIA, team=payloads.TEAM, view=closed, values=answer_values(world)))
    peerbot.submit({**form, "private_metadata": json.dumps(forged)}, answer_values(world), user=MARIA)
    updates = calls_since(peerbot, calls, "chat.update")
    assert updates and all(call.args["ts"] != card_ts and call.args["channel"] != HOME for call in updates)
    assert "Thanks" in json.dumps(dm(slack, MARIA)[-1])  # the thank-you went to Maria's own DM
    assert slack.messages[HOME][0]["blocks"] == world.card["blocks"]


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        (MeetingAction.RSVP_GOING, lambda w: OccurrenceButton(w.occurrence)),
        (MeetingAction.MEETING_CHECK_IN, lambda w: OccurrenceButton(w.occurrence)),
        (MeetingAction.MEETING_SUGGEST_TOPIC, lambda w: OccurrenceButton(w.occurrence)),
        (MeetingAction.AGENDA_UPVOTE, lambda w: SuggestionButton(w.suggestion)),
        (ResourceAction.HELPFUL, lambda w: ResourceButton(w.resource)),
        (ResourceAction.SHARE, lambda w: ResourceButton(w.resource)),
        (ResourceAction.MORE, lambda w: MoreResults(w.network_a, "recent", "", 0)),
        (PulseAction.OPEN_FORM, lambda w: AnswerButton(w.wave)),
    ],
)
def test_person_outside_the_network_cannot_act_on_its_objects(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World, action_id: str, value: Any
) -> None:
    before, answered, calls = snapshot(session_factory), len(peerbot.stub.responses), len(peerbot.stub.calls)
    peerbot.click(action_id, value(world).to_value(), user=OUTSIDER, channel=OTHER)
    told = said(peerbot, answered)
    assert "not on the roster" in told or "wasn't sent to you" in told, told
    assert snapshot(session_factory) == before
    assert not calls_since(peerbot, calls, "views.open", "chat.update", "chat.postMessage")


def test_person_outside_the_network_cannot_suggest_a_topic_through_the_form(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World
) -> None:
    before = snapshot(session_factory)
    values = {"agenda_topic": {"agenda_topic_input": payloads.text_value("Planted topic")}}
    answer = _submit(
        peerbot, MeetingCallback.AGENDA_SUGGEST, OccurrenceForm(world.occurrence).to_value(), values, OUTSIDER
    )
    assert "not on the roster" in answer
    assert snapshot(session_factory) == before


@pytest.mark.parametrize("raw", ["abc", "-1", "0", str(2**63), str(10**40), "", "{not json", "1.5", "١٢"])
def test_malformed_ids_are_answered_as_out_of_date(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World, caplog: pytest.LogCaptureFixture, raw: str
) -> None:
    caplog.set_level(logging.WARNING)
    before, answered = snapshot(session_factory), len(peerbot.stub.responses)
    peerbot.click(MeetingAction.RSVP_GOING, raw, user=MARIA, channel=HOME, message=world.card)
    peerbot.click(ResourceAction.MORE, raw, user=MARIA, channel=HOME)
    peerbot.click(PulseAction.OPEN_FORM, raw, user=MARIA, channel=HOME)
    told = said(peerbot, answered)
    assert told.count("This is out of date") == 3, told
    for callback_id in (NetworkCallback.PROFILE, ResourceCallback.DELETE, PulseCallback.ANSWER):
        answer = _submit(peerbot, callback_id, raw, {}, MARIA)
        assert "out of date" in answer and APOLOGY not in answer
    metadata = json.dumps({"occurrence_id": raw})
    assert "out of date" in _submit(peerbot, MeetingCallback.AGENDA_SUGGEST, metadata, {}, MARIA)
    assert snapshot(session_factory) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_resource_entry_from_another_network_is_not_in_this_library(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, world: World
) -> None:
    """The edit form's entry id is checked at submit too: Otto facilitates his network, not Maria's entry."""
    entry = form_values(title="Renamed", url="https://example.org/toolkit", kind="toolkit")
    answer = _submit(peerbot, ResourceCallback.EDIT, ResourceForm(world.resource).to_value(), entry, OUTSIDER)
    assert "not on the roster" in answer
    with session_factory() as session:
        assert session.scalars(select(Resource.title)).one() == "Home visiting toolkit"
    assert AnswerForm(world.wave).to_value()  # typed, round-trips
