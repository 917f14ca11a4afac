"""The database: created by migrations, append-only audit with tamper detection, damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.storage import audit
from privacy_desk.storage.db import (
    Database,
    DatabaseError,
    connect,
    current_revision,
    head_revision,
)
from tests.conftest import make_users
from tests.services.factories import complaint_by_phone


def test_fresh_database_is_at_head(any_db: Database) -> None:
    assert current_revision(any_db) == head_revision()
    # A second connect is a no-op upgrade.
    again = connect(any_db.url)
    assert current_revision(again) == head_revision()
    again.dispose()


def test_sqlite_pragmas(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # FULL (2): an acknowledged save survives a power cut (NORMAL, 1, may lose the last ones).
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2


def test_audit_is_append_only_and_tampering_is_seen(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    users = make_users(context)
    CaseService(context, users["staff"]).intake(complaint_by_phone())
    with any_db.session() as session:
        report = audit.verify(session)
    assert report.intact and report.entries >= 7
    for statement in ("UPDATE audit SET actor = 'someone'", "DELETE FROM audit"):
        with pytest.raises(SADatabaseError), any_db.engine.begin() as connection:
            connection.execute(text(statement))
    # Someone with the database owner's power drops the guard and edits history.
    with any_db.engine.begin() as connection:
        if any_db.is_sqlite:
            connection.execute(text("DROP TRIGGER audit_no_update"))
        else:
            connection.execute(text("DROP TRIGGER audit_no_change ON audit"))
        connection.execute(text("UPDATE audit SET detail = '{}' WHERE action = 'intake'"))
    with any_db.session() as session:
        report = audit.verify(session)
    assert not report.intact and report.broken_at is not None


def test_damaged_file_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    path.write_bytes(b"this is not a database, just a damaged copy" * 100)
    with pytest.raises(DatabaseError, match="damaged"):
        connect(f"sqlite:///{path}")
    assert path.read_bytes().startswith(b"this is not")


def test_truncated_database_fails_its_check(tmp_path: Path, db: Database) -> None:
    source = Path(db.url.removeprefix("sqlite:///"))
    db.dispose()
    broken = tmp_path / "broken.sqlite3"
    data = source.read_bytes()
    broken.write_bytes(data[:100] + b"\x00" * 4096 + data[4196:])
    with pytest.raises(DatabaseError, match="Restore the last backup"):
        connect(f"sqlite:///{broken}")


def test_newer_schema_is_refused(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="newer version"):
        connect(db.url)


def test_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="Can not reach"):
        connect("postgresql://nobody@127.0.0.1:1/none")


def test_bad_url() -> None:
    with pytest.raises(DatabaseError, match="not valid"):
        connect("not a url at all")


def test_damage_inside_a_table_fails_the_integrity_check(tmp_path: Path) -> None:
    """A file that opens but whose pages are damaged: quick_check reports it, connect refuses."""
    import shutil
    import sqlite3

    from privacy_desk.services.demo import DemoService
    from tests.conftest import first_admin

    source = tmp_path / "whole.sqlite3"
    db = connect(f"sqlite:///{source}")
    DemoService(Context(db), first_admin(Context(db))).generate(200)
    db.dispose()
    probe = sqlite3.connect(source)
    probe.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size, pages = (
        probe.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count")
    )
    probe.close()
    damaged = tmp_path / "damaged.sqlite3"
    for page in range(1, pages):  # find a page whose damage quick_check reports as text
        shutil.copyfile(source, damaged)
        with damaged.open("r+b") as handle:
            handle.seek(page * page_size + 100)
            handle.write(b"\xff" * 200)
        check = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
        try:
            verdict = check.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError:
            continue
        finally:
            check.close()
        if verdict != "ok":
            break
    else:
        pytest.fail("no page could be damaged in a way quick_check reports")
    before = damaged.read_bytes()
    with pytest.raises(DatabaseError, match="failed its integrity check"):
        connect(f"sqlite:///{damaged}")
    assert damaged.read_bytes() == before  # nothing was changed
