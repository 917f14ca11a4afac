"""Where the data lives: database URL, engine and session factory, migrations, integrity check.

One desk uses an SQLite file in the user's data folder (WAL mode, foreign keys on); an office
points several desks at one PostgreSQL server with --database-url or PRIVACY_DESK_DATABASE_URL.

The data is personal: engines hide SQL parameters from their errors (an error's text would
otherwise carry a person's name and address into a log or a message), and on POSIX systems the
data folder is the user's alone (0700) and an SQLite database file, its -wal and -shm 0600,
whatever the umask.

SQLite runs in WAL mode with synchronous=FULL: a save acknowledged to the user survives a power
cut (NORMAL may lose the last ones; benchmarks/sync_bench.py measures the cost). Readers never
wait for a writer there; a writer that waits longer than the busy timeout for another desk's
write becomes DatabaseBusy, a message for people, never a raw driver error.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicError
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from privacy_desk.i18n import _
from privacy_desk.storage.opening import (
    RESTORE_COMMAND,
    DatabaseDamaged,
    DatabaseEmpty,
    DatabaseError,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseNotWritable,
    check_sqlite_file,
    missing,
    prepare_sqlite_file,
    verdict,
)

__all__ = [
    "RESTORE_COMMAND",
    "DatabaseDamaged",
    "DatabaseEmpty",
    "DatabaseError",
    "DatabaseLocked",
    "DatabaseMissing",
    "DatabaseNotWritable",
    "check_sqlite_file",
]

ENV_URL = "PRIVACY_DESK_DATABASE_URL"
ENV_DATA_DIR = "PRIVACY_DESK_DATA_DIR"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# How long an SQLite connection waits for another desk's write before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000
# FULL: the WAL is synced at every commit, so an acknowledged save survives a power cut (NORMAL
# may lose the last ones). benchmarks/sync_bench.py measures what it costs.
SQLITE_SYNCHRONOUS = "FULL"
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


class DatabaseBusy(DatabaseError):
    """Another desk held the write lock longer than the busy timeout; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The database is busy with another desk's work; nothing was changed. Try again "
                "in a moment."
            )
        )


class WriteConflict(DatabaseError):
    """Two desks wrote the same rows at the same moment and the server stopped one of them.

    The services turn it into their ConflictError ("changed by someone else").
    """

    def __init__(self) -> None:
        super().__init__(
            _(
                "Another desk saved the same thing at the same moment; nothing of yours was "
                "saved. Reload and try again."
            )
        )


# PostgreSQL's SQLSTATEs for a transaction that lost a race: serialization failure, deadlock
# detected, lock not available.
_PG_CONFLICTS = frozenset({"40001", "40P01", "55P03"})


def translate_error(exc: DBAPIError) -> DatabaseError | None:
    """The message for people that a driver error stands for, or None for a real fault."""
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig).lower()
        if "locked" in text or "busy" in text:
            return DatabaseBusy()
    if getattr(orig, "sqlstate", None) in _PG_CONFLICTS:
        return WriteConflict()
    return None


def make_private(path: Path, *, folder: bool = False) -> None:
    """Readable by its owner only on POSIX (0700 a folder, 0600 a file), whatever the umask.

    Elsewhere (Windows) the user's profile folder already keeps other users out.
    """
    if os.name != "posix":
        return
    try:
        path.chmod(0o700 if folder else 0o600)
    except FileNotFoundError:
        pass
    except PermissionError:
        # A file of another owner (a shared folder an administrator set up): leave it as it is.
        pass


def data_dir() -> Path:
    """The user's data folder (created on demand, private); PRIVACY_DESK_DATA_DIR overrides it."""
    override = os.environ.get(ENV_DATA_DIR)
    # The folder name is where existing databases live: kept as it was, never printed.
    path = Path(override) if override else Path(platformdirs.user_data_dir("PrivacyDesk", "JACCES"))
    path.mkdir(parents=True, exist_ok=True)
    make_private(path, folder=True)
    return path


def make_sqlite_files_private(path: Path) -> None:
    """The database file and its companions 0600 (SQLite gives new companions the file's mode)."""
    make_private(path)
    for suffix in _SQLITE_COMPANIONS:
        make_private(path.with_name(path.name + suffix))


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'privacy-desk.sqlite3'}"


def demo_url() -> str:
    """The demo database, beside the office's own in the data folder (never the office's)."""
    return f"sqlite:///{data_dir() / 'demo.sqlite3'}"


def resolve_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(ENV_URL) or default_url()


def describe_url(url: str) -> str:
    """The URL without its password, safe to show and to log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unreadable database URL)"


def database_kind(url: str) -> str:
    """Which database, as people know it: "SQLite" or "PostgreSQL" (never a path or a host)."""
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        return "?"
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(backend, backend)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
    cursor.close()


def _private_sqlite_listener(path: Path) -> Callable[[sqlite3.Connection, object], None]:
    """After each new connection: the file and the -wal/-shm that WAL mode just made, 0600."""

    def on_connect(_dbapi_connection: sqlite3.Connection, _record: object) -> None:
        make_sqlite_files_private(path)

    return on_connect


@dataclass
class Database:
    """An engine and its session factory. One per process and database."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None (PostgreSQL, or an in-memory database)."""
        database = self.engine.url.database
        if not self.is_sqlite or not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error, always close.

        A busy SQLite file or a transaction the server stopped in a race becomes DatabaseBusy or
        WriteConflict (messages for people); any other driver error stays what it is.
        """
        session = self.sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            translated = translate_error(exc)
            if translated is None:
                raise
            raise translated from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def connect(url: str | None = None, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open (and by default upgrade) the database at url.

    `create` says whether a database that is not there yet may be made (an SQLite file, or the
    schema in an empty PostgreSQL database): only `db upgrade` and the application's first
    start in its own data folder do; everything else refuses a mistyped path or URL instead.
    """
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            _("The database URL is not valid: {url}").format(url=describe_url(url))
        ) from exc
    is_sqlite = parsed.get_backend_name() == "sqlite"
    sqlite_path: Path | None = None
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        sqlite_path = Path(parsed.database)
        prepare_sqlite_file(sqlite_path, create=create)
        make_sqlite_files_private(sqlite_path)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        # hide_parameters: an error's text never holds the values (a person's data) it was given.
        engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(
            _("Can not use the database {url}: {problem}").format(
                url=describe_url(url), problem=exc
            )
        ) from exc
    if is_sqlite:
        event.listen(engine, "connect", _on_sqlite_connect)
        if sqlite_path is not None:
            event.listen(engine, "connect", _private_sqlite_listener(sqlite_path))
    db = Database(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    if upgrade:
        try:
            upgrade_database(db, create=create)
        except BaseException:
            db.dispose()
            raise
    return db


def alembic_config(db: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if db is not None:
        config.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return config


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except AlembicError:
        return False


def upgrade_database(db: Database, *, create: bool = True) -> None:
    """Create the schema (when `create`) or bring it to the newest revision, in one transaction."""
    script = ScriptDirectory.from_config(alembic_config())
    try:
        current = current_revision(db)
    except OperationalError as exc:
        path = db.sqlite_path
        if path is not None and isinstance(exc.orig, sqlite3.Error):
            raise verdict(path, exc.orig) from exc
        raise DatabaseError(
            _("Can not reach the database {url}: {problem}").format(
                url=describe_url(db.url), problem=exc.orig
            )
        ) from exc
    if current is not None and not _known_revision(script, current):
        raise DatabaseError(
            _("This database was written by a newer version of Privacy Desk; install that version.")
        )
    if current == script.get_current_head():
        return
    if current is None and inspect(db.engine).has_table("cases"):
        raise DatabaseError(_("The database has Privacy Desk tables but no migration record."))
    if current is None and not create:
        raise missing(describe_url(db.url))
    config = alembic_config(db)
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        path = db.sqlite_path
        if path is not None and isinstance(exc.orig, sqlite3.Error):
            raise verdict(path, exc.orig) from exc
        raise
