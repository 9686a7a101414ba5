"""Slack surfaces of the resource library: /resources, its forms, buttons and shortcut."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.resources import forms, search
from rendering.resources.ids import ResourceAction, ResourceCallback


def register(app: App) -> None:
    """Every Slack surface of resources."""
    app.command("/resources")(guarded(search.resources_command))
    app.action(ResourceAction.MORE)(ack_first(search.more_clicked))
    app.action(ResourceAction.HELPFUL)(ack_first(search.helpful_clicked))
    app.action(ResourceAction.SHARE)(ack_first(search.share_clicked))
    app.action(ResourceAction.MANAGE)(ack_first(search.manage_clicked))
    app.options(ResourceAction.TOPICS)(guarded(forms.topic_suggestions))
    app.view(ResourceCallback.ADD)(guarded(forms.submit_add))
    app.view(ResourceCallback.EDIT)(guarded(forms.submit_edit))
    app.view(ResourceCallback.DELETE)(guarded(forms.submit_delete))
    app.view(ResourceCallback.DUPLICATE)(guarded(forms.submit_duplicate))
    app.shortcut(ResourceCallback.SAVE_FROM_MESSAGE)(guarded(forms.save_from_message))
