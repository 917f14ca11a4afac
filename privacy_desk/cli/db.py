"""`privacy-desk db`: database maintenance."""

from __future__ import annotations

import argparse

from privacy_desk.cli.common import CommandError, Commands
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
    grant = db_commands.add_parser(
        "grant-desk-role",
        help=_(
            "PostgreSQL: give a role a desk's rights (the audit trail only read and added to); "
            "run as the owner, again after every upgrade"
        ),
    )
    grant.add_argument("role", help=_("the desks' role, which must exist already"))
    grant.add_argument(
        "--sql", action="store_true", help=_("print the statements instead of running them")
    )


def run(args: argparse.Namespace) -> int:
    if args.db_command == "grant-desk-role":
        return grant_desk_role(args)
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


def grant_desk_role(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from privacy_desk.storage import roles
    from privacy_desk.storage.db import connect

    if not roles.ROLE_PATTERN.match(args.role):
        raise CommandError(
            _("A role name has lower-case letters, digits and underscores: {role}").format(
                role=args.role
            )
        )
    db = connect(args.database_url)
    if db.engine.dialect.name != "postgresql":
        raise CommandError(_("Desk roles exist on PostgreSQL only; an SQLite file has none."))
    if args.sql:
        from sqlalchemy import inspect

        tables = inspect(db.engine).get_table_names(schema="public")
        print(";\n".join(roles.desk_grants(args.role, tables)) + ";")
        return 0
    try:
        roles.grant_desk_role(db.engine, args.role)
    except SQLAlchemyError as exc:
        raise CommandError(
            _(
                "Could not give the role {role} a desk's rights ({problem}): does it exist, and "
                "is the database URL the owner's?"
            ).format(role=args.role, problem=type(getattr(exc, "orig", exc)).__name__)
        ) from None
    print(
        _(
            "The role {role} may now work at a desk: it reads and writes cases, and may only add "
            "to the audit trail, never change or remove it."
        ).format(role=args.role)
    )
    return 0
