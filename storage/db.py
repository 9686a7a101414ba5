"""Engines and sessions: URL normalisation, SQLite tuning, the unit-of-work factory."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

SessionFactory = sessionmaker[Session]

DEFAULT_DATABASE_URL = "sqlite:///peerbot.db"


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


def create_db_engine(url: URL | str, **kwargs: Any) -> Engine:
    """Build an engine with the settings each backend needs for safe concurrent use.

    Statement parameters are hidden from error messages: they can hold what a
    member wrote, and errors end up in logs.
    """
    url = normalize_database_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True, **kwargs
        )
        _tune_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _tune_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling starts transactions lazily, which lets two
    # writers deadlock on lock upgrade. Take control: autocommit at the driver level,
    # and an explicit BEGIN IMMEDIATE so a transaction holds the write lock from the
    # start and waits (busy timeout) instead of failing.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        # Deleted and rewritten rows are zeroed, not left behind in free space (anonymous answers' old order).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_session_factory(engine: Engine, *, answer_key: bytes | None = None) -> SessionFactory:
    """Sessions for ``engine``; ``answer_key`` (kept out of the database) seals anonymous pulse answers."""
    return sessionmaker(bind=engine, expire_on_commit=False, info={"answer_key": answer_key})


def database_is_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
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
