"""Sending files to a person through Slack's external upload flow."""

from __future__ import annotations

from slack_sdk import WebClient


def upload_to_dm(client: WebClient, *, user_id: str, filename: str, content: bytes, title: str, comment: str) -> str:
    """Upload ``content`` into the person's DM with peerbot (files.getUploadURLExternal, POST, complete)."""
    channel = str(client.conversations_open(users=user_id)["channel"]["id"])
    client.files_upload_v2(channel=channel, filename=filename, content=content, title=title, initial_comment=comment)
    return channel
