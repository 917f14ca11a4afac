"""Making, checking and restoring a backup file: one format for SQLite and PostgreSQL.

Inside the sealed envelope (sealed.py) the plaintext is JSON lines: first the manifest (when,
from which kind of database, the schema revision, every table with its columns and row count,
the audit chain's head), then each table's rows as arrays in the manifest's order, then an end
line. The rows are read in one transaction (storage.dump.snapshot), so a backup made while desks
are working is one moment of the database.

Checking a backup loads it into a database held in memory and runs there every check a restore
runs: the row counts, the audit chain walked entry by entry, its head equal to the manifest's, and
SQLite's integrity and foreign-key checks. A restore does the same inside its own transaction on
the target, and commits only when every check passed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from privacy_desk.i18n import _
from privacy_desk.services.backup.sealed import (
    BackupError,
    SealedReader,
    SealedWriter,
    damaged,
    lines,
    newer_version,
)
from privacy_desk.storage import audit, dump
from privacy_desk.storage.db import Database, connect, describe_url
from privacy_desk.storage.dump import AuditHead, TableShape

FORMAT = 1
# Called between two tables of a backup being made (the table just written, its rows).
BetweenTables = Callable[[str, int], None]


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, written before its rows."""

    made_at: datetime
    source: str  # "sqlite" or "postgresql"
    revision: str
    tables: tuple[TableShape, ...]
    counts: dict[str, int]
    head: AuditHead | None
    program: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def plain(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "made_at": self.made_at.isoformat(),
            "source": self.source,
            "revision": self.revision,
            "program": self.program,
            "tables": [
                {
                    "name": s.name,
                    "columns": [list(c) for c in s.columns],
                    "key": list(s.key),
                    "rows": self.counts[s.name],
                }
                for s in self.tables
            ],
            "audit_head": None
            if self.head is None
            else {"number": self.head.number, "hash": self.head.hash},
        }

    @classmethod
    def parse(cls, value: Any) -> Manifest:
        try:
            if value["format"] != FORMAT:
                raise newer_version()
            tables = tuple(
                TableShape(
                    str(t["name"]),
                    tuple((str(name), str(kind)) for name, kind in t["columns"]),
                    tuple(str(name) for name in t.get("key", ())),
                )
                for t in value["tables"]
            )
            for shape in tables:
                for _name, kind in shape.columns:
                    if kind not in dump.KIND_TYPES:
                        raise ValueError(kind)
            head = value["audit_head"]
            made_at = datetime.fromisoformat(value["made_at"])
            if made_at.tzinfo is None:
                raise ValueError("naive moment")
            return cls(
                made_at=made_at,
                source=str(value["source"]),
                revision=str(value["revision"]),
                tables=tables,
                counts={str(t["name"]): int(t["rows"]) for t in value["tables"]},
                head=None if head is None else AuditHead(int(head["number"]), str(head["hash"])),
                program=str(value.get("program", "")),
            )
        except BackupError:
            raise
        except (KeyError, TypeError, ValueError):
            raise damaged(_("its table of contents can not be read")) from None


@dataclass(frozen=True)
class BackupReport:
    """A backup made, checked or restored: its file, what it holds, and the checks passed."""

    file: str
    manifest: Manifest
    size: int  # bytes of the file

    @property
    def head(self) -> AuditHead | None:
        return self.manifest.head


def _program_version() -> str:
    try:
        return metadata.version("privacy-desk")
    except metadata.PackageNotFoundError:
        return ""


def _line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def write_backup(
    db: Database,
    path: Path,
    passphrase: str,
    *,
    overwrite: bool = False,
    between_tables: BetweenTables | None = None,
    now: datetime | None = None,
) -> BackupReport:
    """Write a backup of db to path (0600): a consistent moment, even while desks work."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(
            _("The file {name} exists already; choose another name.").format(name=path.name)
        )
    if not path.parent.is_dir():
        raise BackupError(_("The folder for {name} does not exist.").format(name=path.name))
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise BackupError(
            _("Can not write the backup {name}: {problem}").format(
                name=path.name, problem=exc.strerror
            )
        ) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            writer = SealedWriter(out, passphrase)
            manifest = _export(db, writer, between_tables, now)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("Can not write the backup {name}: {problem}").format(
                name=path.name, problem=exc.strerror
            )
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupReport(str(path), manifest, path.stat().st_size)


def _export(
    db: Database, writer: SealedWriter, between_tables: BetweenTables | None, now: datetime | None
) -> Manifest:
    shapes = dump.model_shapes()
    with dump.snapshot(db) as connection:
        revision = dump.revision(connection)
        if revision is None:
            raise BackupError(_("The database has no schema yet: there is nothing to back up."))
        counts = {shape.name: dump.count(connection, shape) for shape in shapes}
        with Session(bind=connection) as session:
            head = dump.audit_head(session)
        manifest = Manifest(
            made_at=(now or datetime.now(UTC)).astimezone(UTC),
            source=connection.dialect.name,
            revision=revision,
            tables=tuple(shapes),
            counts=counts,
            head=head,
            program=_program_version(),
        )
        writer.write(_line({"manifest": manifest.plain()}))
        for shape in shapes:
            kinds = [kind for _name, kind in shape.columns]
            written = 0
            for row in dump.rows(connection, shape):
                writer.write(_line([dump.encode(k, v) for k, v in zip(kinds, row, strict=True)]))
                written += 1
            if written != counts[shape.name]:  # the snapshot did not hold: never keep such a file
                raise BackupError(_("The database changed during the backup; try again."))
            if between_tables is not None:
                between_tables(shape.name, written)
        writer.write(_line({"end": manifest.rows}))
    return manifest


def _read_manifest(records: Iterator[bytes]) -> Manifest:
    first = next(records, None)
    try:
        value = json.loads(first) if first is not None else None
    except ValueError:
        value = None
    if not isinstance(value, dict) or "manifest" not in value:
        raise damaged(_("its table of contents can not be read"))
    return Manifest.parse(value["manifest"])


def _rows_of(records: Iterator[bytes], shape: TableShape, count: int) -> Iterator[dict[str, Any]]:
    names = [name for name, _kind in shape.columns]
    kinds = [kind for _name, kind in shape.columns]
    for number in range(1, count + 1):
        line = next(records, None)
        if line is None:
            raise damaged(_("the file is cut short"))
        try:
            values = json.loads(line)
            if not isinstance(values, list) or len(values) != len(names):
                raise ValueError("row shape")
            yield {
                name: dump.decode(kind, value)
                for name, kind, value in zip(names, kinds, values, strict=True)
            }
        except (ValueError, TypeError):
            raise damaged(
                _("row {number} of table {table} can not be read").format(
                    number=number, table=shape.name
                )
            ) from None


def _load_and_check(connection: Connection, manifest: Manifest, records: Iterator[bytes]) -> None:
    """Fill the empty database from the records, then check it; BackupError on any difference."""
    dump.prepare_schema(connection, manifest.revision)
    for shape in manifest.tables:
        dump.insert(connection, shape, _rows_of(records, shape, manifest.counts[shape.name]))
    end = next(records, None)
    try:
        ending = json.loads(end) if end is not None else None
    except ValueError:
        ending = None
    if not isinstance(ending, dict) or ending.get("end") != manifest.rows:
        raise damaged(_("its end is missing"))
    if next(records, None) is not None:
        raise damaged(_("there is more data after its end"))
    dump.reset_sequences(connection, manifest.tables)
    differ = [
        shape.name
        for shape in manifest.tables
        if dump.count(connection, shape) != manifest.counts[shape.name]
    ]
    dump.upgrade(connection, "head")
    problems = dump.integrity_problems(connection)
    with Session(bind=connection) as session:
        chain = audit.verify(session)
        head = dump.audit_head(session)
    if differ:
        raise BackupError(
            _("The restored tables {tables} do not hold the rows the backup lists.").format(
                tables=", ".join(differ)
            )
        )
    if problems:
        raise BackupError(
            _("The restored database fails its integrity check: {problems}").format(
                problems="; ".join(problems)
            )
        )
    if not chain.intact:
        raise BackupError(
            _(
                "The audit trail inside the backup was changed: entry {entry} does not match its "
                "chain."
            ).format(entry=chain.broken_at)
        )
    if head != manifest.head:
        raise BackupError(_("The audit trail's last entry differs from the one the backup names."))


def _open(path: Path, passphrase: str) -> tuple[Any, SealedReader]:
    try:
        source = Path(path).open("rb")  # noqa: SIM115 (closed by the caller)
    except OSError as exc:
        raise BackupError(
            _("Can not read the backup {name}: {problem}").format(
                name=Path(path).name, problem=exc.strerror
            )
        ) from exc
    try:
        return source, SealedReader(source, passphrase)
    except BaseException:
        source.close()
        raise


def _into(db: Database, reader: SealedReader) -> Manifest:
    """Fill the empty database from an opened backup and check it, in one transaction."""
    records = lines(reader)
    manifest = _read_manifest(records)
    if not dump.known_revision(manifest.revision):
        raise BackupError(
            _(
                "This backup was made by a newer version of Privacy Desk (schema {revision}); "
                "install that version to restore it. Nothing was written."
            ).format(revision=manifest.revision)
        )
    try:
        with dump.loading(db) as connection:
            _load_and_check(connection, manifest, records)
    except dump.NotEmpty:
        raise BackupError(
            _(
                "The database {url} is not empty. A backup is restored only into an empty "
                "database (a new SQLite file, or a new PostgreSQL database); nothing was "
                "written."
            ).format(url=describe_url(db.url))
        ) from None
    except DBAPIError as exc:
        raise BackupError(
            _(
                "The backup could not be restored into {url}: the database could not be "
                "reached or refused it ({kind}). Nothing was written."
            ).format(url=describe_url(db.url), kind=type(exc.orig).__name__)
        ) from exc
    return manifest


def verify_backup(path: Path, passphrase: str) -> BackupReport:
    """Decrypt and load the backup into a database in memory, and check it there."""
    source, reader = _open(path, passphrase)
    with source:
        db = connect("sqlite://", upgrade=False)
        try:
            manifest = _into(db, reader)
        finally:
            db.dispose()
    return BackupReport(str(path), manifest, Path(path).stat().st_size)


def restore_backup(path: Path, passphrase: str, url: str) -> BackupReport:
    """Restore into the empty database at url, then check it; on any failure nothing stays."""
    source, reader = _open(path, passphrase)  # the passphrase first: a wrong one touches nothing
    with source:
        sqlite_file = _sqlite_file(url)
        existed = sqlite_file is not None and sqlite_file.exists() and sqlite_file.stat().st_size
        db = connect(url, upgrade=False)
        try:
            manifest = _into(db, reader)
        except BaseException:
            db.dispose()
            if sqlite_file is not None and not existed:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    sqlite_file.with_name(sqlite_file.name + suffix).unlink(missing_ok=True)
            raise
        db.dispose()
    return BackupReport(str(path), manifest, Path(path).stat().st_size)


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL (None for another database, or one in memory)."""
    try:
        parsed = make_url(url)
    except SQLAlchemyError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database))
