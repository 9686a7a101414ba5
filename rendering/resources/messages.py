"""Messages of the resource library: search results, confirmations, shares, topic counts, the weekly digest."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    SectionBlock,
)

from domain.network.profiles import STATES
from domain.resources.links import link_domain
from rendering.resources.ids import ResourceAction
from rendering.resources.payloads import ManageChoice, MoreResults, ResourceButton
from rendering.text import SECTION_TEXT_MAX, escape, fit, plain, sections_from_lines, slack_date, truncate
from storage.models import Resource

# Limits on what each part of an entry may take once escaped (what Slack counts), so a section of
# one entry stays within Block Kit's 3,000 characters however long the accepted fields are.
TITLE_SHOWN = 200
DOMAIN_SHOWN = 80
STATES_SHOWN = 300
DESCRIPTION_SHOWN = 300
LABELS_SHOWN = 300
LINK_URL_MAX = 2100
KIND_NAMES = {"toolkit": "Toolkit", "policy": "Policy", "report": "Report", "data": "Data", "training": "Training"}


def _domain(resource: Resource) -> str:
    # The end of a host names who runs it, so a host too long to show keeps its end.
    host = link_domain(resource.url)
    return escape(host if len(host) <= DOMAIN_SHOWN else "…" + host[-(DOMAIN_SHOWN - 1) :])


def linked_title(resource: Resource) -> str:
    """The bold, linked title with the link's domain beside it: "*Title* (cdc.gov)", so a title can't
    disguise where its link goes."""
    title = fit(resource.title, TITLE_SHOWN).replace("|", "/")
    url = escape(resource.url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C"))
    domain = _domain(resource)
    where = f" ({domain})" if domain else ""
    if len(url) > LINK_URL_MAX:
        return f"*{title}*{where} _(link too long to show here)_"
    return f"*<{url}|{title}>*{where}"


def state_list(codes: Sequence[str]) -> str:
    return ", ".join(STATES.get(code, code) for code in codes)


def resource_text(resource: Resource) -> str:
    """An entry as mrkdwn: linked title and domain, kind and states, description, topics, who shared it
    and votes; within one section's limit whatever was stored."""
    heading = [linked_title(resource)]
    if resource.kind.value in KIND_NAMES:
        heading.append(KIND_NAMES[resource.kind.value])
    if resource.state_codes:
        heading.append(fit(state_list(resource.state_codes), STATES_SHOWN))
    first_line = "  ·  ".join(heading)
    credit = [f"shared by <@{resource.shared_by}> {slack_date(resource.created_at, '{date_short}', 'recently')}"]
    if resource.helpful_votes:
        people = "person" if resource.helpful_votes == 1 else "people"
        credit.append(f"{resource.helpful_votes} {people} found it helpful")
    # What is left for the description and the labels, each within its own cap.
    room = SECTION_TEXT_MAX - len(first_line) - len(" · ".join(credit)) - 8
    labels = [*resource.topic_names, *(f"#{t}" for t in resource.tag_names)]
    labels_text = fit(", ".join(labels), min(LABELS_SHOWN, max(room // 2, 0))) if labels else ""
    room -= len(labels_text)
    description = fit(resource.description, min(DESCRIPTION_SHOWN, room)) if resource.description else ""
    lines = [first_line]
    if description:
        lines.append(description)
    lines.append("_" + " · ".join([labels_text, *credit] if labels_text else credit) + "_")
    text = "\n".join(lines)
    if len(text) > SECTION_TEXT_MAX:  # not reachable with the caps above; a safe minimum if it ever is
        return truncate(f"*{fit(resource.title, TITLE_SHOWN)}* ({_domain(resource)})", SECTION_TEXT_MAX)
    return text


def _manage_menu(resource: Resource) -> OverflowMenuElement:
    return OverflowMenuElement(
        action_id=ResourceAction.MANAGE,
        options=[
            Option(text="Edit", value=ManageChoice("edit", resource.id).to_value()),
            Option(text="Delete", value=ManageChoice("delete", resource.id).to_value()),
        ],
    )


def results_blocks(
    *,
    heading: str,
    resources: Sequence[Resource],
    offset: int,
    more_value: str | None,
    manageable: Collection[int],
    more_hidden: bool = False,
) -> list[Block]:
    """One page of entries with Helpful / Share buttons, an Edit/Delete menu where allowed, and More."""
    blocks: list[Block] = [SectionBlock(text=heading)]
    for resource in resources:
        blocks.append(DividerBlock())
        blocks.append(
            SectionBlock(
                text=resource_text(resource),
                accessory=_manage_menu(resource) if resource.id in manageable else None,
            )
        )
        blocks.append(
            ActionsBlock(
                block_id=f"resource_actions_{resource.id}",
                elements=[
                    ButtonElement(
                        text="Helpful", action_id=ResourceAction.HELPFUL, value=ResourceButton(resource.id).to_value()
                    ),
                    ButtonElement(
                        text="Share to channel",
                        action_id=ResourceAction.SHARE,
                        value=ResourceButton(resource.id).to_value(),
                    ),
                ],
            )
        )
    if more_value is not None:
        blocks.append(
            ActionsBlock(
                block_id="resource_more",
                elements=[ButtonElement(text="More", action_id=ResourceAction.MORE, value=more_value)],
            )
        )
    showing = f"Showing {offset + 1} to {offset + len(resources)}" if resources else ""
    if showing and more_hidden:
        showing += "; there are more: add a word or a filter to narrow the search"
    if showing:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=showing)]))
    return blocks


BUTTON_VALUE_MAX = 2000


def more_value(*, network_id: int, mode: str, text: str, offset: int) -> str | None:
    """The More button's value, or None when it would be longer than Slack takes.

    Measured as UTF-8 bytes of the value as sent (never fewer than the characters Slack counts), with
    non-ASCII kept as itself: JSON's default escapes would turn each emoji into twelve characters.
    """
    value = MoreResults(network_id, mode, text, offset).to_value()
    return value if len(value.encode("utf-8")) <= BUTTON_VALUE_MAX else None


def no_results_text(query: str, suggestions: Mapping[str, int]) -> str:
    text = f"Nothing in the library matches *{fit(query, 200)}*."
    if suggestions:
        top = sorted(suggestions.items(), key=lambda item: (-item[1], item[0]))[:8]
        listed = ", ".join(f'`topic:"{escape(name)}"` ({count})' for name, count in top)
        text += f"\nTopics with entries: {listed}."
    else:
        text += "\nThe library is empty so far: share the first resource with `/resources add`."
    return text


def saved_text(resource: Resource, *, announced: bool) -> str:
    where = " and told the network's channel" if announced else ""
    return f"Saved *{fit(resource.title, 200)}* to the resource library{where}. Thank you for sharing!"


def announcement_text(resource: Resource, *, user_id: str, headline: str = "shared") -> str:
    origin = f" from {fit(state_list(resource.state_codes), STATES_SHOWN)}" if resource.state_codes else ""
    return f"<@{user_id}> {headline} {linked_title(resource)}{origin}."


def announcement_blocks(resource: Resource, *, user_id: str, headline: str = "shared") -> list[Block]:
    return [
        SectionBlock(text=announcement_text(resource, user_id=user_id, headline=headline)),
        SectionBlock(text=resource_text(resource)),
    ]


def topics_overview(
    *,
    network_name: str,
    curated: Sequence[str],
    counts: Mapping[str, int],
    by_state: Mapping[tuple[str, str], int],
    states: Mapping[str, int],
) -> list[Block]:
    """Entries per topic (with the states they come from) and per state."""
    names = {name.lower(): name for name in curated}
    lines = []
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        per_state = sorted(((s, n) for (t, s), n in by_state.items() if t == key), key=lambda x: (-x[1], x[0]))
        detail = f" ({', '.join(f'{s} {n}' for s, n in per_state)})" if per_state else ""
        lines.append(f"• *{escape(names.get(key, key))}* — {count}{detail}")
    empty = [name for name in curated if name.lower() not in counts]
    blocks: list[Block] = [HeaderBlock(text=plain(f"Resource topics in {network_name}", 150))]
    if lines:
        blocks.extend(sections_from_lines(lines, max_blocks=20, noun="more topics"))
    else:
        blocks.append(SectionBlock(text="No entries have topics yet."))
    if states:
        state_line = ", ".join(
            f"{STATES.get(s, s)} {n}" for s, n in sorted(states.items(), key=lambda x: (-x[1], x[0]))
        )
        blocks.append(SectionBlock(text=truncate(f"*By state:* {state_line}", 3000)))
    if empty:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=truncate("No entries yet: " + escape(", ".join(empty)), 2000))]
            )
        )
    return blocks


def digest_blocks(*, groups: Sequence[tuple[str, Sequence[Resource]]], week_start: datetime) -> list[Block]:
    total = sum(len(items) for _topic, items in groups)
    noun = "resource" if total == 1 else "resources"
    blocks: list[Block] = [
        HeaderBlock(text="New in the resource library"),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{total} {noun} shared since "
                    f"{slack_date(week_start, '{date_short_pretty}', week_start.strftime('%b %d'))}"
                )
            ]
        ),
    ]
    lines = []
    for topic, items in groups:
        lines.append(f"*{escape(topic)}*")
        lines.extend(
            f"• {linked_title(r)}"
            + (f" — {fit(state_list(r.state_codes), STATES_SHOWN)}" if r.state_codes else "")
            + f" (<@{r.shared_by}>)"
            for r in items
        )
    blocks.extend(sections_from_lines(lines, max_blocks=45, noun="more lines"))
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Search the library any time with `/resources &lt;words&gt;`.")])
    )
    return blocks


def digest_text(total: int) -> str:
    return f"New in the resource library this week: {total} resource{'s' if total != 1 else ''}."
