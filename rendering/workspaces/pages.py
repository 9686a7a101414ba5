"""Plain pages for installing peerbot: the start, success and failure. Everything shown is escaped."""

from __future__ import annotations

from html import escape

# Why an install failed, in the installer's words. Bolt names the reason; anything else gets the generic line,
# and nothing the browser sent is ever echoed back.
FAILURES = {
    "access_denied": "The installation was cancelled in Slack, so nothing was installed.",
    "invalid_browser": (
        "This browser did not start the installation (or its cookie expired). "
        "Start again from the install page in the same browser."
    ),
    "invalid_state": "This installation link has expired or was already used. Start again from the install page.",
    "missing_code": "Slack did not send an installation code. Start again from the install page.",
    "invalid_code": "Slack did not accept the installation code (it expired or was used). Start again.",
    "storage_error": "peerbot could not save the installation. Please try again in a minute.",
}
GENERIC_FAILURE = "The installation did not complete. Start again from the install page."


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em;"
        "line-height:1.5}</style>\n"
        f"</head>\n<body>\n<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def install_page(authorize_url: str) -> str:
    """The link to Slack's consent screen (the state cookie was set with this page)."""
    return _page(
        "Add peerbot to Slack",
        "<p>peerbot keeps a peer learning network going between and around its meetings.</p>\n"
        f'<p><a href="{escape(authorize_url)}">Add peerbot to a Slack workspace</a></p>',
    )


def success_page(*, team_name: str | None, install_path: str) -> str:
    where = f"<strong>{escape(team_name)}</strong>" if team_name else "your workspace"
    return _page(
        "peerbot is installed",
        f"<p>peerbot is now installed in {where}.</p>\n"
        "<p>In Slack, invite peerbot to your network's channel (<code>/invite @peerbot</code>) and run "
        "<code>/peerbot setup</code> there.</p>\n"
        f'<p>To add peerbot to another workspace, go to <a href="{escape(install_path)}">the install page</a>.</p>',
    )


def failure_page(*, reason: str, install_path: str) -> str:
    return _page(
        "peerbot was not installed",
        f"<p>{escape(FAILURES.get(reason, GENERIC_FAILURE))}</p>\n"
        f'<p><a href="{escape(install_path)}">Start again</a></p>',
    )
