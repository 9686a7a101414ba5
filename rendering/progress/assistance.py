"""Technical assistance surfaces: the list of needs by state, the need and delivery modals, status notices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.network.profiles import STATES
from domain.progress.assistance import KIND_MAX, NEED_MAX, NOTE_MAX, PRIORITIES, STATUSES
from rendering.payloads import NetworkButton
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import NeedChoice, NeedForm, ProgressForm
from rendering.text import fit
from storage.models import Network, TaDelivery, TaNeed

NEEDS_SHOWN = 40
INPUT = ProgressAction.INPUT


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def needs_blocks(
    network: Network, needs: Sequence[TaNeed], deliveries: Sequence[TaDelivery], *, manager: bool, facilitator: bool
) -> list[Block]:
    """Each need with its status and assistance so far; managers get a menu to move or log against it."""
    blocks: list[Block] = [HeaderBlock(text=f"Technical assistance: {network.name}"[:150])]
    if not needs:
        blocks.append(SectionBlock(text="_No technical assistance needs recorded yet._"))
    for need in needs[:NEEDS_SHOWN]:
        mine = [d for d in deliveries if d.need_id == need.id]
        hours = sum(d.minutes for d in mine)
        text = (
            f"*{STATES.get(need.state, need.state)}* · {PRIORITIES.get(need.priority, need.priority)} priority · "
            f"*{STATUSES.get(need.status, need.status)}*\n{fit(need.need, 1500)}"
        )
        if need.requested_by:
            text += f"\n_Requested by {fit(need.requested_by, 200)}_"
        if mine:
            text += f"\n{len(mine)} delivery{'' if len(mine) == 1 else ' records'}, {_hours(hours)} h"
        section = SectionBlock(text=text[:3000])
        if manager:
            options = [
                Option(text=f"Mark {label.lower()}", value=NeedChoice(key, need.id).to_value())
                for key, label in STATUSES.items()
                if key != "requested" and key != need.status
            ]
            options.append(Option(text="Log assistance delivered", value=NeedChoice("log", need.id).to_value()))
            section.accessory = OverflowMenuElement(action_id=ProgressAction.NEED_MENU, options=options)
        blocks.append(section)
    if len(needs) > NEEDS_SHOWN:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(needs) - NEEDS_SHOWN} more")]))
    if facilitator:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text="Add a need", action_id=ProgressAction.ADD_NEED, value=NetworkButton(network.id).to_value()
                    )
                ]
            )
        )
    return blocks


def need_modal(form: ProgressForm) -> View:
    return View(
        type="modal",
        callback_id=ProgressCallback.TA_NEED,
        title="TA need",
        submit="Save",
        close="Cancel",
        private_metadata=form.to_value(),
        blocks=[
            InputBlock(
                block_id=ProgressBlock.STATE,
                label="State",
                element=StaticSelectElement(
                    action_id=INPUT,
                    placeholder="Choose",
                    options=[Option(text=name, value=code) for code, name in list(STATES.items())[:100]],
                ),
            ),
            InputBlock(
                block_id=ProgressBlock.DESCRIPTION,
                label="Need",
                element=PlainTextInputElement(action_id=INPUT, multiline=True, max_length=NEED_MAX),
            ),
            InputBlock(
                block_id=ProgressBlock.PRIORITY,
                label="Priority",
                element=StaticSelectElement(
                    action_id=INPUT,
                    initial_option=Option(text="Medium", value="medium"),
                    options=[Option(text=label, value=key) for key, label in PRIORITIES.items()],
                ),
            ),
            InputBlock(
                block_id=ProgressBlock.REQUESTED_BY,
                label="Requested by",
                optional=True,
                element=PlainTextInputElement(action_id=INPUT, max_length=200),
            ),
        ],
    )


def delivery_modal(need: TaNeed, *, today: date) -> View:
    return View(
        type="modal",
        callback_id=ProgressCallback.TA_DELIVERY,
        title="Log assistance",
        submit="Log",
        close="Cancel",
        private_metadata=NeedForm(need.id).to_value(),
        blocks=[
            SectionBlock(text=f"*{STATES.get(need.state, need.state)}*: {fit(need.need, 500)}"),
            InputBlock(
                block_id=ProgressBlock.DATE,
                label="Delivered on",
                element=DatePickerElement(action_id=INPUT, initial_date=today.isoformat()),
            ),
            InputBlock(
                block_id=ProgressBlock.KIND,
                label="Kind",
                element=PlainTextInputElement(
                    action_id=INPUT, max_length=KIND_MAX, placeholder="e.g. coaching call, workshop"
                ),
            ),
            InputBlock(
                block_id=ProgressBlock.HOURS,
                label="Hours",
                element=PlainTextInputElement(action_id=INPUT, max_length=8, placeholder="1.5"),
            ),
            InputBlock(
                block_id=ProgressBlock.NOTE,
                label="Note",
                optional=True,
                element=PlainTextInputElement(action_id=INPUT, multiline=True, max_length=NOTE_MAX),
            ),
        ],
    )


def status_notice_text(network: Network, need: TaNeed) -> str:
    return (
        f"Technical assistance for {STATES.get(need.state, need.state)} in *{fit(network.name, 200)}* is now "
        f"*{STATUSES.get(need.status, need.status)}*: {fit(need.need, 500)}"
    )
