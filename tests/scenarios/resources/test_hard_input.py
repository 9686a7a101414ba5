"""Whatever members type that the library accepts, every list still shows, says where links go, and pages."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.config import Settings
from domain.network.profiles import STATES
from rendering.resources.ids import ResourceAction, ResourceBlock, ResourceCallback
from slackio.client import build_web_client
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import (
    HOME,
    button_value,
    form_values,
    message_of,
    open_add_form,
    result_titles,
    search,
    share,
    stored,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import seed
from tests.support.harness import PeerbotUnderTest
from workflows.context import RunContext
from workflows.resources import post_weekly_digests

AMPERSANDS = "&" * 150  # each is five characters once escaped


def _answered_validly(slack: SlackStub) -> dict[str, Any]:
    """The last response_url answer, which Slack accepted (the stand-in checks Block Kit limits)."""
    last = slack.responses[-1]
    assert last["ok"], last.get("error")
    assert slack.invalid_calls == []
    return dict(last["body"])


def _job_context(session_factory: SessionFactory, settings: Settings, clock: FakeClock) -> RunContext:
    client = build_web_client(token=settings.bot_token, base_url=settings.slack_api_url, clock=clock)
    return RunContext(session_factory, client, clock, None)


def _share_hostile_entries(peerbot: PeerbotUnderTest) -> None:
    every_state = sorted(STATES)
    tags = ", ".join(f"t{i}" + "&" * 47 for i in range(10))
    # A long link whose every character survives into the message, and one full of characters a link
    # must encode (three characters each): both are accepted, at most 2,000 characters as typed.
    long_link = "https://example.org/" + "a" * 1975
    encoded_link = "https://example.org/" + "a|" * 660
    for title, url in (
        ("Toolkit long link " + AMPERSANDS, long_link),
        ("Toolkit pipes " + AMPERSANDS, encoded_link),
    ):
        assert len(url) <= 2000
        reply = share(
            peerbot,
            user="UMARIA",
            title=title,
            url=url,
            description="<&>" * 333,
            states=every_state,
            tags=tags,
            kind="toolkit",
        )
        assert reply is None, reply
    share(peerbot, user="UMARIA", title="Toolkit plain", url="https://example.org/plain", kind="toolkit")


def test_long_accepted_fields_leave_recent_search_and_mine_readable_for_everyone(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    _share_hostile_entries(peerbot)
    assert len(stored(session_factory)) == 3
    assert slack.invalid_calls == []  # the announcements posted too
    for text, user, count in (
        ("recent", "UDEV", 3),
        ("toolkit", "UDEV", 3),
        ("mine", "UMARIA", 3),
        ("state:MS", "UFAC", 2),
    ):
        search(peerbot, text, user=user)
        reply = _answered_validly(slack)
        entries = [b for b in reply["blocks"] if str(b.get("block_id", "")).startswith("resource_actions_")]
        assert len(entries) == count, text
        assert "Toolkit long link" in result_titles(reply)[-1]
        blob = json.dumps(reply)
        assert "(example.org)" in blob
        assert "link too long to show here" in blob  # the link that can't be shown whole isn't cut into a broken one
        assert "https://example.org/" + "a" * 1975 + "|" in blob  # the long link is shown whole


def test_sharing_a_long_entry_to_a_channel_posts_valid_blocks(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network
) -> None:
    _share_hostile_entries(peerbot)
    results = search(peerbot, "recent")
    for index in range(3):
        peerbot.click(
            ResourceAction.SHARE,
            button_value(results, ResourceAction.SHARE, index=index),
            user="UDEV",
            channel=HOME,
            message=message_of(results),
        )
        assert "Shared it in <#CHOME>" in peerbot.last_response()["text"]
    assert slack.invalid_calls == []


def test_the_weekly_digest_of_long_entries_is_valid(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    network: Network,
    clock: FakeClock,
    settings: Settings,
    session_factory: SessionFactory,
) -> None:
    _share_hostile_entries(peerbot)
    clock.set(datetime(2026, 1, 12, 15, 0, tzinfo=UTC))  # the next Monday, 09:00 in Chicago
    ctx = _job_context(session_factory, settings, clock)
    assert post_weekly_digests(ctx) == {network.id: "sent"}
    digest = slack.messages[HOME][-1]
    assert "(example.org)" in json.dumps(digest["blocks"])
    assert slack.invalid_calls == []


def test_a_link_shows_its_domain_so_a_title_cannot_disguise_it(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    network: Network,
    clock: FakeClock,
    settings: Settings,
    session_factory: SessionFactory,
) -> None:
    share(peerbot, user="UMARIA", title="CDC toolkit", url="https://www.cdc.gov/toolkit", kind="toolkit")
    share(peerbot, user="UMARIA", title="cdc.gov guidance", url="https://cdc.gov@evil.example/g", kind="policy")
    announcements = [m["text"] for m in slack.messages[HOME]]
    assert "*<https://www.cdc.gov/toolkit|CDC toolkit>* (cdc.gov)" in announcements[0]
    assert "cdc.gov guidance>* (evil.example)" in announcements[1]
    for text in ("recent", "guidance", "mine"):
        assert "cdc.gov guidance>* (evil.example)" in json.dumps(search(peerbot, text))
    results = search(peerbot, "guidance")
    peerbot.click(
        ResourceAction.SHARE,
        button_value(results, ResourceAction.SHARE),
        user="UDEV",
        channel=HOME,
        message=message_of(results),
    )
    assert "(evil.example)" in slack.messages[HOME][-1]["text"]
    clock.set(datetime(2026, 1, 12, 15, 0, tzinfo=UTC))
    ctx = _job_context(session_factory, settings, clock)
    post_weekly_digests(ctx)
    assert "(evil.example)" in json.dumps(slack.messages[HOME][-1]["blocks"])


def test_a_link_too_long_to_store_once_encoded_is_refused_on_the_link_field(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    url = "https://example.org/x?" + "q=|&" * 494  # 1,998 characters as typed; its stored key would be 2,960
    view = open_add_form(peerbot, user="UMARIA")
    reply = peerbot.submit(view, form_values(title="Pipes", url=url, kind="toolkit"), user="UMARIA").json()
    assert reply["response_action"] == "errors"
    assert "too long to store" in reply["errors"][ResourceBlock.URL]
    assert stored(session_factory) == []


def test_http_and_https_of_one_link_are_one_entry(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    share(peerbot, user="UMARIA", title="Licensing guide", url="http://example.org/guide", kind="toolkit")
    reply = share(peerbot, user="UDEV", title="Licensing guide (secure)", url="https://example.org/guide/")
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == ResourceCallback.DUPLICATE
    [entry] = stored(session_factory)
    assert entry.url == "http://example.org/guide"  # kept as first shared


@pytest.mark.parametrize(
    ("noise", "shortened"),
    [("😀", True), ("👩🏽‍⚕️", False), ("—", False)],  # 4 bytes each; 17 bytes in 5 code points; 3 bytes
)
def test_emoji_in_a_search_still_page_with_more(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    network: Network,
    session_factory: SessionFactory,
    clock: FakeClock,
    noise: str,
    shortened: bool,
) -> None:
    for i in range(7):
        seed(session_factory, network, clock, title=f"Toolkit number {i}", kind="toolkit")
    typed = "toolkit " + noise * ((500 - 8) // len(noise))  # as long as a search may be
    first = search(peerbot, typed)
    _answered_validly(slack)
    assert len(result_titles(first)) == 5
    more = button_value(first, ResourceAction.MORE)
    assert len(more.encode("utf-8")) <= 2000
    # Kept as typed when it fits; else the same search without what isn't searched for.
    assert json.loads(more)["q"] == ("toolkit" if shortened else typed)
    peerbot.click(ResourceAction.MORE, more, user="UMARIA", channel=HOME, message=message_of(first))
    second = _answered_validly(slack)
    assert result_titles(second) == ["Toolkit number 1", "Toolkit number 0"]


def test_a_short_emoji_search_keeps_what_was_typed_in_the_more_button(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    for i in range(7):
        seed(session_factory, network, clock, title=f"Toolkit número {i}", kind="toolkit")
    first = search(peerbot, "toolkit 😀 número")
    assert json.loads(button_value(first, ResourceAction.MORE))["q"] == "toolkit 😀 número"
