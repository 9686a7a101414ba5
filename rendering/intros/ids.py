"""The intros feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


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
