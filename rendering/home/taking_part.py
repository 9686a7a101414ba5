"""The member's own say on Home: report progress, log a collaboration, and take part in peer introductions."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DatePickerElement,
    SectionBlock,
)

from domain.intros.participation import Participation
from rendering.home.ids import HomeAction, HomeBlock
from rendering.home.payloads import IntrosChoiceButton
from rendering.payloads import NetworkButton
from rendering.text import escape
from storage.models import Network

INTRO_BUTTONS = {"on": "I'm in", "skip": "Skip the next round", "off": "Turn introductions off"}


def progress_blocks(network: Network) -> list[Block]:
    """ "Report progress" and "Log a collaboration" for the network shown (two blocks)."""
    value = NetworkButton(network.id).to_value()
    return [
        SectionBlock(
            text="*:seedling: Network progress*\nTell the network how your team is moving on the roadmap, "
            "or log work you did with another state or agency outside meetings."
        ),
        ActionsBlock(
            block_id=HomeBlock.PROGRESS,
            elements=[
                ButtonElement(text="Report progress", action_id=HomeAction.REPORT_PROGRESS, value=value),
                ButtonElement(text="Log a collaboration", action_id=HomeAction.LOG_COLLAB, value=value),
            ],
        ),
    ]


def intros_blocks(network: Network, intros: Participation) -> list[Block]:
    """Where the person stands on peer introductions and the choices that change it (two blocks)."""
    elements: list[ButtonElement | DatePickerElement] = [
        ButtonElement(
            text=f"✓ {label}" if intros.choice == word else label,
            action_id=f"{HomeAction.INTROS}_{word}",
            value=IntrosChoiceButton(network.id, word).to_value(),
            style="primary" if intros.choice == word else None,
        )
        for word, label in INTRO_BUTTONS.items()
    ]
    paused = intros.paused_until
    elements.append(
        DatePickerElement(
            action_id=HomeAction.INTROS_PAUSE,
            placeholder="Pause until…",
            initial_date=paused.isoformat() if paused else None,
        )
    )
    return [
        SectionBlock(text=f"*:handshake: Peer introductions*\n{escape(intros.status)}"),
        ActionsBlock(block_id=HomeBlock.INTROS, elements=elements),
    ]
