"""Scopes from the code: every Web API method peerbot calls is covered, and the manifest asks for nothing more."""

from __future__ import annotations

import ast
import inspect
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.oauth import BOT_SCOPES as OAUTH_SCOPES
from slackio.scopes import BOT_SCOPES, METHOD_SCOPES, scopes_needed

ROOT = Path(__file__).parents[2]
PACKAGES = ("bot", "handlers", "jobs", "storage", "domain", "rendering", "slackio", "workflows")
# The one place that forwards a method name it was given (the paced client); every other api_call names its method.
PASS_THROUGH = Path("slackio/client.py")
CLIENT_METHODS = {name for name, _ in inspect.getmembers(WebClient, inspect.isfunction) if not name.startswith("_")}


@cache
def api_methods(client_method: str) -> frozenset[str]:
    """The Web API methods a WebClient method calls: its own, or those of the methods it uses (files_upload_v2)."""
    source = inspect.getsource(getattr(WebClient, client_method))
    named = re.findall(r'api_call\(\s*"([^"]+)"', source)
    if named:
        return frozenset(named)
    used = set(re.findall(r"self\.(\w+)\(", source)) & CLIENT_METHODS
    return frozenset().union(*(api_methods(name) for name in used))


def _literal(node: ast.Call) -> str | None:
    argument: Any = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "api_method"), None)
    return argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None


def calls_in_source() -> tuple[set[str], list[str]]:
    """Every Web API method peerbot's source calls, and any call whose method can't be read from the source."""
    methods: set[str] = set()
    unreadable: list[str] = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if name in CLIENT_METHODS - {"api_call"} and isinstance(func, ast.Attribute):
                    methods |= api_methods(name)  # client.chat_postMessage(…), slack.views_open(…), self.client…
                elif name == "api_call":
                    literal = _literal(node)
                    if literal is not None:
                        methods.add(literal)
                    elif relative != PASS_THROUGH:
                        unreadable.append(f"{relative}:{node.lineno}")
                elif name == "say":  # Bolt's say() posts with chat.postMessage
                    methods.add("chat.postMessage")
    return methods, unreadable


def manifest() -> dict[str, Any]:
    return dict(json.loads((ROOT / "manifest.json").read_text(encoding="utf-8")))


def test_the_scan_finds_every_shape_of_call_peerbot_uses() -> None:
    methods, unreadable = calls_in_source()
    assert unreadable == [], "name the Web API method literally so its scope can be checked"
    # client.x (listeners), slack.x (live cards), client.files_upload_v2 (two methods), directory lookups.
    assert {
        "views.open",
        "chat.update",
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
        "team.info",
        "conversations.members",
        "auth.test",
    } <= methods


def test_every_web_api_method_peerbot_calls_has_its_scopes_in_the_table() -> None:
    methods, _ = calls_in_source()
    assert sorted(methods - set(METHOD_SCOPES)) == [], "add these methods and their scopes to slackio/scopes.py"


def test_the_manifest_asks_for_exactly_the_scopes_peerbot_uses() -> None:
    app = manifest()
    asked = app["oauth_config"]["scopes"]["bot"]
    methods, _ = calls_in_source()
    surfaces = [surface for surface in ("slash_commands", "shortcuts") if app["features"].get(surface)]
    needed = scopes_needed(
        methods=methods, events=app["settings"]["event_subscriptions"]["bot_events"], surfaces=surfaces
    )
    assert len(asked) == len(set(asked))
    assert sorted(needed - set(asked)) == [], "manifest.json is missing scopes peerbot's calls need"
    assert sorted(set(asked) - needed) == [], "manifest.json asks for scopes nothing in peerbot uses"
    assert tuple(asked) == BOT_SCOPES == OAUTH_SCOPES  # OAuth installs ask for the manifest's list


def test_readme_scope_table_explains_exactly_the_manifest_scopes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Scopes, and why each is needed", 1)[1].split("\n#", 1)[0]
    explained = re.findall(r"^\| `([a-z.:]+)` \|", section, flags=re.MULTILINE)
    assert sorted(explained) == sorted(manifest()["oauth_config"]["scopes"]["bot"])
