"""Whether the listener now running has committed a write: what lets an apology say "nothing was changed".

``watch_writes`` hooks the session factory once: a session remembers that it
wrote (a flush, or an INSERT/UPDATE/DELETE statement), and when that transaction
commits, the listener watching in this context is told. Reads that commit, and
writes rolled back, do not count.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from storage.db import SessionFactory

_WROTE = "peerbot_wrote"


@dataclass
class ListenerWrites:
    committed: bool = False


_current: ContextVar[ListenerWrites | None] = ContextVar("peerbot_listener_writes", default=None)


@contextmanager
def watching() -> Iterator[ListenerWrites]:
    """Record, for the code run inside, whether any of its transactions committed a write."""
    writes = ListenerWrites()
    token = _current.set(writes)
    try:
        yield writes
    finally:
        _current.reset(token)


def watch_writes(session_factory: SessionFactory) -> None:
    for name, hook in (
        ("do_orm_execute", _on_execute),
        ("after_flush", _on_flush),
        ("after_commit", _on_commit),
        ("after_rollback", _on_rollback),
    ):
        if not event.contains(session_factory, name, hook):
            event.listen(session_factory, name, hook)


def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _on_flush(session: Session, _flush_context: Any) -> None:
    session.info[_WROTE] = True


def _on_commit(session: Session) -> None:
    wrote = session.info.pop(_WROTE, False)
    writes = _current.get()
    if wrote and writes is not None:
        writes.committed = True


def _on_rollback(session: Session) -> None:
    session.info.pop(_WROTE, None)
