"""Opening a database: each way it can fail gets its own verdict, and only damage is "damaged".

Following "restore the last backup" for a file that is merely locked or read-only would overwrite
good data, so these tests check the verdict's class and that its advice never says to restore.

The tests run as root here, and root ignores permission bits: a chmod would prove nothing. A
file or folder is made to refuse writes for real with `chattr +i` (immutable: the kernel refuses
even root) when running as root, with chmod otherwise; the fixture checks that writing really
fails before a test relies on it, and skips only when neither can be arranged.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from privacy_desk.services.base import Context
from privacy_desk.services.demo import DemoService
from privacy_desk.storage import opening
from privacy_desk.storage.db import (
    DatabaseDamaged,
    DatabaseEmpty,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseNotWritable,
    connect,
)
from tests.conftest import first_admin

RESTORE = "Restore the last backup"


def _fresh(path: Path) -> Path:
    connect(f"sqlite:///{path}").dispose()
    return path


def _writes_refused(path: Path) -> bool:
    probe = path / ".probe" if path.is_dir() else path
    try:
        with probe.open("ab"):
            pass
    except OSError:
        return True
    if path.is_dir():
        probe.unlink()
    return False


@contextmanager
def refusing_writes(path: Path) -> Iterator[None]:
    """The kernel refuses writes to path (a file or a folder) inside the block, even for root."""
    if os.geteuid() == 0:
        try:
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
        except FileNotFoundError:  # no chattr on this system
            done = subprocess.CompletedProcess([], 1)
        undo = ["chattr", "-i", str(path)]
        if done.returncode != 0:
            pytest.skip("running as root and chattr +i is refused here: no way to refuse writes")
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        undo = []
    try:
        assert _writes_refused(path), "the file system still accepts writes"
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        else:
            path.chmod(mode)


@contextmanager
def locked_by_another_program(path: Path) -> Iterator[None]:
    """Another process holds an exclusive lock on the file (as a database tool can)."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA locking_mode=EXCLUSIVE')\n"
            "c.execute('BEGIN EXCLUSIVE')\n"
            "c.execute('CREATE TABLE IF NOT EXISTS held (x)')\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_locked_database_is_locked_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opening, "LOCK_WAIT_SECONDS", 0.3)
    path = _fresh(tmp_path / "desk.sqlite3")
    with locked_by_another_program(path), pytest.raises(DatabaseLocked) as refused:
        connect(f"sqlite:///{path}")
    assert not refused.value.damaged
    assert "locked by another program" in refused.value.message
    assert RESTORE not in refused.value.message and "do not restore" in refused.value.message
    connect(f"sqlite:///{path}").dispose()  # once the other program let go, it opens


def test_a_read_only_file_is_read_only_not_damaged(tmp_path: Path) -> None:
    path = _fresh(tmp_path / "desk.sqlite3")
    before = path.read_bytes()
    with refusing_writes(path), pytest.raises(DatabaseNotWritable) as refused:
        connect(f"sqlite:///{path}")
    assert not refused.value.damaged
    assert "is read-only" in refused.value.message and RESTORE not in refused.value.message
    assert path.read_bytes() == before


def test_a_read_only_folder_is_named_not_called_damage(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _fresh(folder / "desk.sqlite3")
    with refusing_writes(folder), pytest.raises(DatabaseNotWritable) as refused:
        connect(f"sqlite:///{path}")
    assert f"The folder {folder} that holds the database is read-only" in refused.value.message
    assert RESTORE not in refused.value.message


def test_a_new_database_in_a_read_only_folder_is_refused_in_words(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    with refusing_writes(folder), pytest.raises(DatabaseNotWritable) as refused:
        connect(f"sqlite:///{folder / 'new.sqlite3'}")
    assert f"The folder {folder} that holds the database is read-only" in refused.value.message
    assert not (folder / "new.sqlite3").exists()


@pytest.mark.parametrize("create", [True, False])
def test_an_empty_file_is_not_a_new_database(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "desk.sqlite3"
    path.touch()
    with pytest.raises(DatabaseEmpty, match=r"empty \(0 bytes\)"):
        connect(f"sqlite:///{path}", create=create)
    assert path.stat().st_size == 0  # nothing was written into it


def test_a_mistyped_path_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "desk.sqlite3"
    with pytest.raises(DatabaseMissing, match="no Privacy Desk database at"):
        connect(f"sqlite:///{path}", create=False)
    assert not path.exists() and not path.parent.exists()


def test_a_new_database_never_stays_a_0_byte_file(tmp_path: Path) -> None:
    """A new file gets SQLite's header at once, so only someone else leaves an empty file."""
    path = tmp_path / "desk.sqlite3"
    opening.prepare_sqlite_file(path, create=True)
    assert path.read_bytes()[:16] == opening.SQLITE_HEADER


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(opening.DatabaseError, match="is a folder"):
        connect(f"sqlite:///{tmp_path}", create=False)


def test_only_the_contents_are_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"this is not a database, just a damaged copy" * 100)
    with pytest.raises(DatabaseDamaged) as refused:
        connect(f"sqlite:///{path}")
    assert refused.value.damaged and RESTORE in refused.value.message


def _demo_file(folder: Path, cases: int) -> Path:
    path = folder / "whole.sqlite3"
    db = connect(f"sqlite:///{path}")
    DemoService(Context(db), first_admin(Context(db))).generate(cases)
    db.dispose()
    probe = sqlite3.connect(path)
    probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    probe.close()
    return path


def _closed_through_index(path: Path) -> list[int]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [
            row[0]
            for row in connection.execute(
                "SELECT id FROM cases INDEXED BY ix_cases_status WHERE status = 'closed'"
            )
        ]
    finally:
        connection.close()


def test_damage_to_an_index_is_caught(tmp_path: Path) -> None:
    """One byte of a status in the index's page: the case vanishes from its queue, yet the pages
    are well formed, so quick_check says "ok". integrity_check compares index and table."""
    source = _demo_file(tmp_path, 40)
    closed = _closed_through_index(source)
    assert closed
    damaged = tmp_path / "damaged.sqlite3"
    shutil.copyfile(source, damaged)
    probe = sqlite3.connect(damaged)
    page_size = probe.execute("PRAGMA page_size").fetchone()[0]
    (root,) = probe.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ix_cases_status'"
    ).fetchone()
    probe.close()
    data = bytearray(damaged.read_bytes())
    start = (root - 1) * page_size
    page = data[start : start + page_size]
    at = page.index(b"closed")
    assert page[at : at + 6] == b"closed"
    data[start + at + 3] = ord("z")  # "clozed": the same length, the page stays well formed
    damaged.write_bytes(bytes(data))

    assert len(_closed_through_index(damaged)) == len(closed) - 1  # a case left its queue
    check = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # what it used to run
    check.close()
    before = damaged.read_bytes()
    with pytest.raises(DatabaseDamaged, match="failed its integrity check") as refused:
        connect(f"sqlite:///{damaged}")
    assert "ix_cases_status" in refused.value.message
    assert damaged.read_bytes() == before


def test_a_broken_reference_is_caught(tmp_path: Path) -> None:
    """A row pointing at a row that is gone (written with foreign keys off): foreign_key_check."""
    path = _fresh(tmp_path / "desk.sqlite3")
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA foreign_keys=OFF")
    writer.execute(
        "INSERT INTO notes (case_id, text, author_login, created_at, version) "
        "VALUES (9999, 'x', 'sato', '2026-01-01T00:00:00', 1)"
    )
    writer.commit()
    writer.close()
    with pytest.raises(DatabaseDamaged, match="notes refers to a missing row of cases"):
        connect(f"sqlite:///{path}")


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_set_up_only_by_db_upgrade(postgres_url: str) -> None:
    from tests.conftest import _reset_postgres

    _reset_postgres(postgres_url)
    with pytest.raises(DatabaseMissing, match="db upgrade"):
        connect(postgres_url, create=False)
    db = connect(postgres_url, create=False, upgrade=False)
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT to_regclass('public.cases')")).scalar() is None
    db.dispose()
    connect(postgres_url).dispose()  # what db upgrade does
    connect(postgres_url, create=False).dispose()
