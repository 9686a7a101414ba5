"""Engines and sessions: URL normalisation, SQLite tuning, the unit-of-work factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]

DEFAULT_DATABASE_URL = "sqlite:///peerbot.db"

# How long a transaction waits for another one's lock. Requests from Slack must be
# answered within 3 seconds, so they give up early and the person is asked to try
# again; the clock process has no such deadline and may wait longer.
REQUEST_LOCK_TIMEOUT = 2.0
BACKGROUND_LOCK_TIMEOUT = 30.0
# Work done after Slack already has its answer (post-ack) has no 3-second deadline: it may wait
# this long for a lock rather than give up on a click the person was told had been received.
AFTER_ACK_LOCK_TIMEOUT = 15.0

_patience: ContextVar[float | None] = ContextVar("peerbot_lock_patience", default=None)


@contextmanager
def patient_transactions(seconds: float) -> Iterator[None]:
    """Transactions begun in this context (this thread) wait up to ``seconds`` for another's lock."""
    token = _patience.set(seconds)
    try:
        yield
    finally:
        _patience.reset(token)


def lock_patience() -> float | None:
    """The patience ``patient_transactions`` set for this thread, for work it hands to other threads."""
    return _patience.get()


# An execution option: transactions of an engine or session bound with it only read.
READ_ONLY = "peerbot_read_only"


class DatabaseUrlError(ValueError):
    """A DATABASE_URL that peerbot cannot use."""


def normalize_database_url(raw: str) -> URL:
    """Turn a user-supplied URL into one SQLAlchemy can use with our drivers.

    Heroku-style ``postgres://`` and plain ``postgresql://`` both mean psycopg 3.
    """
    value = raw.strip()
    if value.startswith("postgres://"):
        value = "postgresql://" + value[len("postgres://") :]
    try:
        url = make_url(value)
    except ArgumentError as exc:
        raise DatabaseUrlError("is not a database URL") from exc
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.get_driver_name() not in ("psycopg", "psycopg2") or "+" not in url.drivername:
            url = url.set(drivername="postgresql+psycopg")
        if not url.database:
            raise DatabaseUrlError("names no database")
        return url
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise DatabaseUrlError("must name a SQLite file (an in-memory database would lose everything)")
        return url
    raise DatabaseUrlError(f"uses the unsupported backend {backend!r}")


def display_url(url: URL) -> str:
    """A URL safe to print: the password is masked."""
    return url.render_as_string(hide_password=True)


def create_db_engine(url: URL | str, *, lock_timeout: float = BACKGROUND_LOCK_TIMEOUT, **kwargs: Any) -> Engine:
    """Build an engine with the settings each backend needs for safe concurrent use.

    ``lock_timeout`` (seconds) bounds how long a statement waits for another
    transaction's lock before failing with an error ``database_was_busy`` recognises.
    Statement parameters are hidden from error messages: they can hold what a
    member wrote, and errors end up in logs.
    """
    url = normalize_database_url(url) if isinstance(url, str) else url
    millis = max(int(lock_timeout * 1000), 1)
    connect_args = dict(kwargs.pop("connect_args", {}))
    if url.get_backend_name() == "sqlite":
        connect_args.update(timeout=lock_timeout, check_same_thread=False)
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True, **kwargs)
        _tune_sqlite(engine, busy_millis=millis)
        return engine
    connect_args.setdefault("options", f"-c lock_timeout={millis}")
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        patience = _patience.get()
        if patience is not None:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(patience * 1000), 1)}")

    return engine


def _tune_sqlite(engine: Engine, *, busy_millis: int) -> None:
    # pysqlite's own transaction handling starts transactions lazily, which lets two
    # writers deadlock on lock upgrade. Take control: autocommit at the driver level,
    # and an explicit BEGIN IMMEDIATE so a writing transaction holds the write lock
    # from the start and waits (busy timeout) instead of failing. Read-only work
    # begins a deferred transaction: under WAL it reads a snapshot and never waits
    # for a writer.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_millis}")
        # Deleted and rewritten rows are zeroed, not left behind in free space (anonymous answers' old order).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Pooled connections keep their last busy timeout: set it for every transaction.
        patience = _patience.get()
        connection.exec_driver_sql(
            f"PRAGMA busy_timeout={busy_millis if patience is None else max(int(patience * 1000), 1)}"
        )
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


def create_session_factory(
    engine: Engine, *, answer_key: bytes | None = None, facilitators: frozenset[str] = frozenset()
) -> SessionFactory:
    """Sessions for ``engine``, carrying the deployment's settings every unit of work needs.

    ``answer_key`` (kept out of the database) seals anonymous pulse answers; ``facilitators`` are the
    configured facilitators (PEERBOT_FACILITATORS), so role checks need not be handed them at each call.
    """
    return sessionmaker(
        bind=engine, expire_on_commit=False, info={"answer_key": answer_key, "facilitators": facilitators}
    )


def read_only_sessions(session_factory: SessionFactory) -> SessionFactory:
    """Sessions for work that only reads: on SQLite they take no write lock, so a writer never holds them up."""
    bind = session_factory.kw["bind"]
    return sessionmaker(
        bind=bind.execution_options(**{READ_ONLY: True}),
        expire_on_commit=False,
        info=dict(session_factory.kw.get("info") or {}),  # the answer key too: reads may open a waiting answer
    )


def database_was_busy(error: BaseException) -> bool:
    """True when a statement gave up waiting for another transaction's lock (nothing of it was saved)."""
    if not isinstance(error, OperationalError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    message = str(original).lower()
    return "database is locked" in message or "database table is locked" in message


def database_is_reachable(engine: Engine) -> bool:
    """A read-only probe: it takes no lock, so a busy writer cannot make the health check wait."""
    try:
        with engine.execution_options(**{READ_ONLY: True}).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def truncate_write_ahead_log(session_factory: SessionFactory) -> bool:
    """SQLite: copy the write-ahead log into the database and empty it, so the log keeps no history.

    Runs outside any transaction (a checkpoint cannot run inside one); False when readers
    kept it from finishing, and always True on PostgreSQL, whose log peerbot does not manage.
    """
    engine = session_factory.kw["bind"]
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        busy, _log, _done = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy
