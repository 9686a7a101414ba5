"""Argument and Block Kit validation for the Slack stub.

Everything here is pure: functions take decoded arguments and raise
:class:`ApiError` (or return a list of problems) without touching stub state.
Problems are phrased like Slack's ``response_metadata.messages`` entries,
e.g. ``[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

__all__ = [
    "VALIDATORS",
    "ApiError",
    "validate_blocks",
    "validate_message_content",
    "validate_view",
]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000

_SELECTS = {
    "static_select",
    "external_select",
    "users_select",
    "conversations_select",
    "channels_select",
}
_MULTI_SELECTS = {f"multi_{s}" for s in _SELECTS}
_CHOICES = {"checkboxes", "radio_buttons", "overflow"}
_PICKERS = {"datepicker", "timepicker", "datetimepicker"}
_ACTIONS_ELEMENTS = {"button", "workflow_button"} | _SELECTS | _MULTI_SELECTS | _CHOICES | _PICKERS
_ACCESSORY_ELEMENTS = (_ACTIONS_ELEMENTS - {"datetimepicker"}) | {"image"}
_INPUT_ELEMENTS = (
    (_SELECTS | _MULTI_SELECTS | _PICKERS | {"checkboxes", "radio_buttons"})
    | {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
    | {"rich_text_input", "file_input"}
)
_CONTEXT_ELEMENTS = {"image", "plain_text", "mrkdwn"}
_OPTION_LIMITS = {"overflow": 5, "checkboxes": 10, "radio_buttons": 10}


class ApiError(Exception):
    """A Slack error answer: ``{"ok": false, "error": error}``.

    ``invalid`` marks errors caused by a malformed request (recorded in
    ``SlackStub.invalid_calls``) as opposed to state-dependent errors such as
    ``channel_not_found``.
    """

    def __init__(self, error: str, messages: list[str] | None = None, *, invalid: bool = False) -> None:
        super().__init__(error if not messages else f"{error}: {'; '.join(messages)}")
        self.error = error
        self.messages = list(messages or [])
        self.invalid = invalid


def _err(message: str, path: str) -> str:
    return f"[ERROR] {message} [json-pointer:{path}]"


class _Checker:
    """Walks Block Kit JSON and collects problems."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, message: str, path: str) -> None:
        self.problems.append(_err(message, path))

    def max_len(self, value: Any, limit: int, path: str) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(f"must be less than {limit + 1} characters", path)

    def text(self, obj: Any, path: str, *, limit: int, plain_only: bool = False) -> None:
        if not isinstance(obj, dict):
            self.add("must be a text object", path)
            return
        allowed = {"plain_text"} if plain_only else {"plain_text", "mrkdwn"}
        if obj.get("type") not in allowed:
            self.add(f"must be one of {sorted(allowed)}", f"{path}/type")
        value = obj.get("text")
        if not isinstance(value, str):
            self.add("must be a string", f"{path}/text")
        elif not value:
            self.add("must be more than 0 characters", f"{path}/text")
        else:
            self.max_len(value, limit, f"{path}/text")

    def option(self, opt: Any, path: str) -> None:
        if not isinstance(opt, dict):
            self.add("must be an option object", path)
            return
        self.text(opt.get("text"), f"{path}/text", limit=75)
        value = opt.get("value")
        if value is not None:
            self.max_len(value, 150, f"{path}/value")
        if "description" in opt:
            self.text(opt["description"], f"{path}/description", limit=75)

    def options(self, element: dict[str, Any], path: str) -> None:
        etype = element.get("type", "")
        limit = _OPTION_LIMITS.get(etype, 100)
        options, groups = element.get("options"), element.get("option_groups")
        if etype in {"static_select", "multi_static_select"} and options is None and groups is None:
            self.add("must provide either options or option_groups", path)
        if options is not None:
            if not isinstance(options, list) or not options:
                self.add("must be a non-empty array", f"{path}/options")
            else:
                if len(options) > limit:
                    self.add(f"must have no more than {limit} items", f"{path}/options")
                for i, opt in enumerate(options):
                    self.option(opt, f"{path}/options/{i}")
        if isinstance(groups, list):
            if len(groups) > 100:
                self.add("must have no more than 100 items", f"{path}/option_groups")
            for g, group in enumerate(groups):
                gpath = f"{path}/option_groups/{g}"
                if not isinstance(group, dict):
                    self.add("must be an option group object", gpath)
                    continue
                self.text(group.get("label"), f"{gpath}/label", limit=75, plain_only=True)
                group_opts = group.get("options")
                if not isinstance(group_opts, list) or len(group_opts) > 100:
                    self.add("must be an array of at most 100 options", f"{gpath}/options")
                    continue
                for i, opt in enumerate(group_opts):
                    self.option(opt, f"{gpath}/options/{i}")
        for key in ("initial_option",):
            if key in element:
                self.option(element[key], f"{path}/{key}")

    def element(self, element: Any, path: str, allowed: set[str]) -> None:
        if not isinstance(element, dict):
            self.add("must be an element object", path)
            return
        etype = element.get("type")
        if etype not in allowed:
            self.add(f"unsupported element type {etype!r} here (allowed: {sorted(allowed)})", f"{path}/type")
            return
        if "action_id" in element:
            self.max_len(element["action_id"], 255, f"{path}/action_id")
        if "placeholder" in element:
            self.text(element["placeholder"], f"{path}/placeholder", limit=150, plain_only=True)
        if etype == "button":
            self.text(element.get("text"), f"{path}/text", limit=75, plain_only=True)
            self.max_len(element.get("value"), 2000, f"{path}/value")
            self.max_len(element.get("url"), 3000, f"{path}/url")
            if "style" in element and element["style"] not in ("primary", "danger"):
                self.add("must be 'primary' or 'danger'", f"{path}/style")
        elif etype == "image":
            self.max_len(element.get("alt_text"), 2000, f"{path}/alt_text")
        elif etype in _SELECTS | _MULTI_SELECTS | _CHOICES:
            self.options(element, path)
        elif etype == "plain_text_input":
            self.max_len(element.get("initial_value"), 3000, f"{path}/initial_value")

    def block(self, block: Any, path: str) -> None:
        btype = block.get("type")
        if btype == "section":
            if "text" not in block and "fields" not in block:
                self.add("must provide either text or fields", path)
            if "text" in block:
                self.text(block["text"], f"{path}/text", limit=3000)
            fields = block.get("fields")
            if fields is not None:
                if not isinstance(fields, list) or len(fields) > 10:
                    self.add("must be an array of at most 10 items", f"{path}/fields")
                else:
                    for i, field in enumerate(fields):
                        self.text(field, f"{path}/fields/{i}", limit=2000)
            if "accessory" in block:
                self.element(block["accessory"], f"{path}/accessory", _ACCESSORY_ELEMENTS)
        elif btype == "header":
            self.text(block.get("text"), f"{path}/text", limit=150, plain_only=True)
        elif btype in ("actions", "context"):
            allowed, limit = (_ACTIONS_ELEMENTS, 25) if btype == "actions" else (_CONTEXT_ELEMENTS, 10)
            elements = block.get("elements")
            if not isinstance(elements, list) or not elements:
                self.add("must be a non-empty array", f"{path}/elements")
                return
            if len(elements) > limit:
                self.add(f"must have no more than {limit} items", f"{path}/elements")
            action_ids: set[str] = set()
            for i, element in enumerate(elements):
                epath = f"{path}/elements/{i}"
                if btype == "context" and isinstance(element, dict) and element.get("type") != "image":
                    self.text(element, epath, limit=3000)
                    continue
                self.element(element, epath, allowed)
                action_id = element.get("action_id") if isinstance(element, dict) else None
                if isinstance(action_id, str):
                    if action_id in action_ids:
                        self.add(f"duplicate action_id {action_id!r}", f"{epath}/action_id")
                    action_ids.add(action_id)
        elif btype == "input":
            self.text(block.get("label"), f"{path}/label", limit=2000, plain_only=True)
            if "hint" in block:
                self.text(block["hint"], f"{path}/hint", limit=2000, plain_only=True)
            self.element(block.get("element"), f"{path}/element", _INPUT_ELEMENTS)
        elif btype == "image":
            self.max_len(block.get("alt_text"), 2000, f"{path}/alt_text")
            if "title" in block:
                self.text(block["title"], f"{path}/title", limit=2000, plain_only=True)
        elif btype == "markdown":
            self.max_len(block.get("text"), 12_000, f"{path}/text")


def validate_blocks(blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS, where: str = "/blocks") -> list[str]:
    """Return the list of problems with ``blocks`` (empty if valid)."""
    if not isinstance(blocks, list):
        return [_err("must be an array of blocks", where)]
    checker = _Checker()
    if len(blocks) > max_blocks:
        checker.add(f"must have no more than {max_blocks} items", where)
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        path = f"{where}/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            checker.add("must be a block object with a type", path)
            continue
        try:
            parsed = Block.parse(block)
            if parsed is None:
                checker.add(f"unknown block type {block['type']!r}", f"{path}/type")
                continue
            parsed.to_dict()
        except Exception as exc:  # slack_sdk raises SlackObjectFormationError, TypeError, ...
            checker.add(f"{type(exc).__name__}: {exc}", path)
        block_id = block.get("block_id")
        if block_id is not None:
            checker.max_len(block_id, 255, f"{path}/block_id")
            if block_id in seen_ids:
                checker.add(f"duplicate block_id {block_id!r}", f"{path}/block_id")
            seen_ids.add(block_id)
        checker.block(block, path)
    return checker.problems


def validate_view(view: Any, *, allowed_types: frozenset[str] = frozenset({"modal", "home"})) -> list[str]:
    """Return the list of problems with a view payload (empty if valid)."""
    if not isinstance(view, dict):
        return [_err("must be a view object", "/view")]
    vtype = view.get("type")
    if vtype not in allowed_types:
        return [_err(f"must be one of {sorted(allowed_types)}", "/view/type")]
    try:
        View(**view).to_dict()
    except Exception as exc:
        return [_err(f"{type(exc).__name__}: {exc}", "/view")]
    checker = _Checker()
    if vtype == "modal" or "title" in view:
        checker.text(view.get("title"), "/view/title", limit=24, plain_only=True)
    for key in ("submit", "close"):
        if key in view:
            checker.text(view[key], f"/view/{key}", limit=24, plain_only=True)
    checker.max_len(view.get("callback_id"), 255, "/view/callback_id")
    checker.max_len(view.get("external_id"), 255, "/view/external_id")
    checker.max_len(view.get("private_metadata"), 3000, "/view/private_metadata")
    blocks = view.get("blocks")
    problems = checker.problems + validate_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS, where="/view/blocks")
    has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if vtype == "modal" and "submit" not in view and has_input:
        problems.append(_err("a modal with input blocks must have a submit button", "/view/submit"))
    return problems


# --------------------------------------------------------------------------
# Per-method argument validation
# --------------------------------------------------------------------------


def _present(args: dict[str, Any], key: str) -> bool:
    return args.get(key) not in (None, "")


def _require(args: dict[str, Any], *keys: str) -> None:
    missing = [k for k in keys if not _present(args, k)]
    if missing:
        raise ApiError("invalid_arguments", [f"[ERROR] missing required field: {k}" for k in missing], invalid=True)


def _as_int(args: dict[str, Any], key: str) -> None:
    if key in args:
        try:
            int(args[key])
        except (TypeError, ValueError):
            raise ApiError("invalid_arguments", [_err("must be an integer", f"/{key}")], invalid=True) from None


def validate_message_content(args: dict[str, Any], *, require_content: bool = True) -> None:
    """Check ``text`` / ``blocks`` / ``attachments`` of a message-like payload."""
    text = args.get("text")
    if text is not None and not isinstance(text, str):
        raise ApiError("invalid_arguments", [_err("must be a string", "/text")], invalid=True)
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        raise ApiError(
            "msg_too_long", [_err(f"must be less than {MAX_MESSAGE_TEXT + 1} characters", "/text")], invalid=True
        )
    blocks = args.get("blocks")
    if blocks is not None:
        if isinstance(blocks, str):
            raise ApiError("invalid_blocks_format", [_err("must be a JSON array of blocks", "/blocks")], invalid=True)
        problems = validate_blocks(blocks)
        if problems:
            raise ApiError("invalid_blocks", problems, invalid=True)
    attachments = args.get("attachments")
    if attachments is not None and not isinstance(attachments, list):
        raise ApiError("invalid_attachments", [_err("must be a JSON array", "/attachments")], invalid=True)
    if require_content and not text and not blocks and not attachments:
        raise ApiError("no_text", ["[ERROR] one of text, blocks or attachments is required"], invalid=True)


def _view_validator(*required: str, types: frozenset[str]) -> Callable[[dict[str, Any]], None]:
    def check(args: dict[str, Any]) -> None:
        _require(args, *required, "view")
        problems = validate_view(args["view"], allowed_types=types)
        if problems:
            raise ApiError("invalid_arguments", problems, invalid=True)

    return check


def _views_update(args: dict[str, Any]) -> None:
    if not _present(args, "view_id") and not _present(args, "external_id"):
        raise ApiError("invalid_arguments", ["[ERROR] either view_id or external_id is required"], invalid=True)
    _view_validator(types=frozenset({"modal", "home"}))(args)


def _complete_upload(args: dict[str, Any]) -> None:
    _require(args, "files")
    files = args["files"]
    if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
        raise ApiError(
            "invalid_arguments", [_err("must be a JSON array of {id, title} objects", "/files")], invalid=True
        )


def _post(args: dict[str, Any]) -> None:
    _require(args, "channel")
    validate_message_content(args)


def _ephemeral(args: dict[str, Any]) -> None:
    _require(args, "channel", "user")
    validate_message_content(args)


def _update(args: dict[str, Any]) -> None:
    _require(args, "channel", "ts")
    validate_message_content(args)


def _members(args: dict[str, Any]) -> None:
    _require(args, "channel")
    _as_int(args, "limit")


def _upload_url(args: dict[str, Any]) -> None:
    _require(args, "filename", "length")
    _as_int(args, "length")
    if int(args["length"]) <= 0:
        raise ApiError("invalid_arguments", [_err("must be a positive integer", "/length")], invalid=True)


def _open(args: dict[str, Any]) -> None:
    if not _present(args, "users") and not _present(args, "channel"):
        raise ApiError("users_list_not_supplied", ["[ERROR] missing required field: users"], invalid=True)


def _requires(*keys: str) -> Callable[[dict[str, Any]], None]:
    return lambda args: _require(args, *keys)


VALIDATORS: dict[str, Callable[[dict[str, Any]], None]] = {
    "auth.test": _requires(),
    "users.info": _requires("user"),
    "team.info": _requires(),
    "conversations.info": _requires("channel"),
    "conversations.members": _members,
    "conversations.open": _open,
    "chat.postMessage": _post,
    "chat.postEphemeral": _ephemeral,
    "chat.update": _update,
    "chat.delete": _requires("channel", "ts"),
    "views.open": _view_validator("trigger_id", types=frozenset({"modal"})),
    "views.push": _view_validator("trigger_id", types=frozenset({"modal"})),
    "views.update": _views_update,
    "views.publish": _view_validator("user_id", types=frozenset({"home"})),
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
}
"""Method name -> argument validator; the keys are also the stub's supported methods."""
