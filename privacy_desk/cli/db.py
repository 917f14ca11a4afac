"""`privacy-desk db`: database maintenance."""

from __future__ import annotations

import argparse

from privacy_desk.cli.common import Commands
from privacy_desk.i18n import _


def register(commands: Commands) -> None:
    db = commands.add_parser("db", help=_("database maintenance"))
    db.set_defaults(handler=run)
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser(
        "upgrade", help=_("create the database or bring it to the newest schema")
    )
    db_commands.add_parser(
        "check",
        help=_(
            "check an existing database (SQLite: integrity_check and foreign_key_check, as at "
            "every start); never creates one"
        ),
    )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.storage.db import connect, current_revision, describe_url

    # Opening checks the file (every start does); only upgrade may make a new database.
    db = connect(args.database_url, create=args.db_command == "upgrade")
    if args.db_command == "check":
        print(
            _("Database {url} passed its checks; it is at revision {revision}.").format(
                url=describe_url(db.url), revision=current_revision(db)
            )
        )
        db.dispose()
        return 0
    print(
        _("Database {url} is at revision {revision}.").format(
            url=describe_url(db.url), revision=current_revision(db)
        )
    )
    return 0
