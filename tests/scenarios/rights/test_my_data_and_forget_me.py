"""`/peerbot my data` sends a person their own data; `/peerbot forget me` deletes it once they confirm."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from rendering.rights.ids import RightsAction
from rendering.rights.payloads import ForgetButton
from storage.db import SessionFactory
from storage.models import Collaboration, Member, Resource, Respondent, Response, Rsvp
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.constants import HOME
from tests.support.factories.rights import ANONYMOUS_TEXT, NAMED_TEXT, Traces, maria_everywhere
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def traces(session_factory: SessionFactory, clock: FakeClock, slack: SlackStub) -> Traces:
    for user in ("UMARIA", "UDEV", "UFAC"):
        slack.add_user(user, name=user.title())
    with session_factory.begin() as session:
        return maria_everywhere(session, now=clock.now())


def _copy(slack: SlackStub) -> dict[str, Any]:
    [upload] = [u for u in slack.uploads if u["filename"].endswith(".json")]
    return dict(json.loads(upload["content"]))


def _said(peerbot: PeerbotUnderTest) -> str:
    return json.dumps([r["body"] for r in peerbot.stub.responses])


def test_my_data_sends_the_member_their_own_rows_but_no_anonymous_answer(
    peerbot: PeerbotUnderTest, slack: SlackStub, traces: Traces
) -> None:
    peerbot.command("my data", user="UMARIA", channel=HOME)
    copy = _copy(slack)
    data = copy["data"]
    assert copy["user_id"] == "UMARIA" and copy["networks"] == {str(traces.network_id): "Equity Learning"}
    assert [p["state"] for p in data["profiles"]] == ["MS"]
    assert len(data["rsvps"]) == 1 and len(data["attendance"]) == 1
    assert [a["answers"] for a in data["named_pulse_answers"]] == [
        [{"question": "What helped most?", "answer": NAMED_TEXT}]
    ]
    assert [r["title"] for r in data["resources_shared"]] == ["Maria's toolkit"]
    assert len(data["helpful_votes"]) == 1 and len(data["collaborations_logged"]) == 1
    text = json.dumps(copy)
    assert ANONYMOUS_TEXT not in text and "Dev's answer" not in text and "UDEV" not in json.dumps(data["rsvps"])
    assert "copy of your data" in _said(peerbot)
    [upload] = [u for u in slack.uploads if u["filename"].endswith(".json")]
    assert "named pulse answers: 1" in upload["initial_comment"]


def test_my_data_names_what_every_entry_is_about_and_lists_the_messages_peerbot_sent(
    peerbot: PeerbotUnderTest, slack: SlackStub, traces: Traces
) -> None:
    peerbot.command("my data", user="UMARIA", channel=HOME)
    data = _copy(slack)["data"]

    (rsvp,) = data["rsvps"]
    assert (rsvp["meeting"], rsvp["answer"], rsvp["network"]) == ("Monthly call", "going", "Equity Learning")
    assert rsvp["meeting_starts"].startswith("20")
    assert data["attendance"][0]["meeting"] == "Monthly call"
    (answer,) = data["named_pulse_answers"]
    assert answer["pulse"] and answer["answers"][0]["question"] == "What helped most?"
    assert data["helpful_votes"][0]["resource"] == "Maria's toolkit"
    assert data["collaborations_named_in"] == [] and data["collaborations_logged"][0]["network"] == "Equity Learning"
    messages = data["messages_sent_to_you"]
    assert sorted(m["message"] for m in messages) == ["a meeting reminder", "a pulse invitation"]
    reminder = next(m for m in messages if m["message"] == "a meeting reminder")
    assert (reminder["meeting"], reminder["status"]) == ("Monthly call", "sent") and reminder["meeting_starts"]
    invite = next(m for m in messages if m["message"] == "a pulse invitation")
    assert invite["pulse"] and "answers" not in invite
    text = json.dumps(data)
    assert "UFAC" not in json.dumps(messages), "who set a message up is theirs, not Maria's"
    assert "UDEV" not in json.dumps(messages) and ANONYMOUS_TEXT not in text
    [upload] = [u for u in slack.uploads if u["filename"].endswith(".json")]
    assert "messages sent to you: 2" in upload["initial_comment"]


def test_forget_me_asks_first_and_cancel_keeps_everything(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, traces: Traces
) -> None:
    peerbot.command("forget me", user="UMARIA", channel=HOME)
    assert "Delete your data from peerbot?" in _said(peerbot)
    peerbot.click(RightsAction.CANCEL_FORGET, ForgetButton("UMARIA").to_value(), user="UMARIA", channel=HOME)
    assert "Nothing was deleted" in _said(peerbot)
    with session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(Member).where(Member.user_id == "UMARIA")) == 1


def test_forget_me_deletes_personal_rows_and_keeps_shared_things_without_the_name(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, slack: SlackStub, traces: Traces
) -> None:
    peerbot.command("forget me", user="UMARIA", channel=HOME)
    peerbot.click(RightsAction.CONFIRM_FORGET, ForgetButton("UMARIA").to_value(), user="UMARIA", channel=HOME)
    assert "peerbot has forgotten you" in _said(peerbot) and "without your name" in _said(peerbot)
    with session_factory.begin() as session:
        assert session.scalars(select(Member.user_id).where(Member.user_id == "UMARIA")).all() == []
        assert session.scalars(select(Rsvp.user_id)).all() == ["UDEV"]
        answers = [r.answers for r in session.scalars(select(Response))]
        assert not any(NAMED_TEXT in a for a in answers)
        assert any(ANONYMOUS_TEXT in a for a in answers)  # anonymous answers stay
        respondents = session.scalars(select(Respondent.user_id).where(Respondent.wave_id == traces.anonymous_wave_id))
        assert [r.startswith("forgotten-") for r in respondents] == [True]  # the count stays, the name goes
        resource = session.get(Resource, traces.resource_id)
        collaboration = session.get(Collaboration, traces.collaboration_id)
        assert resource is not None and resource.shared_by.startswith("forgotten-") and resource.helpful_votes == 1
        assert collaboration is not None and collaboration.logged_by.startswith("forgotten-")
    peerbot.command("my data", user="UMARIA", channel=HOME)
    assert not any(_copy(slack)["data"].values())


def test_member_cannot_forget_someone_else(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, traces: Traces
) -> None:
    peerbot.click(RightsAction.CONFIRM_FORGET, ForgetButton("UMARIA").to_value(), user="UDEV", channel=HOME)
    assert "for someone else" in _said(peerbot)
    with session_factory.begin() as session:
        assert session.scalar(select(func.count()).select_from(Member).where(Member.user_id == "UMARIA")) == 1
