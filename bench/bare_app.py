"""A bare Bolt app that acknowledges everything: the baseline bench/bursts.py measures peerbot against.

    python bench/bare_app.py PORT        # gunicorn, the same settings as `peerbot serve`

It is served exactly as peerbot is (bot/server.py: gthread workers x 4 threads,
access log on stdout), needs SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL
and WEB_CONCURRENCY, and answers /healthz.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient


def build() -> Any:
    app = App(
        client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
    )

    @app.action(re.compile(".*"))  # type: ignore[misc]
    def any_action(ack: Ack) -> None:
        ack()

    @app.command(re.compile(".*"))  # type: ignore[misc]
    def any_command(ack: Ack) -> None:
        ack()

    slack = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        return slack(environ, start_response)

    return wsgi


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, port: int) -> None:
        self._port = port
        super().__init__()

    def load_config(self) -> None:
        options: dict[str, Any] = {
            "bind": f"127.0.0.1:{self._port}",
            "workers": int(os.environ.get("WEB_CONCURRENCY", "2")),
            "worker_class": "gthread",
            "threads": 4,
            "timeout": 30,
            "graceful_timeout": 20,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "bare-bolt-web",
        }
        for key, value in options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return build()


if __name__ == "__main__":
    _Gunicorn(int(sys.argv[1])).run()
