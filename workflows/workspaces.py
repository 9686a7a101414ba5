"""Workspaces installed and removed (OAuth mode): tokens dropped at once on removal, networks purged after the grace."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.oauth.installation_store import InstallationStore

from domain.clock import Clock
from slackio.workspaces import InstalledWorkspaces, WorkspaceGone
from storage import workspaces as workspace_store
from storage.db import SessionFactory
from workflows.context import RunContext

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Installs:
    """What the web process needs to react to an install or a removal (OAuth mode only)."""

    store: InstallationStore
    workspaces: InstalledWorkspaces
    session_factory: SessionFactory
    clock: Clock

    def removed(self, *, team_id: str, enterprise_id: str | None) -> None:
        """peerbot was uninstalled, or its bot token revoked: delete the tokens now; purge the data after the grace."""
        self.store.delete_all(enterprise_id=enterprise_id, team_id=team_id)
        self.workspaces.forget(team_id)
        with self.session_factory.begin() as session:
            workspace_store.record_removal(session, team_id=team_id, now=self.clock.now())
        logger.info("workspace %s: peerbot was removed; its tokens are deleted and its networks kept for now", team_id)

    def installed(self, *, team_id: str) -> None:
        """A (re)install: use the new token at once, and keep the networks a removal was going to purge."""
        self.workspaces.forget(team_id)
        with self.session_factory.begin() as session:
            cancelled = workspace_store.cancel_removal(session, team_id=team_id)
        logger.info("workspace %s: peerbot installed%s", team_id, " again; its networks are kept" if cancelled else "")


def purge_removed_workspaces(ctx: RunContext) -> dict[str, int]:
    """The clock's pass: workspaces removed longer ago than the grace period lose their networks."""
    cutoff = ctx.clock.now() - ctx.uninstall_grace
    with ctx.session_factory.begin() as session:
        due = [removal.team_id for removal in workspace_store.removed_before(session, cutoff=cutoff)]
    purged = networks = kept = 0
    for team_id in due:
        if not ctx.covers(team_id):
            continue
        if _installed(ctx, team_id):
            # Installed again by a process that could not record it: nothing is purged.
            with ctx.session_factory.begin() as session:
                workspace_store.cancel_removal(session, team_id=team_id)
            kept += 1
            continue
        with ctx.session_factory.begin() as session:
            removed = workspace_store.purge_workspace(session, team_id=team_id)
        logger.info("workspace %s: grace period over; purged %s network(s)", team_id, removed)
        purged += 1
        networks += removed
    return {"workspaces_purged": purged, "networks_purged": networks, "reinstalled": kept}


def _installed(ctx: RunContext, team_id: str) -> bool:
    if ctx.clients is None:
        return False  # single-workspace mode records no removals; a stray one is honoured
    try:
        ctx.clients.for_team(team_id)
    except WorkspaceGone:
        return False
    return True
