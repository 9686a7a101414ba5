"""Tests for the Slack Web API stub, driven through a real slack_sdk WebClient."""

from __future__ import annotations

import json
import threading
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.slackstub import SlackStub


def _section(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def _api_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


@pytest.fixture
def workspace(slack_stub: SlackStub) -> SlackStub:
    slack_stub.add_user("U1", name="ann", real_name="Ann Example", display_name="ann")
    slack_stub.add_user("U2", name="bob")
    slack_stub.add_user("UGONE", deleted=True)
    slack_stub.add_user("UOTHERBOT", is_bot=True)
    slack_stub.add_channel("C1", name="general", members=["U1", "U2"])
    slack_stub.add_channel("C2", name="random", members=["U1"], bot_is_member=False)
    slack_stub.add_channel("G1", name="secret", members=["U1"], is_private=True, bot_is_member=False)
    return slack_stub


def test_auth_test_and_users_info(workspace: SlackStub, slack_client: WebClient) -> None:
    auth = slack_client.auth_test()
    assert (auth["user_id"], auth["bot_id"], auth["team_id"]) == ("UBOT", "BBOT", "T0001")
    user = slack_client.users_info(user="U1")["user"]
    assert user["real_name"] == "Ann Example"
    assert user["profile"]["display_name"] == "ann"
    assert user["tz"] == "America/New_York" and user["tz_offset"] in (-18000, -14400)
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.users_info(user="UNOPE")
    assert _api_error(excinfo) == "user_not_found"


def test_conversations_info(workspace: SlackStub, slack_client: WebClient) -> None:
    channel = slack_client.conversations_info(channel="C2")["channel"]
    assert channel["name"] == "random" and channel["is_member"] is False
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.conversations_info(channel="G1")  # private, bot not in it
    assert _api_error(excinfo) == "channel_not_found"


def test_members_pagination(slack_stub: SlackStub, slack_client: WebClient) -> None:
    humans = [f"U{i:04d}" for i in range(250)]
    slack_stub.add_channel("CBIG", name="big", members=humans)
    pages, cursor = [], None
    while True:
        resp = slack_client.conversations_members(channel="CBIG", limit=100, cursor=cursor)
        pages.append(resp["members"])
        cursor = resp["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert [len(p) for p in pages] == [100, 100, 51]
    assert [m for p in pages for m in p] == [*humans, "UBOT"]  # the bot is a member too, as in Slack
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.conversations_members(channel="CBIG", cursor="bogus!")
    assert _api_error(excinfo) == "invalid_cursor"


def test_dm_posting(workspace: SlackStub, slack_client: WebClient) -> None:
    resp = slack_client.chat_postMessage(channel="U1", text="hello <!date^1700000000^{date_short_pretty} at {time}|x>")
    dm = workspace.dm_channel("U1")
    assert resp["channel"] == dm and dm.startswith("D")
    opened = slack_client.conversations_open(users="U1")["channel"]["id"]
    assert opened == dm
    second = slack_client.chat_postMessage(channel=opened, text="again", thread_ts=resp["ts"])
    assert float(second["ts"]) > float(resp["ts"])
    stored = workspace.messages[dm]
    assert [m["text"][:5] for m in stored] == ["hello", "again"]
    assert stored[0]["user"] == "UBOT" and stored[1]["thread_ts"] == resp["ts"]
    for channel, error in [
        ("UNOPE", "user_not_found"),
        ("UOTHERBOT", "cannot_dm_bot"),
        ("UGONE", "user_disabled"),
        ("DNOPE", "channel_not_found"),
    ]:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.chat_postMessage(channel=channel, text="x")
        assert _api_error(excinfo) == error
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.conversations_open(users="UBOT")
    assert _api_error(excinfo) == "cannot_dm_bot"
    assert workspace.invalid_calls == []


def test_channel_membership_errors(workspace: SlackStub, slack_client: WebClient) -> None:
    for channel, error in [("C2", "not_in_channel"), ("G1", "channel_not_found"), ("CNOPE", "channel_not_found")]:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.chat_postMessage(channel=channel, text="x")
        assert _api_error(excinfo) == error
    workspace.archive_channel("C1")
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.chat_postMessage(channel="C1", text="x")
    assert _api_error(excinfo) == "is_archived"
    assert "C1" not in workspace.messages


def test_update_delete_and_ephemeral(workspace: SlackStub, slack_client: WebClient) -> None:
    ts = slack_client.chat_postMessage(channel="C1", text="v1", blocks=[_section("v1")])["ts"]
    slack_client.chat_update(channel="C1", ts=ts, text="v2")
    assert workspace.messages["C1"][0]["text"] == "v2"
    assert workspace.messages["C1"][0]["blocks"] == [_section("v1")]  # blocks kept unless sent
    slack_client.chat_update(channel="C1", ts=ts, text="v3", blocks=[])
    assert workspace.messages["C1"][0]["blocks"] == []
    slack_client.chat_delete(channel="C1", ts=ts)
    assert workspace.messages["C1"] == []
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.chat_update(channel="C1", ts=ts, text="gone")
    assert _api_error(excinfo) == "message_not_found"
    assert slack_client.chat_postEphemeral(channel="C1", user="U2", text="psst")["message_ts"]
    assert workspace.ephemeral_messages[0]["to_user"] == "U2"
    workspace.set_channel_members("C1", ["U1"])
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.chat_postEphemeral(channel="C1", user="U2", text="psst")
    assert _api_error(excinfo) == "user_not_in_channel"


@pytest.mark.parametrize(
    ("blocks", "needle"),
    [
        ([_section("x" * 3001)], "3000"),
        ([{"type": "no_such_block"}], "unknown block type"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "/blocks/0/text/text"),
        ([_section(str(i)) for i in range(51)], "no more than 50"),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "text": {"type": "plain_text", "text": "b" * 76}, "action_id": "a"}
                    ],
                }
            ],
            "/blocks/0/elements/0/text/text",
        ),
        ([{"type": "actions", "elements": [{"type": "plain_text_input", "action_id": "a"}]}], "unsupported element"),
        ([_section("a", block_id="dup"), _section("b", block_id="dup")], "duplicate block_id"),
        ([{"type": "section", "text": {"type": "mrkdwn", "text": ""}}], "more than 0 characters"),
        (
            [
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": "pick"},
                    "accessory": {
                        "type": "static_select",
                        "action_id": "s",
                        "options": [
                            {"text": {"type": "plain_text", "text": str(i)}, "value": str(i)} for i in range(101)
                        ],
                    },
                }
            ],
            "no more than 100",
        ),
    ],
)
def test_invalid_blocks_refused_and_recorded(
    workspace: SlackStub, slack_client: WebClient, blocks: list[dict[str, Any]], needle: str
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.chat_postMessage(channel="C1", text="fallback", blocks=blocks)
    assert _api_error(excinfo) == "invalid_blocks"
    messages = excinfo.value.response["response_metadata"]["messages"]
    assert any(needle in m for m in messages), messages
    assert [c.method for c in workspace.invalid_calls] == ["chat.postMessage"]
    assert "C1" not in workspace.messages


def test_form_encoded_json_fields_and_other_invalid_requests(workspace: SlackStub, slack_client: WebClient) -> None:
    blocks = [_section("form")]
    slack_client.api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps(blocks)})
    assert workspace.calls_to("chat.postMessage")[0].args["blocks"] == blocks
    assert workspace.messages["C1"][0]["blocks"] == blocks
    for kwargs, error in [
        ({"channel": "C1"}, "no_text"),
        ({"text": "x"}, "invalid_arguments"),
        ({"channel": "C1", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "C1", "blocks": "[not json"}, "invalid_blocks_format"),
    ]:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.api_call("chat.postMessage", params=kwargs)
        assert _api_error(excinfo) == error
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.api_call("chat.noSuchMethod")
    assert _api_error(excinfo) == "unknown_method"
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(token="xoxb-wrong", base_url=workspace.api_url).auth_test()
    assert _api_error(excinfo) == "invalid_auth"
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(base_url=workspace.api_url).auth_test()
    assert _api_error(excinfo) == "not_authed"
    assert [c.error for c in workspace.invalid_calls] == [
        "no_text",
        "invalid_arguments",
        "msg_too_long",
        "invalid_blocks_format",
        "unknown_method",
        "invalid_auth",
        "not_authed",
    ]


def test_token_as_form_field(workspace: SlackStub) -> None:
    data = b"token=xoxb-test-token&user=U1"
    request = urllib.request.Request(workspace.api_url + "users.info", data=data)  # noqa: S310 - loopback http
    with urllib.request.urlopen(request) as resp:  # noqa: S310
        assert json.load(resp)["user"]["id"] == "U1"
    assert workspace.calls[0].args == {"user": "U1"}


def test_rate_limit_without_handler(workspace: SlackStub, slack_client: WebClient) -> None:
    workspace.rate_limit_next("users.info", retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.users_info(user="U1")
    assert excinfo.value.response.status_code == 429
    assert excinfo.value.response.headers["Retry-After"] == "7"
    assert _api_error(excinfo) == "ratelimited"
    assert slack_client.users_info(user="U1")["ok"]  # consumed


def test_fail_next_with_when_and_times(workspace: SlackStub, slack_client: WebClient) -> None:
    workspace.fail_next("chat.postMessage", "fatal_error", times=2, when=lambda a: a.get("channel") == "U2")
    assert slack_client.chat_postMessage(channel="U1", text="a")["ok"]
    for _ in range(2):
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.chat_postMessage(channel="U2", text="b")
        assert _api_error(excinfo) == "fatal_error"
    assert slack_client.chat_postMessage(channel="U2", text="c")["ok"]
    assert workspace.invalid_calls == []


def _modal(**extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Peer review"},
        "blocks": [_section("hi")],
        **extra,
    }


def test_views_trigger_id_single_use(workspace: SlackStub, slack_client: WebClient) -> None:
    trigger = workspace.new_trigger_id()
    view = slack_client.views_open(trigger_id=trigger, view=_modal(callback_id="cb"))["view"]
    assert view["id"].startswith("V") and view["hash"] and workspace.views[view["id"]]["callback_id"] == "cb"
    for trigger_id, error in [(trigger, "exchanged_trigger_id"), ("123.456.nope", "invalid_trigger_id")]:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.views_open(trigger_id=trigger_id, view=_modal())
        assert _api_error(excinfo) == error
    updated = slack_client.views_update(view_id=view["id"], hash=view["hash"], view=_modal(callback_id="cb2"))
    assert updated["view"]["id"] == view["id"] and updated["view"]["hash"] != view["hash"]
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.views_update(view_id=view["id"], hash=view["hash"], view=_modal())
    assert _api_error(excinfo) == "hash_conflict"
    pushed = slack_client.views_push(trigger_id=workspace.new_trigger_id(view_id=view["id"]), view=_modal())
    assert pushed["view"]["previous_view_id"] == view["id"]


def test_invalid_views(workspace: SlackStub, slack_client: WebClient) -> None:
    input_block = {
        "type": "input",
        "label": {"type": "plain_text", "text": "Name"},
        "element": {"type": "plain_text_input", "action_id": "name"},
    }
    bad_views = [
        _modal(title={"type": "plain_text", "text": "t" * 25}),
        _modal(blocks=[input_block]),  # input without submit
        _modal(private_metadata="m" * 3001),
        {"type": "home", "blocks": [_section("x")]},  # views.open needs a modal
    ]
    for view in bad_views:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.views_open(trigger_id=workspace.new_trigger_id(), view=view)
        assert _api_error(excinfo) == "invalid_arguments"
        assert excinfo.value.response["response_metadata"]["messages"]
    assert len(workspace.invalid_calls) == len(bad_views)
    ok = slack_client.views_open(
        trigger_id=workspace.new_trigger_id(),
        view=_modal(blocks=[input_block], submit={"type": "plain_text", "text": "Save"}),
    )
    assert ok["ok"]


def test_views_publish_home(workspace: SlackStub, slack_client: WebClient) -> None:
    home = {"type": "home", "blocks": [_section("home")]}
    first = slack_client.views_publish(user_id="U1", view=home)["view"]
    second = slack_client.views_publish(user_id="U1", view=home, hash=first["hash"])["view"]
    assert first["id"] == second["id"] and workspace.home_views["U1"]["hash"] == second["hash"]
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.views_publish(user_id="U1", view=_modal())
    assert _api_error(excinfo) == "invalid_arguments"


def test_external_upload_flow(workspace: SlackStub, slack_client: WebClient) -> None:
    resp = slack_client.files_upload_v2(
        content=b"a,b\n1,2\n", filename="report.csv", title="Report", channel="C1", initial_comment="here you go"
    )
    assert resp["file"]["title"] == "Report"
    [upload] = workspace.uploads
    assert upload["content"] == b"a,b\n1,2\n" and upload["filename"] == "report.csv"
    assert (upload["channel_id"], upload["initial_comment"]) == ("C1", "here you go")
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.files_completeUploadExternal(files=[{"id": "FNOPE", "title": "x"}])
    assert _api_error(excinfo) == "file_not_found"


def test_response_url_recorded_and_validated(workspace: SlackStub) -> None:
    url = workspace.response_url("abc")
    assert WebhookClient(url).send(text="done", replace_original=True).status_code == 200
    assert workspace.wait_for_response(lambda r: r["key"] == "abc")["body"]["text"] == "done"
    bad = WebhookClient(workspace.response_url()).send(
        blocks=[{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}]
    )
    assert bad.status_code == 400
    assert [c.method for c in workspace.invalid_calls] == ["response_url"]


def test_wait_for_call_from_another_thread(workspace: SlackStub, slack_client: WebClient) -> None:
    worker = threading.Thread(target=lambda: slack_client.chat_postMessage(channel="C1", text="async"))
    worker.start()
    call = workspace.wait_for("chat.postMessage", lambda c: c.args["text"] == "async", timeout=5)
    worker.join()
    assert call.ok and call.args["channel"] == "C1"


def test_wait_for_timeout_is_helpful(workspace: SlackStub, slack_client: WebClient) -> None:
    slack_client.chat_postMessage(channel="C1", text="hello")
    with pytest.raises(AssertionError) as excinfo:
        workspace.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C9", timeout=0.01)
    report = str(excinfo.value)
    assert "wait_for('chat.postMessage') timed out" in report
    assert "1. chat.postMessage ok" in report and "'hello'" in report
    with pytest.raises(AssertionError, match="response_url posts"):
        workspace.wait_for_response(timeout=0.01)


def test_reset(workspace: SlackStub, slack_client: WebClient) -> None:
    slack_client.chat_postMessage(channel="C1", text="x")
    workspace.fail_next("auth.test", "fatal_error")
    workspace.reset()
    assert workspace.calls == [] and workspace.messages == {} and workspace.channels == {}
    assert slack_client.auth_test()["ok"]


def test_views_push_limit_and_external_id(workspace: SlackStub, slack_client: WebClient) -> None:
    root = slack_client.views_open(trigger_id=workspace.new_trigger_id(), view=_modal(external_id="ext-1"))["view"]
    parent = root
    for _ in range(2):
        parent = slack_client.views_push(trigger_id=workspace.new_trigger_id(view_id=parent["id"]), view=_modal())[
            "view"
        ]
        assert parent["root_view_id"] == root["id"]
    with pytest.raises(SlackApiError) as excinfo:
        slack_client.views_push(trigger_id=workspace.new_trigger_id(view_id=parent["id"]), view=_modal())
    assert _api_error(excinfo) == "push_limit_reached"
    slack_client.views_update(external_id="ext-1", view=_modal(callback_id="by-external-id"))
    assert workspace.views[root["id"]]["callback_id"] == "by-external-id"
    for kwargs, error in [({"external_id": "nope"}, "not_found"), ({}, "invalid_arguments")]:
        with pytest.raises(SlackApiError) as excinfo:
            slack_client.api_call("views.update", json={"view": _modal(), **kwargs})
        assert _api_error(excinfo) == error


def test_each_workspace_has_its_own_rate_limit(workspace: SlackStub) -> None:
    workspace.add_workspace("T0002", name="Second", bot_user_id="UBOT2")
    workspace.add_channel("C9", name="second", team_id="T0002")
    workspace.limit_rate("chat.postMessage", per_second=2)
    first = WebClient(token=workspace.bot_token, base_url=workspace.api_url)
    second = WebClient(token=workspace.issue_token("T0002"), base_url=workspace.api_url)

    for _ in range(2):  # a second's worth at once, in each workspace
        first.chat_postMessage(channel="C1", text="hi")
        second.chat_postMessage(channel="C9", text="hi")
    with pytest.raises(SlackApiError) as excinfo:
        first.chat_postMessage(channel="C1", text="one too many")

    assert excinfo.value.response.status_code == 429 and excinfo.value.response.headers["Retry-After"] == "1"
    assert [c.team for c in workspace.calls_to("chat.postMessage")] == ["T0001", "T0002"] * 2 + ["T0001"]
    assert len(workspace.messages["C1"]) == 2  # the refused post did nothing
