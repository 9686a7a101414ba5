"""HTTP plumbing for the Slack stub: a loopback server and request-body decoding."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .validation import MAX_MESSAGE_TEXT, ApiError, validate_blocks

__all__ = ["LoopbackServer", "Request", "Response", "check_response_body", "decode_args", "short"]

JSON_FIELDS = ("blocks", "view", "attachments", "files", "metadata", "outputs", "user_auth_blocks")


@dataclass
class Request:
    path: str  # URL-decoded path, e.g. "/api/chat.postMessage"
    query: str
    body: bytes
    headers: Message


@dataclass
class Response:
    status: int
    payload: dict[str, Any] | str  # dicts are sent as JSON, strings as text/plain
    headers: dict[str, str]
    drop: bool = False  # close the connection without answering (the answer is lost)


Router = Callable[[Request], Response]


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        resp = self.server.router(Request(unquote(url.path), url.query, body, self.headers))
        if resp.drop:
            self.close_connection = True
            return
        if isinstance(resp.payload, str):
            data, ctype = resp.payload.encode("utf-8"), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(resp.payload).encode("utf-8"), "application/json; charset=utf-8"
        self.send_response(resp.status)
        self.send_header("Content-Type", ctype)
        for key, value in resp.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Slack takes every connection; socketserver's default backlog (5) would reset some under a fan-out
    # from several processes, which peerbot must then treat as possibly sent.
    request_queue_size = 1024

    def __init__(self, router: Router) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.router = router


class LoopbackServer:
    """``ThreadingHTTPServer`` on 127.0.0.1:<free port>, served from a daemon thread."""

    def __init__(self, router: Router) -> None:
        self._server = _HTTPServer(router)
        # serve_forever's poll interval only bounds how long shutdown() takes.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="slackstub", daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def decode_args(request: Request) -> tuple[dict[str, Any], str | None]:
    """Decode a Web API request into (arguments, token); JSON-string fields such as ``blocks`` are parsed."""
    args: dict[str, Any] = dict(parse_qsl(request.query, keep_blank_values=True))
    ctype = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if request.body:
        if ctype == "application/json":
            try:
                data = json.loads(request.body)
            except ValueError:
                raise ApiError("invalid_json", invalid=True) from None
            if not isinstance(data, dict):
                raise ApiError("invalid_json", invalid=True)
            args.update(data)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            args.update(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
        else:
            raise ApiError("invalid_form_data", [f"[ERROR] unsupported content type {ctype!r}"], invalid=True)
    for key in JSON_FIELDS:
        if isinstance(args.get(key), str):
            with contextlib.suppress(ValueError):  # otherwise left as a string; validation reports it
                args[key] = json.loads(args[key])
    form_token = args.pop("token", None)
    auth = request.headers.get("Authorization") or ""
    token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else form_token
    return args, (str(token) if token else None)


def check_response_body(body: bytes) -> tuple[dict[str, Any], str | None, list[str]]:
    """Validate a response_url post: (decoded body, error code or None, problems)."""
    try:
        data: Any = json.loads(body or b"null")
    except ValueError:
        data = body.decode("utf-8", "replace")
    if not isinstance(data, dict):
        return {"raw": data}, "invalid_payload", ["[ERROR] response_url body must be a JSON object"]
    if data.get("delete_original"):
        return data, None, []
    text, blocks = data.get("text"), data.get("blocks")
    if blocks is not None:
        problems = validate_blocks(blocks)
        if problems:
            return data, "invalid_blocks", problems
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return (
            data,
            "msg_too_long",
            [f"[ERROR] must be less than {MAX_MESSAGE_TEXT + 1} characters [json-pointer:/text]"],
        )
    if not text and not blocks and not data.get("attachments"):
        return data, "no_text", ["[ERROR] one of text, blocks or attachments is required"]
    return data, None, []


def short(value: Any, limit: int = 240) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
