"""The pulses feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


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
