"""Backups: an encrypted, portable copy of every table, made while desks work, restored and checked.

- `sealed`: the file's envelope (scrypt key, AES-GCM chunks, compression);
- `archive`: the manifest and rows inside it, making (one read transaction), checking (loaded into
  a database in memory) and restoring (into an empty database, one transaction, checked before it
  commits);
- `service`: the administrator's actions, the automatic daily backup of an SQLite desk, and the
  record of the last backup.
"""

from privacy_desk.services.backup.archive import (
    BackupReport,
    Manifest,
    restore_backup,
    verify_backup,
    write_backup,
)
from privacy_desk.services.backup.sealed import (
    MIN_PASSPHRASE,
    BackupError,
    WrongPassphrase,
    check_passphrase,
)
from privacy_desk.services.backup.service import (
    BackupRecord,
    BackupService,
    SafekeepingState,
    backup_folder,
    daily_backup,
    daily_file_name,
    default_backup_folder,
    desk_key,
    key_file,
    last_backup,
    prune,
    read_key_file,
)

__all__ = [
    "MIN_PASSPHRASE",
    "BackupError",
    "BackupRecord",
    "BackupReport",
    "BackupService",
    "Manifest",
    "SafekeepingState",
    "WrongPassphrase",
    "backup_folder",
    "check_passphrase",
    "daily_backup",
    "daily_file_name",
    "default_backup_folder",
    "desk_key",
    "key_file",
    "last_backup",
    "prune",
    "read_key_file",
    "restore_backup",
    "verify_backup",
    "write_backup",
]
