"""Members share resources with /resources add or from a message, and a link is only stored once."""

from __future__ import annotations

from rendering.resources.ids import ResourceBlock, ResourceCallback
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import (
    HOME,
    form_values,
    message_shortcut,
    open_add_form,
    share,
    stored,
)
from tests.slackstub import SlackStub
from tests.support.harness import PeerbotUnderTest


def test_member_shares_a_resource_and_the_channel_hears_about_it(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    reply = share(
        peerbot,
        user="UMARIA",
        title="Child care licensing toolkit",
        url="https://Example.org/toolkit/?utm_source=x",
        description="How we licensed home-based providers.",
        states=["MS"],
        topics=["Child care"],
        tags="licensing, rural",
        kind="toolkit",
    )
    assert reply is None  # the modal closes
    [resource] = stored(session_factory)
    assert (resource.title, resource.normalized_url, resource.states) == (
        "Child care licensing toolkit",
        "https://example.org/toolkit",
        "MS",
    )
    assert resource.topic_names == ["Child care"] and resource.tag_names == ["licensing", "rural"]
    [note] = slack.ephemeral_messages
    assert note["to_user"] == "UMARIA" and "Saved *Child care licensing toolkit*" in note["text"]
    [post] = slack.messages[HOME]
    assert post["text"].startswith("<@UMARIA> shared") and "from Mississippi" in post["text"]


def test_member_can_save_without_telling_the_channel(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network
) -> None:
    share(peerbot, user="UDEV", title="Rural broadband map", url="https://example.org/map", kind="data", announce=False)
    assert HOME not in slack.messages
    assert "Saved *Rural broadband map*" in slack.ephemeral_messages[0]["text"]


def test_bad_input_is_shown_on_the_fields_and_nothing_is_saved(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    view = open_add_form(peerbot, user="UMARIA")
    values = form_values(title="  ", url="ftp://example.org/file", description="x" * 1001, kind="toolkit")
    values[ResourceBlock.STATES]["resource_states_input"]["selected_options"].append(
        {"text": {"type": "plain_text", "text": "Atlantis"}, "value": "ZZ"}
    )
    errors = peerbot.submit(view, values, user="UMARIA").json()
    assert errors["response_action"] == "errors"
    assert set(errors["errors"]) == {
        ResourceBlock.TITLE,
        ResourceBlock.URL,
        ResourceBlock.DESCRIPTION,
        ResourceBlock.STATES,
    }
    assert "http://" in errors["errors"][ResourceBlock.URL]
    assert (
        "1,000" in errors["errors"][ResourceBlock.DESCRIPTION] or "1000" in errors["errors"][ResourceBlock.DESCRIPTION]
    )
    assert stored(session_factory) == []


def test_the_same_link_is_not_added_twice_and_the_member_can_add_their_topics(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    share(
        peerbot,
        user="UMARIA",
        title="Home visiting report",
        url="https://example.org/report",
        topics=["Home visiting"],
        kind="report",
    )
    view = open_add_form(peerbot, user="UDEV")
    reply = peerbot.submit(
        view,
        form_values(
            title="Same report",
            url="HTTPS://EXAMPLE.org:443/report/?utm_campaign=x&fbclid=1#top",
            topics=["Workforce"],
            tags="evaluation",
            kind="report",
        ),
        user="UDEV",
    ).json()
    assert reply["response_action"] == "update"
    assert reply["view"]["callback_id"] == ResourceCallback.DUPLICATE
    assert "already in the library" in str(reply["view"]["blocks"])
    duplicate = {**reply["view"], "id": "VDUP"}
    done = peerbot.submit(
        duplicate,
        {
            ResourceBlock.TOPICS: form_values(topics=["Workforce"])[ResourceBlock.TOPICS],
            ResourceBlock.TAGS: form_values(tags="evaluation")[ResourceBlock.TAGS],
        },
        user="UDEV",
    ).json()
    assert "Added your topics" in str(done["view"])
    [resource] = stored(session_factory)
    assert resource.title == "Home visiting report"
    assert resource.topic_names == ["Home visiting", "Workforce"] and resource.tag_names == ["evaluation"]
    assert len(slack.messages[HOME]) == 1  # only the first share was announced


def test_saving_a_message_prefills_its_link_text_and_the_posters_state(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    message = {
        "type": "message",
        "user": "UMARIA",
        "ts": "1700000000.000200",
        "text": "Our new <https://example.org/guide?utm_medium=slack|family navigator guide> is out — "
        "built with <@UDEV> for rural counties.",
    }
    message_shortcut(peerbot, user="UDEV", channel=HOME, message=message)
    view = peerbot.opened_view(ResourceCallback.ADD)
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert initial[ResourceBlock.TITLE]["initial_value"] == "family navigator guide"
    assert initial[ResourceBlock.URL]["initial_value"] == "https://example.org/guide?utm_medium=slack"
    assert "family navigator guide is out" in initial[ResourceBlock.DESCRIPTION]["initial_value"]
    assert [o["value"] for o in initial[ResourceBlock.STATES]["initial_options"]] == ["MS"]

    peerbot.submit(
        view,
        form_values(
            title="Family navigator guide",
            url="https://example.org/guide?utm_medium=slack",
            states=["MS"],
            kind="toolkit",
        ),
        user="UDEV",
    )
    [resource] = stored(session_factory)
    assert resource.shared_by == "UDEV" and resource.normalized_url == "https://example.org/guide"
    assert slack.ephemeral_messages[-1]["to_user"] == "UDEV"


def test_someone_outside_every_network_is_told_how_to_join(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network
) -> None:
    slack.add_user("UNEW", name="newbie", real_name="New Person", tz="America/Chicago")
    slack.add_channel("CRANDOM", name="random", members=["UNEW"])
    peerbot.command("add", user="UNEW", channel="CRANDOM", command="/resources")
    assert "not in a peerbot network yet" in peerbot.last_response()["text"]
    message_shortcut(
        peerbot,
        user="UNEW",
        channel="CRANDOM",
        message={"type": "message", "user": "UNEW", "ts": "1.2", "text": "https://a.org"},
    )
    assert "not in a peerbot network yet" in peerbot.last_response()["text"]
    assert slack.calls_to("views.open") == []


def test_a_message_without_a_link_opens_the_form_for_the_member_to_paste_one(
    peerbot: PeerbotUnderTest, network: Network
) -> None:
    message_shortcut(
        peerbot,
        user="UMARIA",
        channel=HOME,
        message={"type": "message", "user": "UGONE", "ts": "1.3", "text": "We published our family survey last week."},
    )
    view = peerbot.opened_view(ResourceCallback.ADD)
    initial = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert "initial_value" not in initial[ResourceBlock.URL]
    assert initial[ResourceBlock.TITLE]["initial_value"] == "We published our family survey last week."
    assert "initial_options" not in initial[ResourceBlock.STATES]  # the poster has no profile here


def test_when_the_channel_post_fails_the_member_still_gets_a_confirmation_saying_why(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    slack.fail_next("chat.postMessage", "not_in_channel")
    share(peerbot, user="UMARIA", title="Rural toolkit", url="https://example.org/rural", kind="toolkit")
    assert len(stored(session_factory)) == 1
    [note] = slack.ephemeral_messages
    assert "Saved *Rural toolkit*" in note["text"] and "/invite @peerbot" in note["text"]
