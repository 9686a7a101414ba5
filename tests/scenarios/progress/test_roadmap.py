"""Facilitators define the roadmap; teams report progress; the roadmap shows where each team stands."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import AreaChoice
from storage.db import SessionFactory
from storage.models import Network, PriorityArea, ProgressReport, Roadmap
from tests.scenarios.progress.support import (
    FAC,
    HOME,
    add_area,
    area_values,
    network_fixture,  # noqa: F401  (the `network` fixture)
    open_roadmap,
    report,
    text,
)
from tests.slackstub import SlackStub
from tests.support.clock import FakeClock
from tests.support.harness import PeerbotUnderTest


def _areas(session_factory: SessionFactory) -> list[PriorityArea]:
    with session_factory() as session:
        return list(session.scalars(select(PriorityArea).order_by(PriorityArea.id)))


def _roadmap_message(peerbot: PeerbotUnderTest) -> dict[str, object]:
    """The channel's roadmap message, once a second has passed (edits within one are shown together)."""
    peerbot.advance(1)
    posted = [m for m in peerbot.stub.messages.get(HOME, []) if "Roadmap" in json.dumps(m.get("blocks"))]
    assert len(posted) == 1, f"expected one roadmap message in the channel, found {len(posted)}"
    return posted[0]


def test_facilitator_defines_the_roadmap_and_the_channel_message_is_kept_current(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    peerbot.click(ProgressAction.EDIT_FUTURE_STATE, NetworkButton(network.id).to_value(), user=FAC, channel=HOME)
    view = peerbot.opened_view(ProgressCallback.FUTURE_STATE)
    reply = peerbot.submit(view, text(ProgressBlock.FUTURE_STATE, "Every family gets care <fast> & fair"), user=FAC)
    assert reply.status == 200 and "Saved the future state" in reply.text
    reply = add_area(
        peerbot,
        network,
        "Generative leadership",
        description="Leaders who grow leaders",
        achieved="Every state has a leadership pipeline",
        target="2027-06-30",
        milestones="2026-09-01 Pilot in two states\nShare the curriculum",
    )
    assert reply.status == 200 and "Added *Generative leadership* on the roadmap" in reply.text
    [area] = _areas(session_factory)
    assert (area.name, area.target_date.isoformat() if area.target_date else None) == (
        "Generative leadership",
        "2027-06-30",
    )
    message = _roadmap_message(peerbot)
    shown = json.dumps(message["blocks"])
    assert "Every family gets care &lt;fast&gt; &amp; fair" in shown
    assert "Generative leadership" in shown and "Pilot in two states (by 2026-09-01)" in shown

    report(peerbot, user="UMARIA", area_id=area.id, stage="early", note="Kick-off done")
    message = _roadmap_message(peerbot)  # updated in place, not posted again
    assert "Mississippi: *Early* (first report" in json.dumps(message["blocks"])
    assert slack.calls_to("chat.update"), "the roadmap message was not updated in place"


def test_area_form_shows_errors_inline_and_keeps_nothing(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    reply = add_area(peerbot, network, "", milestones="2026-02-30 Impossible day\n" + "x" * 300)
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ProgressBlock.NAME, ProgressBlock.MILESTONES}
    assert "doesn't exist" in answer["errors"][ProgressBlock.MILESTONES]
    assert _areas(session_factory) == []


def test_members_cannot_change_the_roadmap(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    peerbot.click(ProgressAction.ADD_AREA, NetworkButton(network.id).to_value(), user="UMARIA", channel=HOME)
    assert "Only facilitators" in json.dumps(peerbot.last_response())
    shown = open_roadmap(peerbot, user="UMARIA")
    assert ProgressAction.ADD_AREA not in json.dumps(shown) and ProgressAction.REPORT in json.dumps(shown)
    peerbot.command("roadmap post", user="UMARIA", channel=HOME)
    assert "Only facilitators" in json.dumps(peerbot.last_response())
    assert _areas(session_factory) == []


def test_roadmap_shows_each_teams_change_and_the_area_that_moved_most(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory, clock: FakeClock
) -> None:
    add_area(peerbot, network, "Data")
    add_area(peerbot, network, "Leadership")
    data, leadership = _areas(session_factory)
    report(peerbot, user="UMARIA", area_id=data.id, stage="early")
    report(peerbot, user="UDEV", area_id=leadership.id, stage="early")
    clock.advance(timedelta(days=60))
    report(peerbot, user="UMARIA", area_id=data.id, stage="making_progress")
    report(peerbot, user="UDEV", area_id=leadership.id, stage="substantial")
    shown = json.dumps(open_roadmap(peerbot, user="UMARIA", args="30"), ensure_ascii=False)
    assert "Most progress in the last 30 days: *Leadership*" in shown
    assert "Colorado: *Substantial* (▲ from Early" in shown
    assert "Mississippi: *Making progress* (▲ from Early" in shown
    assert "*Teams now:* 1 substantial" in shown and "*Teams now:* 1 making progress" in shown


def test_deleting_an_area_with_reports_asks_first_and_keeps_its_history(
    peerbot: PeerbotUnderTest, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    add_area(peerbot, network, "Spare")
    data, spare = _areas(session_factory)
    report(peerbot, user="UMARIA", area_id=data.id, stage="early")
    peerbot.click(
        ProgressAction.AREA_MENU,
        user=FAC,
        channel=HOME,
        selected_option={"value": AreaChoice("delete", spare.id).to_value()},
    )
    assert "Deleted *Spare*" in json.dumps(peerbot.last_response())  # no reports: no question asked
    peerbot.click(
        ProgressAction.AREA_MENU,
        user=FAC,
        channel=HOME,
        selected_option={"value": AreaChoice("delete", data.id).to_value()},
    )
    confirm = peerbot.opened_view(ProgressCallback.AREA_DELETE)
    assert "1 progress report" in json.dumps(confirm["blocks"])
    assert all(a.deleted_at is None for a in _areas(session_factory) if a.id == data.id)
    reply = peerbot.submit(confirm, {}, user=FAC)
    assert "Its progress reports are kept" in reply.text
    assert all(a.deleted_at is not None for a in _areas(session_factory))
    with session_factory() as session:
        assert session.scalar(select(ProgressReport.stage)) == "early"
        assert session.get(Roadmap, network.id) is not None
    assert "Data" not in json.dumps(open_roadmap(peerbot))


def test_progress_report_needs_an_area_and_a_stage(peerbot: PeerbotUnderTest, network: Network) -> None:
    add_area(peerbot, network, "Data")
    peerbot.command("progress", user="UMARIA", channel=HOME)
    view = peerbot.opened_view(ProgressCallback.REPORT)
    answer = peerbot.submit(view, text(ProgressBlock.NOTE, "x"), user="UMARIA").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ProgressBlock.AREA}


def test_progress_without_areas_explains_what_to_do(peerbot: PeerbotUnderTest, network: Network) -> None:
    peerbot.command("progress", user="UMARIA", channel=HOME)
    assert "no priority areas yet" in json.dumps(peerbot.last_response())


def test_a_deleted_roadmap_message_is_posted_again_and_a_missing_bot_is_explained(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data")
    first = _roadmap_message(peerbot)
    slack.fail_next("chat.update", "message_not_found")
    add_area(peerbot, network, "Leadership")
    posted = [m for m in slack.messages.get(HOME, []) if "Roadmap" in json.dumps(m.get("blocks"))]
    assert len(posted) == 2 and posted[-1]["ts"] != first["ts"] and "Leadership" in json.dumps(posted[-1])
    with session_factory() as session:
        roadmap = session.get(Roadmap, network.id)
        assert roadmap is not None and roadmap.message_ts == posted[-1]["ts"]
    slack.fail_next("chat.update", "channel_not_found")
    slack.fail_next("chat.postMessage", "not_in_channel", when=lambda args: args.get("channel") == HOME)
    add_area(peerbot, network, "Funding")
    peerbot.advance(1)
    told = slack.messages.get(slack.dm_channel(FAC), [])
    assert "invite me there with `/invite @peerbot`" in told[-1]["text"]


def test_facilitator_edits_an_area_from_its_menu_and_members_cannot(
    peerbot: PeerbotUnderTest, slack: SlackStub, network: Network, session_factory: SessionFactory
) -> None:
    add_area(peerbot, network, "Data", milestones="2026-09-01 Pilot")
    [area] = _areas(session_factory)
    edit = {"value": AreaChoice("edit", area.id).to_value()}
    peerbot.click(ProgressAction.AREA_MENU, user="UMARIA", channel=HOME, selected_option=edit)
    assert "Only facilitators" in json.dumps(peerbot.last_response())
    peerbot.click(ProgressAction.AREA_MENU, user=FAC, channel=HOME, selected_option=edit)
    form = peerbot.opened_view(ProgressCallback.AREA)
    assert "2026-09-01 Pilot" in json.dumps(form["blocks"])
    reply = peerbot.submit(form, area_values("Data and measurement", milestones="2026-10-01 Pilot"), user=FAC)
    assert reply.status == 200 and "Saved *Data and measurement* on the roadmap" in reply.text
    [area] = _areas(session_factory)
    assert area.name == "Data and measurement"
    assert "Pilot (by 2026-10-01)" in json.dumps(_roadmap_message(peerbot)["blocks"])
    add_area(peerbot, network, "Leadership")
    peerbot.click(ProgressAction.AREA_MENU, user=FAC, channel=HOME, selected_option=edit)
    same_name = peerbot.submit(peerbot.opened_view(ProgressCallback.AREA), area_values("leadership"), user=FAC)
    assert "already has a priority area with that name" in same_name.json()["errors"][ProgressBlock.NAME]
