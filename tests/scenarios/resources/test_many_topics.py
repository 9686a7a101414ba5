"""A network may curate more topics than a menu holds: forms still offer every topic and editing keeps them."""

from __future__ import annotations

from typing import Any

import pytest

from rendering.resources.ids import ResourceAction, ResourceBlock, ResourceCallback
from storage import resources as resource_store
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import (
    HOME,
    form_values,
    message_of,
    open_add_form,
    overflow_value,
    stored,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import seed
from tests.support.harness import PeerbotUnderTest

MANY = [f"Topic {i:03d}" for i in range(150)]


@pytest.fixture
def many_topics(session_factory: SessionFactory, network: Network, clock: FakeClock) -> Network:
    with session_factory.begin() as session:
        resource_store.add_topics(session, network_id=network.id, names=MANY, now=clock.now())
    return network


def _topics_element(view: dict[str, Any]) -> dict[str, Any]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == ResourceBlock.TOPICS]
    return dict(block["element"])


def _suggested(peerbot: PeerbotUnderTest, view: dict[str, Any], typed: str, *, user: str) -> list[str]:
    response = peerbot.suggest(ResourceAction.TOPICS, typed, block_id=ResourceBlock.TOPICS, user=user, view=view)
    return [option["value"] for option in response.json()["options"]]


def _open_edit(peerbot: PeerbotUnderTest, resource_id: int, *, user: str) -> dict[str, Any]:
    peerbot.click(
        ResourceAction.MANAGE,
        user=user,
        channel=HOME,
        message=message_of({"blocks": []}),
        type="overflow",
        selected_option={"text": {"type": "plain_text", "text": "Edit"}, "value": overflow_value("edit", resource_id)},
    )
    return peerbot.opened_view(ResourceCallback.EDIT)


def test_editing_an_entry_keeps_topics_beyond_the_first_hundred(
    peerbot: PeerbotUnderTest,
    slack: SlackStub,
    many_topics: Network,
    session_factory: SessionFactory,
    clock: FakeClock,
) -> None:
    entry = seed(
        session_factory,
        many_topics,
        clock,
        title="Kinship care guide",
        url="https://example.org/kinship",
        topics=["Child care", "Topic 140"],
        kind="toolkit",
        by="UMARIA",
    )
    view = _open_edit(peerbot, entry, user="UMARIA")
    element = _topics_element(view)
    assert element["type"] == "multi_external_select"
    assert [o["value"] for o in element["initial_options"]] == ["Child care", "Topic 140"]
    # Slack sends back what is selected: the entry's topics as they started, whatever their place in the list.
    chosen = [o["value"] for o in element["initial_options"]]
    reply = peerbot.submit(
        view,
        form_values(title="Kinship care guide, 2nd edition", url="https://example.org/kinship", topics=chosen),
        user="UMARIA",
    )
    assert reply.json()["response_action"] == "update"
    [saved] = stored(session_factory)
    assert saved.title == "Kinship care guide, 2nd edition"
    assert saved.topic_names == ["Child care", "Topic 140"]
    assert slack.invalid_calls == []


def test_every_topic_can_be_found_and_chosen_when_sharing(
    peerbot: PeerbotUnderTest, slack: SlackStub, many_topics: Network, session_factory: SessionFactory
) -> None:
    view = open_add_form(peerbot, user="UDEV")
    assert _topics_element(view)["type"] == "multi_external_select"
    assert _suggested(peerbot, view, "topic 14", user="UDEV") == [f"Topic {i}" for i in range(140, 150)]
    assert len(_suggested(peerbot, view, "", user="UDEV")) == 100
    assert _suggested(peerbot, view, "CARE", user="UDEV") == ["Child care"]
    reply = peerbot.submit(
        view, form_values(title="Late topic", url="https://example.org/late", topics=["Topic 149"]), user="UDEV"
    )
    assert reply.json() is None
    [saved] = stored(session_factory)
    assert saved.topic_names == ["Topic 149"]


def test_topic_suggestions_are_only_for_the_forms_network(peerbot: PeerbotUnderTest, many_topics: Network) -> None:
    view = open_add_form(peerbot, user="UDEV")
    forged = {**view, "private_metadata": '{"network_id": 999999}'}
    assert _suggested(peerbot, forged, "topic", user="UDEV") == []
    assert _suggested(peerbot, view, "topic", user="UOUTSIDER") == []
    huge = {**view, "private_metadata": '{"network_id": 99999999999999999999999}'}
    assert _suggested(peerbot, huge, "topic", user="UDEV") == []
