"""The Home tab's search results: a modal, a page at a time, with Previous and Next."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from domain.network.profiles import state_name
from rendering.home.ids import HomeAction, HomeCallback
from rendering.home.payloads import SearchPage
from rendering.text import fit, link
from storage.models import Resource


def search_modal(
    *, network_id: int, text: str, resources: Sequence[Resource], offset: int, page_size: int, has_more: bool
) -> View:
    blocks: list[Block] = [SectionBlock(text=f"*Resources matching* `{fit(text, 200)}`")]
    if not resources:
        blocks.append(
            SectionBlock(text="Nothing matched. Try fewer words, or a filter like `state:MS` or `kind:toolkit`.")
        )
    for number, resource in enumerate(resources, start=offset + 1):
        states = ", ".join(state_name(code) or code for code in resource.state_codes[:10])
        lines = [f"{number}. {link(resource.url, resource.title, limit=150, url_limit=800)}"]
        if resource.description:
            lines.append(fit(resource.description, 300))
        meta = f"{resource.kind.value} · shared by <@{resource.shared_by}>" + (f" · {states}" if states else "")
        blocks += [SectionBlock(text="\n".join(lines)), ContextBlock(elements=[MarkdownTextObject(text=meta)])]
    buttons = []
    if offset > 0:
        back = SearchPage(network_id, text, max(offset - page_size, 0)).to_value()
        buttons.append(ButtonElement(text="Previous", action_id=f"{HomeAction.SEARCH_PAGE}_prev", value=back))
    if has_more:
        ahead = SearchPage(network_id, text, offset + page_size).to_value()
        buttons.append(ButtonElement(text="Next", action_id=f"{HomeAction.SEARCH_PAGE}_next", value=ahead))
    if buttons:
        blocks.append(ActionsBlock(block_id="home_search_pages", elements=buttons))
    return View(
        type="modal", callback_id=HomeCallback.SEARCH_RESULTS, title="Library search", close="Close", blocks=blocks
    )
