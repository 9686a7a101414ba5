"""Lists of entries: the collaboration log with each entry's confirmation, changes made, and a person's own entries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from domain.progress import changes as change_rules
from domain.progress.collaborations import KINDS as COLLAB_KINDS
from domain.progress.figures import CONFIRMED, DECLINED, collaboration_status
from domain.progress.teams import STAGE_LABELS, Stage
from rendering.progress.ids import ProgressAction
from rendering.progress.payloads import EntryChoice
from rendering.text import fit
from storage.models import ChangeMade, Collaboration, CollaborationPartner, PriorityArea, ProgressReport

SHOWN = 20
STATUS_TEXT = {CONFIRMED: "confirmed", DECLINED: "declined", "pending": "_awaiting confirmation_"}


def _counts(title: str, counts: Mapping[str, int], labels: Mapping[str, str]) -> str:
    parts = [f"{labels.get(k, k)}: {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return f"*{title}* — " + (", ".join(parts) if parts else "none yet")


def _collab_line(c: Collaboration, partners: Sequence[CollaborationPartner]) -> str:
    named = [f"<@{p.user_id}>" for p in partners if p.collaboration_id == c.id]
    named += [fit(n, 100) for n in c.outside.split("\n") if n]
    status = STATUS_TEXT[collaboration_status(c, partners)]
    return (
        f"{c.happened_on.isoformat()} · {COLLAB_KINDS.get(c.kind, c.kind)} · <@{c.logged_by}> with "
        f"{', '.join(named)} · {status}\n{fit(c.description, 300)}"
    )


PAIRS_SHOWN = 15


def _pairs_text(matrix: Mapping[tuple[str, str], int]) -> str:
    """The matrix of confirmed collaborations as its pairs, most first (each pair once)."""
    pairs = sorted(((a, b, n) for (a, b), n in matrix.items() if a < b), key=lambda p: (-p[2], p[0], p[1]))
    if not pairs:
        return "*Between teams* — none confirmed yet"
    shown = [f"{fit(a, 60)} ↔ {fit(b, 60)}: {n}" for a, b, n in pairs[:PAIRS_SHOWN]]
    if len(pairs) > PAIRS_SHOWN:
        shown.append(f"…and {len(pairs) - PAIRS_SHOWN} more pairs")
    return "*Between teams*\n" + "\n".join(shown)


def collab_list_blocks(
    collaborations: Sequence[Collaboration],
    partners: Sequence[CollaborationPartner],
    counts: Mapping[str, int],
    matrix: Mapping[tuple[str, str], int],
) -> list[Block]:
    """The newest collaborations with their confirmation, under the confirmed counts by kind and between teams."""
    blocks: list[Block] = [
        HeaderBlock(text="Collaboration log"),
        SectionBlock(text=_counts("Confirmed, by kind", counts, COLLAB_KINDS)),
        SectionBlock(text=_pairs_text(matrix)[:3000]),
    ]
    newest = list(reversed(collaborations))[:SHOWN]
    blocks += [SectionBlock(text=_collab_line(c, partners)[:3000]) for c in newest]
    if len(collaborations) > SHOWN:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(collaborations) - SHOWN} more")]))
    return blocks


def change_list_blocks(changes: Sequence[ChangeMade], counts: Mapping[str, int]) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text="Changes made"),
        SectionBlock(text=_counts("By kind", counts, change_rules.KINDS)),
    ]
    for change in list(reversed(changes))[:SHOWN]:
        line = (
            f"{change_rules.KINDS.get(change.kind, change.kind)} · {fit(change.team_label, 100)} · <@{change.user_id}>"
        )
        blocks.append(SectionBlock(text=f"{line}\n{fit(change.description, 500)}"[:3000]))
    if len(changes) > SHOWN:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {len(changes) - SHOWN} more")]))
    return blocks


def _withdraw(kind: str, entry_id: int) -> OverflowMenuElement:
    return OverflowMenuElement(
        action_id=ProgressAction.ENTRY_MENU,
        options=[
            Option(text="Edit", value=EntryChoice(kind, entry_id, "edit").to_value()),
            Option(text="Withdraw", value=EntryChoice(kind, entry_id, "withdraw").to_value()),
        ],
    )


def own_entries_blocks(
    reports: Sequence[ProgressReport],
    areas: Mapping[int, PriorityArea],
    collaborations: Sequence[Collaboration],
    partners: Sequence[CollaborationPartner],
    changes: Sequence[ChangeMade],
) -> list[Block]:
    """The person's own entries, newest first, each with Edit and Withdraw (at most 45 entries, by construction)."""
    blocks: list[Block] = [HeaderBlock(text="Your entries")]
    for report in list(reversed(reports))[:15]:
        area = areas.get(report.area_id)
        name = fit(area.name, 100) if area else "a deleted area"
        text = f"Progress · {name} · *{STAGE_LABELS[Stage(report.stage)]}* for {fit(report.team_label, 100)}"
        blocks.append(SectionBlock(text=text, accessory=_withdraw("report", report.id)))
    for c in list(reversed(collaborations))[:15]:
        blocks.append(
            SectionBlock(
                text=f"Collaboration · {_collab_line(c, partners)}"[:3000], accessory=_withdraw("collab", c.id)
            )
        )
    for change in list(reversed(changes))[:15]:
        text = f"Change · {change_rules.KINDS.get(change.kind, change.kind)} · {fit(change.description, 300)}"
        blocks.append(SectionBlock(text=text, accessory=_withdraw("change", change.id)))
    if len(blocks) == 1:
        blocks.append(SectionBlock(text="_You haven't recorded anything yet._"))
    return blocks
