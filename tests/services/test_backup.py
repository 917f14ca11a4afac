"""Backups: made while desks work, restored into an identical database, refused when they should be.

Real parts only: SQLite files, the PostgreSQL server, the real migrations, real AES-GCM files.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import PermissionDenied
from privacy_desk.letters import LetterKind
from privacy_desk.services import backup as backups
from privacy_desk.services.backup import BackupError, BackupService, WrongPassphrase
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.services.users import AdminService
from privacy_desk.storage import dump
from privacy_desk.storage.db import Database, connect
from privacy_desk.storage.models import AuditEntry, Case
from tests.conftest import Clock, _reset_postgres, make_users
from tests.services.factories import disclosure_by_parent

PASSPHRASE = "桜の下で correct horse"


def everything(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows as plain values, in a fixed order: what 'identical' compares."""
    with dump.snapshot(db) as connection:
        return {
            shape.name: [tuple(row) for row in dump.rows(connection, shape)]
            for shape in dump.model_shapes()
        }


def some_work(context: Context, users: dict, cases: int = 3) -> None:
    """Cases with persons, measures, contacts, a letter (bytes), a setting and a closure."""
    staff = CaseService(context, users["staff"])
    made = [
        staff.intake(replace(disclosure_by_parent(), summary=f"開示請求 {n}")) for n in range(cases)
    ]
    staff.take(made[0].id, made[0].version)
    LetterService(context, users["staff"]).issue(made[0].id, None, LetterKind.ACKNOWLEDGEMENT)
    admin = AdminService(context, users["admin"])
    admin.set_setting("mask_names_in_lists", True)
    admin.set_setting("backups_kept", 3)
    from datetime import date

    admin.add_closure(date(2026, 12, 25), "事務所の大掃除")


def backup_of(context: Context, users: dict, path: Path, **more: Any) -> backups.BackupReport:
    return BackupService(context, users["admin"]).create(path, PASSPHRASE, **more)


def test_a_backup_restores_into_an_identical_database(
    context: Context, users: dict, tmp_path: Path
) -> None:
    some_work(context, users)
    original = everything(context.db)
    report = backup_of(context, users, tmp_path / "office.pdbackup")
    assert (tmp_path / "office.pdbackup").stat().st_mode & 0o777 == 0o600
    target = tmp_path / "restored.sqlite3"
    restored = backups.restore_backup(report.file, PASSPHRASE, f"sqlite:///{target}")
    assert restored.manifest.counts["letters"] == 1
    assert restored.head == report.head
    again = connect(f"sqlite:///{target}")
    try:
        assert everything(again) == original
        # the backup's own audit entry came after its snapshot
        assert "backup" in everything(context.db)["audit"][-1]
        assert target.stat().st_mode & 0o777 == 0o600
        # the copy is a working desk: the same ids go on
        ctx = Context(again, clock=context.clock)
        case = CaseService(ctx, users["staff"]).intake(disclosure_by_parent())
        assert case.id == max(row[0] for row in original["cases"]) + 1
    finally:
        again.dispose()


def test_a_backup_at_the_production_cost_reads_back(
    context: Context, users: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from privacy_desk.services.backup import sealed

    monkeypatch.setattr(sealed, "SCRYPT_N", 1 << 15)
    report = backup_of(context, users, tmp_path / "office.pdbackup")
    with open(report.file, "rb") as source:
        _line, header = sealed.read_header(source)
    assert (header["n"], header["r"], header["p"]) == (1 << 15, 8, 1)
    assert len(header["salt"]) == 16
    assert json.loads(_line)["cipher"] == "AES-256-GCM"
    monkeypatch.setattr(sealed, "SCRYPT_N", 1 << 12)  # reading follows the header, not this
    assert backups.verify_backup(Path(report.file), PASSPHRASE).head == report.head


def test_verify_names_what_the_backup_holds(context: Context, users: dict, tmp_path: Path) -> None:
    some_work(context, users)
    report = backup_of(context, users, tmp_path / "office.pdbackup")
    checked = backups.verify_backup(tmp_path / "office.pdbackup", PASSPHRASE)
    assert checked.manifest == report.manifest
    with context.db.session() as session:
        assert session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc())) == (
            report.head.number + 1  # the backup's own entry
        )
    assert checked.manifest.counts["cases"] == 3
    assert checked.manifest.source == "sqlite"


def test_a_backup_made_while_a_desk_writes_is_one_moment(
    any_db: Database, clock: Clock, tmp_path: Path
) -> None:
    """A thread saves cases all along; the backup holds each case with its audit entry."""
    context = Context(any_db, clock=clock)
    users = make_users(context)
    some_work(context, users, cases=1)
    stop = threading.Event()
    saved: list[int] = []
    errors: list[BaseException] = []

    def desk() -> None:
        staff = CaseService(context, users["staff2"])
        try:
            while not stop.is_set():
                saved.append(staff.intake(disclosure_by_parent()).id)
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)

    def slowly(_table: str, _rows: int) -> None:
        time.sleep(0.05)  # between two tables: the desk saves a case or two meanwhile

    writer = threading.Thread(target=desk)
    writer.start()
    try:
        while len(saved) < 2:
            time.sleep(0.01)
        before = len(saved)
        report = backup_of(context, users, tmp_path / "busy.pdbackup", between_tables=slowly)
        after = len(saved)
    finally:
        stop.set()
        writer.join()
    assert not errors
    assert after > before + 2, "the desk did not save while the backup ran"
    source = everything(context.db)
    # Restored into the same kind of database it came from: a new file, a new server database.
    with _empty_database_like(any_db, tmp_path) as url:
        backups.restore_backup(report.file, PASSPHRASE, url)
        copy = connect(url)
        try:
            with copy.session() as session:
                cases = set(session.scalars(select(Case.id)))
                audited = set(
                    session.scalars(select(AuditEntry.case_id).where(AuditEntry.action == "intake"))
                )
            restored = everything(copy)
        finally:
            copy.dispose()
    assert cases == audited
    assert 1 + before <= len(cases) <= 1 + after
    # The desk only added rows meanwhile: each table of the copy is the source's first rows,
    # identical, up to the moment of the backup (the audit trail's counter moved on since).
    for name, rows in restored.items():
        if name != "sequences":
            assert rows == source[name][: len(rows)], name
    assert restored["audit"][-1][0] == report.head.number


@contextmanager
def _empty_database_like(db: Database, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of db's kind (a server database dropped afterwards)."""
    if db.is_sqlite:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import uuid

    import sqlalchemy as sa

    from tests.conftest import POSTGRES_ADMIN_URL

    name = f"privacy_desk_restore_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_a_wrong_passphrase_is_said_plainly_and_writes_nothing(
    context: Context, users: dict, tmp_path: Path
) -> None:
    backup_of(context, users, tmp_path / "office.pdbackup")
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(WrongPassphrase, match="passphrase does not open this backup"):
        backups.restore_backup(
            tmp_path / "office.pdbackup", "wrong horse battery", f"sqlite:///{target}"
        )
    with pytest.raises(WrongPassphrase):
        backups.verify_backup(tmp_path / "office.pdbackup", "wrong horse battery")
    assert not target.exists()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda data: data[: len(data) - 40], "cut short"),
        (lambda data: data[: len(data) // 2], "cut short"),
        (lambda data: data[:-300] + bytes([data[-300] ^ 1]) + data[-299:], "was changed"),
        (lambda data: data + b"more", "more data after its end"),
        (lambda data: b"SQLite format 3\x00" + data[16:], "not a Privacy Desk backup"),
        (lambda data: data[:30] + b"{" + data[31:], "header can not be read"),
    ],
    ids=["tail-cut", "half", "bit-flipped", "appended", "not-a-backup", "header"],
)
def test_a_damaged_backup_is_refused_and_nothing_is_written(
    context: Context, users: dict, tmp_path: Path, damage: Any, words: str
) -> None:
    some_work(context, users)
    good = tmp_path / "office.pdbackup"
    backup_of(context, users, good)
    bad = tmp_path / "bad.pdbackup"
    bad.write_bytes(damage(good.read_bytes()))
    target = tmp_path / "restored.sqlite3"
    with pytest.raises(BackupError, match=words):
        backups.restore_backup(bad, PASSPHRASE, f"sqlite:///{target}")
    with pytest.raises(BackupError, match=words):
        backups.verify_backup(bad, PASSPHRASE)
    assert not target.exists()


def test_parts_cut_off_or_swapped_are_caught(
    context: Context, users: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With small parts: the last part dropped whole, or two parts swapped, never pass."""
    import struct

    from privacy_desk.services.backup import sealed

    monkeypatch.setattr(sealed, "CHUNK", 512)
    some_work(context, users)
    good = tmp_path / "office.pdbackup"
    backup_of(context, users, good)
    data = good.read_bytes()
    start = len(sealed.MAGIC) + data[len(sealed.MAGIC) :].index(b"\n") + 1
    parts, at = [], start
    while at < len(data):
        _flag, length = struct.unpack(">BI", data[at : at + 5])
        parts.append(data[at : at + 5 + length])
        at += 5 + length
    assert len(parts) > 3
    head = data[:start]
    cases = {
        "cut short": head + b"".join(parts[:-1]),
        "part 2 was changed": head + parts[0] + parts[2] + parts[1] + b"".join(parts[3:]),
    }
    for words, damaged in cases.items():
        bad = tmp_path / "bad.pdbackup"
        bad.write_bytes(damaged)
        with pytest.raises(BackupError, match=words):
            backups.verify_backup(bad, PASSPHRASE)
    assert backups.verify_backup(good, PASSPHRASE).manifest.counts["cases"] == 3


def test_a_backup_naming_another_audit_head_fails_its_check(
    context: Context, users: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest's head is compared with the chain restored (a tail cut off shows so)."""
    from privacy_desk.services.backup import archive

    some_work(context, users)
    real = dump.audit_head

    def later_head(session: Any) -> dump.AuditHead | None:
        head = real(session)
        assert head is not None
        return dump.AuditHead(head.number + 1, head.hash)

    monkeypatch.setattr(archive.dump, "audit_head", later_head)
    backup_of(context, users, tmp_path / "office.pdbackup")
    monkeypatch.setattr(archive.dump, "audit_head", real)
    with pytest.raises(BackupError, match="last entry differs"):
        backups.verify_backup(tmp_path / "office.pdbackup", PASSPHRASE)


def test_restore_into_a_database_that_holds_anything_is_refused(
    context: Context, users: dict, tmp_path: Path
) -> None:
    backup_of(context, users, tmp_path / "office.pdbackup")
    before = everything(context.db)
    with pytest.raises(BackupError, match="is not empty"):
        backups.restore_backup(tmp_path / "office.pdbackup", PASSPHRASE, context.db.url)
    assert everything(context.db) == before


def test_restore_into_an_empty_schema_is_allowed(
    context: Context, users: dict, tmp_path: Path
) -> None:
    some_work(context, users)
    report = backup_of(context, users, tmp_path / "office.pdbackup")
    target = tmp_path / "upgraded.sqlite3"
    connect(f"sqlite:///{target}").dispose()  # `privacy-desk db upgrade` on a new file
    backups.restore_backup(report.file, PASSPHRASE, f"sqlite:///{target}")
    copy = connect(f"sqlite:///{target}")
    try:
        assert everything(copy)["cases"] == everything(context.db)["cases"]
    finally:
        copy.dispose()


def test_a_backup_never_overwrites_a_file_and_needs_an_administrator(
    context: Context, users: dict, tmp_path: Path
) -> None:
    path = tmp_path / "office.pdbackup"
    path.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="exists already"):
        backup_of(context, users, path)
    assert path.read_bytes() == b"keep me"
    with pytest.raises(PermissionDenied):
        BackupService(context, users["supervisor"]).create(tmp_path / "x.pdbackup", PASSPHRASE)
    with pytest.raises(BackupError, match="at least 10 characters"):
        BackupService(context, users["admin"]).create(tmp_path / "y.pdbackup", "short")
    assert sorted(p.name for p in tmp_path.iterdir() if "pdbackup" in p.name) == ["office.pdbackup"]


def test_an_audit_trail_changed_before_the_backup_is_caught_by_verify(
    context: Context, users: dict, tmp_path: Path
) -> None:
    some_work(context, users)
    with context.db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_no_update")
        connection.exec_driver_sql("UPDATE audit SET actor = 'someone' WHERE id = 2")
    backup_of(context, users, tmp_path / "office.pdbackup")
    with pytest.raises(BackupError, match="entry 2 does not match"):
        backups.verify_backup(tmp_path / "office.pdbackup", PASSPHRASE)


# ---------------------------------------------------------------- the automatic daily backup


def test_the_daily_backup_runs_once_a_day_and_keeps_the_last_n(
    context: Context, users: dict, clock: Clock
) -> None:
    some_work(context, users)  # backups_kept = 3
    staff = users["staff"]
    folder = backups.backup_folder(backups.service.settings_store.DEFAULTS)
    made = backups.daily_backup(context, staff)
    assert made is not None
    assert backups.daily_backup(context, staff) is None  # the same day: nothing more
    assert [p.name for p in folder.iterdir()] == ["privacy-desk-2026-11-24.pdbackup"]
    assert folder.stat().st_mode & 0o777 == 0o700
    for _day in range(1, 6):
        clock.moment += timedelta(days=1)
        assert backups.daily_backup(context, staff) is not None
    (folder / "notes.txt").write_text("not a backup")
    clock.moment += timedelta(days=1)
    backups.daily_backup(context, staff)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt",
        "privacy-desk-2026-11-28.pdbackup",
        "privacy-desk-2026-11-29.pdbackup",
        "privacy-desk-2026-11-30.pdbackup",
    ]
    last = backups.last_backup(context)
    assert last is not None and last.automatic and last.by == "sato"
    assert last.file == str(folder / "privacy-desk-2026-11-30.pdbackup")
    key = backups.key_file()
    assert key.stat().st_mode & 0o777 == 0o600
    # the desk's key opens them, and the administrator can read it (audited)
    shown = BackupService(context, users["admin"]).desk_key()
    assert shown == backups.read_key_file(key)
    checked = backups.verify_backup(Path(last.file), shown)
    assert checked.head is not None and checked.head.number == last.head_number


def test_the_daily_backup_goes_to_the_folder_of_the_setting(
    context: Context, users: dict, tmp_path: Path
) -> None:
    folder = tmp_path / "nas" / "privacy-desk"
    AdminService(context, users["admin"]).set_setting("backup_folder", str(folder))
    backups.daily_backup(context, users["staff"])
    assert [p.name for p in folder.iterdir()] == ["privacy-desk-2026-11-24.pdbackup"]
    with pytest.raises(Exception, match="full folder path"):
        AdminService(context, users["admin"]).set_setting("backup_folder", "relative/folder")


def test_no_daily_backup_of_a_server_database(users: dict, any_db: Database) -> None:
    context = Context(any_db)
    result = backups.daily_backup(context, next(iter(users.values())))
    assert (result is None) == (not any_db.is_sqlite)


# ---------------------------------------------------------------- SQLite <-> PostgreSQL


def _fresh_postgres(url: str) -> str:
    _reset_postgres(url)
    return url


@pytest.mark.postgres
def test_a_desk_grows_into_a_server_and_back(
    context: Context, users: dict, tmp_path: Path, postgres_url: str
) -> None:
    """SQLite -> PostgreSQL (how an office grows), then PostgreSQL -> SQLite: the same rows."""
    some_work(context, users)
    original = everything(context.db)
    first = backup_of(context, users, tmp_path / "desk.pdbackup")
    url = _fresh_postgres(postgres_url)
    backups.restore_backup(first.file, PASSPHRASE, url)
    server = connect(url)
    try:
        assert everything(server) == original
        # the server's id sequences go on after the restored ids
        ctx = Context(server, clock=context.clock)
        case = CaseService(ctx, users["staff"]).intake(disclosure_by_parent())
        assert case.id == max(row[0] for row in original["cases"]) + 1
        on_server = everything(server)
        second = BackupService(ctx, users["admin"]).create(tmp_path / "server.pdbackup", PASSPHRASE)
        assert second.manifest.source == "postgresql"
        with pytest.raises(BackupError, match="is not empty"):
            backups.restore_backup(first.file, PASSPHRASE, url)
    finally:
        server.dispose()
    back = tmp_path / "back.sqlite3"
    backups.restore_backup(second.file, PASSPHRASE, f"sqlite:///{back}")
    desk = connect(f"sqlite:///{back}")
    try:
        assert everything(desk) == on_server
    finally:
        desk.dispose()


def _cut_in_the_rows(
    context: Context, users: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A good backup in small parts, and a copy cut off after its first parts: a restore of it
    makes the schema and writes rows before it meets the cut."""
    from privacy_desk.services.backup import sealed

    monkeypatch.setattr(sealed, "CHUNK", 512)
    some_work(context, users, cases=6)
    good = tmp_path / "desk.pdbackup"
    backup_of(context, users, good)
    bad = tmp_path / "cut.pdbackup"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    return good, bad


def test_a_failed_restore_leaves_an_empty_database_empty(
    context: Context, users: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = _cut_in_the_rows(context, users, tmp_path, monkeypatch)
    target = tmp_path / "upgraded.sqlite3"
    connect(f"sqlite:///{target}").dispose()
    with pytest.raises(BackupError, match="cut short"):
        backups.restore_backup(bad, PASSPHRASE, f"sqlite:///{target}")
    empty = connect(f"sqlite:///{target}")
    try:
        rows = everything(empty)
        # The identity row that `db upgrade` wrote stays (it is not data); nothing else came in.
        assert len(rows.pop("database_identity")) == 1
        assert [row[1] for row in rows.pop("offices")] == ["tokyo", "naha"]  # as migrated
        assert not any(rows.values())
    finally:
        empty.dispose()
    backups.restore_backup(good, PASSPHRASE, f"sqlite:///{target}")


@pytest.mark.postgres
def test_a_failed_restore_on_the_server_leaves_it_empty(
    context: Context,
    users: dict,
    tmp_path: Path,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlalchemy as sa

    good, bad = _cut_in_the_rows(context, users, tmp_path, monkeypatch)
    url = _fresh_postgres(postgres_url)
    with pytest.raises(BackupError, match="cut short"):
        backups.restore_backup(bad, PASSPHRASE, url)
    engine = sa.create_engine(url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
    backups.restore_backup(good, PASSPHRASE, url)  # and then the good one goes in
