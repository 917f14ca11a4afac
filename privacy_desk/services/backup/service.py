"""Backups as user actions: made by an administrator, daily on an SQLite desk, and recorded.

Every backup made is recorded in the audit trail (when, which file, the chain's head it carries,
whether it was the automatic one), so the Safekeeping screen shows the last one on every desk.

Automatic backups of an SQLite desk are made at the first start of each day, into the folder of
the setting `backup_folder` (default: `backups` in the private data folder), keeping the last
`backups_kept`. Nobody types a passphrase at eight in the morning, so they are sealed with the
desk's backup key: a random key in the private data folder (`backup-key.txt`, 0600), used as the
passphrase. An administrator shows it on the Safekeeping screen and keeps a copy away from the
computer (on paper, in the safe): with it, `backup restore --key-file` or the passphrase prompt
opens any automatic backup on another computer.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from privacy_desk.domain.rules import Action
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.audit_trail import anchor_quietly
from privacy_desk.services.backup.archive import (
    BackupReport,
    BetweenTables,
    restore_backup,
    write_backup,
)
from privacy_desk.services.backup.sealed import BackupError
from privacy_desk.services.base import Actor, Context, Service, unit_of_work
from privacy_desk.storage import audit
from privacy_desk.storage.db import data_dir, make_private
from privacy_desk.storage.models import AuditEntry

KEY_FILE = "backup-key.txt"
DAILY_NAME = re.compile(r"^privacy-desk-(\d{4}-\d{2}-\d{2})\.pdbackup$")
SUFFIX = ".pdbackup"


@dataclass(frozen=True)
class BackupRecord:
    """The last backup made, as the audit trail holds it."""

    at: datetime
    file: str
    head_number: int | None
    head_hash: str | None
    automatic: bool
    by: str


@dataclass(frozen=True)
class SafekeepingState:
    """What the Safekeeping screen shows about backups."""

    last: BackupRecord | None
    automatic: bool  # daily backups are made (an SQLite desk)
    folder: str  # where they go
    kept: int
    key_exists: bool  # this desk has made its backup key


def daily_file_name(day: date) -> str:
    return f"privacy-desk-{day.isoformat()}{SUFFIX}"


def default_backup_folder() -> Path:
    return data_dir() / "backups"


def backup_folder(settings: settings_store.OfficeSettings) -> Path:
    return Path(settings.backup_folder) if settings.backup_folder else default_backup_folder()


def key_file() -> Path:
    return data_dir() / KEY_FILE


def read_key_file(path: Path) -> str:
    """The passphrase a key file holds (its first line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BackupError(_("Can not read the key file {name}.").format(name=path.name)) from exc
    lines = text.strip().splitlines()
    if not lines or not lines[0].strip():
        raise BackupError(_("The key file {name} is empty.").format(name=path.name))
    return lines[0].strip()


def desk_key(*, create: bool = True) -> str:
    """The desk's key for automatic backups, made (0600) the first time it is needed."""
    path = key_file()
    if not path.exists():
        if not create:
            raise BackupError(_("This desk has no backup key yet: no automatic backup was made."))
        key = secrets.token_urlsafe(32)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return read_key_file(path)  # another window of this desk made it just now
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(key + "\n")
        make_private(path)
        return key
    return read_key_file(path)


def _record(context: Context, actor: Actor, report: BackupReport, *, automatic: bool) -> None:
    head = report.head
    with context.db.session() as session:
        audit.append(
            session,
            actor.login,
            Action.BACKUP.value,
            None,
            {
                "file": report.file,
                "head": None if head is None else head.number,
                "head_hash": None if head is None else head.hash,
                "rows": report.manifest.rows,
                "automatic": automatic,
            },
            at=context.now(),
        )
    # The head the backup holds, and this entry after it, anchored outside the database too.
    anchor_quietly(context)


def last_backup(context: Context) -> BackupRecord | None:
    """The newest backup the audit trail records (made on any desk of this database)."""
    with context.db.session() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == Action.BACKUP.value)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).first()
        if entry is None:
            return None
        detail = json.loads(entry.detail or "{}")
        return BackupRecord(
            at=entry.at,
            file=str(detail.get("file", "")),
            head_number=detail.get("head"),
            head_hash=detail.get("head_hash"),
            automatic=bool(detail.get("automatic", False)),
            by=entry.actor,
        )


def daily_backup(context: Context, actor: Actor) -> BackupReport | None:
    """The first start of the day on an SQLite desk makes the day's backup (None: nothing to do).

    Any logged-in user's start makes it (it is the desk's, not the user's action); it is recorded
    under their login. The oldest automatic backups beyond `backups_kept` are deleted; files of
    other names in the folder are never touched.
    """
    if not context.db.is_sqlite:
        return None
    with unit_of_work(context, actor, Action.READ_CASE) as session:  # the log-in checked
        office = settings_store.load(session)
    folder = backup_folder(office)
    target = folder / daily_file_name(context.today())
    if target.exists():
        return None
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            make_private(folder, folder=True)
        report = write_backup(context.db, target, desk_key(), now=context.now())
    except OSError as exc:
        raise BackupError(
            _("The daily backup could not be written to {folder}: {problem}").format(
                folder=folder, problem=exc.strerror
            )
        ) from exc
    except BackupError as exc:
        if target.exists():
            return None  # another window of this desk made today's backup a moment ago
        raise BackupError(
            _("The daily backup could not be made: {problem}").format(problem=exc.message)
        ) from exc
    prune(folder, office.backups_kept)
    _record(context, actor, report, automatic=True)
    return report


def prune(folder: Path, kept: int) -> list[Path]:
    """Delete the oldest automatic backups beyond `kept`; the files deleted."""
    daily = sorted(p for p in folder.iterdir() if DAILY_NAME.match(p.name) and p.is_file())
    gone = daily[: max(0, len(daily) - kept)]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


class BackupService(Service):
    """An administrator's backups: make one now, restore one into a new file, the desk's key."""

    def create(
        self,
        path: Path,
        passphrase: str,
        *,
        overwrite: bool = False,
        between_tables: BetweenTables | None = None,
    ) -> BackupReport:
        self.check(Action.BACKUP)
        report = write_backup(
            self.context.db,
            Path(path),
            passphrase,
            overwrite=overwrite,
            between_tables=between_tables,
            now=self.context.now(),
        )
        _record(self.context, self.actor, report, automatic=False)
        return report

    def restore_into_new_file(self, backup: Path, passphrase: str, new_file: Path) -> BackupReport:
        """Restore into a new SQLite file (never the open database), checked like any restore."""
        self.check(Action.RESTORE)
        new_file = Path(new_file)
        if new_file.exists():
            raise BackupError(
                _(
                    "The file {name} exists already. A backup is restored only into a new file; "
                    "nothing was written."
                ).format(name=new_file.name)
            )
        return restore_backup(Path(backup), passphrase, f"sqlite:///{new_file}")

    def state(self) -> SafekeepingState:
        with self.unit_of_work(Action.BACKUP) as session:
            office = settings_store.load(session)
        return SafekeepingState(
            last=last_backup(self.context),
            automatic=self.context.db.is_sqlite,
            folder=str(backup_folder(office)),
            kept=office.backups_kept,
            key_exists=key_file().exists(),
        )

    def set_daily(self, folder: str, kept: int) -> SafekeepingState:
        """Where the daily backups go ("" for the default) and how many are kept, in one change.

        A folder that does not exist is made (private); one that can not be is refused.
        """
        folder = folder.strip()
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            settings_store.write(session, "backup_folder", folder)
            settings_store.write(session, "backups_kept", kept)
            if folder and not Path(folder).is_dir():
                try:
                    Path(folder).mkdir(parents=True)
                except OSError as exc:
                    raise BackupError(
                        _("The folder {folder} can not be made: {problem}").format(
                            folder=folder, problem=exc.strerror
                        )
                    ) from exc
                make_private(Path(folder), folder=True)
            self.record(
                session, Action.MANAGE_SETTINGS, None, settings=["backup_folder", "backups_kept"]
            )
        return self.state()

    def desk_key(self) -> str:
        """The key of this desk's automatic backups, for the administrator to keep safe (audited)."""
        with self.unit_of_work(Action.BACKUP) as session:
            key = desk_key()
            self.record(session, "backup_key_shown", None)
        return key
