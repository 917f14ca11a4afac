"""Opening an SQLite database file: the right verdict for every way it can fail.

Before the engine touches a file, :func:`prepare_sqlite_file` says plainly what is wrong with it,
and only a file whose contents really are damaged is called damaged: "restore the last backup"
over a file that is merely locked by another program or read-only would overwrite good data.

The verdicts, each its own :class:`DatabaseError` subclass so that a screen can choose its advice:

- missing: no file at a path given to a command that must not create one (a mistyped path);
- empty: a 0-byte file is not a new database (an interrupted copy, or a mistake);
- unreadable / read-only: the operating system refuses to read, or to write, the file or the
  folder that must hold its -wal and -shm companions (a read-only folder or mount, an immutable
  file, another owner's file);
- locked: another program holds a lock that keeps even readers out;
- damaged: not an SQLite file, or `PRAGMA integrity_check` / `foreign_key_check` find faults.

`integrity_check` (not `quick_check`, which misses damaged indexes: a case that vanishes from its
queue) and `foreign_key_check` run at every opening; on a 5,000-case file they cost about a tenth
of a second (`benchmarks/integrity_bench.py`, figures in docs/testing.md).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _

# What a damaged database's message tells to run (see `privacy-desk backup restore --help`).
RESTORE_COMMAND = (
    "privacy-desk --database-url sqlite:///NEW-FILE.sqlite3 backup restore BACKUP-FILE.pdbackup"
)

SQLITE_HEADER = b"SQLite format 3\x00"
# How long the opening check waits for another program's lock before saying so (seconds).
LOCK_WAIT_SECONDS = 3.0
# A few faults are enough to show; a badly damaged file can list thousands.
_FAULTS_SHOWN = 3


class DatabaseError(DomainError):
    """The database can not be opened, is damaged, or is newer than this program."""

    # Whether the file's contents are damaged, so that restoring a backup is the right advice.
    damaged = False


class DatabaseDamaged(DatabaseError):
    """The file is not an SQLite database, or its pages, indexes or references are faulty."""

    damaged = True


class DatabaseMissing(DatabaseError):
    """Nothing at the path or URL given, and this command does not create a database."""


class DatabaseEmpty(DatabaseError):
    """A 0-byte file where a database should be."""


class DatabaseNotWritable(DatabaseError):
    """The file, or its folder, can be read but not written (or not read at all)."""


class DatabaseLocked(DatabaseError):
    """Another program holds a lock on the file that keeps Privacy Desk out."""


def _locked(path: Path) -> DatabaseLocked:
    return DatabaseLocked(
        _(
            "The database file {path} is locked by another program (a database tool, a copy or "
            "backup program, or a Privacy Desk that is stuck). The data is not damaged: do not "
            "restore a backup. Close that program, or wait until it has finished, and start "
            "again; nothing was changed."
        ).format(path=path)
    )


def _read_only_file(path: Path) -> DatabaseNotWritable:
    return DatabaseNotWritable(
        _(
            "The database file {path} is read-only. Privacy Desk must write to it (every action "
            "is recorded in the audit trail). The data is not damaged: do not restore a backup. "
            "Ask your administrator to make the file writable for you; nothing was changed."
        ).format(path=path)
    )


def _read_only_folder(folder: Path) -> DatabaseNotWritable:
    return DatabaseNotWritable(
        _(
            "The folder {folder} that holds the database is read-only. Privacy Desk must write "
            "its working files (-wal, -shm) beside the database. The data is not damaged: do not "
            "restore a backup. Ask your administrator to make the folder writable for you; "
            "nothing was changed."
        ).format(folder=folder)
    )


def _unreadable(path: Path, problem: str) -> DatabaseNotWritable:
    return DatabaseNotWritable(
        _(
            "Can not read the database file {path}: {problem}. This says nothing about the data "
            "itself: do not restore a backup. Ask your administrator to give you access; nothing "
            "was changed."
        ).format(path=path, problem=problem)
    )


def missing(where: str) -> DatabaseMissing:
    """The refusal for a database that does not exist (a path or a URL without its password)."""
    return DatabaseMissing(
        _(
            "There is no Privacy Desk database at {where}. Check the path or URL for a typing "
            "mistake. To make a new database there, run 'privacy-desk db upgrade'. Nothing was "
            "created."
        ).format(where=where)
    )


def verdict(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """What an SQLite error met while opening the file says about it, in words.

    Only "corrupt" and "not a database" mean damage; a lock, a refused write or a failing disk
    do not, and are never reported as damage.
    """
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return _locked(path)
    if code in (
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_AUTH,
    ):
        if not os.access(path, os.W_OK):
            return _read_only_file(path)
        if not os.access(path.parent, os.W_OK | os.X_OK):
            return _read_only_folder(path.parent)
        return _unreadable(path, getattr(exc, "sqlite_errorname", type(exc).__name__))
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return DatabaseDamaged(
            _(
                "The database file {path} is damaged ({problem}). Nothing was changed. "
                "Restore the last backup into a new file: {command}"
            ).format(path=path, problem=exc, command=RESTORE_COMMAND)
        )
    return DatabaseError(
        _(
            "The database file {path} could not be opened ({problem}). This does not show that "
            "the data is damaged: check the disk and try again before restoring anything; "
            "nothing was changed."
        ).format(path=path, problem=getattr(exc, "sqlite_errorname", type(exc).__name__))
    )


def prepare_sqlite_file(path: Path, *, create: bool) -> None:
    """Check an existing file (see :func:`check_sqlite_file`), or make a new one when `create`.

    A new file is made private (0600) and empty, and at once given SQLite's header, so that a
    0-byte file left behind can only be someone else's.
    """
    if path.is_dir():
        raise DatabaseError(
            _("{path} is a folder, not a database file; nothing was changed.").format(path=path)
        )
    if path.exists():
        check_sqlite_file(path)
        return
    if not create:
        raise missing(str(path))
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _read_only_folder(_existing_ancestor(folder)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _read_only_folder(folder)
    try:
        # Made empty and private first, so the file is never readable by others, not even
        # for the moment between SQLite creating it and a chmod.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:  # another desk's first start made it a moment ago
        check_sqlite_file(path)
        return
    except OSError as exc:
        raise _read_only_folder(folder) from exc
    try:
        connection = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
        try:
            connection.execute("PRAGMA journal_mode=WAL")  # writes the header (page 1)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise verdict(path, exc) from exc


def _existing_ancestor(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that can not serve as the database, with the right verdict; change nothing.

    Read first (unreadable, empty, not SQLite), then writable (the file, and the folder for the
    -wal and -shm files), then SQLite's own checks on a read-only connection (locked, damaged).
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _unreadable(path, exc.strerror or errno.errorcode.get(exc.errno or 0, "")) from exc
    if not header:
        raise DatabaseEmpty(
            _(
                "The database file {path} is empty (0 bytes): it holds no data and is not a "
                "database, new or old. If your database should be there, it was emptied or not "
                "copied completely: restore the last backup. If you meant to start a new "
                "database, delete the empty file first. Nothing was changed."
            ).format(path=path)
        )
    if header != SQLITE_HEADER:
        raise DatabaseDamaged(
            _(
                "The database file {path} is damaged (it is not an SQLite database). Nothing "
                "was changed. Restore the last backup into a new file: {command}"
            ).format(path=path, command=RESTORE_COMMAND)
        )
    # os.access asks the kernel, which also refuses root on a read-only mount or an immutable
    # file; SQLite would otherwise open such a file read-only and fail at the first write.
    if not os.access(path, os.W_OK):
        raise _read_only_file(path)
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise _read_only_folder(path.parent)
    faults = integrity_faults(path)
    if faults:
        raise DatabaseDamaged(
            _(
                "The database file {path} failed its integrity check ({faults}). Nothing was "
                "changed. Restore the last backup into a new file: {command}"
            ).format(path=path, faults="; ".join(faults[:_FAULTS_SHOWN]), command=RESTORE_COMMAND)
        )


def integrity_faults(path: Path) -> list[str]:
    """SQLite's `integrity_check` and `foreign_key_check` on a read-only connection.

    Returns the faults found (empty when the file is sound), described by SQLite without the
    rows' contents; raises the verdict of :func:`verdict` when the file can not be read.
    """
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=LOCK_WAIT_SECONDS)
        try:
            faults = [
                str(row[0])
                for row in connection.execute("PRAGMA integrity_check")
                if row[0] != "ok"
            ]
            faults += [
                _("row {row} of {table} refers to a missing row of {parent}").format(
                    row=row[1], table=row[0], parent=row[2]
                )
                for row in connection.execute("PRAGMA foreign_key_check")
            ]
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise verdict(path, exc) from exc
    return faults
