"""A file delivery (a calendar invite) is claimed like a post: sent once, and a later pass finishes it as a file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slackio.client import build_web_client
from slackio.delivery import Message, Outcome, OutgoingFile, Sender, deliver_all, resume_unsent
from storage import network as store
from storage.db import SessionFactory
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock


def _invite(network_id: int) -> Message:
    return Message(
        team_id="T0001",
        network_id=network_id,
        key="calendar:1:2:dm:UMARIA",
        kind="calendar_invite",
        channel="UMARIA",
        text="Open this file to update your calendar.",
        file=OutgoingFile(filename="peer-call.ics", title="Peer call", content="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
    )


def test_a_rate_limited_invite_is_left_waiting_and_a_later_pass_uploads_it_once_as_a_file(
    session_factory: SessionFactory, slack: SlackStub, clock: FakeClock
) -> None:
    with session_factory.begin() as session:
        network_id = store.add_network(
            session,
            team_id="T0001",
            channel_id="CHOME",
            name="N",
            timezone="UTC",
            created_by="UFAC",
            now=datetime(2026, 1, 1, tzinfo=UTC),
        ).id
    client = build_web_client(token=slack.bot_token, base_url=slack.api_url, clock=clock)
    slack.rate_limit_next("files.getUploadURLExternal", retry_after=5, times=4)
    first = deliver_all([_invite(network_id)], session_factory=session_factory, client=client, clock=clock)
    assert first == {Outcome.WAITING: 1} and not slack.uploads

    clock.advance(timedelta(minutes=5))  # the clock's next pass of unsent deliveries
    sender = Sender(session_factory, client, clock)
    assert resume_unsent(sender, grace=timedelta(seconds=30)) == {Outcome.SENT: 1}
    assert resume_unsent(sender, grace=timedelta(seconds=30)) == {}
    again = deliver_all([_invite(network_id)], session_factory=session_factory, client=client, clock=clock)
    assert again == {Outcome.DUPLICATE: 1}
    (upload,) = slack.uploads
    assert upload["channel_id"] == slack.dm_channel("UMARIA") and upload["filename"] == "peer-call.ics"
    assert upload["content"].startswith(b"BEGIN:VCALENDAR") and "update your calendar" in upload["initial_comment"]
    assert not slack.calls_to("chat.postMessage")
