"""Local stand-in for Slack's Web API (see ``server.SlackStub``)."""

from .server import Call, SlackStub
from .state import Channel, User
from .validation import ApiError, validate_blocks, validate_view

__all__ = ["ApiError", "Call", "Channel", "SlackStub", "User", "validate_blocks", "validate_view"]
