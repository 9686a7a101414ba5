"""A local stand-in for Slack's Web API, served over real HTTP on loopback.

Usage::

    stub = SlackStub().start()
    client = WebClient(token=stub.bot_token, base_url=stub.api_url)
    ...
    stub.wait_for("chat.postMessage", lambda c: c.args["channel"] == "C1")
    assert not stub.invalid_calls
    stub.stop()
"""

from __future__ import annotations

import math
import threading
import time
import traceback
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

from .faults import FailureInjection, _Injection
from .installs import Installs
from .state import Channel, User
from .transport import LoopbackServer, Request, Response, check_response_body, decode_args, short
from .validation import VALIDATORS, ApiError
from .workspace import Workspace

__all__ = ["Call", "SlackStub"]

_T = TypeVar("_T")


@dataclass
class Call:
    """One Web API call received by the stub."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int
    team: str | None = None  # the workspace whose bot token made the call (None: no bot token)
    at: float = field(default_factory=time.time)  # when the stand-in handled it (wall clock, for delays)


class SlackStub(FailureInjection, Installs):
    """Fake Slack Web API server with a fake workspace, call recording and failure injection."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",  # noqa: S107 - a fake token
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
    ) -> None:
        self.bot_token, self.team_id, self.bot_user_id, self.bot_id = bot_token, team_id, bot_user_id, bot_id
        self._cond = threading.Condition()
        self._server: LoopbackServer | None = None
        self._calls: list[Call] = []
        self._invalid_calls: list[Call] = []
        self._responses: list[dict[str, Any]] = []
        self._injections: list[_Injection] = []
        self._internal_errors: list[str] = []
        self._response_keys = 0
        self._holds: dict[str, threading.Event] = {}
        self._hold_limits: dict[str, float] = {}
        self._held = 0
        self._ws = self._new_workspace()
        self._user_homes: dict[str, str] = {}  # user id -> the workspace they belong to (when not the stub's own)
        self._reset_installs()
        self._limits: dict[str, float] = {}  # method -> calls a second allowed per workspace
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}  # (team, method) -> (tokens, as of)

    def _new_workspace(self) -> Workspace:
        return Workspace(
            team_id=self.team_id, bot_user_id=self.bot_user_id, bot_id=self.bot_id, base_url=lambda: self.base_url
        )

    # ------------------------------------------------------------ lifecycle
    def start(self) -> SlackStub:
        """Bind 127.0.0.1:<free port> and serve from a daemon thread (idempotent)."""
        if self._server is None:
            self._server = LoopbackServer(self._route)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()

    def __enter__(self) -> SlackStub:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("SlackStub is not started; call start() first")
        return self._server.base_url

    @property
    def api_url(self) -> str:
        """Pass as ``WebClient(base_url=...)``; ends with ``/``."""
        return f"{self.base_url}/api/"

    def response_url(self, key: str | None = None) -> str:
        """A response_url under the stub; posts to it are recorded in ``responses`` under ``key``."""
        if key is None:
            with self._cond:
                self._response_keys += 1
                key = f"r{self._response_keys}"
        return f"{self.base_url}/respond/{key}"

    # ------------------------------------------------------------ recordings
    def _locked(self, getter: Callable[[], _T]) -> _T:
        with self._cond:
            return getter()

    @property
    def calls(self) -> list[Call]:
        """Snapshot of every Web API call, in order."""
        return self._locked(lambda: list(self._calls))

    @property
    def invalid_calls(self) -> list[Call]:
        """Calls refused because the request was malformed (includes invalid response_url posts)."""
        return self._locked(lambda: list(self._invalid_calls))

    @property
    def responses(self) -> list[dict[str, Any]]:
        """response_url posts, in order: ``{"key", "body", "ok", "error"}``."""
        return self._locked(lambda: list(self._responses))

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of bugs inside the stub (answered with HTTP 500)."""
        return self._locked(lambda: list(self._internal_errors))

    @property
    def messages(self) -> dict[str, list[dict[str, Any]]]:
        return self._ws.messages

    @property
    def ephemeral_messages(self) -> list[dict[str, Any]]:
        return self._ws.ephemeral_messages

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        return self._ws.views

    @property
    def home_views(self) -> dict[str, dict[str, Any]]:
        return self._ws.home_views

    @property
    def uploads(self) -> list[dict[str, Any]]:
        return self._ws.uploads

    @property
    def users(self) -> dict[str, User]:
        return self._ws.users

    @property
    def group_dms(self) -> dict[str, list[str]]:
        """Group DMs peerbot opened with conversations.open: channel id -> the people in it."""
        return self._locked(lambda: {k: list(v) for k, v in self._ws.group_dms.items()})

    @property
    def channels(self) -> dict[str, Channel]:
        return self._ws.channels

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, predicate: Callable[[Call], bool] | None = None, *, timeout: float = 5.0) -> Call:
        """Return the first call (already received or future) to ``method`` matching ``predicate``.

        A predicate raising KeyError/IndexError/TypeError counts as "no match".
        """

        def find() -> Call | None:
            return next((c for c in self._calls if c.method == method and _matches(predicate, c)), None)

        with self._cond:
            found = self._cond.wait_for(find, timeout=timeout)
            if found is None:
                raise AssertionError(self._timeout_report(f"wait_for({method!r})", timeout))
            return found

    def wait_for_calls(
        self, method: str, count: int, predicate: Callable[[Call], bool] | None = None, *, timeout: float = 5.0
    ) -> list[Call]:
        """Wait until ``count`` calls to ``method`` [matching ``predicate``] have arrived; return them all."""

        def found() -> list[Call] | None:
            matching = [c for c in self._calls if c.method == method and _matches(predicate, c)]
            return matching if len(matching) >= count else None

        with self._cond:
            calls = self._cond.wait_for(found, timeout=timeout)
            if calls is None:
                got = len([c for c in self._calls if c.method == method and _matches(predicate, c)])
                raise AssertionError(f"wait_for_calls({method!r}): {got} of {count} after {timeout}s")
            return calls

    def wait_for_response(
        self, predicate: Callable[[dict[str, Any]], bool] | None = None, *, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Return the first response_url post matching ``predicate`` (waiting up to ``timeout``)."""

        def find() -> dict[str, Any] | None:
            return next((r for r in self._responses if _matches(predicate, r)), None)

        with self._cond:
            found = self._cond.wait_for(find, timeout=timeout)
            if found is None:
                raise AssertionError(self._timeout_report("wait_for_response()", timeout))
            return found

    def _timeout_report(self, what: str, timeout: float) -> str:
        lines = [f"{what} timed out after {timeout}s without a match. Recorded Web API calls ({len(self._calls)}):"]
        for i, c in enumerate(self._calls, 1):
            outcome = "ok" if c.ok else f"error={c.error} status={c.status}"
            lines.append(f"  {i}. {c.method} {outcome} args={short(c.args)}")
        lines.append(f"response_url posts ({len(self._responses)}):")
        lines.extend(
            f"  {i}. key={r['key']} ok={r['ok']} body={short(r['body'])}" for i, r in enumerate(self._responses, 1)
        )
        if self._internal_errors:
            lines.append("stub internal errors:")
            lines.extend(self._internal_errors)
        return "\n".join(lines)

    def reset(self) -> None:
        """Forget calls, responses, pending failures and all workspace state."""
        with self._cond:
            self._calls.clear()
            self._invalid_calls.clear()
            self._responses.clear()
            self._injections.clear()
            self._internal_errors.clear()
            self._ws = self._new_workspace()
            self._user_homes.clear()
            self._reset_installs()
            self._limits.clear()
            self._buckets.clear()

    # ------------------------------------------------------------ rate limits, per workspace
    def limit_rate(self, method: str, *, per_second: float) -> None:
        """Like Slack, allow each workspace ``per_second`` calls to ``method`` (a second's worth at once);
        beyond that answer 429 with Retry-After (real time)."""
        with self._cond:
            self._limits[method] = per_second

    def _over_limit(self, team: str, method: str) -> int | None:
        """Seconds to wait (Retry-After) if this call exceeds the workspace's limit; None if allowed."""
        rate = self._limits.get(method)
        if rate is None:
            return None
        now = time.monotonic()
        tokens, since = self._buckets.get((team, method), (max(rate, 1.0), now))
        tokens = min(max(rate, 1.0), tokens + (now - since) * rate)
        if tokens < 1:
            self._buckets[(team, method)] = (tokens, now)
            return max(math.ceil((1 - tokens) / rate), 1)
        self._buckets[(team, method)] = (tokens - 1, now)
        return None

    # ------------------------------------------------------------ workspace
    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        display_name: str | None = None,
        tz: str = "America/New_York",
        is_bot: bool = False,
        deleted: bool = False,
        team_id: str | None = None,
        workspace: str | None = None,
    ) -> None:
        """``team_id``: another organization (Slack Connect); ``workspace``: another workspace peerbot is in."""
        name = name or user_id.lower()
        zoneinfo.ZoneInfo(tz)  # fail fast on an unknown zone
        with self._cond:
            if workspace is not None:
                self._user_homes[user_id] = workspace
            self._ws.users[user_id] = User(
                user_id,
                name,
                real_name or name,
                display_name if display_name is not None else "",
                tz,
                is_bot,
                deleted,
                team_id,
            )

    def add_organization(self, team_id: str, *, name: str, refuses_dms: bool = False) -> None:
        """Another organization sharing channels through Slack Connect (its people: ``add_user(team_id=...)``)."""
        with self._cond:
            self._ws.orgs[team_id] = name
            if refuses_dms:
                self._ws.dm_refusing_orgs.add(team_id)

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        members: list[str] | tuple[str, ...] = (),
        is_private: bool = False,
        bot_is_member: bool = True,
        is_archived: bool = False,
        team_id: str | None = None,
    ) -> None:
        """``team_id``: the workspace that owns the channel (another workspace's token cannot see it)."""
        with self._cond:
            self._ws.channels[channel_id] = Channel(
                channel_id, name, list(members), is_private, bot_is_member, is_archived, team_id
            )

    def set_channel_members(self, channel_id: str, members: list[str] | tuple[str, ...]) -> None:
        with self._cond:
            self._ws.channels[channel_id].members = list(members)

    def archive_channel(self, channel_id: str) -> None:
        with self._cond:
            self._ws.channels[channel_id].is_archived = True

    def dm_channel(self, user_id: str) -> str:
        """The ``D...`` id of ``user_id``'s DM with the bot."""
        return self._ws.dm_channel(user_id)

    def new_trigger_id(self, *, view_id: str | None = None) -> str:
        """Issue a single-use trigger id (``view_id``: the modal it came from, for views.push)."""
        with self._cond:
            return self._ws.new_trigger_id(view_id)

    # ------------------------------------------------------------ HTTP
    def _route(self, request: Request) -> Response:
        path = request.path
        if path.startswith("/api/"):
            self._hold(path[len("/api/") :])
        elif path.startswith("/respond/"):
            self._hold("response_url")
        if path.startswith("/api/"):
            return self._api(path[len("/api/") :], request)
        if path.startswith("/respond/"):
            return self._respond(path[len("/respond/") :], request.body)
        if path.startswith("/upload/"):
            with self._cond:
                stored = self._ws.receive_upload(path[len("/upload/") :], request.body)
            return Response(200, f"OK - {len(request.body)}", {}) if stored else Response(404, "file_not_found", {})
        return Response(404, {"ok": False, "error": "not_found"}, {})

    def _api(self, method: str, request: Request) -> Response:
        status, headers, invalid = 200, {}, False
        args: dict[str, Any] = {}
        late: _Injection | None = None
        team: str | None = None
        with self._cond:
            try:
                args, token = decode_args(request)
                if method == "oauth.v2.access":
                    payload = {"ok": True, **self._oauth_v2_access(args, request.headers.get("Authorization") or "")}
                    raise _Answered
                if method not in VALIDATORS:
                    raise ApiError("unknown_method", invalid=True)
                if not token:
                    raise ApiError("not_authed", invalid=True)
                team = self._team_of(token)
                self._check_workspace(team, args)
                self._ws.acting_team = team
                VALIDATORS[method](args)
                retry_after = self._over_limit(team, method)
                if retry_after is not None:
                    status, headers = 429, {"Retry-After": str(retry_after)}
                    raise ApiError("ratelimited")
                if method == "auth.test" and team != self.team_id:
                    payload = {"ok": True, **(self._auth_test(team) or {})}
                    raise _Answered
                injected = self._take_injection(method, args)
                if injected is not None and injected.lose_answer:
                    # Slack does the work; what the caller hears (nothing, late, or a 5xx) comes after.
                    self._ws.handle(method, args)
                    late = injected
                    if injected.status is not None:
                        status = injected.status
                        raise ApiError(injected.error)
                    payload: dict[str, Any] = {"ok": True}
                else:
                    if injected is not None:
                        if injected.retry_after is not None:
                            status, headers = 429, {"Retry-After": str(injected.retry_after)}
                        if injected.status is not None:
                            status = injected.status
                        raise ApiError(injected.error)
                    payload = {"ok": True, **self._ws.handle(method, args)}
            except _Answered:
                pass
            except ApiError as exc:
                payload, invalid = {"ok": False, "error": exc.error}, exc.invalid
                if exc.messages:
                    payload["response_metadata"] = {"messages": exc.messages}
            except Exception:
                self._internal_errors.append(f"{method}: {traceback.format_exc()}")
                status, payload, invalid = 500, {"ok": False, "error": "stub_internal_error"}, True
            call = Call(method, args, bool(payload["ok"]), payload.get("error"), status, team)
            self._calls.append(call)
            if invalid:
                self._invalid_calls.append(call)
            self._cond.notify_all()
        if late is not None and late.status is None:
            if late.delay:
                threading.Event().wait(late.delay)  # a slow Slack: the caller's timeout decides
            return Response(status, payload, headers, drop=True)
        return Response(status, payload, headers)

    def _check_workspace(self, team: str, args: dict[str, Any]) -> None:
        """A bot token sees only its own workspace's channels and people, as in Slack."""
        refs = [args.get(key) for key in ("channel", "channel_id", "user", "user_id")]
        users = args.get("users")
        refs += users.split(",") if isinstance(users, str) else list(users or [])
        for ref in (str(r).strip() for r in refs if r):
            dm_user = self._ws._dm_user(ref) if ref.startswith("D") else None
            ref = dm_user.id if dm_user is not None else ref
            channel = self._ws.channels.get(ref)
            owner = (channel.team_id if channel else self._user_homes.get(ref)) or self.team_id
            if (channel is not None or ref in self._ws.users) and owner != team:
                raise ApiError("user_not_found" if channel is None else "channel_not_found")

    def _respond(self, key: str, body: bytes) -> Response:
        data, error, problems = check_response_body(body)
        with self._cond:
            self._responses.append({"key": key, "body": data, "ok": error is None, "error": error})
            if error is not None:
                self._invalid_calls.append(Call("response_url", {"key": key, **data}, False, error, 400))
            self._cond.notify_all()
        if error is None:
            return Response(200, {"ok": True}, {})
        return Response(400, {"ok": False, "error": error, "response_metadata": {"messages": problems}}, {})


class _Answered(Exception):
    """The answer is already in ``payload`` (a method the workspace itself does not handle)."""


def _matches(predicate: Callable[[_T], bool] | None, item: _T) -> bool:
    if predicate is None:
        return True
    try:
        return bool(predicate(item))
    except (KeyError, IndexError, TypeError):
        return False
