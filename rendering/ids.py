"""Every action, block and callback id peerbot uses, in one place."""

from __future__ import annotations

from enum import StrEnum


class NetworkCallback(StrEnum):
    """Modals of a network: setting it up, a member's profile."""

    SETUP = "network_setup"
    PROFILE = "member_profile"


class MeetingCallback(StrEnum):
    """Modals of meetings: scheduling, agendas, attendance."""

    # meetings
    MEETING_SCHEDULE = "meeting_schedule"
    AGENDA_DRAFT = "agenda_draft"
    AGENDA_SUGGEST = "agenda_suggest"
    ATTENDANCE_MARK = "attendance_mark"


class NetworkBlock(StrEnum):
    """Input blocks of the network modals."""

    NETWORK_NAME = "name"
    NETWORK_TIMEZONE = "timezone"
    PROFILE_STATE = "state"
    PROFILE_AGENCY = "agency"
    PROFILE_ROLE_TITLE = "role_title"
    PROFILE_INTERESTS = "learning_interests"


class MeetingBlock(StrEnum):
    """Blocks of the meeting modals and cards."""

    # meetings
    MEETING_TITLE = "meeting_title"
    MEETING_DATE = "meeting_date"
    MEETING_TIME = "meeting_time"
    MEETING_DURATION = "meeting_duration"
    MEETING_RECURRENCE = "meeting_recurrence"
    MEETING_INTERVAL = "meeting_interval"
    MEETING_END_DATE = "meeting_end_date"
    MEETING_COUNT = "meeting_count"
    MEETING_LINK = "meeting_link"
    MEETING_PLACE = "meeting_place"
    MEETING_CHANNEL = "meeting_channel"
    MEETING_REMINDERS = "meeting_reminders"
    MEETING_BUTTONS = "meeting_buttons"
    AGENDA_TEXT = "agenda_text"
    AGENDA_TOPIC = "agenda_topic"
    AGENDA_PICKS = "agenda_picks"
    ATTENDANCE_PEOPLE = "attendance_people"


class NetworkAction(StrEnum):
    """Inputs and buttons of a network: setup, profile, the Home tab."""

    NETWORK_NAME = "network_name"
    NETWORK_TIMEZONE = "network_timezone"
    PROFILE_STATE = "profile_state"
    PROFILE_AGENCY = "profile_agency"
    PROFILE_ROLE_TITLE = "profile_role_title"
    PROFILE_INTERESTS = "profile_interests"
    HOME_EDIT_PROFILE = "home_edit_profile"


class MeetingAction(StrEnum):
    """Inputs and buttons of meetings: the scheduling modal, RSVP, check-in, agendas, attendance."""

    # meetings
    MEETING_TITLE = "meeting_title_input"
    MEETING_DATE = "meeting_date_input"
    MEETING_TIME = "meeting_time_input"
    MEETING_DURATION = "meeting_duration_input"
    MEETING_RECURRENCE = "meeting_recurrence_input"
    MEETING_INTERVAL = "meeting_interval_input"
    MEETING_END_DATE = "meeting_end_date_input"
    MEETING_COUNT = "meeting_count_input"
    MEETING_LINK = "meeting_link_input"
    MEETING_PLACE = "meeting_place_input"
    MEETING_CHANNEL = "meeting_channel_input"
    MEETING_REMINDERS = "meeting_reminders_input"
    RSVP_GOING = "meeting_rsvp_going"
    RSVP_MAYBE = "meeting_rsvp_maybe"
    RSVP_NO = "meeting_rsvp_no"
    MEETING_CHECK_IN = "meeting_check_in"
    MEETING_SUGGEST_TOPIC = "meeting_suggest_topic"
    MEETING_EDIT = "meeting_edit"
    MEETING_CANCEL_ONE = "meeting_cancel_one"
    MEETING_CANCEL_SERIES = "meeting_cancel_series"
    AGENDA_UPVOTE = "agenda_upvote"
    AGENDA_TEXT = "agenda_text_input"
    AGENDA_TOPIC = "agenda_topic_input"
    AGENDA_PICKS = "agenda_picks_input"
    ATTENDANCE_OPEN_MARK = "attendance_open_mark"
    ATTENDANCE_PEOPLE = "attendance_people_input"


class ResourceCallback(StrEnum):
    """Modals of the resource library."""

    ADD = "resource_add"
    EDIT = "resource_edit"
    DELETE = "resource_delete"
    DUPLICATE = "resource_duplicate"
    SAVE_FROM_MESSAGE = "resource_save_from_message"


class ResourceBlock(StrEnum):
    """Input blocks of the resource forms."""

    TITLE = "resource_title"
    URL = "resource_url"
    DESCRIPTION = "resource_description"
    STATES = "resource_states"
    TOPICS = "resource_topics"
    TAGS = "resource_tags"
    KIND = "resource_kind"
    ANNOUNCE = "resource_announce"


class ResourceAction(StrEnum):
    """Inputs and buttons of the resource library."""

    TITLE = "resource_title_input"
    URL = "resource_url_input"
    DESCRIPTION = "resource_description_input"
    STATES = "resource_states_input"
    TOPICS = "resource_topics_input"
    TAGS = "resource_tags_input"
    KIND = "resource_kind_input"
    ANNOUNCE = "resource_announce_input"
    MORE = "resource_more"
    HELPFUL = "resource_helpful"
    SHARE = "resource_share"
    MANAGE = "resource_manage"


# --- Pulse surveys -------------------------------------------------------------------------------
class PulseCallback(StrEnum):
    BUILDER = "pulse_builder"
    ANSWER = "pulse_answer"


class PulseBlock(StrEnum):
    """Block ids of pulse surfaces; question blocks add ``_<n>`` (builder) or ``_<question id>`` (answers)."""

    TITLE = "pulse_title"
    INTRO = "pulse_intro"
    ANONYMOUS = "pulse_anonymous"
    AUDIENCE = "pulse_audience"
    STATES = "pulse_states"
    MEMBERS = "pulse_members"
    OPENS = "pulse_opens"
    DEADLINE = "pulse_deadline"
    VISIBILITY = "pulse_visibility"
    REMINDERS = "pulse_reminders"
    RECURRENCE = "pulse_recurrence"
    MEETING = "pulse_meeting"  # the series an "after each meeting" pulse follows
    QUESTION_BUTTONS = "pulse_question_buttons"
    Q_TEXT = "pulse_q_text"
    Q_KIND = "pulse_q_kind"
    Q_CHOICES = "pulse_q_choices"
    Q_LIMIT = "pulse_q_limit"
    Q_OPTIONAL = "pulse_q_optional"
    ANSWER = "pulse_a"
    ONE_CLICK = "pulse_one_click"


class PulseAction(StrEnum):
    INPUT = "pulse_input"  # every builder/answer input: the block id says which field it is
    ADD_QUESTION = "pulse_add_question"
    REMOVE_QUESTION = "pulse_remove_question"
    ONE_CLICK = "pulse_one_click"
    OPEN_FORM = "pulse_open_form"
    CHANGE = "pulse_change"
    SHARE_RESULTS = "pulse_share_results"
    USE_TEMPLATE = "pulse_use_template"


class DeliveryAction(StrEnum):
    RESEND = "delivery_resend"  # "Send again" on a message whose delivery could not be confirmed


# --- Peer introductions ---------------------------------------------------------------------------
class IntroCallback(StrEnum):
    SETTINGS = "intros_settings"


class IntroBlock(StrEnum):
    ENABLED = "intros_enabled"
    EVERY_WEEKS = "intros_every_weeks"
    WEEKDAY = "intros_weekday"
    TIME = "intros_time"
    GROUP_SIZE = "intros_group_size"
    RULES = "intros_rules"
    REPEATS = "intros_repeats"
    PROMPT = "intros_prompt"
    OUTCOME = "intros_outcome"
    LOG_COLLAB = "intros_log_collab"


class IntroAction(StrEnum):
    INPUT = "intros_input"  # every settings input: the block id says which field it is
    MET = "intros_met"
    SCHEDULING = "intros_scheduling"
    SKIP = "intros_skip"
    LOG_COLLAB = "intros_log_collab"  # after "We met": the collaboration log, prefilled with the group


# --- App Home ------------------------------------------------------------------------------------
class HomeAction(StrEnum):
    SWITCH_NETWORK = "home_switch_network"
    SEARCH = "home_search"  # the search input (dispatches on Enter)
    SEARCH_PAGE = "home_search_page"  # Previous / Next in the results modal
    TOGGLE_DMS = "home_toggle_dms"
    NUDGE = "home_nudge"
    ADD_RESOURCE = "home_add_resource"
    QUICK_ACTION = "home_quick_action"  # new meeting, post agenda, new pulse, add facilitator, export results
    REPORT_PROGRESS = "home_report_progress"
    LOG_COLLAB = "home_log_collab"
    INTROS = "home_intros"  # + _on / _skip / _off: the member's introductions participation
    INTROS_PAUSE = "home_intros_pause"  # the "pause until" date picker


class HomeBlock(StrEnum):
    SWITCHER = "home_switcher"
    SEARCH = "home_search"
    PROFILE = "home_profile"
    QUICK_ACTIONS = "home_quick_actions"
    PROGRESS = "home_progress"
    INTROS = "home_intros"


class HomeCallback(StrEnum):
    SEARCH_RESULTS = "home_search_results"


class ProgressCallback(StrEnum):
    FUTURE_STATE = "progress_future_state"
    AREA = "progress_area"
    AREA_DELETE = "progress_area_delete"
    REPORT = "progress_report"
    COLLAB = "progress_collab"
    CHANGE = "progress_change"
    TA_NEED = "progress_ta_need"
    TA_DELIVERY = "progress_ta_delivery"


class ProgressBlock(StrEnum):
    """Block ids of progress modals; each input's action id is ``ProgressAction.INPUT``."""

    FUTURE_STATE = "progress_future_state"
    NAME = "progress_name"
    DESCRIPTION = "progress_description"
    ACHIEVED = "progress_achieved"
    TARGET_DATE = "progress_target_date"
    MILESTONES = "progress_milestones"
    AREA = "progress_area"
    STAGE = "progress_stage"
    NOTE = "progress_note"
    MEMBERS = "progress_members"
    OUTSIDE = "progress_outside"
    KIND = "progress_kind"
    DATE = "progress_date"
    RESOURCE = "progress_resource"
    COLLABORATION = "progress_collaboration"
    STATE = "progress_state"
    PRIORITY = "progress_priority"
    REQUESTED_BY = "progress_requested_by"
    HOURS = "progress_hours"


class ProgressAction(StrEnum):
    INPUT = "progress_input"
    EDIT_FUTURE_STATE = "progress_edit_future_state"
    ADD_AREA = "progress_add_area"
    AREA_MENU = "progress_area_menu"
    REPORT = "progress_open_report"
    LOG_COLLAB = "progress_open_collab"
    CONFIRM_COLLAB = "progress_confirm_collab"
    DECLINE_COLLAB = "progress_decline_collab"
    ADD_NEED = "progress_add_need"
    NEED_MENU = "progress_need_menu"
    ENTRY_MENU = "progress_entry_menu"  # Edit / Withdraw on one of the person's own entries


# --- Evaluation report ---------------------------------------------------------------------------
class ReportCallback(StrEnum):
    BUILD = "report_build"


class ReportBlock(StrEnum):
    PERIOD = "report_period"
    FROM = "report_from"
    TO = "report_to"
    SECTIONS = "report_sections"


class ReportAction(StrEnum):
    INPUT = "report_input"  # every input of the report form: the block id says which field it is


# --- Data rights -----------------------------------------------------------------------------------
class RightsAction(StrEnum):
    CONFIRM_FORGET = "rights_confirm_forget"
    CANCEL_FORGET = "rights_cancel_forget"


class CalendarAction(StrEnum):
    """Calendar buttons: the invite into one's DM, the web calendars' links, one's private feed on Home."""

    ADD_TO_CALENDAR = "calendar_add"
    GOOGLE_LINK = "calendar_google"  # a link button: Slack still tells the app it was clicked
    OUTLOOK_LINK = "calendar_outlook"
    FEED_CREATE = "calendar_feed_create"
    FEED_REVOKE = "calendar_feed_revoke"


class CalendarBlock(StrEnum):
    CALENDAR_BUTTONS = "calendar_buttons"  # on a message; Home's entries add the occurrence id
    FEED = "calendar_feed"
