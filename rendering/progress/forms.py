"""Modals of network progress: future state, priority area, area deletion, progress, collaboration, change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from domain.progress import changes, collaborations
from domain.progress.roadmap import (
    FUTURE_STATE_MAX,
    MILESTONE_MAX,
    NAME_MAX,
    NOTE_MAX,
    TEXT_MAX,
    milestones_text,
)
from domain.progress.teams import STAGE_LABELS, Team
from rendering.progress.ids import ProgressAction, ProgressBlock, ProgressCallback
from rendering.progress.payloads import ProgressForm
from rendering.text import fit, plain
from storage.models import ChangeMade, Collaboration, PriorityArea, ProgressReport, Resource

MAX_OPTIONS = 100
INPUT = ProgressAction.INPUT


def _text(
    block: str,
    label: str,
    *,
    initial: str | None = None,
    multiline: bool = False,
    limit: int,
    optional: bool = False,
    hint: str | None = None,
    placeholder: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block,
        label=label,
        optional=optional,
        hint=hint,
        element=PlainTextInputElement(
            action_id=INPUT,
            multiline=multiline,
            initial_value=initial or None,
            max_length=limit,
            placeholder=placeholder,
        ),
    )


def _modal(callback: str, title: str, submit: str, form: ProgressForm, blocks: Sequence[Block]) -> View:
    return View(
        type="modal",
        callback_id=callback,
        title=title,
        submit=submit,
        close="Cancel",
        private_metadata=form.to_value(),
        blocks=list(blocks),
    )


def future_state_modal(form: ProgressForm, *, current: str) -> View:
    return _modal(
        ProgressCallback.FUTURE_STATE,
        "Future state",
        "Save",
        form,
        [
            _text(
                ProgressBlock.FUTURE_STATE,
                "Where is the network heading?",
                initial=current,
                multiline=True,
                limit=FUTURE_STATE_MAX,
                hint="The shared future state the roadmap leads to.",
            )
        ],
    )


def area_modal(form: ProgressForm, *, area: PriorityArea | None) -> View:
    target = area.target_date.isoformat() if area is not None and area.target_date else None
    return _modal(
        ProgressCallback.AREA,
        "Priority area",
        "Save",
        form,
        [
            _text(ProgressBlock.NAME, "Name", initial=area.name if area else None, limit=NAME_MAX),
            _text(
                ProgressBlock.DESCRIPTION,
                "Description",
                initial=area.description if area else None,
                multiline=True,
                limit=TEXT_MAX,
                optional=True,
            ),
            _text(
                ProgressBlock.ACHIEVED,
                "What \u201cachieved\u201d looks like",
                initial=area.achieved if area else None,
                multiline=True,
                limit=TEXT_MAX,
                optional=True,
            ),
            InputBlock(
                block_id=ProgressBlock.TARGET_DATE,
                label="Target date",
                optional=True,
                element=DatePickerElement(action_id=INPUT, initial_date=target),
            ),
            _text(
                ProgressBlock.MILESTONES,
                "Milestones",
                initial=milestones_text(area) if area else None,
                multiline=True,
                limit=12 * (MILESTONE_MAX + 12),
                optional=True,
                hint="One per line; start a line with a date (2027-06-30) to give it a target date.",
            ),
        ],
    )


def delete_area_modal(form: ProgressForm, *, area: PriorityArea, reports: int) -> View:
    return _modal(
        ProgressCallback.AREA_DELETE,
        "Delete priority area",
        "Delete",
        form,
        [
            SectionBlock(
                text=f"Take *{fit(area.name, 200)}* off the roadmap? It has {reports} progress "
                f"report{'' if reports == 1 else 's'}. They are kept in the network's history and past "
                "figures, but no one can report on this area any more."
            )
        ],
    )


def _area_options(areas: Sequence[PriorityArea]) -> list[Option]:
    return [Option(text=plain(a.name, 75), value=str(a.id)) for a in areas[:MAX_OPTIONS]]


def _initial(options: Sequence[Option], value: object) -> Option | None:
    return next((o for o in options if value is not None and o.value == str(value)), None)


def report_modal(
    form: ProgressForm, *, areas: Sequence[PriorityArea], team: Team, report: ProgressReport | None = None
) -> View:
    """Report progress, or (``report`` given) correct one of the person's own reports."""
    area_options = _area_options(areas)
    stages = [Option(text=label, value=s.value) for s, label in STAGE_LABELS.items()]
    return _modal(
        ProgressCallback.REPORT,
        "Edit progress" if report else "Report progress",
        "Save" if report else "Report",
        form,
        [
            ContextBlock(elements=[MarkdownTextObject(text=f"Reporting for *{fit(team.label, 200)}*.")]),
            InputBlock(
                block_id=ProgressBlock.AREA,
                label="Priority area",
                element=StaticSelectElement(
                    action_id=INPUT,
                    placeholder="Choose an area",
                    options=area_options,
                    initial_option=_initial(area_options, report.area_id if report else None),
                ),
            ),
            InputBlock(
                block_id=ProgressBlock.STAGE,
                label="Where are you now?",
                element=RadioButtonsElement(
                    action_id=INPUT, options=stages, initial_option=_initial(stages, report.stage if report else None)
                ),
            ),
            _text(
                ProgressBlock.NOTE,
                "A short note",
                initial=report.note if report else None,
                multiline=True,
                limit=NOTE_MAX,
                optional=True,
            ),
        ],
    )


def _kind_select(kinds: dict[str, str], chosen: str | None = None) -> StaticSelectElement:
    options = [Option(text=label, value=key) for key, label in kinds.items()]
    return StaticSelectElement(
        action_id=INPUT, placeholder="Choose", options=options, initial_option=_initial(options, chosen)
    )


def collab_modal(
    form: ProgressForm,
    *,
    today: date,
    collaboration: Collaboration | None = None,
    partners: Sequence[str] = (),
) -> View:
    """Log a collaboration (``partners`` preselected, e.g. a peer introduction's group), or (``collaboration``
    given) correct one the person logged; its members stay."""
    c = collaboration
    chosen = list(dict.fromkeys(partners))[: collaborations.PARTNERS_MAX]
    who: Block = InputBlock(
        block_id=ProgressBlock.MEMBERS,
        label="Members you worked with",
        optional=True,
        hint="Each is asked to confirm.",
        element=UserMultiSelectElement(
            action_id=INPUT, max_selected_items=collaborations.PARTNERS_MAX, initial_users=chosen or None
        ),
    )
    if c is not None:
        who = ContextBlock(elements=[MarkdownTextObject(text="The members you named stay as they are.")])
    return _modal(
        ProgressCallback.COLLAB,
        "Edit collaboration" if c else "Log a collaboration",
        "Save" if c else "Log",
        form,
        [
            who,
            _text(
                ProgressBlock.OUTSIDE,
                "States or agencies outside the network",
                initial=", ".join(n for n in c.outside.split("\n") if n) if c else None,
                optional=True,
                limit=1100,
                placeholder="e.g. Ohio, State Housing Agency",
                hint="Separate names with commas.",
            ),
            InputBlock(
                block_id=ProgressBlock.KIND,
                label="What kind?",
                element=_kind_select(collaborations.KINDS, c.kind if c else None),
            ),
            _text(
                ProgressBlock.DESCRIPTION,
                "What did you do together?",
                initial=c.description if c else None,
                multiline=True,
                limit=collaborations.DESCRIPTION_MAX,
            ),
            InputBlock(
                block_id=ProgressBlock.DATE,
                label="When",
                element=DatePickerElement(action_id=INPUT, initial_date=(c.happened_on if c else today).isoformat()),
            ),
        ],
    )


def change_modal(
    form: ProgressForm,
    *,
    areas: Sequence[PriorityArea],
    resources: Sequence[Resource],
    collaborations_logged: Sequence[Collaboration],
    change: ChangeMade | None = None,
) -> View:
    """Record a change, or (``change`` given) correct one the person recorded."""
    blocks: list[Block] = [
        InputBlock(
            block_id=ProgressBlock.KIND,
            label="What changed?",
            element=_kind_select(changes.KINDS, change.kind if change else None),
        ),
        _text(
            ProgressBlock.DESCRIPTION,
            "Describe the change",
            initial=change.description if change else None,
            multiline=True,
            limit=changes.DESCRIPTION_MAX,
        ),
    ]
    links = (
        (ProgressBlock.AREA, "Priority area it advances", [(a.id, a.name) for a in areas], "area_id"),
        (ProgressBlock.RESOURCE, "Resource that inspired it", [(r.id, r.title) for r in resources], "resource_id"),
        (
            ProgressBlock.COLLABORATION,
            "Collaboration that inspired it",
            [(c.id, f"{c.happened_on.isoformat()} {c.description}") for c in collaborations_logged],
            "collaboration_id",
        ),
    )
    for block, label, choices, attribute in links:
        if choices:
            options = [Option(text=plain(text, 75), value=str(key)) for key, text in choices[:MAX_OPTIONS]]
            chosen = _initial(options, getattr(change, attribute) if change else None)
            blocks.append(
                InputBlock(
                    block_id=block,
                    label=label,
                    optional=True,
                    element=StaticSelectElement(
                        action_id=INPUT, placeholder="Optional", options=options, initial_option=chosen
                    ),
                )
            )
    return _modal(
        ProgressCallback.CHANGE,
        "Edit change" if change else "Record a change",
        "Save" if change else "Record",
        form,
        blocks,
    )
