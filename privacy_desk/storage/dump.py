"""Every table as plain rows: a consistent read of the whole database, and loading it back.

A backup is a logical export, the same on SQLite and PostgreSQL: each table of the models, in the
order their foreign keys need, with its columns as plain kinds (whole number, text, true/false,
date, UTC moment, bytes). It is read in one transaction that sees one moment of the database while
desks go on working: on SQLite an explicit BEGIN under WAL (the driver would otherwise run each
SELECT on its own), on PostgreSQL a read-only REPEATABLE READ transaction.

Loading goes into an empty database in one transaction (SQLite's DDL is transactional once the
driver leaves the BEGIN to us): the schema at the backup's revision, the rows with their own ids,
PostgreSQL's id sequences moved past them, then the newest revision. Nothing is left behind when
any step fails.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError as AlembicError
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    Table,
    Text,
    column,
    create_engine,
    event,
    func,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool, StaticPool
from sqlalchemy.types import Enum as SqlEnum
from sqlalchemy.types import TypeDecorator, TypeEngine

from privacy_desk.storage import audit
from privacy_desk.storage.db import (
    SQLITE_BUSY_TIMEOUT_MS,
    Database,
    alembic_config,
    make_sqlite_files_private,
)
from privacy_desk.storage.models import Base

# A column's kind in a backup -> the plain SQLAlchemy type that reads and writes it on any database.
KIND_TYPES: dict[str, type[TypeEngine[Any]]] = {
    "int": Integer,
    "text": Text,
    "bool": Boolean,
    "date": Date,
    "datetime": DateTime,
    "bytes": LargeBinary,
}
_KIND_OF_PYTHON: dict[type, str] = {
    int: "int",
    str: "text",
    bool: "bool",
    date: "date",
    datetime: "datetime",
    bytes: "bytes",
}


@dataclass(frozen=True)
class TableShape:
    """One table as a backup holds it: its name and its columns with their kinds."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (column name, kind)
    key: tuple[str, ...] = ()  # the primary key's columns, which order the rows read

    def plain(self) -> Any:
        """A lightweight table with plain types, for reading and inserting on any database."""
        return table(self.name, *(column(name, KIND_TYPES[kind]()) for name, kind in self.columns))


@dataclass(frozen=True)
class AuditHead:
    """The newest audit entry: its number and hash (the chain's head)."""

    number: int
    hash: str


def _plain_kind(type_: TypeEngine[Any]) -> str:
    """The kind of a model column's type: what it holds on disk, beneath the model's decorators."""
    while isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    if isinstance(type_, SqlEnum):
        return "text"
    return _KIND_OF_PYTHON[type_.python_type]


def model_shapes(tables: Iterable[Table] | None = None) -> list[TableShape]:
    """Every table of the models, parents before children (a fixed order)."""
    chosen = Base.metadata.sorted_tables if tables is None else list(tables)
    return [
        TableShape(
            t.name,
            tuple((c.name, _plain_kind(c.type)) for c in t.columns),
            tuple(c.name for c in t.primary_key.columns),
        )
        for t in chosen
    ]


def encode(kind: str, value: Any) -> Any:
    """A value as JSON holds it (dates and moments in ISO 8601, bytes in base64)."""
    if value is None:
        return None
    if kind in ("date", "datetime"):
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind == "bool":
        return bool(value)
    return value


def decode(kind: str, value: Any) -> Any:
    """The value back from JSON; a ValueError or TypeError when it is not of its kind."""
    if value is None:
        return None
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("not a whole number")
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise TypeError("not a text")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError("not true or false")
        return value
    if kind == "datetime":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            raise ValueError("moments are stored as naive UTC")
        return moment
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value.encode("ascii"), validate=True)
    raise ValueError(f"unknown kind {kind!r}")


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # The driver must not open (or skip) transactions on its own: BEGIN is ours (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".strip())


def transactional_engine(db: Database) -> Engine:
    """An engine whose transactions are real on SQLite too (dispose of it after use).

    pysqlite runs a SELECT outside any transaction and commits before DDL; with the BEGIN sent by
    us a read sees one moment and a restore's schema and rows commit or vanish together.
    """
    if not db.is_sqlite:
        return db.engine
    url = db.engine.url
    memory = url.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        hide_parameters=True,
        poolclass=StaticPool if memory else NullPool,
        connect_args={"check_same_thread": False} if memory else {},
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def _transaction(db: Database, **options: Any) -> Iterator[Connection]:
    engine = transactional_engine(db)
    try:
        with engine.connect() as connection:
            if options:
                connection = connection.execution_options(**options)
            with connection.begin():
                yield connection
    finally:
        if engine is not db.engine:
            engine.dispose()


def snapshot(db: Database) -> AbstractContextManager[Connection]:
    """One read transaction that sees the database as it was at its first read."""
    if db.is_sqlite:
        return _transaction(db)  # BEGIN under WAL: the first read fixes the moment
    return _transaction(db, isolation_level="REPEATABLE READ", postgresql_readonly=True)


def revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def count(connection: Connection, shape: TableShape) -> int:
    return int(connection.execute(select(func.count()).select_from(shape.plain())).scalar_one())


def rows(connection: Connection, shape: TableShape, batch: int = 1000) -> Iterator[Sequence[Any]]:
    """The table's rows in primary-key order (else by every column), a batch at a time."""
    plain = shape.plain()
    order = [plain.c[name] for name in shape.key] or list(plain.columns)
    result = connection.execution_options(yield_per=batch).execute(select(plain).order_by(*order))
    yield from result


def audit_head(session: Session) -> AuditHead | None:
    """The chain's head: number and hash of the newest audit entry (None when empty)."""
    number, hash_ = audit.head(session)
    return None if number == 0 else AuditHead(number, hash_)


class NotEmpty(Exception):
    """The target database holds rows (or a schema this loader can not fill)."""


def known_revision(name: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(name) is not None
    except AlembicError:
        return False


@contextmanager
def loading(db: Database) -> Iterator[Connection]:
    """One write transaction on the target: everything in it commits or nothing does."""
    if db.is_sqlite:
        with _transaction(db, sqlite_begin="IMMEDIATE") as connection:
            yield connection
        if db.engine.url.database not in (None, "", ":memory:"):
            make_sqlite_files_private(Path(str(db.engine.url.database)))
        return
    with _transaction(db) as connection:
        # Two restores into one server database at once: the second waits here.
        connection.execute(text("SELECT pg_advisory_xact_lock(80840001)"))
        yield connection


# Rows the migrations write themselves (the database's identity, which its audit anchor names;
# the offices as first filled in): a restore replaces them with the backup's own, so the anchor
# still matches and the offices are as the office had edited them.
FILLED_BY_MIGRATIONS = ("database_identity", "offices")


def prepare_schema(connection: Connection, wanted: str) -> None:
    """The schema at revision `wanted` on an empty database; NotEmpty when it is not empty."""
    current = revision(connection)
    names = [shape.name for shape in model_shapes()]
    present = set(inspect(connection).get_table_names())
    if current is None:
        if present & set(names):
            raise NotEmpty("tables without a migration record")
    else:
        for name in sorted(present & set(names) - set(FILLED_BY_MIGRATIONS)):
            if connection.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first():
                raise NotEmpty("rows present")
        if current != wanted:
            raise NotEmpty("a schema of another revision")
    if current != wanted:
        upgrade(connection, wanted)
    for name in sorted(set(inspect(connection).get_table_names()) & set(FILLED_BY_MIGRATIONS)):
        connection.execute(text(f'DELETE FROM "{name}"'))


def upgrade(connection: Connection, to: str = "head") -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, to)


def insert(
    connection: Connection, shape: TableShape, values: Iterable[dict[str, Any]], batch: int = 500
) -> int:
    """Insert rows (their ids kept) in batches; how many went in."""
    plain = shape.plain()
    done = 0
    pending: list[dict[str, Any]] = []
    for row in values:
        pending.append(row)
        if len(pending) >= batch:
            connection.execute(plain.insert(), pending)
            done += len(pending)
            pending = []
    if pending:
        connection.execute(plain.insert(), pending)
        done += len(pending)
    return done


def reset_sequences(connection: Connection, shapes: Sequence[TableShape]) -> None:
    """PostgreSQL: each id sequence continues after the highest id restored (SQLite needs none)."""
    if connection.dialect.name != "postgresql":
        return
    for shape in shapes:
        if ("id", "int") not in shape.columns:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": shape.name}
        ).scalar()
        if sequence is None:
            continue
        connection.execute(
            text(
                f'SELECT setval(:s, COALESCE((SELECT MAX(id) FROM "{shape.name}"), 0) + 1, false)'
            ),
            {"s": sequence},
        )


def integrity_problems(connection: Connection) -> list[str]:
    """SQLite's integrity_check and foreign_key_check, as their first lines (empty: sound)."""
    if connection.dialect.name != "sqlite":
        return []
    found = [
        str(row[0])
        for row in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()
        if row[0] != "ok"
    ]
    found += [
        f"foreign key: {row[0]} row {row[1]}"
        for row in connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    ]
    return found[:10]
