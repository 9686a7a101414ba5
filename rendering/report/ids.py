"""The report feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


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
