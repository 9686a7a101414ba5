"""The tables the trust class test walks: every listener, and the tampered values each gets."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from rendering.home.ids import HomeAction
from rendering.home.payloads import (
    INTRO_CHOICES,
    DmsToggle,
    IntrosChoiceButton,
    NudgeButton,
    QuickAction,
    QuickActionButton,
    SearchPage,
)
from rendering.ids import DeliveryAction
from rendering.intros.ids import IntroAction, IntroCallback
from rendering.intros.payloads import IntrosForm
from rendering.meetings.ids import MeetingAction, MeetingBlock, MeetingCallback
from rendering.meetings.payloads import MeetingButton, MeetingForm, OccurrenceButton, OccurrenceForm, SuggestionButton
from rendering.network.ids import NetworkAction, NetworkCallback
from rendering.network.payloads import ProfileForm, SetupForm
from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import AreaChoice, CollabButton, EntryChoice, NeedChoice, NeedForm, ProgressForm
from rendering.pulses.ids import PulseAction, PulseCallback
from rendering.pulses.payloads import (
    AnswerButton,
    AnswerForm,
    BuilderForm,
    OneClickAnswer,
    QuestionSlots,
    ShareResults,
    TemplateChoice,
)
from rendering.report.ids import ReportAction, ReportBlock, ReportCallback
from rendering.report.payloads import ReportForm
from rendering.resources.ids import ResourceAction, ResourceCallback
from rendering.resources.payloads import ManageChoice, MoreResults, ResourceAddForm, ResourceButton, ResourceForm
from rendering.rights.ids import RightsAction
from rendering.rights.payloads import ForgetButton
from tests.scenarios.intros.support import settings_values as intro_settings_values
from tests.scenarios.meetings import steps
from tests.scenarios.pulses.support import builder_values
from tests.scenarios.resources.library import form_values as resource_values
from tests.scenarios.resources.library import multi
from tests.scenarios.trust_world import (
    HOME,
    OUTSIDER,
    World,
    answer_values,
)
from tests.support import payloads
from tests.support.clock import FakeClock
from tests.support.factories.network import profile_values, setup_values

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
    RightsAction.CONFIRM_FORGET,
    RightsAction.CANCEL_FORGET,
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
# Events carry no id a person can edit either, and each is checked against Slack or the store on arrival: roster
# events against the channel's members and profile (tests/scenarios/network/test_roster_events.py), App Home
# against the person's own networks, removals act only on the workspace Slack signed the event for
# (tests/scenarios/workspaces/install/test_uninstall.py).
EVENTS = {
    "app_home_opened",
    "member_joined_channel",
    "member_left_channel",
    "user_change",
    "app_uninstalled",
    "tokens_revoked",
}

# What the other network holds: its meeting, topic, library entry and pulse must not be shown to Otto.
SECRETS = ("Monthly peer call", "Onboarding", "Home visiting toolkit", "Collaboration check-in", "helps my agency")
GARBAGE = ["abc", "-1", "0", str(2**63), "", "{not json", "[]", "null", '"1"', json.dumps({"w": 2**63, "p": -1})]


def real_values(w: World) -> list[str]:
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
        ForgetButton("UMARIA"),
    ]
    # A bare number is also an id of some other kind: the one naming Otto's own network is his to use.
    return [v.to_value() for v in values if v.to_value() != str(w.network_b)]


def real_metadata(w: World) -> list[str]:
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
