"""peerbot removed from a workspace: its tokens go at once (its networks stay for the grace period)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from handlers.kit.deps import Deps

logger = logging.getLogger(__name__)


def app_uninstalled(context: BoltContext, deps: Deps) -> None:
    _removed(context, deps)


def tokens_revoked(event: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    tokens = event.get("tokens")
    # peerbot stores only bot tokens: a revoked user token (someone's sign-in elsewhere) changes nothing here.
    if isinstance(tokens, dict) and tokens.get("bot"):
        _removed(context, deps)


def _removed(context: BoltContext, deps: Deps) -> None:
    team_id = context.team_id
    if not team_id:
        logger.warning("a removal event named no workspace; nothing was changed")
    elif deps.installs is None:
        # Single-workspace mode: nothing to delete; the operator needs to know the token is dead.
        logger.warning("peerbot was removed from workspace %s: SLACK_BOT_TOKEN no longer works there", team_id)
    else:
        deps.installs.removed(team_id=team_id, enterprise_id=context.enterprise_id)
