"""Pulse results as Slack blocks: per-question figures, response rate, safe breakdowns, trend across waves."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from domain.network.profiles import state_name
from domain.pulses.definitions import QuestionDraft, QuestionKind
from domain.pulses.results import GroupResult, QuestionTally, TrendPoint, WaveResults
from rendering.pulses.ids import PulseAction, PulseBlock
from rendering.pulses.messages import when
from rendering.pulses.payloads import ShareResults
from rendering.text import escape, fit, sections_from_lines, slack_date, truncate

TEXT_ANSWERS_SHOWN = 25


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "n/a"


def response_rate(results: WaveResults) -> str:
    line = f"*{results.responded} of {results.asked}* {'member' if results.asked == 1 else 'members'} responded"
    line += f" ({percent(results.responded, results.asked)})."
    if results.unreachable:
        line += f" {results.unreachable} could not be reached."
    return line


def headline(result: QuestionTally) -> str:
    if result.question.kind == QuestionKind.AGREEMENT:
        agreed = result.agreed or 0
        return f"{agreed} of {result.answered} agreed or strongly agreed ({percent(agreed, result.answered)})"
    if result.question.kind == QuestionKind.RATING:
        return f"mean {result.mean:.1f} of 5 ({result.answered} answers)" if result.mean is not None else "no answers"
    if result.question.kind == QuestionKind.TEXT:
        return f"{result.answered} written answers"
    top = max(range(len(result.counts)), key=lambda i: result.counts[i], default=None)
    if top is None or not result.answered:
        return "no answers"
    label = escape(result.question.labels()[top])
    return f"most chosen: {label} ({result.counts[top]} of {result.answered})"


def _question_lines(number: int, result: QuestionTally, *, with_texts: bool) -> list[str]:
    lines = [f"*{number}. {fit(result.question.text, 300)}*", headline(result)]
    if result.question.kind == QuestionKind.TEXT:
        if with_texts:
            shown = result.texts[:TEXT_ANSWERS_SHOWN]
            lines += [f"> {fit(' '.join(text.split()), 280)}" for text in shown]
            if len(result.texts) > len(shown):
                lines.append(f"_…and {len(result.texts) - len(shown)} more (in the CSV export)_")
        return lines
    for label, count in zip(result.question.labels(), result.counts, strict=True):
        lines.append(f"• {fit(label, 75)}: {count} ({percent(count, result.answered)})")
    return lines


def _group_line(group: GroupResult, label: str) -> str:
    figures = [f"Q{i}: {headline(t)}" for i, t in enumerate(group.tallies, start=1) if t.answered]
    return f"• *{escape(label)}* ({group.respondents} respondents) — " + "; ".join(figures)


def _breakdown_lines(results: WaveResults) -> list[str]:
    lines: list[str] = []
    if results.by_state:
        lines.append("*By state*")
        lines += [_group_line(g, state_name(g.name) or g.name) for g in results.by_state]
    if results.by_agency:
        lines.append("*By agency*")
        lines += [_group_line(g, g.name) for g in results.by_agency]
    if results.hidden_groups:
        lines.append(
            f"_{results.hidden_groups} smaller group(s) are not shown separately: breakdowns need at least "
            f"{results.min_group} respondents per group, so no one's answer can be singled out._"
        )
    return lines


def withheld_text(results: WaveResults) -> str:
    text = f"Results appear once at least {results.min_group} people have answered."
    if results.responded >= results.min_group:
        text += (
            f" Anonymous answers are counted in batches of at least {results.min_group}, so the first figures "
            f"appear once {2 * results.min_group} have answered, or when the wave closes."
        )
    return text


def _pending_blocks(results: WaveResults) -> list[Block]:
    """An open anonymous wave: say why figures are missing or lag behind the response count."""
    if results.withheld:
        return [SectionBlock(text=f"_{withheld_text(results)}_")]
    if results.anonymous and results.closed_at is None and results.counted < results.responded:
        note = (
            f"_These figures count {results.counted} of the {results.responded} answers so far: anonymous answers "
            f"are added in batches of at least {results.min_group}, so none can be told apart, and all of them "
            "when the wave closes._"
        )
        return [ContextBlock(elements=[MarkdownTextObject(text=note)])]
    return []


def _status_line(results: WaveResults) -> str:
    if results.closed_at is not None:
        return f"Wave {results.wave_number}, closed {when(results.closed_at)}."
    return f"Wave {results.wave_number}, open until {when(results.deadline)}."


def results_blocks(
    results: WaveResults,
    *,
    trend: tuple[Sequence[tuple[int, QuestionDraft]], Sequence[TrendPoint]] | None = None,
    for_facilitator: bool,
) -> list[Block]:
    privacy = "anonymous" if results.anonymous else "named"
    blocks: list[Block] = [
        SectionBlock(text=truncate(f"*Results: {escape(results.title)}* (pulse #{results.pulse_id}, {privacy})", 3000)),
        ContextBlock(elements=[MarkdownTextObject(text=f"{_status_line(results)} {response_rate(results)}")]),
    ]
    if results.states_done is not None:
        done = ", ".join(results.states_done) or "none yet"
        waiting = ", ".join(results.states_waiting or ()) or "none"
        blocks.append(SectionBlock(text=truncate(f"*States completed:* {done}\n*Still to answer:* {waiting}", 3000)))
    blocks += _pending_blocks(results)
    for number, result in enumerate(results.tallies, start=1):
        blocks += sections_from_lines(_question_lines(number, result, with_texts=True), max_blocks=2, noun="more")
    if for_facilitator:
        blocks += sections_from_lines(_breakdown_lines(results), max_blocks=3, noun="more groups")
    if trend is not None and len(trend[1]) > 1:
        blocks += sections_from_lines(trend_lines(*trend), max_blocks=2, noun="more waves")
    if for_facilitator:
        blocks.append(
            ActionsBlock(
                block_id=PulseBlock.QUESTION_BUTTONS,
                elements=[
                    ButtonElement(
                        action_id=PulseAction.SHARE_RESULTS,
                        text="Share a summary in the channel",
                        value=ShareResults(results.pulse_id, results.wave_id).to_value(),
                    )
                ],
            )
        )
    return blocks


def wave_label(point: TrendPoint) -> str:
    """``W3``, or for a wave after a meeting the meeting's date, which says more than its number."""
    if point.meeting_start is None:
        return f"W{point.wave_number}"
    start = point.meeting_start
    return slack_date(start, "{date_short}", start.strftime("%b %-d"))


def trend_lines(questions: Sequence[tuple[int, QuestionDraft]], points: Sequence[TrendPoint]) -> list[str]:
    lines = ["*Trend across waves*"]
    for index, (_qid, question) in enumerate(questions):
        unit = "% agreed" if question.kind == QuestionKind.AGREEMENT else " mean"
        figures = []
        for point in points:
            value = point.values[index]
            shown = (
                "n/a"
                if value is None
                else (f"{value:.0f}" if question.kind == QuestionKind.AGREEMENT else f"{value:.1f}")
            )
            figures.append(f"{wave_label(point)}: {shown}{unit if value is not None else ''}")
        lines.append(f"• {fit(question.text, 120)} — " + " → ".join(figures))
    return lines


def summary_blocks(results: WaveResults) -> list[Block]:
    """What the share button posts to the channel: headline figures only, no free text, no breakdowns."""
    lines = [f"*Pulse results: {escape(results.title)}* (wave {results.wave_number})", response_rate(results)]
    if results.withheld:
        lines.append(withheld_text(results))
    lines += [
        f"{i}. {fit(t.question.text, 200)} — {headline(t)}"
        for i, t in enumerate(results.tallies, start=1)
        if t.question.kind != QuestionKind.TEXT
    ]
    return sections_from_lines(lines, max_blocks=10)


def closed_notice(*, pulse_id: int, title: str, wave_number: int, responded: int, asked: int) -> str:
    return (
        f"*{escape(title)}* (wave {wave_number}) has closed: {responded} of {asked} members responded "
        f"({percent(responded, asked)}). See the results with `/pulse results {pulse_id}`."
    )


def pulse_list_lines(rows: Sequence[tuple[int, str, str, int]]) -> list[str]:
    """Facilitator's list: (pulse id, title, state of its latest wave, responded) per pulse."""
    return [f"• *#{pid}* {escape(title)} — {status}, {responded} responded" for pid, title, status, responded in rows]
