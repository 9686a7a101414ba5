"""The class test: every button and form listener refuses tampered ids from someone outside the object's network.

The listeners are read from the Bolt app itself, so a new button or form fails
``test_every_listener_is_covered`` until it is added to the tables below, and
then gets the whole battery of tampered values for free.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from domain.progress import assistance, collaborations, roadmap
from domain.progress.assistance import NeedDraft
from domain.progress.collaborations import CollaborationDraft
from domain.progress.roadmap import AreaDraft
from rendering.home.payloads import (
    INTRO_CHOICES,
    DmsToggle,
    IntrosChoiceButton,
    NudgeButton,
    QuickAction,
    QuickActionButton,
    SearchPage,
)
from rendering.ids import (
    DeliveryAction,
    HomeAction,
    IntroAction,
    IntroCallback,
    MeetingAction,
    MeetingBlock,
    MeetingCallback,
    NetworkAction,
    NetworkCallback,
    ProgressAction,
    ProgressBlock,
    ProgressCallback,
    PulseAction,
    PulseCallback,
    ReportAction,
    ReportBlock,
    ReportCallback,
    ResourceAction,
    ResourceCallback,
)
from rendering.intros.payloads import IntrosForm
from rendering.payloads import (
    ManageChoice,
    MeetingButton,
    MeetingForm,
    MoreResults,
    NetworkButton,
    OccurrenceButton,
    OccurrenceForm,
    ProfileForm,
    ResourceAddForm,
    ResourceButton,
    ResourceForm,
    SetupForm,
    SuggestionButton,
)
from rendering.progress.payloads import AreaChoice, CollabButton, EntryChoice, NeedChoice, NeedForm, ProgressForm
from rendering.pulses.payloads import (
    AnswerButton,
    AnswerForm,
    BuilderForm,
    OneClickAnswer,
    QuestionSlots,
    ShareResults,
    TemplateChoice,
)
from rendering.report.payloads import ReportForm
from storage import network as network_store
from storage.db import SessionFactory
from tests.scenarios.intros.support import settings_values as intro_settings_values
from tests.scenarios.meetings import steps
from tests.scenarios.pulses.support import builder_values
from tests.scenarios.resources.library import form_values as resource_values
from tests.scenarios.resources.library import multi
from tests.scenarios.trust_world import (
    APOLOGY,
    HOME,
    OTHER,
    OUTSIDER,
    World,
    answer_values,
    build_world,
    calls_since,
    snapshot,
)
from tests.slackstub import SlackStub
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import profile_values, setup_values
from tests.support.harness import PeerbotUnderTest

Values = Callable[[World, FakeClock], dict[str, Any]]

# Every button/menu listener; regex listeners by one id they match.
ACTIONS = [
    MeetingAction.RSVP_GOING,
    MeetingAction.RSVP_MAYBE,
    MeetingAction.RSVP_NO,
    MeetingAction.MEETING_CHECK_IN,
    MeetingAction.MEETING_SUGGEST_TOPIC,
    MeetingAction.MEETING_EDIT,
    MeetingAction.MEETING_CANCEL_ONE,
    MeetingAction.MEETING_CANCEL_SERIES,
    MeetingAction.AGENDA_UPVOTE,
    MeetingAction.ATTENDANCE_OPEN_MARK,
    NetworkAction.HOME_EDIT_PROFILE,
    ResourceAction.MORE,
    ResourceAction.HELPFUL,
    ResourceAction.SHARE,
    ResourceAction.MANAGE,
    PulseAction.ADD_QUESTION,
    PulseAction.REMOVE_QUESTION,
    PulseAction.USE_TEMPLATE,
    PulseAction.SHARE_RESULTS,
    PulseAction.OPEN_FORM,
    PulseAction.CHANGE,
    f"{PulseAction.ONE_CLICK}_0",
    DeliveryAction.RESEND,
    IntroAction.MET,
    IntroAction.SCHEDULING,
    IntroAction.SKIP,
    IntroAction.LOG_COLLAB,
    HomeAction.SWITCH_NETWORK,
    HomeAction.SEARCH,
    f"{HomeAction.SEARCH_PAGE}_next",
    HomeAction.TOGGLE_DMS,
    HomeAction.NUDGE,
    HomeAction.ADD_RESOURCE,
    f"{HomeAction.QUICK_ACTION}_{QuickAction.NEW_MEETING}",
    HomeAction.REPORT_PROGRESS,
    HomeAction.LOG_COLLAB,
    f"{HomeAction.INTROS}_off",
    HomeAction.INTROS_PAUSE,
    ProgressAction.EDIT_FUTURE_STATE,
    ProgressAction.ADD_AREA,
    ProgressAction.AREA_MENU,
    ProgressAction.REPORT,
    ProgressAction.LOG_COLLAB,
    ProgressAction.CONFIRM_COLLAB,
    ProgressAction.DECLINE_COLLAB,
    ProgressAction.ADD_NEED,
    ProgressAction.NEED_MENU,
    ProgressAction.ENTRY_MENU,
]
# Menus whose options are loaded as the person types: the form's metadata says whose they are.
OPTIONS = [ResourceAction.TOPICS]
IN_A_MODAL = {PulseAction.ADD_QUESTION, PulseAction.REMOVE_QUESTION}

# Every form listener, with input a real person could type, so the check of its ids is what answers.
FORMS: dict[str, Values] = {
    NetworkCallback.SETUP: lambda w, c: setup_values("Planted", "America/Chicago"),
    NetworkCallback.PROFILE: lambda w, c: profile_values(state="TX", agency="Planted"),
    MeetingCallback.MEETING_SCHEDULE: lambda w, c: steps.form_values(title="Planted"),
    MeetingCallback.AGENDA_DRAFT: lambda w, c: {
        MeetingBlock.AGENDA_TEXT: {MeetingAction.AGENDA_TEXT: payloads.text_value("Planted agenda")},
        MeetingBlock.AGENDA_PICKS: {MeetingAction.AGENDA_PICKS: multi([str(w.suggestion)], "checkboxes")},
    },
    MeetingCallback.AGENDA_SUGGEST: lambda w, c: {
        MeetingBlock.AGENDA_TOPIC: {MeetingAction.AGENDA_TOPIC: payloads.text_value("Planted topic")}
    },
    MeetingCallback.ATTENDANCE_MARK: lambda w, c: {
        MeetingBlock.ATTENDANCE_PEOPLE: {MeetingAction.ATTENDANCE_PEOPLE: multi([OUTSIDER], "multi_static_select")}
    },
    ResourceCallback.ADD: lambda w, c: resource_values(title="Planted", url="https://evil.example/p", tags="planted"),
    ResourceCallback.EDIT: lambda w, c: resource_values(title="Planted", url="https://evil.example/p"),
    ResourceCallback.DELETE: lambda w, c: {},
    ResourceCallback.DUPLICATE: lambda w, c: {"resource_tags": {"resource_tags_input": payloads.text_value("planted")}},
    PulseCallback.BUILDER: lambda w, c: builder_values(
        deadline=c.now() + timedelta(days=3), questions=[("Planted?", "text", "")]
    ),
    PulseCallback.ANSWER: lambda w, c: answer_values(w),
    IntroCallback.SETTINGS: lambda w, c: intro_settings_values(prompt="Planted"),
    ProgressCallback.FUTURE_STATE: lambda w, c: {
        ProgressBlock.FUTURE_STATE: {ProgressAction.INPUT: payloads.text_value("Planted future")}
    },
    ProgressCallback.AREA: lambda w, c: {ProgressBlock.NAME: {ProgressAction.INPUT: payloads.text_value("Planted")}},
    ProgressCallback.AREA_DELETE: lambda w, c: {},
    ProgressCallback.REPORT: lambda w, c: {
        ProgressBlock.AREA: {ProgressAction.INPUT: payloads.select_value(str(w.area))},
        ProgressBlock.STAGE: {ProgressAction.INPUT: payloads.select_value("early", kind="radio_buttons")},
    },
    ProgressCallback.COLLAB: lambda w, c: {
        ProgressBlock.OUTSIDE: {ProgressAction.INPUT: payloads.text_value("Planted agency")},
        ProgressBlock.KIND: {ProgressAction.INPUT: payloads.select_value("peer_advice")},
        ProgressBlock.DESCRIPTION: {ProgressAction.INPUT: payloads.text_value("Planted")},
        ProgressBlock.DATE: {ProgressAction.INPUT: {"type": "datepicker", "selected_date": "2026-01-01"}},
    },
    ProgressCallback.TA_NEED: lambda w, c: {
        ProgressBlock.STATE: {ProgressAction.INPUT: payloads.select_value("TX")},
        ProgressBlock.DESCRIPTION: {ProgressAction.INPUT: payloads.text_value("Planted need")},
        ProgressBlock.PRIORITY: {ProgressAction.INPUT: payloads.select_value("high")},
    },
    ProgressCallback.TA_DELIVERY: lambda w, c: {
        ProgressBlock.DATE: {ProgressAction.INPUT: {"type": "datepicker", "selected_date": "2026-01-01"}},
        ProgressBlock.KIND: {ProgressAction.INPUT: payloads.text_value("Planted")},
        ProgressBlock.HOURS: {ProgressAction.INPUT: payloads.text_value("2")},
    },
    ReportCallback.BUILD: lambda w, c: {
        ReportBlock.PERIOD: {ReportAction.INPUT: payloads.select_value("last_quarter")},
        ReportBlock.SECTIONS: {ReportAction.INPUT: multi(["participation"], "checkboxes")},
    },
    ProgressCallback.CHANGE: lambda w, c: {
        ProgressBlock.KIND: {ProgressAction.INPUT: payloads.select_value("policy")},
        ProgressBlock.DESCRIPTION: {ProgressAction.INPUT: payloads.text_value("Planted")},
    },
}
CLOSED_FORMS: dict[str, Values] = {PulseCallback.ANSWER: lambda w, c: answer_values(w)}
# Listeners whose payload carries no id a person can edit: Slack reports the channel and message itself.
NO_PAYLOAD_IDS = {NetworkAction.NETWORK_TIMEZONE, ResourceCallback.SAVE_FROM_MESSAGE}

# What the other network holds: its meeting, topic, library entry and pulse must not be shown to Otto.
SECRETS = ("Monthly peer call", "Onboarding", "Home visiting toolkit", "Collaboration check-in", "helps my agency")
GARBAGE = ["abc", "-1", "0", str(2**63), "", "{not json", "[]", "null", '"1"', json.dumps({"w": 2**63, "p": -1})]


def _real_values(w: World) -> list[str]:
    """Well-formed values that name the other network's objects."""
    values = [
        OccurrenceButton(w.occurrence),
        MeetingButton(w.meeting),
        SuggestionButton(w.suggestion),
        NetworkButton(w.network_a),
        ResourceButton(w.resource),
        MoreResults(w.network_a, "recent", "", 0),
        ManageChoice("edit", w.resource),
        ManageChoice("delete", w.resource),
        TemplateChoice("post_meeting", HOME),
        QuestionSlots(2),
        ShareResults(w.pulse, w.wave),
        OneClickAnswer(w.wave, 4),
        AnswerButton(w.wave),
        AnswerButton(w.wave, change_key="guessed"),
        DmsToggle(w.network_a, False),
        NudgeButton(w.network_a, OUTSIDER),
        SearchPage(w.network_a, "toolkit", 0),
        *[QuickActionButton(w.network_a, action) for action in QuickAction],
        *[IntrosChoiceButton(w.network_a, choice) for choice in INTRO_CHOICES],
        AreaChoice("edit", w.area),
        AreaChoice("delete", w.area),
        CollabButton(w.collaboration),
        NeedChoice("planned", w.need),
        NeedChoice("log", w.need),
        EntryChoice("collab", w.collaboration),
        EntryChoice("collab", w.collaboration, "edit"),
        EntryChoice("report", 1),
        EntryChoice("change", 1),
    ]
    # A bare number is also an id of some other kind: the one naming Otto's own network is his to use.
    return [v.to_value() for v in values if v.to_value() != str(w.network_b)]


def _real_metadata(w: World) -> list[str]:
    values = [
        OccurrenceForm(w.occurrence),
        MeetingForm(w.network_a),
        MeetingForm(w.network_a, w.meeting),
        SetupForm(HOME),
        SetupForm("CNOPE"),
        ProfileForm(w.network_a),
        ResourceAddForm(w.network_a, HOME),
        ResourceForm(w.resource),
        BuilderForm(HOME, 1),
        IntrosForm(w.network_a),
        AnswerForm(w.wave, message_ts=str(w.card["ts"])),
        AnswerForm(w.wave, changing=True, change_key="guessed", message_ts=str(w.card["ts"])),
        ProgressForm(w.network_a),
        ProgressForm(w.network_a, w.area, HOME),
        NeedForm(w.need),
        ProgressForm(w.network_b, entry_id=w.collaboration),
        ReportForm(w.network_a),
    ]
    return [v.to_value() for v in values] + [json.dumps({"w": w.wave, "c": HOME, "ts": w.card["ts"]})]


def _constraints(peerbot: PeerbotUnderTest) -> dict[str, set[str | re.Pattern[str]]]:
    """What each registered listener matches, by kind, read from the Bolt app's listener matchers."""
    found: dict[str, set[str | re.Pattern[str]]] = {}
    for listener in peerbot.app._listeners:
        for matcher in listener.matchers:
            func = getattr(matcher, "func", None)
            kind = getattr(func, "__qualname__", "").split(".")[0]
            for cell in getattr(func, "__closure__", None) or ():
                if isinstance(cell.cell_contents, str | re.Pattern):
                    found.setdefault(kind, set()).add(cell.cell_contents)
    return found


@pytest.fixture
def world(peerbot: PeerbotUnderTest, slack: SlackStub, session_factory: SessionFactory, clock: FakeClock) -> World:
    built = build_world(peerbot, slack, session_factory, clock, outsider_facilitates=False)
    return with_progress(built, session_factory, clock)


def with_progress(w: World, session_factory: SessionFactory, clock: FakeClock) -> World:
    """Network A's roadmap area and a collaboration naming Maria, for the progress listeners' real ids."""
    with session_factory.begin() as session:
        network = network_store.get_network(session, network_id=w.network_a)
        assert network is not None
        area = roadmap.save_area(
            session, network=network, area=None, draft=AreaDraft("Onboarding area"), by_user="UFAC", now=clock.now()
        )
        draft = CollaborationDraft(("UMARIA",), "", "peer_advice", "Onboarding advice", "2026-01-01")
        collaboration, _ = collaborations.log_collaboration(
            session, network=network, draft=draft, by_user="UFAC", today=clock.now().date(), now=clock.now()
        )
        need = assistance.add_need(
            session, network=network, draft=NeedDraft("MS", "Onboarding coaching"), wave_id=None, now=clock.now()
        )
        return replace(w, area=area.id, collaboration=collaboration.id, need=need.id)


def test_every_listener_is_covered(peerbot: PeerbotUnderTest) -> None:
    found = _constraints(peerbot)
    for pattern in found.get("action", set()) | found.get("options", set()):
        matches = [a for a in [*ACTIONS, *OPTIONS, *NO_PAYLOAD_IDS] if re.fullmatch(pattern, a) or a == pattern]
        assert matches, f"the listener for {pattern!r} is not in this test's tables"
    for callback_id in found.get("view_submission", set()):
        assert callback_id in FORMS, f"the form {callback_id!r} is not in this test's tables"
    for callback_id in found.get("view_closed", set()):
        assert callback_id in CLOSED_FORMS, f"the closed form {callback_id!r} is not in this test's tables"
    for callback_id in found.get("shortcut", set()):
        assert callback_id in NO_PAYLOAD_IDS, f"the shortcut {callback_id!r} is not in this test's tables"
    assert found.get("action") and found.get("view_submission"), "no listeners were found: has Bolt changed?"


def _assert_nothing_happened(
    peerbot: PeerbotUnderTest, session_factory: SessionFactory, before: dict[str, list[str]], calls: int, answered: int
) -> None:
    assert snapshot(session_factory) == before, "a tampered request changed the database"
    made = calls_since(peerbot, calls, "chat.update", "chat.postMessage", "chat.postEphemeral", "views.publish")
    assert not made, f"a tampered request made peerbot post or update: {made}"
    for call in calls_since(peerbot, calls, "views.open", "views.update"):
        view = call.args["view"]
        assert "submit" not in (json.loads(view) if isinstance(view, str) else view), "it opened a working form"
    told = json.dumps([r["body"] for r in peerbot.stub.responses[answered:]])
    told += json.dumps([c.args for c in calls_since(peerbot, calls, "views.open", "views.update")])
    assert APOLOGY not in told
    for secret in SECRETS:
        assert secret not in told, f"a tampered request showed {secret!r} to someone outside its network"


@pytest.mark.parametrize("action_id", ACTIONS)
def test_tampered_button_values_are_refused_and_change_nothing(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    world: World,
    caplog: pytest.LogCaptureFixture,
    action_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for value in GARBAGE + _real_values(world):
        if action_id in IN_A_MODAL:
            for metadata in [*GARBAGE, BuilderForm(HOME, 1).to_value()]:
                view = {"id": "VTAMPER", "type": "modal", "callback_id": PulseCallback.BUILDER, "hash": "h"}
                response = peerbot.click(action_id, value, user=OUTSIDER, view={**view, "private_metadata": metadata})
                assert response.status == 200
        replies = len(peerbot.stub.responses) + len(peerbot.stub.calls_to("views.open"))
        response = peerbot.click(action_id, value, user=OUTSIDER, channel=OTHER)
        assert response.status == 200, (value, response.text)
        assert len(peerbot.stub.responses) + len(peerbot.stub.calls_to("views.open")) > replies, (
            f"{action_id} with {value!r} got no answer"
        )
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("callback_id", sorted(FORMS))
def test_tampered_form_metadata_is_refused_and_changes_nothing(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    clock: FakeClock,
    world: World,
    caplog: pytest.LogCaptureFixture,
    callback_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    values = FORMS[callback_id](world, clock)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for metadata in GARBAGE + _real_metadata(world):
        view = {"id": "VTAMPER", "type": "modal", "callback_id": callback_id, "private_metadata": metadata}
        response = peerbot.submit({**view, "blocks": []}, values, user=OUTSIDER)
        assert response.status == 200, (metadata, response.text)
        answer = response.json()
        assert answer["response_action"] in ("errors", "update"), (metadata, answer)
        if answer["response_action"] == "update":
            assert "submit" not in answer["view"] and APOLOGY not in json.dumps(answer), (metadata, answer)
        if callback_id in CLOSED_FORMS:
            closed = payloads.view_closed(user=OUTSIDER, team=payloads.TEAM, view=view, values=values)
            assert peerbot.post_slack(closed).status == 200
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("action_id", OPTIONS)
def test_tampered_menu_metadata_lists_nothing_from_another_network(
    peerbot: PeerbotUnderTest,
    session_factory: SessionFactory,
    world: World,
    caplog: pytest.LogCaptureFixture,
    action_id: str,
) -> None:
    caplog.set_level(logging.WARNING)
    before, calls, answered = snapshot(session_factory), len(peerbot.stub.calls), len(peerbot.stub.responses)
    for metadata in GARBAGE + _real_metadata(world):
        view = {"id": "VTAMPER", "type": "modal", "callback_id": ResourceCallback.EDIT, "private_metadata": metadata}
        response = peerbot.suggest(action_id, "", block_id="resource_topics", user=OUTSIDER, view=view)
        assert response.status == 200, (metadata, response.text)
        assert response.json()["options"] == [], f"{action_id} listed another network's options for {metadata!r}"
    _assert_nothing_happened(peerbot, session_factory, before, calls, answered)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
