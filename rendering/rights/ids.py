"""The rights feature's action, block and callback ids (the ids every feature shares: rendering/ids.py)."""

from __future__ import annotations

from enum import StrEnum


# --- Data rights -----------------------------------------------------------------------------------
class RightsAction(StrEnum):
    CONFIRM_FORGET = "rights_confirm_forget"
    CANCEL_FORGET = "rights_cancel_forget"
