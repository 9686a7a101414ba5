"""Slack surfaces of pulses: /pulse, the builder, answering, results and exports."""

from __future__ import annotations

import re

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.pulses import answers, commands, reports
from rendering.pulses.ids import PulseAction, PulseCallback


def register(app: App) -> None:
    """Every Slack surface of pulses."""
    app.command("/pulse")(guarded(commands.pulse_command))
    app.view(PulseCallback.BUILDER)(guarded(commands.submit_builder))
    app.action(PulseAction.ADD_QUESTION)(ack_first(commands.resize_builder))
    app.action(PulseAction.REMOVE_QUESTION)(ack_first(commands.resize_builder))
    app.action(PulseAction.USE_TEMPLATE)(ack_first(commands.use_template))
    app.action(PulseAction.SHARE_RESULTS)(ack_first(reports.share_results))
    app.action(re.compile(f"^{PulseAction.ONE_CLICK}_\\d+$"))(ack_first(answers.one_click))
    app.action(PulseAction.OPEN_FORM)(ack_first(answers.open_form))
    app.action(PulseAction.CHANGE)(ack_first(answers.open_form))
    app.view_submission(PulseCallback.ANSWER)(guarded(answers.submit_answers))
    app.view_closed(PulseCallback.ANSWER)(ack_first(answers.keep_draft))
