"""`privacy-desk backup`: make, check and restore encrypted backups.

The passphrase comes from PRIVACY_DESK_BACKUP_PASSPHRASE, a key file (`--key-file`, the desk's
key of the automatic backups), or a prompt that does not echo when the command runs in a terminal.

`create` reads every table of the database (an administrator logs in); `verify` needs only the
file and its passphrase; `restore` fills an empty database, so there is nobody to log in as yet:
the passphrase is the authority, and a database holding anything is refused.
"""

from __future__ import annotations

import argparse
import os
import sys
from getpass import getpass
from pathlib import Path
from typing import Any

from privacy_desk.cli.common import CommandError, Commands, acting_user, context
from privacy_desk.i18n import _, ngettext

ENV_PASSPHRASE = "PRIVACY_DESK_BACKUP_PASSPHRASE"


def register(commands: Commands) -> None:
    backup = commands.add_parser("backup", help=_("encrypted backups: create, verify, restore"))
    backup.set_defaults(handler=run)
    actions = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    key_help = _(
        "read the passphrase from this file (the desk's key of the automatic backups) instead of "
        "{variable} or the prompt"
    ).format(variable=ENV_PASSPHRASE)
    create = actions.add_parser(
        "create", help=_("write an encrypted backup of the database, even while desks work")
    )
    create.add_argument("file", type=Path, metavar="FILE")
    create.add_argument("--key-file", type=Path, metavar="PATH", help=key_help)
    verify = actions.add_parser(
        "verify", help=_("decrypt a backup and check its rows and its audit trail")
    )
    verify.add_argument("file", type=Path, metavar="FILE")
    verify.add_argument("--key-file", type=Path, metavar="PATH", help=key_help)
    restore = actions.add_parser(
        "restore",
        help=_("restore a backup into the empty database given by --database-url, then check it"),
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--key-file", type=Path, metavar="PATH", help=key_help)


def passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The backup passphrase: key file, environment, or a no-echo prompt in a terminal."""
    from privacy_desk.services.backup import read_key_file

    if args.key_file is not None:
        return read_key_file(args.key_file)
    given = os.environ.get(ENV_PASSPHRASE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(
            _(
                "No backup passphrase: set {variable}, give --key-file, or run the command in a "
                "terminal to be asked for it."
            ).format(variable=ENV_PASSPHRASE)
        )
    first = getpass(_("Backup passphrase: "))
    if confirm and getpass(_("The same passphrase again: ")) != first:
        raise CommandError(_("The two passphrases differ; nothing was written."))
    return first


def _describe(report: Any) -> None:
    manifest = report.manifest
    print(
        _("Made {moment} from {source} (schema {revision}).").format(
            moment=manifest.made_at.isoformat(timespec="seconds"),
            source=manifest.source,
            revision=manifest.revision,
        )
    )
    print(
        ngettext(
            "{n:,} row in {tables} tables.", "{n:,} rows in {tables} tables.", manifest.rows
        ).format(n=manifest.rows, tables=len(manifest.tables))
    )
    head = manifest.head
    if head is None:
        print(_("The audit trail is empty."))
    else:
        print(
            _("Audit trail head: entry {number}, hash {hash}.").format(
                number=head.number, hash=head.hash
            )
        )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.backup import (
        BackupService,
        check_passphrase,
        restore_backup,
        verify_backup,
    )
    from privacy_desk.storage.db import describe_url, resolve_url

    if args.backup_command == "create":
        ctx = context(args)
        service = BackupService(ctx, acting_user(args, ctx))
        secret = passphrase(args, confirm=True)
        check_passphrase(secret)
        report = service.create(args.file, secret)
        print(
            _("Backup written to {file} ({size:,} bytes, readable by you only).").format(
                file=report.file, size=report.size
            )
        )
        _describe(report)
        return 0
    secret = passphrase(args, confirm=False)
    if args.backup_command == "verify":
        report = verify_backup(args.file, secret)
        print(
            _("The backup {file} is sound: every table and the audit trail check out.").format(
                file=args.file.name
            )
        )
        _describe(report)
        return 0
    url = resolve_url(args.database_url)
    report = restore_backup(args.file, secret, url)
    print(
        _("Restored into {url} and checked: row counts, integrity and audit trail.").format(
            url=describe_url(url)
        )
    )
    _describe(report)
    return 0
