"""Slack surfaces of the resource library: /resources, its forms, buttons and shortcut."""

from __future__ import annotations

from slack_bolt import App

from handlers.kit.after_ack import ack_first
from handlers.kit.errors import guarded
from handlers.resources import forms, search
from rendering.ids import ResourceActionId, ResourceCallbackId


def register(app: App) -> None:
    """Every Slack surface of resources."""
    app.command("/resources")(guarded(search.resources_command))
    app.action(ResourceActionId.MORE)(ack_first(search.more_clicked))
    app.action(ResourceActionId.HELPFUL)(ack_first(search.helpful_clicked))
    app.action(ResourceActionId.SHARE)(ack_first(search.share_clicked))
    app.action(ResourceActionId.MANAGE)(ack_first(search.manage_clicked))
    app.options(ResourceActionId.TOPICS)(guarded(forms.topic_suggestions))
    app.view(ResourceCallbackId.ADD)(guarded(forms.submit_add))
    app.view(ResourceCallbackId.EDIT)(guarded(forms.submit_edit))
    app.view(ResourceCallbackId.DELETE)(guarded(forms.submit_delete))
    app.view(ResourceCallbackId.DUPLICATE)(guarded(forms.submit_duplicate))
    app.shortcut(ResourceCallbackId.SAVE_FROM_MESSAGE)(guarded(forms.save_from_message))
