"""Many workspaces on one peerbot: each one's messages go out with its own token; a removal drops its tokens at
once, the clock skips it, and its networks are purged only after the grace period (a reinstall keeps them)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runtime import build_runtime, run_context
from storage.db import SessionFactory
from storage.models import Delivery, WorkspaceRemoval
from storage.models.deliveries import DeliveryStatus
from tests.scenarios.workspaces.install.support import (
    STATE_A,
    STATE_B,
    WORKSPACES,
    Workspace,
    bot_tokens,
    install,
    networks_of,
    oauth_settings,
    schedule_meeting,
    set_up_network,
)
from tests.slackstub import Call, SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.deliveries import resume_deliveries
from workflows.meetings import send_due_reminders
from workflows.workspaces import purge_removed_workspaces

REMINDER_DUE = datetime(2026, 1, 6, 18, 0, tzinfo=UTC)  # an hour before 14:00 in New York


@pytest.fixture
def clock_process(settings: Settings, clock: FakeClock, multi: PeerbotUnderTest) -> Iterator[RunContext]:
    """What `peerbot clock` hands its jobs in OAuth mode, built the way it builds it."""
    runtime = build_runtime(replace(oauth_settings(settings), uninstall_grace=timedelta(days=30)), clock=clock)
    yield run_context(runtime)
    runtime.engine.dispose()


def _touches(call: Call, workspace: Workspace) -> bool:
    """Whether a Web API call is about the workspace's channel or people."""
    refs = {str(call.args.get(k)) for k in ("channel", "channel_id", "user", "user_id")}
    people = {workspace.facilitator, workspace.member}
    return workspace.home in refs or bool(refs & (people | {"D" + p[1:] for p in people}))


def _reminders(slack: SlackStub, workspace: Workspace) -> list[Call]:
    return [
        c
        for c in slack.calls_to("chat.postMessage")
        if _touches(c, workspace) and str(c.args.get("text", "")).startswith("Reminder:")
    ]


def _both_installed_with_a_meeting(peerbot: PeerbotUnderTest, slack: SlackStub) -> None:
    for workspace in WORKSPACES:
        assert install(peerbot, slack, workspace).status == 200
        set_up_network(peerbot, workspace)
        schedule_meeting(peerbot, workspace)


def _removed_at(session_factory: SessionFactory, team_id: str) -> datetime | None:
    with session_factory() as session:
        return session.scalar(select(WorkspaceRemoval.removed_at).where(WorkspaceRemoval.team_id == team_id))


def test_each_workspace_is_set_up_and_reminded_with_its_own_token(
    multi: PeerbotUnderTest, installable: SlackStub, clock: FakeClock, clock_process: RunContext
) -> None:
    _both_installed_with_a_meeting(multi, installable)

    clock.set(REMINDER_DUE)
    send_due_reminders(clock_process)

    for workspace in WORKSPACES:
        assert _reminders(installable, workspace), f"no reminder in {workspace.team_id}"
        touching = [c for c in installable.calls if _touches(c, workspace)]
        assert touching and {c.team for c in touching} == {workspace.team_id}
        assert all(c.ok for c in touching), [c for c in touching if not c.ok]
    # The clock started without checking a single bot token: there is none in OAuth mode.
    assert clock_process.bot_user_id is None


def test_an_uninstalled_workspace_is_skipped_at_once_and_purged_after_the_grace_period(
    multi: PeerbotUnderTest,
    installable: SlackStub,
    oauth_sessions: SessionFactory,
    clock: FakeClock,
    clock_process: RunContext,
) -> None:
    _both_installed_with_a_meeting(multi, installable)
    send_due_reminders(clock_process)  # nothing due yet; the clock has looked both workspaces up
    removal = payloads.event_callback({"type": "app_uninstalled"}, team=STATE_A.team_id)

    forged = multi.post_slack(removal, content_type="application/json", secret="f" * 32)
    assert forged.status == 401 and set(bot_tokens(oauth_sessions)) == {STATE_A.team_id, STATE_B.team_id}

    installable.uninstall(STATE_A.team_id)
    removed = clock.now()
    assert multi.event({"type": "app_uninstalled"}, team=STATE_A.team_id).status == 200
    assert set(bot_tokens(oauth_sessions)) == {STATE_B.team_id}  # gone at once
    clock.advance(timedelta(hours=1))
    multi.event({"type": "app_uninstalled"}, team=STATE_A.team_id, retry_num=1)  # Slack's retry changes nothing
    assert _removed_at(oauth_sessions, STATE_A.team_id) == removed

    calls = len(installable.calls)
    clock.set(REMINDER_DUE)
    report = send_due_reminders(clock_process)

    later = installable.calls[calls:]
    assert not [c for c in later if c.team == STATE_A.team_id or _touches(c, STATE_A)]  # no call at all for A
    assert _reminders(installable, STATE_B) and report["workspace_gone"] >= 1
    assert networks_of(oauth_sessions, STATE_A.team_id)  # its data is kept for now

    clock.set(removed + timedelta(days=29))
    assert purge_removed_workspaces(clock_process)["workspaces_purged"] == 0
    assert networks_of(oauth_sessions, STATE_A.team_id)

    clock.set(removed + timedelta(days=30, minutes=1))
    assert purge_removed_workspaces(clock_process) == {"workspaces_purged": 1, "networks_purged": 1, "reinstalled": 0}
    assert networks_of(oauth_sessions, STATE_A.team_id) == []
    assert networks_of(oauth_sessions, STATE_B.team_id) == [f"Network of {STATE_B.team_id}"]
    assert _removed_at(oauth_sessions, STATE_A.team_id) is None


def test_a_reinstall_within_the_grace_period_keeps_the_workspaces_networks(
    multi: PeerbotUnderTest,
    installable: SlackStub,
    oauth_sessions: SessionFactory,
    clock: FakeClock,
    clock_process: RunContext,
) -> None:
    _both_installed_with_a_meeting(multi, installable)
    installable.uninstall(STATE_A.team_id)
    multi.event({"type": "app_uninstalled"}, team=STATE_A.team_id)
    assert _removed_at(oauth_sessions, STATE_A.team_id) is not None

    again = install(multi, installable, STATE_A)

    assert again.status == 200 and _removed_at(oauth_sessions, STATE_A.team_id) is None
    new_token = bot_tokens(oauth_sessions)[STATE_A.team_id]
    assert new_token == installable.tokens_of(STATE_A.team_id)[-1]
    clock.set(REMINDER_DUE)
    send_due_reminders(clock_process)
    assert [c.ok for c in _reminders(installable, STATE_A)] == [True]  # sent with the new token
    clock.advance(timedelta(days=60))
    assert purge_removed_workspaces(clock_process)["workspaces_purged"] == 0
    assert networks_of(oauth_sessions, STATE_A.team_id) == [f"Network of {STATE_A.team_id}"]


def test_a_revoked_bot_token_removes_the_workspace_and_a_revoked_user_token_does_not(
    multi: PeerbotUnderTest, installable: SlackStub, oauth_sessions: SessionFactory
) -> None:
    for workspace in WORKSPACES:
        install(multi, installable, workspace)

    someones_sign_in = {"type": "tokens_revoked", "tokens": {"oauth": [STATE_A.member]}}
    assert multi.event(someones_sign_in, team=STATE_A.team_id).status == 200
    assert set(bot_tokens(oauth_sessions)) == {STATE_A.team_id, STATE_B.team_id}

    bot_revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": [STATE_A.bot_user_id]}}
    assert multi.event(bot_revoked, team=STATE_A.team_id).status == 200
    assert set(bot_tokens(oauth_sessions)) == {STATE_B.team_id}
    assert _removed_at(oauth_sessions, STATE_A.team_id) is not None
    assert _removed_at(oauth_sessions, STATE_B.team_id) is None


def test_reminders_refused_for_a_revoked_token_wait_for_a_reinstall_instead_of_failing(
    multi: PeerbotUnderTest,
    installable: SlackStub,
    oauth_sessions: SessionFactory,
    clock: FakeClock,
    clock_process: RunContext,
) -> None:
    _both_installed_with_a_meeting(multi, installable)
    clock.set(REMINDER_DUE)
    clock_process.client_for(STATE_A.team_id)  # the clock process used A's token a moment ago: it remembers it
    # A is removed; the web process hears of it, the clock process has not yet.
    installable.uninstall(STATE_A.team_id)
    multi.event({"type": "app_uninstalled"}, team=STATE_A.team_id)

    report = send_due_reminders(clock_process)

    refused = [c for c in _reminders(installable, STATE_A) if not c.ok]
    assert len(refused) == 1 and report["workspace_gone"] >= 1  # one refusal, then the workspace is skipped
    assert _reminders(installable, STATE_B) and all(c.ok for c in _reminders(installable, STATE_B))
    with oauth_sessions() as session:
        left = session.scalars(
            select(Delivery.status).where(Delivery.team_id == STATE_A.team_id, Delivery.kind == "meeting_reminder")
        ).all()
    assert left and DeliveryStatus.FAILED not in left  # nothing recorded as failed: all provably unsent

    install(multi, installable, STATE_A)
    clock.advance(timedelta(minutes=3))
    resume_deliveries(clock_process)

    delivered = [c for c in _reminders(installable, STATE_A) if c.ok]
    assert delivered and {c.team for c in delivered} == {STATE_A.team_id}  # with the new token (the old is revoked)
    assert len(delivered) == len({(c.args.get("channel"), c.args.get("text")) for c in delivered})  # each once
