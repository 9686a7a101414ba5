"""Typed button values and form metadata of peer introductions (see rendering.payloads for the rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rendering.payloads import IdButton, IdForm


@dataclass(frozen=True)
class IntroGroupButton(IdButton):
    """We met / We're scheduling / Skip this time: the group (its id) the introduction was for."""

    REOPEN: ClassVar[str] = "the introduction's group message"


@dataclass(frozen=True)
class IntrosForm(IdForm):
    """The settings modal: the network whose introductions it sets up."""

    REOPEN: ClassVar[str] = "`/peerbot intros` in the network's channel"
    KEY: ClassVar[str] = "network_id"
    network_id: int
