"""Answering longer pulses through the form, changing answers, drafts, and clicks that race."""

from __future__ import annotations

import csv
import io
import json
import logging
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from rendering.pulses.ids import PulseAction, PulseBlock, PulseCallback
from storage.db import SessionFactory
from storage.models import PendingAnswer, PulseQuestion, Respondent, Response
from tests.scenarios.pulses.support import (
    builder_values,
    button,
    dm,
    job_context,
    message_text,
    pick,
    picks,
    plain,
    set_up_network,
)
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.constants import FACILITATOR, HOME
from tests.support.harness import PeerbotUnderTest
from workflows.pulses import close_due_waves

QUESTIONS = [
    ("The network helps my agency.", "agreement", ""),
    ("How did you work with peers?", "multiple", "Shared a resource\nAsked for advice\nWorked together"),
    ("Anything else?", "text", ""),
]


def _start(peerbot: PeerbotUnderTest, clock: FakeClock, *, anonymous: bool, questions: list[Any] = QUESTIONS) -> None:
    peerbot.command("new", user=FACILITATOR, channel=HOME, command="/pulse")
    builder = peerbot.opened_view(PulseCallback.BUILDER)
    builder = {**builder, "private_metadata": json.dumps({"channel_id": HOME, "count": len(questions)})}
    values = builder_values(deadline=clock.now() + timedelta(days=5), questions=questions, anonymous=anonymous)
    assert peerbot.submit(builder, values, user=FACILITATOR).json()["response_action"] == "update"


def _question_ids(session_factory: SessionFactory) -> list[int]:
    with session_factory() as session:
        return list(session.scalars(select(PulseQuestion.id).order_by(PulseQuestion.position)))


def _form_values(qids: list[int], agreement: str, choices: list[str], text: str | None) -> dict[str, Any]:
    return {
        f"{PulseBlock.ANSWER}_{qids[0]}": pick(agreement),
        f"{PulseBlock.ANSWER}_{qids[1]}": picks(choices),
        f"{PulseBlock.ANSWER}_{qids[2]}": plain(text),
    }


def _open_form(
    peerbot: PeerbotUnderTest, slack: SlackStub, user: str, action: str, label: str | None = None
) -> dict[str, Any]:
    message = dm(slack, user)[-1]
    element = button(message, action, label)
    before = len(slack.calls_to("views.open"))
    peerbot.click(element["action_id"], element["value"], user=user, channel=slack.dm_channel(user), message=message)
    assert len(slack.calls_to("views.open")) == before + 1
    return peerbot.opened_view(PulseCallback.ANSWER)


def test_anonymous_form_answer_and_change_keep_one_unlinked_response(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    _start(peerbot, clock, anonymous=True)
    qids = _question_ids(session_factory)
    form = _open_form(peerbot, slack, "UMARIA", PulseAction.OPEN_FORM)
    peerbot.submit(form, _form_values(qids, "4", ["0", "2"], "More site visits"), user="UMARIA")
    thanked = dm(slack, "UMARIA")[-1]
    assert "Thanks — you answered" in message_text(thanked) and "Shared a resource, Worked together" in message_text(
        thanked
    )

    change = _open_form(peerbot, slack, "UMARIA", PulseAction.CHANGE)
    first = next(b for b in change["blocks"] if b.get("block_id") == f"{PulseBlock.ANSWER}_{qids[0]}")
    assert first["element"]["initial_option"]["value"] == "4"  # pre-filled with the earlier answer
    peerbot.submit(change, _form_values(qids, "2", ["1"], "ok"), user="UMARIA")
    assert "*Disagree*" in message_text(dm(slack, "UMARIA")[-1])
    key = json.loads(button(dm(slack, "UMARIA")[-1], PulseAction.CHANGE)["value"])["k"]
    with session_factory() as session:  # while open, the answer waits sealed: nothing in it is readable
        assert session.scalars(select(Response)).all() == []
        (sealed,) = session.scalars(select(PendingAnswer.sealed)).all()
        assert "site visits" not in sealed and key not in sealed and "{" not in sealed
    # The change form refuses a forged key: nothing changes.
    forged = {**change, "private_metadata": json.dumps({**json.loads(change["private_metadata"]), "k": "forged"})}
    assert (
        peerbot.submit(forged, _form_values(qids, "5", ["0"], "x"), user="UDEV").json()["response_action"] == "update"
    )
    clock.advance(timedelta(days=6))
    close_due_waves(job_context(slack, session_factory, clock))

    with session_factory() as session:
        rows = session.scalars(select(Response)).all()
        assert len(rows) == 1 and rows[0].user_id is None
        assert json.loads(rows[0].answers) == {str(qids[0]): 2, str(qids[1]): [1], str(qids[2]): "ok"}
        assert "UMARIA" not in repr([(r.id, r.answers, r.change_key_hash) for r in rows])
        assert [r.change_key_hash for r in rows] == [None]  # closed: the change key's hash is forgotten too


def test_named_form_requires_answers_and_shows_inline_errors(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    _start(peerbot, clock, anonymous=False)
    qids = _question_ids(session_factory)
    form = _open_form(peerbot, slack, "UDEV", PulseAction.OPEN_FORM)
    errors = peerbot.submit(form, _form_values(qids, None, [], None), user="UDEV").json()["errors"]  # type: ignore[arg-type]
    assert set(errors) == {f"{PulseBlock.ANSWER}_{qid}" for qid in qids}
    peerbot.submit(form, _form_values(qids, "5", ["1"], "ok"), user="UDEV")
    with session_factory() as session:
        assert session.scalars(select(Response.user_id)).all() == ["UDEV"]


def test_a_closed_form_keeps_its_draft_in_the_dm_for_next_time(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    _start(peerbot, clock, anonymous=True)
    qids = _question_ids(session_factory)
    form = _open_form(peerbot, slack, "UMARIA", PulseAction.OPEN_FORM)
    closed = {**form, "state": {"values": _form_values(qids, "5", [], "half-written thought")}}
    peerbot.post_slack(
        payloads.interactive(
            {
                "type": "view_closed",
                "team": {"id": payloads.TEAM},
                "user": {"id": "UMARIA", "team_id": payloads.TEAM},
                "api_app_id": payloads.APP_ID,
                "view": closed,
                "is_cleared": False,
            }
        )
    )
    reopened = _open_form(peerbot, slack, "UMARIA", PulseAction.OPEN_FORM, "Continue answering")
    assert "half-written thought" in json.dumps(reopened["blocks"])
    with session_factory() as session:
        assert session.scalars(select(Response)).all() == []  # a draft is never stored by peerbot


def test_double_clicks_and_slack_retries_leave_one_response(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    set_up_network(session_factory, clock)
    _start(peerbot, clock, anonymous=False, questions=[("Useful?", "rating", "")])
    invite = dm(slack, "UMARIA")[-1]
    four, five = button(invite, PulseAction.ONE_CLICK, "4"), button(invite, PulseAction.ONE_CLICK, "5")

    def click(element: dict[str, Any]) -> None:
        peerbot.click(
            element["action_id"], element["value"], user="UMARIA", channel=slack.dm_channel("UMARIA"), message=invite
        )

    threads = [threading.Thread(target=click, args=(e,)) for e in (four, four, five, five, four)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_factory() as session:
        assert len(session.scalars(select(Respondent)).all()) == 1
        assert len(session.scalars(select(Response)).all()) == 1
    click(five)  # a later click on a named pulse changes the answer: the last one wins
    with session_factory() as session:
        assert list(json.loads(session.scalars(select(Response.answers)).one()).values()) == [5]


def test_no_log_line_or_error_reveals_an_answer(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    session_factory: SessionFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_up_network(session_factory, clock)
    _start(peerbot, clock, anonymous=True)
    qids = _question_ids(session_factory)
    form = _open_form(peerbot, slack, "UMARIA", PulseAction.OPEN_FORM)
    slack.fail_next("chat.update", "message_not_found")
    caplog.set_level(logging.INFO)  # Slack's libraries are held at INFO by bot/cli.py (they log request bodies)
    for ours in ("peerbot", "handlers", "jobs", "slackio", "domain", "storage"):
        caplog.set_level(logging.DEBUG, logger=ours)
    peerbot.submit(form, _form_values(qids, "1", ["2"], "SECRET-ANSWER-4711"), user="UMARIA")
    broken = {**form, "private_metadata": "{not json"}
    refused = peerbot.submit(broken, _form_values(qids, "1", ["2"], "SECRET-ANSWER-4711"), user="UDEV")
    assert "out of date" in json.dumps(refused.json())  # a tampered form is a friendly refusal, not a traceback
    assert "could not update a pulse DM" in caplog.text  # the failure is logged...
    assert "SECRET-ANSWER-4711" not in caplog.text  # ...without the answer
    assert "unhandled" not in caplog.text and "Strongly disagree" not in caplog.text


def test_anonymous_export_rows_follow_answer_content_not_arrival(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    roster = {f"UR{i}": ("TX", None) for i in range(3)}
    for user in roster:
        slack.add_user(user)
    set_up_network(session_factory, clock, roster)
    _start(peerbot, clock, anonymous=True, questions=[("Useful?", "agreement", "")])
    for user, label in zip(roster, ["Strongly agree", "Disagree", "Agree"], strict=True):
        invite = dm(slack, user)[-1]
        element = button(invite, PulseAction.ONE_CLICK, label)
        peerbot.click(element["action_id"], element["value"], user=user, channel=slack.dm_channel(user), message=invite)
    clock.advance(timedelta(days=6))
    close_due_waves(job_context(slack, session_factory, clock))
    peerbot.command("export", user=FACILITATOR, channel=HOME, command="/pulse")
    content = next(u for u in slack.uploads if u["filename"].endswith("responses.csv"))["content"].decode("utf-8-sig")
    assert [line.rsplit(",", 1)[-1] for line in content.splitlines()[1:]] == ["Agree", "Disagree", "Strongly agree"]


def test_anonymous_export_puts_free_text_on_rows_without_any_label(
    peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock
) -> None:
    roster = {f"UR{i}": ("TX", "Health") for i in range(3)}
    for user in roster:
        slack.add_user(user)
    set_up_network(session_factory, clock, roster)
    _start(peerbot, clock, anonymous=True)
    qids = _question_ids(session_factory)
    for user, (agree, words) in zip(roster, [("5", "zeta idea"), ("4", "alpha idea"), ("2", "mid idea")], strict=True):
        form = _open_form(peerbot, slack, user, PulseAction.OPEN_FORM)
        peerbot.submit(form, _form_values(qids, agree, ["1"], words), user=user)
    clock.advance(timedelta(days=6))
    close_due_waves(job_context(slack, session_factory, clock))
    peerbot.command("export", user=FACILITATOR, channel=HOME, command="/pulse")
    content = next(u for u in slack.uploads if u["filename"].endswith("responses.csv"))["content"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header, body = rows[0], rows[1:]
    state, written = header.index("state"), len(header) - 1
    texts = [row for row in body if row[written]]
    assert sorted(row[written] for row in texts) == ["alpha idea", "mid idea", "zeta idea"]
    # Texas's three answers keep their label, but no written answer sits beside a state or another answer.
    assert all(row[state] == "" and not any(row[3:written]) for row in texts)
    labelled = [row for row in body if not row[written]]
    assert [row[state] for row in labelled] == ["TX"] * 3
