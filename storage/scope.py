"""A query's workspace scope: a worker's run covers one workspace, the one-process clock every workspace."""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlalchemy.orm import InstrumentedAttribute


def in_workspace(team_column: InstrumentedAttribute[str], team_id: str | None) -> ColumnElement[bool]:
    """Rows whose ``team_column`` is ``team_id``; every row when ``team_id`` is None."""
    return true() if team_id is None else team_column == team_id
