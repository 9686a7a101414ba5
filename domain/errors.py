"""Errors whose message is written for the person who caused them."""

from __future__ import annotations


class PeerbotError(Exception):
    """A refusal or problem the user should read; ``message`` is Slack mrkdwn."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(PeerbotError):
    """The person lacks the role for what they asked."""


class NotOnRoster(NotAllowed):
    """The person is not on the network's roster: a cue to look at the channel's members before refusing."""

    def __init__(self, message: str, *, network_id: int, user_id: str) -> None:
        super().__init__(message)
        self.network_id, self.user_id = network_id, user_id


class NotFound(PeerbotError):
    """What the person referred to does not exist (any more)."""


class InvalidInput(PeerbotError):
    """Form input that fails validation; ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
