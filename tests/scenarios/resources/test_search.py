"""Members find resources with /resources: words, filters, paging, helpful votes and sharing."""

from __future__ import annotations

import json

import pytest

from rendering.resources.ids import ResourceAction
from storage.db import SessionFactory
from storage.models import Network
from tests.scenarios.resources.library import HOME, button_value, message_of, result_titles, search
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.factories.resources import seed
from tests.support.harness import PeerbotUnderTest


@pytest.fixture
def library(session_factory: SessionFactory, network: Network, clock: FakeClock) -> Network:
    def add(title: str, **fields: object) -> None:
        seed(session_factory, network, clock, title=title, **fields)  # type: ignore[arg-type]

    add(
        "Child care licensing toolkit",
        states=["MS"],
        topics=["Child care"],
        kind="toolkit",
        by="UMARIA",
        description="Steps for home-based providers.",
    )
    add(
        "Home visiting outcomes report",
        states=["MS", "AL"],
        topics=["Home visiting"],
        kind="report",
        by="UDEV",
        description="What changed for families with young children.",
    )
    add(
        "Workforce pipeline policy",
        states=["CO"],
        topics=["Workforce"],
        tags=["child care"],
        kind="policy",
        by="UDEV",
        description="Recruiting early educators.",
    )
    add(
        "Rural broadband data",
        states=["MT"],
        kind="data",
        by="UFAC",
        description="County coverage, child care deserts.",
    )
    return network


def test_search_ranks_title_matches_first(peerbot: PeerbotUnderTest, library: Network) -> None:
    reply = search(peerbot, "child care")
    # Title has both words, then topics/tags have them, then only the description does.
    assert result_titles(reply) == [
        "Child care licensing toolkit",
        "Workforce pipeline policy",
        "Rural broadband data",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("state:MS", ["Home visiting outcomes report", "Child care licensing toolkit"]),
        ("report state:al", ["Home visiting outcomes report"]),
        ('topic:"child care"', ["Workforce pipeline policy", "Child care licensing toolkit"]),
        ("kind:toolkit", ["Child care licensing toolkit"]),
        ("from:<@UDEV|dev>", ["Workforce pipeline policy", "Home visiting outcomes report"]),
        ("from:@fran", ["Rural broadband data"]),
        ("child state:CO kind:policy", ["Workforce pipeline policy"]),
    ],
)
def test_each_filter_narrows_the_results(
    peerbot: PeerbotUnderTest, library: Network, text: str, expected: list[str]
) -> None:
    assert result_titles(search(peerbot, text)) == expected


@pytest.mark.parametrize(
    ("text", "explains"),
    [
        ("kind:podcast", "isn't a kind"),
        ("state:XX", "don't know the state"),
        ('topic:"child care', "quotation mark"),
        ("!!! 😀 🎉 …", "nothing to search for"),
        ("from:maria", "should name a person"),
        ("state:", "needs something"),
    ],
)
def test_a_malformed_filter_explains_the_syntax(
    peerbot: PeerbotUnderTest, library: Network, text: str, explains: str
) -> None:
    reply = search(peerbot, text)
    assert explains in reply["text"] and "state:MS" in reply["text"]


def test_an_unknown_word_with_a_colon_is_searched_as_words(
    peerbot: PeerbotUnderTest, library: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    seed(session_factory, network=library, clock=clock, title="Field note: child care deserts", kind="report")
    assert result_titles(search(peerbot, "note: child")) == ["Field note: child care deserts"]
    assert result_titles(search(peerbot, "year:2024")) == []


def test_an_empty_search_says_so_and_suggests_topics(peerbot: PeerbotUnderTest, library: Network) -> None:
    reply = search(peerbot, "zebra")
    text = reply["blocks"][0]["text"]["text"]
    assert "Nothing in the library matches *zebra*" in text
    assert 'topic:"Child care"' in text and "(2)" in text


def test_results_come_five_at_a_time_with_more(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    for i in range(12):
        seed(session_factory, network, clock, title=f"Toolkit number {i:02d}", kind="toolkit")
    first = search(peerbot, "toolkit")
    assert result_titles(first) == [f"Toolkit number {i:02d}" for i in (11, 10, 9, 8, 7)]
    peerbot.click(
        ResourceAction.MORE,
        button_value(first, ResourceAction.MORE),
        user="UMARIA",
        channel=HOME,
        message=message_of(first),
    )
    second = peerbot.last_response()
    assert second["replace_original"] is True
    assert result_titles(second) == [f"Toolkit number {i:02d}" for i in (6, 5, 4, 3, 2)]
    peerbot.click(
        ResourceAction.MORE,
        button_value(second, ResourceAction.MORE),
        user="UMARIA",
        channel=HOME,
        message=message_of(second),
    )
    third = peerbot.last_response()
    assert result_titles(third) == ["Toolkit number 01", "Toolkit number 00"]
    assert ResourceAction.MORE not in json.dumps(third)


def test_a_tampered_more_button_gets_an_explanation(peerbot: PeerbotUnderTest, library: Network) -> None:
    peerbot.click(ResourceAction.MORE, '{"m": "drop tables"}', user="UMARIA", channel=HOME)
    assert "out of date" in peerbot.last_response()["text"]


def test_helpful_counts_one_vote_per_member_and_lifts_the_entry(peerbot: PeerbotUnderTest, library: Network) -> None:
    before = search(peerbot, "state:MS")
    assert result_titles(before)[1] == "Child care licensing toolkit"
    toolkit = button_value(before, ResourceAction.HELPFUL, index=1)
    peerbot.click(ResourceAction.HELPFUL, toolkit, user="UDEV", channel=HOME, message=message_of(before))
    thanks = peerbot.last_response()["text"]
    assert "Thanks! You marked *Child care licensing toolkit* as helpful. 1 person has" in thanks
    peerbot.click(ResourceAction.HELPFUL, toolkit, user="UDEV", channel=HOME, message=message_of(before))
    assert "already marked" in peerbot.last_response()["text"]
    after = search(peerbot, "state:MS")
    assert result_titles(after) == ["Child care licensing toolkit", "Home visiting outcomes report"]
    assert "1 person found it helpful" in json.dumps(after)


def test_share_to_channel_posts_the_entry_where_the_member_searched(
    peerbot: PeerbotUnderTest, slack: SlackStub, library: Network
) -> None:
    slack.add_channel("CTEAM", name="ms-team", members=["UMARIA", "UDEV"])
    results = search(peerbot, "kind:toolkit", channel="CTEAM")
    peerbot.click(
        ResourceAction.SHARE,
        button_value(results, ResourceAction.SHARE),
        user="UMARIA",
        channel="CTEAM",
        message=message_of(results),
    )
    [post] = slack.messages["CTEAM"]
    assert post["text"].startswith("<@UMARIA> recommends") and "Child care licensing toolkit" in post["text"]
    assert "Shared it in <#CTEAM>" in peerbot.last_response()["text"]


def test_share_where_peerbot_is_not_a_member_explains_how_to_fix_it(
    peerbot: PeerbotUnderTest, slack: SlackStub, library: Network
) -> None:
    slack.add_channel("CPRIV", name="private-chat", members=["UMARIA"], bot_is_member=False)
    results = search(peerbot, "kind:toolkit")
    peerbot.click(
        ResourceAction.SHARE,
        button_value(results, ResourceAction.SHARE),
        user="UMARIA",
        channel="CPRIV",
        message=message_of(results),
    )
    assert "/invite @peerbot" in peerbot.last_response()["text"]
    assert "CPRIV" not in slack.messages


def test_recent_mine_and_topics(peerbot: PeerbotUnderTest, library: Network) -> None:
    assert result_titles(search(peerbot, "recent"))[:2] == ["Rural broadband data", "Workforce pipeline policy"]
    assert result_titles(search(peerbot, "mine", user="UDEV")) == [
        "Workforce pipeline policy",
        "Home visiting outcomes report",
    ]
    topics = json.dumps(search(peerbot, "topics"), ensure_ascii=False)
    assert "*Child care* — 2 (CO 1, MS 1)" in topics
    assert "*Home visiting* — 1 (AL 1, MS 1)" in topics
    assert "Mississippi 2" in topics


def test_resources_help(peerbot: PeerbotUnderTest, library: Network) -> None:
    response = peerbot.command("help", user="UMARIA", channel=HOME, command="/resources").json()
    assert "`/resources add`" in json.dumps(response)


def test_facilitators_curate_the_topic_list_members_choose_from(
    peerbot: PeerbotUnderTest, slack: SlackStub, library: Network
) -> None:
    peerbot.command("topics add Housing, Tribal health", user="UMARIA", channel=HOME, command="/resources")
    assert "Only facilitators" in peerbot.last_response()["text"]
    peerbot.command("topics add Housing, Tribal health", user="UFAC", channel=HOME, command="/resources")
    assert "Housing, Tribal health" in peerbot.last_response()["text"]
    peerbot.command("topics remove Workforce", user="UFAC", channel=HOME, command="/resources")
    assert "Removed *Workforce*" in peerbot.last_response()["text"]

    peerbot.command("add", user="UMARIA", channel=HOME, command="/resources")
    [form] = [v for v in slack.views.values() if v.get("callback_id") == "resource_add"]
    [topics] = [b for b in form["blocks"] if b.get("block_id") == "resource_topics"]
    assert [o["value"] for o in topics["element"]["options"]] == [
        "Child care",
        "Home visiting",
        "Housing",
        "Tribal health",
    ]
    # The entry that had the removed topic keeps it, so it stays findable.
    assert result_titles(search(peerbot, 'topic:"workforce"')) == ["Workforce pipeline policy"]
