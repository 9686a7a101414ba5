"""The `/peerbot report` modal: pick the period and sections; then progress, done and failure notices."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from domain.report.build import SECTION_TITLES, Report
from domain.report.period import PERIOD_CHOICES, Period
from rendering.report.ids import ReportAction, ReportBlock, ReportCallback
from rendering.report.payloads import ReportForm
from rendering.text import escape, plain

TITLE = "Evaluation report"


def report_modal(*, network_id: int, network_name: str, last_quarter: Period) -> View:
    periods = [Option(value=key, label=plain(label, 75)) for key, label in PERIOD_CHOICES.items()]
    sections = [Option(value=str(key), label=plain(label, 75)) for key, label in SECTION_TITLES.items()]
    return View(
        type="modal",
        callback_id=ReportCallback.BUILD,
        private_metadata=ReportForm(network_id).to_value(),
        title=plain(TITLE, 24),
        submit=plain("Build report", 24),
        close=plain("Cancel", 24),
        blocks=[
            SectionBlock(
                text=f"*{escape(network_name)}*: the figures an evaluator would publish, as an HTML brief with "
                "charts and a CSV behind every chart. It arrives in our DM."
            ),
            InputBlock(
                block_id=ReportBlock.PERIOD,
                label=plain("Period", 75),
                element=StaticSelectElement(action_id=ReportAction.INPUT, options=periods, initial_option=periods[0]),
                hint=plain(f"Last quarter is {last_quarter.describe()}.", 150),
            ),
            InputBlock(
                block_id=ReportBlock.FROM,
                label=plain("First day (for dates you choose)", 75),
                element=DatePickerElement(action_id=ReportAction.INPUT),
                optional=True,
            ),
            InputBlock(
                block_id=ReportBlock.TO,
                label=plain("Last day (for dates you choose)", 75),
                element=DatePickerElement(action_id=ReportAction.INPUT),
                optional=True,
            ),
            InputBlock(
                block_id=ReportBlock.SECTIONS,
                label=plain("Sections", 75),
                element=CheckboxesElement(action_id=ReportAction.INPUT, options=sections, initial_options=sections),
            ),
        ],
    )


def progress_modal(*, network_name: str, period: Period, step: str) -> View:
    return View(
        type="modal",
        title=plain(TITLE, 24),
        close=plain("Close", 24),
        blocks=[
            SectionBlock(text=f"Building the report of *{escape(network_name)}* for {period.describe()}…"),
            ContextBlock(elements=[MarkdownTextObject(text=f":hourglass_flowing_sand: {step}…")]),
            ContextBlock(elements=[MarkdownTextObject(text="You can close this; the files arrive in our DM.")]),
        ],
    )


def done_modal(*, network_name: str, period: Period) -> View:
    return View(
        type="modal",
        title=plain(TITLE, 24),
        close=plain("Close", 24),
        blocks=[
            SectionBlock(
                text=f":white_check_mark: The report of *{escape(network_name)}* for {period.describe()} is in our DM."
            )
        ],
    )


def failed_modal(*, reason: str) -> View:
    return View(
        type="modal",
        title=plain(TITLE, 24),
        close=plain("Close", 24),
        blocks=[SectionBlock(text=f":warning: The report wasn't sent: {reason}")],
    )


def summary_text(report: Report) -> str:
    """The message beside the files: the five headline figures."""
    lines = [f"*{escape(report.network_name)}*: evaluation report for {report.period.describe()}"]
    lines += [f"• *{h.label}*: {escape(h.value)} — {escape(h.detail)}" for h in report.headlines]
    lines.append(
        f"Participants only ({report.participants} on the roster today; staff are not counted). No count about "
        f"fewer than {report.minimum} people is shown."
    )
    lines.append("Open `report.html` in a browser (or print it); the chart beside it is attendance per meeting.")
    return "\n".join(lines)
