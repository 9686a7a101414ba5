"""One error policy: domain refusals become friendly messages, anything else an honest apology.

Listeners are registered through ``guarded``, which catches errors inside the
listener. Letting them escape is not safe: when a listener raises after ack(),
Bolt's thread runner resets the acknowledged response, and Slack can get a 404
after its 3-second wait instead of the answer already given.

The apology says "nothing was changed" only when the listener committed no write.
An error is answered at a ``response_url`` only for a request whose signature was
verified: otherwise the sender, not Slack, chose that URL.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.context.respond import Respond
from slack_bolt.kwargs_injection import Args

from domain.errors import NotOnRoster, PeerbotError
from handlers.kit.subjects import Refused, resolve, resolver_of
from handlers.kit.writes import watching
from rendering.common import notice_modal
from storage.db import database_was_busy
from workflows.home import tell_on_home
from workflows.network.roster import join_if_in_channel

logger = logging.getLogger("peerbot.errors")

APOLOGY = (
    "Sorry, something went wrong on peerbot's side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell a facilitator (reference `{ref}`)."
)
APOLOGY_AFTER_CHANGES = (
    "Sorry, something went wrong on peerbot's side, and part of what you asked may already be done: "
    "check before trying again. If it keeps happening, tell a facilitator (reference `{ref}`)."
)

# Set by a global middleware, which Bolt runs only after its signature check passed
# (Socket Mode requests come over the app's own authenticated connection).
REQUEST_VERIFIED = "peerbot_request_verified"


BUSY = "peerbot is busy right now and nothing was saved. Please try again in a moment."
BUSY_AFTER_CHANGES = (
    "peerbot is busy right now, and part of what you asked may already be done: check before trying again."
)


def message_for(error: Exception, body: dict[str, Any], *, changed: bool = False) -> str:
    if isinstance(error, PeerbotError):
        return error.message
    if database_was_busy(error):
        # The transaction that gave up waiting for a lock rolled back; an earlier one may have committed.
        logger.warning("database busy; %s request refused", body.get("type") or body.get("command") or "unknown")
        return BUSY_AFTER_CHANGES if changed else BUSY
    ref = uuid.uuid4().hex[:8]
    # Log the exception type and where it happened, never the request body: it can
    # carry tokens, and an anonymous answer must never reach a log line.
    logger.error(
        "unhandled %s in %s request (ref %s)",
        type(error).__name__,
        body.get("type") or body.get("command") or "unknown",
        ref,
        exc_info=error,
    )
    return (APOLOGY_AFTER_CHANGES if changed else APOLOGY).format(ref=ref)


def handle_error(error: Exception, body: dict[str, Any], respond: Respond | None, context: BoltContext) -> None:
    """Bolt's error handler: errors raised outside a guarded listener (middleware, matching)."""
    if not context.get(REQUEST_VERIFIED):
        # Not verified: log no traceback (the sender controls the input) and call nobody back.
        logger.warning("%s before the request was verified; nothing answered", type(error).__name__)
        return
    _answer(message_for(error, body), body, respond)


def run_and_answer(work: Callable[[], None], body: dict[str, Any], respond: Respond | None) -> None:
    """Run a listener's work off the ack path; its error is answered here (listeners run only once verified)."""
    with watching() as writes:
        try:
            work()
            return
        except Exception as caught:
            error = caught
    _answer(message_for(error, body, changed=writes.committed), body, respond)


def _answer(message: str, body: dict[str, Any], respond: Respond | None) -> None:
    if respond is not None and (body.get("response_url") or body.get("response_urls")):
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.warning("could not deliver an error message to the user")


def _on_home(body: dict[str, Any]) -> bool:
    """A click on the Home tab: no response_url to answer at, and a Home that may show a stale button."""
    return body.get("type") == "block_actions" and (body.get("view") or {}).get("type") == "home"


def _answer_on_home(message: str, body: dict[str, Any], args: Args) -> None:
    """Never silence: a modal saying why (or a notice on the Home), and the Home redrawn."""
    deps = args.context.get("deps")
    team_id = (body.get("team") or {}).get("id") or args.context.team_id
    user_id = (body.get("user") or {}).get("id")
    if deps is None or not team_id or not user_id:
        return
    tell_on_home(
        deps.session_factory,
        args.client,
        team_id=str(team_id),
        user_id=str(user_id),
        trigger_id=body.get("trigger_id"),
        message=message,
        now=deps.now(),
    )


def guarded(listener: Callable[..., None]) -> Callable[[Args], None]:
    """Wrap a listener so its errors are answered here, and Slack always gets an acknowledgement.

    A listener marked with ``@resolves`` gets its ``payload`` and ``subject`` loaded and authorized here first
    (``handlers/kit/subjects.py``), so a refusal is answered like any other error.
    """
    names = inspect.getfullargspec(listener).args
    resolver = resolver_of(listener)

    def run(args: Args) -> None:
        kwargs = {name: getattr(args, name) if hasattr(args, name) else args.context.get(name) for name in names}
        if "interaction" in names:
            kwargs["interaction"] = args.context["deps"].interaction(args.client, args.context.bot_user_id)

        def attempt() -> None:
            if resolver is not None:
                resolved = resolve(resolver, args.body or {}, args.context["deps"].session_factory)
                given = {"payload": resolved.payload, "subject": resolved.subject}
                kwargs.update({name: given[name] for name in given if name in names})
            listener(**kwargs)

        with watching() as writes:
            try:
                attempt()
                return
            except Exception as caught:
                error = caught
        missing = _not_on_roster(error)
        if missing is not None and not writes.committed and _joined_after_looking(args, missing):
            with watching() as writes:
                try:
                    attempt()  # once more, now that they are on the roster
                    return
                except Exception as caught:
                    error = caught
        body = args.body or {}
        message = message_for(error, body, changed=writes.committed)
        if args.ack.response is None and body.get("type") == "view_submission":
            title = "Something went wrong" if writes.committed else "Not saved"
            if isinstance(error, Refused):
                title = error.title
            args.ack(response_action="update", view=notice_modal(title, message).to_dict())
            return
        if args.ack.response is None:
            args.ack()
        if _on_home(body):
            _answer_on_home(message, body, args)
            return
        _answer(message, body, args.respond)

    run.__name__ = getattr(listener, "__name__", "listener")
    run.__qualname__ = getattr(listener, "__qualname__", run.__name__)
    return run


def _not_on_roster(error: Exception) -> NotOnRoster | None:
    """The refusal of someone missing from the roster, raised by a listener or by its resolver (``Refused``)."""
    if isinstance(error, NotOnRoster):
        return error
    if isinstance(error, Refused) and isinstance(error.__cause__, NotOnRoster):
        return error.__cause__
    return None


def _joined_after_looking(args: Args, error: NotOnRoster) -> bool:
    """Before refusing someone not on the roster, look at the channel's members (as a join event does).

    The look calls Slack, so it happens only once the request is acknowledged: a form submission still
    waiting for its answer is refused as before (the button that opened the form already looked)."""
    body = args.body or {}
    deps = args.context.get("deps")
    if deps is None or args.client is None:
        return False
    if args.ack.response is None:
        if body.get("type") == "view_submission":
            return False
        args.ack()
    return join_if_in_channel(
        deps.session_factory,
        args.client,
        deps.clock,
        network_id=error.network_id,
        user_id=error.user_id,
        bot_user_id=args.context.bot_user_id,
    )


def looking_at_the_roster(work: Callable[[], None], *, deps: Any, client: Any, bot_user_id: str | None) -> None:
    """Run acknowledged work; refused for someone missing from the roster, look at the channel's members
    (as a join event does) and, when they are there and now on the roster, run it once more."""
    try:
        work()
    except NotOnRoster as error:
        if (
            deps is None
            or client is None
            or not join_if_in_channel(
                deps.session_factory,
                client,
                deps.clock,
                network_id=error.network_id,
                user_id=error.user_id,
                bot_user_id=bot_user_id,
            )
        ):
            raise
        work()


def _mark_verified(context: BoltContext, next: Callable[[], None]) -> None:
    context[REQUEST_VERIFIED] = True
    next()


def register(app: App) -> None:
    app.middleware(_mark_verified)
    app.error(handle_error)
