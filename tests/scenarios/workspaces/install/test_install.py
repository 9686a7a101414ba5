"""Installing peerbot in a workspace through its OAuth pages: success, and every way it can fail."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.oauth import BOT_SCOPES
from storage.db import SessionFactory
from tests.scenarios.workspaces.install.support import (
    CLIENT_ID,
    STATE_A,
    STATE_B,
    bot_tokens,
    come_back,
    install,
    start_install,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest

ROOT = Path(__file__).parents[4]


def test_an_installer_adds_peerbot_and_its_workspace_is_answered_with_its_own_token(
    multi: PeerbotUnderTest, installable: SlackStub, oauth_sessions: SessionFactory
) -> None:
    page, url, cookie = start_install(multi)
    assert "Add peerbot to a Slack workspace" in page.text
    assert cookie.startswith("slack-app-oauth-state=") and "HttpOnly" in page.headers["set-cookie"]
    assert f"client_id={CLIENT_ID}" in url and "scope=" + ",".join(BOT_SCOPES) in url

    done = come_back(multi, installable.approve(url, team_id=STATE_A.team_id), cookie)

    assert done.status == 200 and "peerbot is installed" in done.text
    assert "State &lt;A&gt; &amp; Co" in done.text and "State <A>" not in done.text  # the name Slack gave, escaped
    exchange = installable.calls_to("oauth.v2.access")
    assert [c.ok for c in exchange] == [True]
    tokens = bot_tokens(oauth_sessions)
    assert list(tokens) == [STATE_A.team_id] and tokens[STATE_A.team_id] in installable.tokens_of(STATE_A.team_id)

    multi.event({"type": "app_home_opened", "user": STATE_A.member, "tab": "home"}, team=STATE_A.team_id)
    published = installable.wait_for("views.publish", lambda c: c.args["user_id"] == STATE_A.member)
    assert published.ok and published.team == STATE_A.team_id


def test_a_workspace_that_never_installed_peerbot_gets_no_answer_from_another_workspaces_token(
    multi: PeerbotUnderTest, installable: SlackStub
) -> None:
    assert install(multi, installable, STATE_A).status == 200
    calls = len(installable.calls)
    multi.event({"type": "app_home_opened", "user": STATE_B.member, "tab": "home"}, team=STATE_B.team_id)
    assert installable.calls[calls:] == []


def test_cancelling_on_slacks_screen_installs_nothing_and_says_so(
    multi: PeerbotUnderTest, installable: SlackStub, oauth_sessions: SessionFactory
) -> None:
    _page, url, cookie = start_install(multi)
    denied = come_back(multi, installable.deny(url), cookie)
    assert denied.status == 200 and "cancelled in Slack" in denied.text
    assert installable.calls_to("oauth.v2.access") == [] and bot_tokens(oauth_sessions) == {}


def test_a_forged_expired_or_reused_return_from_slack_installs_nothing(
    multi: PeerbotUnderTest,
    installable: SlackStub,
    oauth_sessions: SessionFactory,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _page, url, cookie = start_install(multi)
    approved = installable.approve(url, team_id=STATE_A.team_id)

    no_cookie = come_back(multi, approved, None)  # another browser
    assert no_cookie.status == 400 and "did not start the installation" in no_cookie.text
    wrong_state = come_back(multi, {**approved, "state": "not-issued"}, "slack-app-oauth-state=not-issued")
    assert wrong_state.status == 401 and "expired or was already used" in wrong_state.text

    clock.advance(timedelta(minutes=11))
    expired = come_back(multi, approved, cookie)
    assert expired.status == 401 and "expired or was already used" in expired.text
    assert installable.calls_to("oauth.v2.access") == [] and bot_tokens(oauth_sessions) == {}

    _page, url, cookie = start_install(multi)
    approved = installable.approve(url, team_id=STATE_A.team_id)
    assert come_back(multi, approved, cookie).status == 200
    _page, _url, second_cookie = start_install(multi)
    state = second_cookie.split("=", 1)[1]
    reused = come_back(multi, {**approved, "state": state}, second_cookie)  # the code was already exchanged
    assert reused.status == 401 and "did not accept the installation code" in reused.text
    assert [c.error for c in installable.calls_to("oauth.v2.access")] == [None, "invalid_code"]
    assert "invalid_code" in caplog.text and approved["code"] not in caplog.text  # the code is never logged


def test_nothing_typed_into_the_install_urls_reaches_the_page_or_slack(
    multi: PeerbotUnderTest, installable: SlackStub
) -> None:
    page = multi.request("GET", "/slack/install?team=T1%26scope%3Dadmin%22%3E%3Cscript%3E")
    assert page.status == 200 and "<script>" not in page.text and "admin" not in page.text
    odd = come_back(multi, {"error": "<script>alert(1)</script>"}, None)
    assert "<script>" not in odd.text and "did not complete" in odd.text


def test_only_the_browser_pages_are_open_without_a_signature(multi: PeerbotUnderTest) -> None:
    assert multi.request("POST", "/slack/install").status == 404
    assert multi.request("GET", "/slack/elsewhere").status == 404
    assert multi.request("GET", "/slack/events").status == 405
    unsigned = multi.request(
        "POST", "/slack/events", b'{"type":"event_callback"}', {"Content-Type": "application/json"}
    )
    assert unsigned.status == 401


def test_single_workspace_mode_has_no_install_pages(peerbot: PeerbotUnderTest) -> None:
    assert peerbot.request("GET", "/slack/install").status == 404
    assert peerbot.request("GET", "/slack/oauth_redirect?code=x&state=y").status == 404


def test_the_scopes_asked_for_are_the_manifests() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    assert {"app_uninstalled", "tokens_revoked"} <= set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert any(url.endswith("/slack/oauth_redirect") for url in manifest["oauth_config"]["redirect_urls"])


def test_a_listeners_client_keeps_peerbots_stand_in_and_rate_limit_waits_in_oauth_mode(
    multi: PeerbotUnderTest, installable: SlackStub, clock: FakeClock
) -> None:
    assert install(multi, installable, STATE_A).status == 200
    installable.rate_limit_next("views.open", retry_after=2)
    slept = len(clock.slept)

    multi.command("setup", user=STATE_A.facilitator, channel=STATE_A.home, team=STATE_A.team_id)

    opened = installable.calls_to("views.open")
    assert [(c.ok, c.team) for c in opened] == [(False, STATE_A.team_id), (True, STATE_A.team_id)]
    assert clock.slept[slept:] and clock.slept[slept] >= 2  # Retry-After waited out on peerbot's clock
