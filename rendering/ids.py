"""The ids every feature shares; each feature's own action, block and callback ids are in rendering/<feature>/ids.py."""

from __future__ import annotations

from enum import StrEnum


class DeliveryAction(StrEnum):
    RESEND = "delivery_resend"  # "Send again" on a message whose delivery could not be confirmed
