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

import contextlib
import json
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

from .validation import MAX_MESSAGE_TEXT, VALIDATORS, ApiError, validate_blocks
from .workspace import Channel, User, Workspace

__all__ = ["Call", "SlackStub"]

_JSON_FIELDS = ("blocks", "view", "attachments", "files", "metadata", "outputs", "user_auth_blocks")
_T = TypeVar("_T")


@dataclass
class Call:
    """One Web API call received by the stub."""

    method: str
    args: dict[str, Any]
    ok: bool
    error: str | None
    status: int


@dataclass
class _Injection:
    method: str
    error: str
    remaining: int
    when: Callable[[dict[str, Any]], bool] | None = None
    retry_after: int | None = None  # set => HTTP 429 rate limit


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        self.server.stub._dispatch(self)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr logging
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, stub: SlackStub) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stub = stub


def _decode_args(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    ctype = content_type.split(";")[0].strip().lower()
    if body:
        if ctype == "application/json":
            try:
                data = json.loads(body)
            except ValueError:
                raise ApiError("invalid_json", invalid=True) from None
            if not isinstance(data, dict):
                raise ApiError("invalid_json", invalid=True)
            args.update(data)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        else:
            raise ApiError("invalid_form_data", [f"[ERROR] unsupported content type {ctype!r}"], invalid=True)
    for key in _JSON_FIELDS:
        if isinstance(args.get(key), str):
            with contextlib.suppress(ValueError):  # otherwise left as a string; validation reports it
                args[key] = json.loads(args[key])
    return args


def _short(value: Any, limit: int = 240) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class SlackStub:
    """Fake Slack Web API server with a fake workspace, call recording and failure injection."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
    ) -> None:
        self.bot_token, self.team_id, self.bot_user_id, self.bot_id = bot_token, team_id, bot_user_id, bot_id
        self._cond = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._calls: list[Call] = []
        self._invalid_calls: list[Call] = []
        self._responses: list[dict[str, Any]] = []
        self._injections: list[_Injection] = []
        self._internal_errors: list[str] = []
        self._response_keys = 0
        self._ws = self._new_workspace()

    def _new_workspace(self) -> Workspace:
        return Workspace(
            team_id=self.team_id, bot_user_id=self.bot_user_id, bot_id=self.bot_id, base_url=lambda: self.base_url
        )

    # ------------------------------------------------------------ lifecycle
    def start(self) -> SlackStub:
        if self._server is None:
            self._server = _Server(self)
            self._thread = threading.Thread(
                target=self._server.serve_forever, args=(0.05,), name="slackstub", daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

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
        return f"http://127.0.0.1:{self._server.server_address[1]}"

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
            lines.append(f"  {i}. {c.method} {outcome} args={_short(c.args)}")
        lines.append(f"response_url posts ({len(self._responses)}):")
        lines.extend(
            f"  {i}. key={r['key']} ok={r['ok']} body={_short(r['body'])}" for i, r in enumerate(self._responses, 1)
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
    ) -> None:
        name = name or user_id.lower()
        with self._cond:
            self._ws.users[user_id] = User(
                user_id, name, real_name or name, display_name if display_name is not None else "", tz, is_bot, deleted
            )

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        members: list[str] | tuple[str, ...] = (),
        is_private: bool = False,
        bot_is_member: bool = True,
        is_archived: bool = False,
    ) -> None:
        with self._cond:
            self._ws.channels[channel_id] = Channel(
                channel_id, name, list(members), is_private, bot_is_member, is_archived
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

    # ------------------------------------------------------------ failure injection
    def fail_next(
        self, method: str, error: str, *, times: int = 1, when: Callable[[dict[str, Any]], bool] | None = None
    ) -> None:
        """Answer the next ``times`` (valid) calls to ``method`` [matching ``when(args)``] with ``error``."""
        with self._cond:
            self._injections.append(_Injection(method, error, times, when))

    def rate_limit_next(self, method: str, *, retry_after: int = 0, times: int = 1) -> None:
        """Answer the next ``times`` (valid) calls to ``method`` with HTTP 429 + Retry-After."""
        with self._cond:
            self._injections.append(_Injection(method, "ratelimited", times, retry_after=retry_after))

    def _take_injection(self, method: str, args: dict[str, Any]) -> _Injection | None:
        for inj in self._injections:
            if inj.method == method and (inj.when is None or inj.when(args)):
                inj.remaining -= 1
                if inj.remaining <= 0:
                    self._injections.remove(inj)
                return inj
        return None

    # ------------------------------------------------------------ HTTP
    def _dispatch(self, req: _Handler) -> None:
        url = urlsplit(req.path)
        body = req.rfile.read(int(req.headers.get("Content-Length") or 0))
        path = unquote(url.path)
        status, headers = 200, {"Content-Type": "application/json; charset=utf-8"}
        payload: dict[str, Any] | str
        if path.startswith("/api/"):
            status, payload, extra = self._api(path[len("/api/") :], url.query, body, req)
            headers.update(extra)
        elif path.startswith("/respond/"):
            status, payload = self._respond(path[len("/respond/") :], body)
        elif path.startswith("/upload/"):
            with self._cond:
                stored = self._ws.receive_upload(path[len("/upload/") :], body)
            status, payload = (200, f"OK - {len(body)}") if stored else (404, "file_not_found")
            headers["Content-Type"] = "text/plain; charset=utf-8"
        else:
            status, payload = 404, {"ok": False, "error": "not_found"}
        data = (payload if isinstance(payload, str) else json.dumps(payload)).encode("utf-8")
        req.send_response(status)
        for key, value in headers.items():
            req.send_header(key, value)
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)

    def _api(self, method: str, query: str, body: bytes, req: _Handler) -> tuple[int, dict[str, Any], dict[str, str]]:
        status, headers, invalid = 200, {}, False
        args: dict[str, Any] = {}
        with self._cond:
            try:
                args = _decode_args(query, body, req.headers.get("Content-Type", ""))
                auth = req.headers.get("Authorization", "")
                form_token = args.pop("token", None)
                token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else form_token
                if method not in VALIDATORS:
                    raise ApiError("unknown_method", invalid=True)
                if not token:
                    raise ApiError("not_authed", invalid=True)
                if token != self.bot_token:
                    raise ApiError("invalid_auth", invalid=True)
                VALIDATORS[method](args)
                injected = self._take_injection(method, args)
                if injected is not None:
                    if injected.retry_after is not None:
                        status, headers = 429, {"Retry-After": str(injected.retry_after)}
                    raise ApiError(injected.error)
                payload: dict[str, Any] = {"ok": True, **self._ws.handle(method, args)}
            except ApiError as exc:
                payload, invalid = {"ok": False, "error": exc.error}, exc.invalid
                if exc.messages:
                    payload["response_metadata"] = {"messages": exc.messages}
            except Exception:
                self._internal_errors.append(f"{method}: {traceback.format_exc()}")
                status, payload, invalid = 500, {"ok": False, "error": "stub_internal_error"}, True
            call = Call(method, args, bool(payload["ok"]), payload.get("error"), status)
            self._calls.append(call)
            if invalid:
                self._invalid_calls.append(call)
            self._cond.notify_all()
        return status, payload, headers

    def _respond(self, key: str, body: bytes) -> tuple[int, dict[str, Any]]:
        problems: list[str] = []
        error = "invalid_payload"
        try:
            data: Any = json.loads(body or b"null")
        except ValueError:
            data = body.decode("utf-8", "replace")
        if not isinstance(data, dict):
            problems.append("[ERROR] response_url body must be a JSON object")
            data = {"raw": data}
        elif not data.get("delete_original"):
            text, blocks = data.get("text"), data.get("blocks")
            if blocks is not None:
                problems = validate_blocks(blocks)
                error = "invalid_blocks"
            if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
                problems.append("[ERROR] text too long")
                error = "msg_too_long"
            if not problems and not text and not blocks and not data.get("attachments"):
                problems.append("[ERROR] one of text, blocks or attachments is required")
                error = "no_text"
        ok = not problems
        with self._cond:
            self._responses.append({"key": key, "body": data, "ok": ok, "error": None if ok else error})
            if not ok:
                self._invalid_calls.append(Call("response_url", {"key": key, **data}, False, error, 400))
            self._cond.notify_all()
        if ok:
            return 200, {"ok": True}
        return 400, {"ok": False, "error": error, "response_metadata": {"messages": problems}}


def _matches(predicate: Callable[[_T], bool] | None, item: _T) -> bool:
    if predicate is None:
        return True
    try:
        return bool(predicate(item))
    except (KeyError, IndexError, TypeError):
        return False
