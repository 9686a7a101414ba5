"""The person who shared an entry, or a facilitator, edits or deletes it from a search result's menu."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rendering.resources.ids import ResourceAction, ResourceBlock, ResourceCallback
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import (
    HOME,
    button_value,
    form_values,
    message_of,
    overflow_value,
    result_titles,
    search,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import seed
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def entries(session_factory: SessionFactory, network: Network, clock: FakeClock) -> dict[str, int]:
    return {
        "maria": seed(
            session_factory,
            network,
            clock,
            title="Kinship care guide",
            by="UMARIA",
            states=["MS"],
            topics=["Child care"],
            kind="toolkit",
            url="https://example.org/kinship",
        ),
        "dev": seed(
            session_factory,
            network,
            clock,
            title="Kinship navigator evaluation",
            by="UDEV",
            states=["CO"],
            kind="report",
            url="https://example.org/navigator",
        ),
    }


def _menu(peerbot: PeerbotUnderTest, action: str, resource_id: int, *, user: str) -> None:
    value = overflow_value(action, resource_id)
    peerbot.click(
        ResourceAction.MANAGE,
        user=user,
        channel=HOME,
        message=message_of({"blocks": []}),
        type="overflow",
        selected_option={"text": {"type": "plain_text", "text": action}, "value": value},
    )


def _menus(response: dict[str, Any]) -> list[int]:
    """Ids of the entries that show an Edit/Delete menu."""
    return [
        json.loads(block["accessory"]["options"][0]["value"])["id"]
        for block in response["blocks"]
        if block.get("accessory", {}).get("action_id") == ResourceAction.MANAGE
    ]


def test_members_see_the_menu_on_their_own_entries_and_facilitators_on_all(
    peerbot: PeerbotUnderTest, entries: dict[str, int]
) -> None:
    assert _menus(search(peerbot, "kinship", user="UMARIA")) == [entries["maria"]]
    assert sorted(_menus(search(peerbot, "kinship", user="UFAC"))) == sorted(entries.values())


def test_owner_edits_an_entry_and_search_sees_the_change_at_once(
    peerbot: PeerbotUnderTest, slack: SlackStub, entries: dict[str, int]
) -> None:
    _menu(peerbot, "edit", entries["maria"], user="UMARIA")
    view = peerbot.opened_view(ResourceCallback.EDIT)
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert initial[ResourceBlock.TITLE]["initial_value"] == "Kinship care guide"
    assert ResourceBlock.ANNOUNCE not in initial
    reply = peerbot.submit(
        view,
        form_values(
            title="Grandfamilies support guide",
            url="https://example.org/kinship",
            states=["MS", "AL"],
            topics=["Child care"],
            kind="toolkit",
        ),
        user="UMARIA",
    ).json()
    assert "Saved your changes" in json.dumps(reply)
    assert result_titles(search(peerbot, "grandfamilies")) == ["Grandfamilies support guide"]
    assert result_titles(search(peerbot, "kinship care")) == []
    assert result_titles(search(peerbot, "state:AL")) == ["Grandfamilies support guide"]


def test_editing_to_a_link_already_in_the_library_is_refused_on_the_link(
    peerbot: PeerbotUnderTest, entries: dict[str, int]
) -> None:
    _menu(peerbot, "edit", entries["maria"], user="UFAC")
    view = peerbot.opened_view(ResourceCallback.EDIT)
    reply = peerbot.submit(
        view,
        form_values(title="Kinship care guide", url="https://example.org/navigator/", kind="toolkit"),
        user="UFAC",
    ).json()
    assert reply["response_action"] == "errors"
    assert "Kinship navigator evaluation" in reply["errors"][ResourceBlock.URL]


def test_a_member_cannot_edit_someone_elses_entry(
    peerbot: PeerbotUnderTest, slack: SlackStub, entries: dict[str, int]
) -> None:
    opened = len(slack.calls_to("views.open"))
    _menu(peerbot, "edit", entries["dev"], user="UMARIA")
    assert len(slack.calls_to("views.open")) == opened
    assert "Only <@UDEV>" in peerbot.last_response()["text"]


def test_facilitator_deletes_an_entry_and_it_leaves_search_at_once(
    peerbot: PeerbotUnderTest, entries: dict[str, int]
) -> None:
    results = search(peerbot, "kinship", user="UFAC")
    _menu(peerbot, "delete", entries["dev"], user="UFAC")
    view = peerbot.opened_view(ResourceCallback.DELETE)
    reply = peerbot.submit(view, {}, user="UFAC").json()
    assert "Deleted *Kinship navigator evaluation*" in json.dumps(reply)
    assert result_titles(search(peerbot, "kinship")) == ["Kinship care guide"]
    # A button on the older results now explains instead of failing.
    stale = button_value(results, ResourceAction.HELPFUL, index=0)
    peerbot.click(ResourceAction.HELPFUL, stale, user="UMARIA", channel=HOME, message=message_of(results))
    assert "no longer in the library" in peerbot.last_response()["text"]


def test_editing_keeps_a_topic_that_was_taken_off_the_list(peerbot: PeerbotUnderTest, entries: dict[str, int]) -> None:
    peerbot.command("topics remove Child care", user="UFAC", channel=HOME, command="/resources")
    _menu(peerbot, "edit", entries["maria"], user="UMARIA")
    view = peerbot.opened_view(ResourceCallback.EDIT)
    [topics] = [b["element"] for b in view["blocks"] if b.get("block_id") == ResourceBlock.TOPICS]
    assert [o["value"] for o in topics["initial_options"]] == ["Child care"]
    peerbot.submit(
        view,
        form_values(
            title="Kinship care guide", url="https://example.org/kinship", topics=["Child care"], kind="toolkit"
        ),
        user="UMARIA",
    )
    assert result_titles(search(peerbot, 'topic:"child care"')) == ["Kinship care guide"]
